"""Render Folka as a newcomer would first see it, into docs/screenshots/*.png.

Loads the demo organisation into a temporary database, serves it with gunicorn (the real
server, as `make run` does) and drives Debian's Chromium through Playwright: the client
briefing on a 390 px phone and the weekly review on a 1440 px desktop, in English and
Norwegian, Today in Norwegian, plus a manager's team review. Run with `make screenshots`;
`tools/screenshots.py nb` renders only the shots whose name has "-nb-".
"""

import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "screenshots")
BIN = os.path.join(ROOT, ".venv", "bin")
PASSWORD = "folka-demo"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 1100}

#: (file name, e-mail, what to open, viewport, whole page?)
SHOTS = [
    ("briefing-en-phone.png", "rep@example.com", "briefing", PHONE, False),
    ("briefing-nb-phone.png", "nb@example.com", "briefing", PHONE, False),
    ("today-nb-phone.png", "nb@example.com", "today", PHONE, False),
    ("review-en-desktop.png", "rep@example.com", "review", DESKTOP, False),
    ("review-nb-desktop.png", "nb@example.com", "review", DESKTOP, False),
    ("review-team-en-desktop.png", "manager@example.com", "team", DESKTOP, False),
    ("review-en-phone.png", "rep@example.com", "review", PHONE, False),
]


def free_port():
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=30):
    """Block until the server answers, or fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start at {url}")


def pick(db_path, email, what):
    """The page to show a user: their best-documented client, or their last week with visits."""
    db = sqlite3.connect(db_path)
    user_id, tz = db.execute("SELECT id, timezone FROM users WHERE email = ?", [email]).fetchone()
    if what == "today":
        return "/"
    if what == "briefing":
        (client_id,) = db.execute(
            "SELECT c.id FROM clients c LEFT JOIN notes n ON n.client_id = c.id "
            "WHERE c.owner_id = ? GROUP BY c.id ORDER BY COUNT(n.id) DESC, c.id LIMIT 1",
            [user_id],
        ).fetchone()
        return f"/clients/{client_id}"
    if what == "team":
        query = "SELECT checked_in_at FROM visits v JOIN users u ON u.id = v.user_id "
        (team_id,) = db.execute("SELECT team_id FROM users WHERE id = ?", [user_id]).fetchone()
        rows = db.execute(query + "WHERE u.team_id = ?", [team_id]).fetchall()
    else:
        rows = db.execute(
            "SELECT checked_in_at FROM visits WHERE user_id = ?", [user_id]
        ).fetchall()
    weeks = {}
    for (stamp,) in rows:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        year, week, _ = moment.astimezone(ZoneInfo(tz)).isocalendar()
        weeks[(year, week)] = weeks.get((year, week), 0) + 1
    # The latest week with a few visits shows more of the review than a quiet one.
    busy = [key for key, count in weeks.items() if count >= 2] or list(weeks)
    year, week = max(busy)
    return f"/review?week={year}-W{week:02d}"


def shoot(browser, base, db_path, name, email, what, viewport, full_page):
    """Log in as `email` in a fresh browser context and save one screenshot."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1, service_workers="block")
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(base + "/")
    page.goto(base + pick(db_path, email, what))
    page.wait_for_load_state("networkidle")
    path = os.path.join(OUT, name)
    page.screenshot(path=path, full_page=full_page)
    context.close()
    print(f"  {os.path.relpath(path, ROOT)}")


def main():
    """Demo database, server, browser, screenshots; everything started is stopped again."""
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="folka-shots-") as tmp:
        db_path = os.path.join(tmp, "demo.db")
        port = free_port()
        env = {
            **os.environ,
            "FOLKA_DATABASE": db_path,
            "PORT": str(port),
            "FOLKA_WORKERS": "2",
            "FOLKA_ACCESS_LOG": os.devnull,
        }
        flask = [os.path.join(BIN, "flask"), "--app", "webapp", "demo"]
        subprocess.run(flask, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        gunicorn = [os.path.join(BIN, "gunicorn"), "--config", "gunicorn.conf.py"]
        server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/login")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                wanted = [f"-{lang}-" for lang in sys.argv[1:]]
                for shot in SHOTS:
                    if not wanted or any(part in shot[0] for part in wanted):
                        shoot(browser, base, db_path, *shot)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
