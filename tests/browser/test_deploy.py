"""The outbox survives an app update: operations queued offline by the release before the
outbox's format had a version are sent by the new release's scripts after a deploy, each
stored once.

The old release is this repository's own history (OLD_RELEASE, the last commit before
operations carried "v"), served by gunicorn on the same port and database as the new code
afterwards, so the browser sees one site: its worker, scripts, IndexedDB and caches go
through a real deploy — a new service worker, new scripts, the database migrated forward.
"""

import json
import shutil
import subprocess
import urllib.request

import pytest
from phone import Phone
from phone import expect
from phone import make_promise
from phone import phone_options
from phone import wait_until

from tests.conftest import Factory
from tests.server import ROOT
from tests.server import free_port
from tests.server import gunicorn
from webapp import db as database

pytestmark = pytest.mark.browser

#: The release before issue 14: check in, check out, note and promise kept, no "v".
OLD_RELEASE = "0c42b63"
SECRET = "deploy-test-secret"
SENT = []  # the operations the phone sent to POST /api/sync, as the server got them


@pytest.fixture
def old_code(tmp_path):
    """The old release's files, from git (skipped where the history is not at hand)."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    found = subprocess.run(
        ["git", "-C", ROOT, "cat-file", "-e", f"{OLD_RELEASE}^{{commit}}"], capture_output=True
    )
    if found.returncode:
        pytest.skip(f"the release {OLD_RELEASE} is not in this checkout's history")
    folder = tmp_path / "old"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", ROOT, "archive", OLD_RELEASE], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _worker_source(base):
    with urllib.request.urlopen(base + "/sw.js") as answer:
        return answer.read().decode()


def _record_sync(route):
    SENT.extend(json.loads(route.request.post_data)["operations"])
    route.continue_()


def test_an_outbox_queued_before_a_deploy_syncs_after_it(chromium, tmp_path, old_code):
    path = str(tmp_path / "folka.db")
    port = free_port()
    logs = tmp_path / "logs"
    logs.mkdir()
    with gunicorn(path, logs, workers=2, secret=SECRET, root=old_code, port=port) as (base, _):
        assert "owner.js" not in _worker_source(base)  # the old release's worker indeed
        db = database.connect(path)  # the old release's schema: it made the file
        make = Factory(db)
        team = make.team()
        rep = make.user("rep", team)
        fjord = make.client(team, rep["id"], name="Fjord Rør AS")
        anna = make.contact(fjord, name="Anna Berg")
        make.topic(anna, "Golf", "Ask about the handicap")
        promise = make_promise(db, fjord, rep["id"], text="Send the brochure")
        # No Background Sync: the old worker must not send the outbox when the network comes
        # back, so that the new release's scripts do.
        context = chromium.new_context(**phone_options({"url": base}, permissions=["geolocation"]))
        context.set_default_timeout(10000)
        page = context.new_page()
        phone = Phone(page)
        briefing = f"/clients/{fjord}"
        phone.login(rep["email"])
        phone.ready("/", briefing, f"{briefing}/note")
        phone.offline()
        page.goto(briefing)
        phone.check_in()
        phone.write_note("Spring order confirmed.", topic="Golf", promise="Send the price list")
        brochure = page.locator("li", has_text="Send the brochure")
        brochure.get_by_role("button", name="Mark as kept").click()
        phone.wait_outbox(3)
        queued = phone.outbox()
        assert [r["op"]["kind"] for r in queued] == ["check_in", "note", "promise_kept"]
        assert all("v" not in r["op"] for r in queued)  # the old format: no version
        old_caches = set(page.evaluate("caches.keys()"))
        page.close()  # the app is closed while the deploy happens
    # The deploy: the new code on the same database (migrated forward) and the same port.
    database.migrate(path)
    with gunicorn(path, logs, workers=2, secret=SECRET, port=port) as (base, _):
        assert "owner.js" in _worker_source(base)
        context.route("**/api/sync", _record_sync)
        SENT.clear()
        page = context.new_page()
        phone = Phone(page)
        context.set_offline(False)
        page.goto(briefing)  # the rep opens the app again, online
        phone.wait_outbox(0, timeout=45)
        # The new worker has installed: its shell is cached under the new version.
        new_shell = """(old) => caches.keys().then((names) =>
          names.some((n) => n.startsWith('folka-shell-') && !old.includes(n)))"""
        wait_until(page, new_shell, sorted(old_caches))
        # Sent by the new scripts, upgraded to this format, ids unchanged.
        assert [op["id"] for op in SENT] == [r["op"]["id"] for r in queued]
        assert all(op["v"] == 2 for op in SENT)
        page.reload()
        expect(page.get_by_text("Spring order confirmed.")).to_be_visible()
        # The new scripts' own operations carry the version.
        assert phone.outbox() == []  # (and the outbox module is loaded before going offline)
        phone.offline()
        page.get_by_role("button", name="Check out").click()
        phone.wait_outbox(1)
        [record] = phone.outbox()
        assert record["op"]["kind"] == "check_out" and record["op"]["v"] == 2
        phone.offline(False)
        phone.wait_outbox(0, timeout=45)
        context.close()
    assert db["visits"].count_where("user_id = ?", [rep["id"]]) == 1
    assert db["visits"].count_where("checked_out_at IS NOT NULL AND user_id = ?", [rep["id"]]) == 1
    assert db["notes"].count_where("client_id = ?", [fjord]) == 1
    assert db["promises"].count_where("client_id = ? AND text = ?", [fjord, "Send the price list"])
    assert db["promises"].count_where("client_id = ?", [fjord]) == 2
    kept = db.execute("SELECT kept_at FROM promises WHERE id = ?", [promise]).fetchone()
    assert kept[0] is not None
    db.conn.close()
