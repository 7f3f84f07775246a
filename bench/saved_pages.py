"""What being ready offline costs a phone: the first fill after login and a refresh in which
nothing changed, for a rep who sees about 200 clients, on "Slow 4G" with the CPU slowed 4×.

Chromium (Playwright) reaches gunicorn through bench/throttle.py — 150 ms round trip, 1.6
Mbit/s down, 750 kbit/s up, shared by the page and the service worker — with its CPU slowed
4× (CDP Emulation.setCPUThrottlingRate, on the page and on the service worker). Measured:

- cold login page: bytes, requests and seconds until the service worker is installed;
- first fill: from the tap on "Log in" until the saved-pages index lists every page the
  server offers (Today, and each client's briefing and note form): seconds, bytes, requests,
  and of those the saved pages' own (lists, batches or pages, /offline, thumbnails);
- refresh with no change: the app's own "refresh every saved page" (pages.js), then bytes,
  requests and seconds.

With --before REF the same runs against another commit (a git worktree, its own generated
organisation), and the figures come with ratios.

    .venv/bin/python bench/saved_pages.py [--before 0c42b63]
"""

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [ROOT, BENCH]

import serve  # noqa: E402
import throttle  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CPU_SLOWDOWN = 4
#: Three reps in one team (100, 30 and 100 clients): the first sees 230, so the phone
#: keeps the 200 the server picks (its own 100 first).
SCALE = 0.015
PASSWORD = "folka-bench"
INDEX = "/__folka/offline-pages.json"
#: The saved pages' traffic, by address (the rest: the page itself, its files, the sync).
SAVED_PAGES = ("/api/offline-pages", "/clients/", "/offline", "/files/")
#: The code the issue measured, for --before in `make bench`.
BEFORE = "0c42b63"
#: The targets (issue 14).
REFRESH_KB = 100
FIRST_FILL_SECONDS = 15


def organisation(root, folder):
    """Generate the bench's organisation with the generator of checkout `root`; returns the
    database path and the e-mail of the first rep."""
    path = os.path.join(folder, "phone.db")
    script = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/bench'];"
        "import generate; generate.generate(sys.argv[2], float(sys.argv[3]))"
    )
    python = os.path.join(ROOT, ".venv", "bin", "python")
    subprocess.run([python, "-c", script, root, path, str(SCALE)], cwd=root, check=True)
    conn = sqlite3.connect(path)
    try:
        email = conn.execute(
            "SELECT email FROM users WHERE role = 'rep' ORDER BY id LIMIT 1"
        ).fetchone()[0]
        password = _password(root)
    finally:
        conn.close()
    return path, email, password


def _password(root):
    with open(os.path.join(root, "bench", "generate.py"), encoding="utf-8") as file:
        for line in file:
            if line.startswith("PASSWORD"):
                return line.split("=", 1)[1].strip().strip("\"'")
    return PASSWORD


def _expected_pages(base, email, password):
    """How many pages the server offers this rep to keep offline."""
    session = serve.Session(base).login(email, password)
    status, body, _ = session.get("/api/offline-pages")
    if status != 200:
        raise RuntimeError(f"/api/offline-pages answered {status}")
    return len(json.loads(body)["pages"])


def _kind(line):
    path = line.split(" ")[1] if " " in line else line
    return "saved_pages" if path.startswith(SAVED_PAGES) else "other"


def _split(figures):
    """Requests counted by kind: the saved pages' own, and the rest."""
    kinds = [_kind(line) for line in figures.pop("request_lines")]
    figures["saved_pages_requests"] = kinds.count("saved_pages")
    return figures


def _index_length(page):
    script = f"""caches.match('{INDEX}').then((r) => r ? r.json() : null)
        .then((index) => index ? index.pages.length : 0).catch(() => 0)"""
    return page.evaluate(script)


def _poll(page, check, limit):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception as error:  # a navigation in between: ask again
            if "context was destroyed" not in str(error):
                raise
        page.wait_for_timeout(100)
    return False


class _SlowCpu:
    """4× CPU slowdown on the page and, once it exists, on the service worker (attached
    through the browser's own CDP session, since Playwright opens none for workers)."""

    def __init__(self, browser, page):
        self.session = browser.new_browser_cdp_session()
        self.page = page
        self.done = set()
        self.page_session = page.context.new_cdp_session(page)
        self.page_session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})

    def workers(self):
        """Slow any service worker not slowed yet; returns how many are."""
        for target in self.session.send("Target.getTargets")["targetInfos"]:
            if target["type"] != "service_worker" or target["targetId"] in self.done:
                continue
            attached = self.session.send(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": False}
            )
            message = {
                "id": 1,
                "method": "Emulation.setCPUThrottlingRate",
                "params": {"rate": CPU_SLOWDOWN},
            }
            self.session.send(
                "Target.sendMessageToTarget",
                {"sessionId": attached["sessionId"], "message": json.dumps(message)},
            )
            self.done.add(target["targetId"])
        return len(self.done)


def measure(upstream, email, password, expected):
    """The three measurements on one fresh phone."""
    from playwright.sync_api import sync_playwright

    link = throttle.Throttle(int(upstream.rsplit(":", 1)[1]), **throttle.SLOW_4G)
    base = f"http://127.0.0.1:{link.port}"
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(
                base_url=base,
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                locale="en-GB",
            )
            page = context.new_page()
            cpu = _SlowCpu(browser, page)
            # The login page, cold: its files, and the service worker installing the shell.
            started = time.monotonic()
            page.goto("/login")
            _poll(page, lambda: cpu.workers() > 0, 60)
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            results["cold_login"] = {
                "seconds": round(time.monotonic() - started, 2),
                **_split(link.figures()),
            }
            throttle.wait_quiet(link)
            # Log in, and wait until every page is saved.
            link.reset()
            page.fill("#email", email)
            page.fill("#password", password)
            started = time.monotonic()
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/login" not in url, timeout=120000)
            ready = _poll(page, lambda: _index_length(page) >= expected, 300)
            seconds = time.monotonic() - started
            throttle.wait_quiet(link)
            results["first_fill"] = {
                "seconds": round(seconds, 2),
                "complete": ready,
                "pages": _index_length(page),
                **_split(link.figures()),
            }
            # A refresh of every saved page, nothing having changed.
            link.reset()
            started = time.monotonic()
            page.evaluate(
                """() => {
                  const app = document.querySelector('script[type=module][src$="/js/app.js"]');
                  return import(app.src.replace(/app\\.js$/, "pages.js"))
                    .then((pages) => pages.refreshPages({ full: true }));
                }"""
            )
            seconds = time.monotonic() - started
            throttle.wait_quiet(link)
            results["refresh"] = {"seconds": round(seconds, 2), **_split(link.figures())}
            browser.close()
    finally:
        link.close()
    return results


@contextlib.contextmanager
def checkout(ref):
    """A git worktree of `ref`, with this checkout's compiled translations; removed after."""
    folder = tempfile.mkdtemp(prefix="folka-before-")
    subprocess.run(
        ["git", "-C", ROOT, "worktree", "add", "--detach", folder, ref],
        check=True,
        capture_output=True,
    )
    try:
        source = os.path.join(ROOT, "translations")
        for language in os.listdir(source):
            mo = os.path.join(source, language, "LC_MESSAGES", "messages.mo")
            if os.path.exists(mo):
                shutil.copy(mo, os.path.join(folder, "translations", language, "LC_MESSAGES"))
        yield folder
    finally:
        subprocess.run(
            ["git", "-C", ROOT, "worktree", "remove", "--force", folder], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def run_one(root, label):
    """Generate the organisation with `root`'s code, serve it with `root`'s code, measure."""
    with tempfile.TemporaryDirectory() as folder:
        path, email, password = organisation(root, folder)
        log = os.path.join(folder, "gunicorn.log")
        with serve.gunicorn(path, log_path=log, root=root) as upstream:
            expected = _expected_pages(upstream, email, password)
            print(f"  [{label}] {expected} pages to keep offline …", file=sys.stderr, flush=True)
            figures = measure(upstream, email, password, expected)
    figures["expected_pages"] = expected
    return figures


def run(before=BEFORE):
    """This checkout's figures, and the code `before`'s with ratios (None: skip it)."""
    results = {"network": throttle.SLOW_4G, "cpu_slowdown": CPU_SLOWDOWN}
    results["now"] = run_one(ROOT, "this checkout")
    if before:
        try:
            with checkout(before) as folder:
                results["before"] = {"commit": before, **run_one(folder, before)}
        except (subprocess.CalledProcessError, RuntimeError) as error:
            results["before"] = {"commit": before, "missing": str(error)}
    results["ratios"] = ratios(results)
    return results


def ratios(results):
    """Before over now, for each figure both have: how many times less it costs now."""
    before, now = results.get("before"), results["now"]
    if not before or "missing" in before:
        return {}
    found = {}
    for step in ("cold_login", "first_fill", "refresh"):
        for key in ("seconds", "bytes_down", "requests"):
            a, b = before.get(step, {}).get(key), now.get(step, {}).get(key)
            if a is not None and b:
                found[f"{step}.{key}"] = round(a / b, 1)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=None, help="also measure this commit (e.g. 0c42b63)")
    args = parser.parse_args()
    print(json.dumps(run(args.before), indent=2))


if __name__ == "__main__":
    main()
