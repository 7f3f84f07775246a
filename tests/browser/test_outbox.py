"""Writing offline: saved on the phone at once, shown where it belongs, synced exactly once."""

import pytest
from phone import SAVED_ON_PHONE
from phone import Phone
from phone import expect
from phone import make_promise

pytestmark = pytest.mark.browser

BODY = "Talked about the spring order. Anna's golf handicap is down to 12."


def _stored(db, rep_id):
    """What the server holds of this rep's work. A visit and a note are the record of the
    operation that made them; check-outs and kept promises are recorded in operations."""
    return {
        "operations": db["operations"].count_where("user_id = ?", [rep_id]),
        "visits": list(db.query("SELECT * FROM visits WHERE user_id = ?", [rep_id])),
        "notes": list(db.query("SELECT * FROM notes WHERE user_id = ?", [rep_id])),
        "promises": list(db.query("SELECT * FROM promises WHERE user_id = ?", [rep_id])),
    }


def visit_offline(phone, field):
    """Offline at the client: check in, note (a topic, a promise), check out; the visit has
    its note, so the check-out stays on the briefing."""
    page = phone.page
    phone.offline()
    page.goto(field["briefing"])
    phone.check_in()
    phone.write_note(BODY, topic="Golf", promise="Send the price list")
    pending = page.locator("#pending-notes .note.pending")
    expect(pending).to_contain_text(BODY)
    expect(pending).to_contain_text("Waiting to sync")
    page.get_by_role("button", name="Check out").click()
    expect(page.locator("#toast, .flash").first).to_contain_text(SAVED_ON_PHONE, timeout=1500)
    expect(page.locator("#toast")).to_contain_text("note saved")
    expect(page.get_by_role("button", name="Check in")).to_be_visible()


def test_a_visit_made_offline_is_kept_shown_and_synced_once(context, page, field, db, make):
    rep = field["rep"]["id"]
    promise = make_promise(db, field["fjord"], rep)
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"], field["note"])

    # (2) Offline: check in, note with a topic and a promise, check out — each confirmed at once.
    visit_offline(phone, field)
    [check_in, note, check_out] = phone.outbox()
    assert note["op"]["visit_id"] == check_in["id"] == check_out["op"]["visit_id"]
    assert note["op"]["topics"] == [
        {"id": field["golf"], "status": "followed_up", "follow_up": "Ask about the handicap"}
    ]
    assert note["op"]["promises"][0]["text"] == "Send the price list"
    assert check_in["op"]["lat"] == pytest.approx(60.3913)
    tags = page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.getTags())")
    assert tags == ["folka-outbox"]  # Background Sync will push even if the app is closed
    page.goto(field["briefing"])
    expect(page.get_by_role("button", name="Check in")).to_be_visible()
    page.locator(f'form[data-promise-id="{promise}"] button').click()
    expect(page.locator(".kept-mark")).to_have_text("Kept — waiting to sync")
    expect(phone.status()).to_contain_text("4 changes waiting")

    # (3) Close the page and open the app again, still offline: everything is still there.
    page.close()
    again = context.new_page()
    phone = Phone(again)
    again.goto(field["briefing"])
    expect(again.locator("#offline-banner")).to_be_visible()
    expect(again.locator("#pending-notes")).to_contain_text(BODY)
    expect(again.locator("#pending-notes")).to_contain_text("Topics: Golf")
    expect(again.locator("#pending-notes")).to_contain_text("Send the price list")
    expect(again.locator(".kept-mark")).to_be_visible()
    expect(phone.status()).to_contain_text("4 changes waiting")
    assert _stored(db, rep)["operations"] == 0

    # (4) Back online: all of it arrives exactly once and the outbox empties.
    phone.offline(False)
    phone.wait_outbox(0)
    phone.expect_synced()
    stored = _stored(db, rep)
    assert stored["operations"] == 2  # the check-out and the kept promise
    [visit] = stored["visits"]
    assert visit["id"] == check_in["id"] and visit["checked_out_at"] and visit["distance_m"] == 0
    [saved_note] = stored["notes"]
    assert saved_note["body"] == BODY and saved_note["visit_id"] == visit["id"]
    assert {p["text"] for p in stored["promises"]} == {"Send the brochure", "Send the price list"}
    assert db["promises"].get(promise)["kept_at"]
    assert db["topics"].get(field["golf"])["status"] == "followed_up"
    again.reload()
    expect(again.locator("#offline-banner")).to_be_hidden()
    expect(again.locator(".note").first).to_contain_text(BODY)
    expect(again.locator("#pending-notes .note")).to_have_count(0)


def test_online_check_in_goes_through_the_outbox_and_on(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["briefing"])
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".flash")).to_have_text("Checked in.")
    expect(page.locator(".live-line")).to_contain_text("Checked in")
    assert phone.outbox() == []
    assert db["visits"].count_where("user_id = ?", [field["rep"]["id"]]) == 1


def test_server_failing_mid_sync_is_retried_and_applied_once(context, page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"], field["note"])
    visit_offline(phone, field)
    calls = []

    def flaky(route):
        calls.append(route.request.url)
        if len(calls) == 1:
            route.fetch()  # the server applies the batch...
            route.abort("connectionreset")  # ...but its answer never arrives
        elif len(calls) == 2:
            route.fulfill(status=500, body="Internal Server Error")
        else:
            route.continue_()

    context.route("**/api/sync", flaky)
    phone.offline(False)
    phone.wait_outbox(0, timeout=45)
    assert len(calls) >= 3
    stored = _stored(db, field["rep"]["id"])
    assert stored["operations"] == 1 and len(stored["visits"]) == 1 and len(stored["notes"]) == 1
    assert len(stored["promises"]) == 1


def test_background_sync_pushes_from_the_worker_alone(context, page, field, db, live_server):
    """With no Folka page open, the service worker's sync handler pushes the outbox."""
    phone = Phone(page)
    phone.check_in_offline(field)
    page.goto("about:blank")  # no Folka page left to push
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    _wait(page, lambda: registrations)

    def arrived():
        return db["visits"].count_where("user_id = ?", [field["rep"]["id"]]) == 1

    assert not arrived()
    phone.offline(False)
    # Chromium fires the sync when it sees the network back; if it waits for its own retry
    # timer, fire it the way Chromium would (same event, same handler).
    if not _wait(page, arrived, seconds=5, required=False):
        cdp.send(
            "ServiceWorker.dispatchSyncEvent",
            {
                "origin": live_server["url"],
                "registrationId": registrations[0]["registrationId"],
                "tag": "folka-outbox",
                "lastChance": False,
            },
        )
        _wait(page, arrived)
    page.goto("/")
    assert phone.outbox() == []


def _wait(page, condition, seconds=15, required=True):
    """Poll a Python-side condition, letting Playwright deliver events meanwhile."""
    for _ in range(seconds * 10):
        if condition():
            return True
        page.wait_for_timeout(100)
    assert not required, "condition not met"
    return False
