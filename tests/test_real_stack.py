"""The stack a server runs, for real, on loopback (tests/stack.py): Caddy with HTTPS for
folka.test, gunicorn under Litestream, and a replica.

- A phone (Chromium trusting Caddy's CA) logs in over HTTPS, gets a controlling service
  worker, saves a note offline and syncs it.
- The restore drill: phones sync notes continuously, every process is killed with SIGKILL,
  the database is lost, and a new machine restores from the replica: every note answered
  `applied` more than the replication interval before the crash is there.
- Litestream replicates to an S3-compatible endpoint (moto_server) and restores from it.
- Uploads that stall beside normal traffic do not hold gunicorn's threads (Caddy buffers).
"""

import concurrent.futures
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import pytest

from tests.conftest import PASSWORD
from tests.conftest import Factory
from tests.server import free_port
from tests.stack import BIN
from tests.stack import HOST
from tests.stack import LITESTREAM
from tests.stack import Rep
from tests.stack import Stack
from webapp import db as database

pytestmark = pytest.mark.slow

#: Litestream's sync interval in deploy/templates (render.py --sync-interval 1s): a write is
#: in the replica this long after Litestream sees it (it looks every second).
SYNC_INTERVAL = 1.0
#: What the drill allows: a note answered earlier than this before the crash must survive.
RPO = 2 * SYNC_INTERVAL


def _missing(reason):
    if os.environ.get("FOLKA_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
        pytest.fail(f"{reason} (make test installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def tools():
    for tool, package in (("caddy", "caddy"), ("certutil", "libnss3-tools")):
        if not shutil.which(tool):
            _missing(f"{tool} is missing: apt-get install {package}")
    if not os.path.exists(LITESTREAM):
        _missing("litestream is missing: pip install -e '.[test]'")


def arrange(stack):
    """A migrated database with a rep and a client, before the stack starts."""
    database.migrate(str(stack.database))
    db = database.connect(str(stack.database))
    make = Factory(db)
    team = make.team("Drill")
    rep = make.user("rep", team, email="drill@example.com")
    client_id = make.client(team, rep["id"], name="Fjord Rør AS")
    db.conn.close()
    return {"email": rep["email"], "client": client_id}


def note(client_id, text):
    return {
        "id": str(uuid.uuid4()),
        "kind": "note",
        "at": "2026-12-05T10:00:00.000Z",
        "client_id": client_id,
        "body": text,
    }


def stored_notes(path):
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT id FROM notes")}
    finally:
        conn.close()


@pytest.fixture
def machines(tmp_path):
    """Stacks made by the test, killed at its end whatever happens."""
    made = []

    def make(name, replica, **options):
        stack = Stack(tmp_path / name, replica, **options)
        made.append(stack)
        return stack

    yield make
    for stack in made:
        stack.kill()


def test_the_restore_drill_loses_nothing_older_than_the_replication_interval(
    machines, tmp_path, record_property
):
    replica = f"file://{tmp_path / 'replica'}"
    old = machines("old-machine", replica)
    world = arrange(old)
    old.start()
    phones = [Rep(old, world["email"], PASSWORD) for _ in range(3)]
    applied, lock, crashed = [], threading.Lock(), threading.Event()

    def keep_syncing(phone, number):
        count = 0
        while not crashed.is_set():
            op = note(world["client"], f"Phone {number}, note {count}")
            try:
                [result] = phone.sync([op], timeout=5)
            except OSError:
                return  # the server is gone
            answered = time.monotonic()
            assert result["status"] == "applied", result
            with lock:
                applied.append((op["id"], answered))
            count += 1

    threads = [threading.Thread(target=keep_syncing, args=(p, n)) for n, p in enumerate(phones)]
    for thread in threads:
        thread.start()
    time.sleep(8)
    old.kill()  # SIGKILL: Caddy, Litestream, gunicorn's master and workers
    crash = time.monotonic()
    crashed.set()
    for thread in threads:
        thread.join(timeout=30)
    shutil.rmtree(old.folder / "data")  # the machine is lost with its disk

    new = machines("new-machine", replica)
    new.start()  # no database there: Litestream restores the replica's before gunicorn starts
    survived = stored_notes(str(new.database))
    missing = [(op_id, crash - at) for op_id, at in applied if op_id not in survived]
    window = max((age for _, age in missing), default=0.0)
    record_property("notes_applied", len(applied))
    record_property("notes_lost", len(missing))
    record_property("window_at_risk_seconds", round(window, 2))
    print(
        f"\nrestore drill: {len(applied)} notes applied, {len(missing)} lost, all from the last "
        f"{window:.2f} s before the crash (allowed: {RPO:.1f} s)"
    )
    assert len(applied) > 50
    assert all(age <= RPO for _, age in missing), missing
    # The new machine serves: the rep logs in over HTTPS and the sync answers duplicate for a
    # note that survived (the phone would resend it) and applied for a new one.
    phone = Rep(new, world["email"], PASSWORD)
    kept_id = next(op_id for op_id, _ in applied if op_id in survived)
    resent = {**note(world["client"], "again"), "id": kept_id}
    assert [r["status"] for r in phone.sync([resent, note(world["client"], "new")])] == [
        "duplicate",
        "applied",
    ]


@pytest.mark.browser
def test_a_phone_logs_in_over_https_and_syncs_a_note_made_offline(machines, tmp_path):
    playwright_api = pytest.importorskip("playwright.sync_api")
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "browser"))
    from phone import ARGS
    from phone import CHROMIUM
    from phone import Phone
    from phone import phone_options

    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"{CHROMIUM} is missing: apt-get install chromium")
    stack = machines("server", f"file://{tmp_path / 'replica'}")
    world = arrange(stack)
    stack.start()
    # The phone trusts the company's CA: Caddy's root in the NSS database of the HOME the
    # browser runs with (only ignoring certificate errors, no service worker registers).
    home = tmp_path / "phone-home"
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-N", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "folka-test-ca"]
        + ["-i", str(stack.root_ca)],
        check=True,
    )

    def use_the_phone():
        with playwright_api.sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[*ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"],
                env={**os.environ, "HOME": str(home)},
            )
            try:
                context = browser.new_context(**phone_options({"url": stack.url}))
                context.set_default_timeout(15000)
                page = context.new_page()
                errors = []
                page.on("pageerror", lambda error: errors.append(error))
                phone = Phone(page)
                phone.login(world["email"])
                assert page.url.startswith(f"https://{HOST}:")
                briefing = f"/clients/{world['client']}"
                phone.ready(briefing, briefing + "/note")
                assert page.evaluate("window.isSecureContext")
                cookies = {cookie["name"]: cookie for cookie in context.cookies()}
                assert cookies["__Host-folka"]["secure"]

                phone.offline()
                page.goto(briefing)
                phone.write_note("Written in the basement, synced over HTTPS.")
                phone.wait_outbox(1)
                phone.offline(False)
                phone.sync_now()
                phone.wait_outbox(0)
                assert errors == []
            finally:
                browser.close()

    # Its own thread: the browser tests' session-wide Playwright may still run an asyncio loop
    # on this one, and Playwright's sync API refuses to start inside a running loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(use_the_phone).result()
    conn = sqlite3.connect(stack.database)
    bodies = [row[0] for row in conn.execute("SELECT body FROM notes")]
    conn.close()
    assert bodies == ["Written in the basement, synced over HTTPS."]


def test_caddy_serves_http2_redirects_http_and_keeps_metrics_inside(machines, tmp_path):
    stack = machines("server", f"file://{tmp_path / 'replica'}")
    arrange(stack)
    stack.start()
    resolve = ["--resolve", f"{HOST}:{stack.https_port}:127.0.0.1"]
    resolve += ["--resolve", f"{HOST}:{stack.http_port}:127.0.0.1"]
    head = subprocess.run(
        ["curl", "-sS", "-I", "--http2", "--cacert", str(stack.root_ca), *resolve]
        + [f"{stack.url}/login"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    assert head.startswith("http/2 200")
    assert "\nserver:" not in head and "strict-transport-security: max-age=" in head
    plain = subprocess.run(
        ["curl", "-sS", "-I", *resolve, f"http://{HOST}:{stack.http_port}/login"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    assert plain.startswith("http/1.1 308") and "location: https://folka.test" in plain
    assert stack.request("GET", "/metrics")[0] == 404  # from outside, through Caddy
    lines = [json.loads(line) for line in (stack.folder / "access.jsonl").read_text().splitlines()]
    assert any(  # the JSON access log has the request curl made through Caddy
        (line["method"], line["path"], line["status"]) == ("HEAD", "/login", 200) for line in lines
    )
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.app_port}/metrics") as response:
        assert b"folka_requests_total" in response.read()  # the scraper on the machine


def stalled_sync(rep, connect, host, origin=None):
    """A logged-in phone's sync that sends its headers and the body's first byte, then
    stalls: the app reads the body (it checks the session and CSRF token first)."""
    head = (
        f"POST /api/sync HTTP/1.1\r\nHost: {host}\r\nCookie: {rep.cookie}\r\n"
        f"X-CSRFToken: {rep.csrf}\r\nContent-Type: application/json\r\n"
        + (f"Origin: {origin}\r\nReferer: {origin}/\r\n" if origin else "")
        + "Content-Length: 100000\r\n\r\n{"
    )
    sock = connect()
    sock.sendall(head.encode())
    return sock


def test_stalled_uploads_do_not_hold_the_server(machines, tmp_path):
    """One worker of two threads. Six logged-in phones start a sync through Caddy and then
    send a byte a second: Caddy reads bodies whole before passing them on, so gunicorn's
    threads stay free and /login answers. Two such phones straight to gunicorn hold both."""
    stack = machines(
        "server",
        f"file://{tmp_path / 'replica'}",
        workers=1,
        settings={"FOLKA_THREADS": "2"},
    )
    world = arrange(stack)
    stack.start()
    rep = Rep(stack, world["email"], PASSWORD)
    host = f"{HOST}:{stack.https_port}"

    def through_caddy():
        connection = stack.connection()
        connection.connect()
        return connection.sock

    stalled = [stalled_sync(rep, through_caddy, host, stack.url) for _ in range(6)]
    try:
        timings = []
        for _ in range(10):
            for sock in stalled:
                sock.sendall(b" ")  # still alive: neither Caddy nor gunicorn drops it
            started = time.monotonic()
            status, _headers, body = stack.request("GET", "/login", timeout=8)
            timings.append(time.monotonic() - started)
            assert status == 200 and b"Log in" in body
            time.sleep(0.5)
        assert max(timings) < 3, timings

        def direct():
            return socket.create_connection(("127.0.0.1", stack.app_port))

        stalled += [stalled_sync(rep, direct, f"127.0.0.1:{stack.app_port}") for _ in range(2)]
        time.sleep(0.5)
        with pytest.raises(OSError):  # a timeout: no thread is free to answer
            urllib.request.urlopen(f"http://127.0.0.1:{stack.app_port}/login", timeout=3)
    finally:
        for sock in stalled:
            with contextlib.suppress(OSError):
                sock.close()


def _moto_server():
    port = free_port()
    process = subprocess.Popen(
        [os.path.join(BIN, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("moto_server did not start")


def test_litestream_replicates_to_s3_and_restores_from_it(machines, tmp_path):
    """moto_server as the S3-compatible service (path-style addresses). Litestream's S3
    client fails while AWS_CA_BUNDLE is set, so its process goes without it."""
    moto, endpoint = _moto_server()
    try:
        request = urllib.request.Request(f"{endpoint}/folka-backups", method="PUT")
        urllib.request.urlopen(request, timeout=10).close()  # the bucket
        s3 = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
        stack = machines(
            "server",
            "s3://folka-backups/acme",
            env={**s3, "AWS_CA_BUNDLE": None},
            render_options=("--s3-endpoint", endpoint, "--s3-region", "us-east-1"),
        )
        world = arrange(stack)
        stack.start()
        phone = Rep(stack, world["email"], PASSWORD)
        ops = [note(world["client"], f"S3 note {n}") for n in range(5)]
        assert {r["status"] for r in phone.sync(ops)} == {"applied"}
        time.sleep(2 * SYNC_INTERVAL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # /healthz reads the replica's listing from S3
            _status, _headers, body = stack.request("GET", "/healthz")
            if b'"lag_seconds":0.0' in body and b'"last_replicated_at":"' in body:
                break
            time.sleep(0.5)
        assert b'"lag_seconds":0.0' in body, body
        stack.kill()
        restored = tmp_path / "restored.db"
        env = {k: v for k, v in os.environ.items() if k != "AWS_CA_BUNDLE"}
        subprocess.run(
            [LITESTREAM, "restore", "-config", str(stack.config), "-o", str(restored)]
            + [str(stack.database)],
            check=True,
            env={**env, **s3},
            capture_output=True,
        )
        assert {op["id"] for op in ops} <= stored_notes(str(restored))
    finally:
        os.killpg(moto.pid, signal.SIGKILL)
        moto.wait()
