"""The rep's tap on Save, timed inside a slowed phone: how soon the confirmation shows, and how
soon the briefing shows the note waiting on the phone.

Chromium with its CPU slowed 4× (CDP Emulation.setCPUThrottlingRate) and the network off, as
in the car. Each round opens the saved note form, writes a note (with ATTACHED photos and a
voice memo when the form offers them) and taps Save. Measured in the page, on its own clock:

- confirmation: from the tap's event time to the moment the toast shows the confirmation
  (a MutationObserver sees it), so the test driver's round trips do not count;
- briefing: from the start of the briefing's navigation (after the save) to the waiting note
  card appearing on it;
- briefing_interactive, its baseline on the same navigations: the moment the saved page itself
  became interactive (domInteractive), before any of the note's work began.

    .venv/bin/python bench/field_save.py [--rounds 20]   (serves the demo on its own)
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [ROOT, BENCH]

import serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CPU_SLOWDOWN = 4
ROUNDS = 20
PHOTOS = 2
DEMO_REP = ("rep@example.com", "folka-demo")
#: Records, in the page, when a Save tap happens and when the toast and the waiting note show.
PROBE = """
(() => {
  const save = (entry) => {
    const marks = JSON.parse(sessionStorage.getItem("folka-bench") || "[]");
    marks.push(entry);
    sessionStorage.setItem("folka-bench", JSON.stringify(marks));
  };
  let tapped = null;
  addEventListener("click", (event) => {
    if (event.target.closest("form[data-op=note] button[type=submit]")) tapped = event.timeStamp;
  }, true);
  const seen = new Set();
  new MutationObserver(() => {
    const toast = document.getElementById("toast");
    if (tapped !== null && toast && !toast.hidden && toast.textContent) {
      save({ kind: "confirmation", ms: performance.now() - tapped });
      tapped = null;
    }
    const card = document.querySelector("#pending-notes article.pending");
    if (card && !seen.has("briefing")) {
      seen.add("briefing");
      save({ kind: "briefing", ms: performance.now() });
      // The baseline, on the same navigation: when the page itself became interactive.
      const nav = performance.getEntriesByType("navigation")[0];
      if (nav && nav.domInteractive) save({ kind: "interactive", ms: nav.domInteractive });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
"""


def photo(seed, size=(3000, 2000)):
    """A camera-sized JPEG with some detail, as set_input_files wants it."""
    from PIL import Image
    from PIL import ImageDraw

    image = Image.new("RGB", size, (40 + seed * 30, 120, 90))
    draw = ImageDraw.Draw(image)
    for i in range(0, size[0], 40):
        draw.line([(i, 0), (size[0] - i, size[1])], fill=(200, (i * 7) % 255, 60), width=6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return {"name": f"photo-{seed}.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def measure(base, email, password, client_id, rounds=ROUNDS):
    """Time `rounds` offline saves of a note on `client_id`; p50 and p95 of each measure."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
            ],
        )
        context = browser.new_context(
            base_url=base,
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            permissions=["microphone"],
        )
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto("/login")
        page.fill("#email", email)
        page.fill("#password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        briefing, note = f"/clients/{client_id}", f"/clients/{client_id}/note"
        page.goto(briefing)
        page.goto(note)
        _wait_saved(page, [briefing, note])
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        context.set_offline(True)
        attached, marks = {"photos": 0, "memos": 0}, []
        for i in range(rounds):
            page.goto(note)
            page.fill("#body", f"Bench note {i}: the spring order, and the dog is eating again.")
            attached = _attach(page)
            page.evaluate("sessionStorage.setItem('folka-bench', '[]')")
            page.locator("form[data-op=note] button[type=submit]").click()
            page.wait_for_url(f"**{briefing}", timeout=60000)
            page.wait_for_selector("#pending-notes article.pending", timeout=60000)
            marks += _marks_of_round(page, i)
        browser.close()
    return {
        "cpu_slowdown": CPU_SLOWDOWN,
        "rounds": rounds,
        "attached_per_note": attached,
        "confirmation": _percentiles([m["ms"] for m in marks if m["kind"] == "confirmation"]),
        "briefing": _percentiles([m["ms"] for m in marks if m["kind"] == "briefing"]),
        "briefing_interactive": _percentiles(
            [m["ms"] for m in marks if m["kind"] == "interactive"]
        ),
    }


def _marks_of_round(page, round_no):
    marks = json.loads(page.evaluate("sessionStorage.getItem('folka-bench') || '[]'"))
    if not any(m["kind"] == "confirmation" for m in marks):
        raise RuntimeError(f"round {round_no}: no confirmation was seen")
    return marks


def _attach(page):
    """Photos and a memo when the note form offers them (the counts say what was attached)."""
    attached = {"photos": 0, "memos": 0}
    picker = page.locator("form[data-op=note] input[type=file][accept^='image']")
    if picker.count():
        files = [photo(i) for i in range(PHOTOS)]
        picker.first.set_input_files(files)
        # Not wait_for_function: its polling evaluates a string, which the app's CSP refuses.
        count = f"document.querySelectorAll('[data-attachment]').length >= {len(files)}"
        _poll(page, count)
        attached["photos"] = len(files)
    record = page.locator("[data-memo-record]")
    if record.count():
        record.first.click()
        page.wait_for_timeout(1500)
        page.locator("[data-memo-stop]").first.click()
        page.wait_for_selector("[data-memo-ready]", timeout=30000)
        attached["memos"] = 1
    return attached


def _wait_saved(page, urls):
    script = """async (urls) => {
      for (const url of urls) if (!(await caches.match(url, { ignoreVary: true }))) return false;
      return Boolean(navigator.serviceWorker.controller);
    }"""
    _poll(page, script, urls)


def _poll(page, script, arg=None, seconds=60):
    """Wait until the page script is truthy."""
    for _ in range(seconds * 5):
        if page.evaluate(script, arg):
            return
        page.wait_for_timeout(200)
    raise RuntimeError(f"still false after {seconds}s: {script[:60]}")


def _percentiles(values):
    if not values:
        return None
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
    }


def run(rounds=ROUNDS):
    """The demo on its own gunicorn and database; the figures of `measure`."""
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "demo.db")
        env = dict(os.environ, FOLKA_DATABASE=database)
        flask = os.path.join(ROOT, ".venv", "bin", "flask")
        subprocess.run(
            [flask, "--app", "webapp", "demo"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        client_id = _first_client(database, DEMO_REP[0])
        with serve.gunicorn(database) as base:
            return measure(base, *DEMO_REP, client_id, rounds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    print(json.dumps(run(args.rounds), indent=2))


def _first_client(database, email):
    import sqlite3

    conn = sqlite3.connect(database)
    try:
        return conn.execute(
            "SELECT c.id FROM clients c JOIN users u ON u.id = c.owner_id"
            " WHERE u.email = ? AND c.archived = 0 ORDER BY c.id LIMIT 1",
            [email],
        ).fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    main()
