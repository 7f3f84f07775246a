"""The sync rules seen from the phone: expired sessions, other users, rejected changes."""

import datetime

import pytest
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser

SOON = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


def _visits(db, user_id):
    return db["visits"].count_where("user_id = ?", [user_id])


def test_session_expired_offline_waits_then_syncs_after_login(context, page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"])
    phone.offline()
    page.goto(field["briefing"])
    phone.check_in()
    context.clear_cookies()  # the session ends while the phone is offline
    phone.offline(False)
    login = page.get_by_role("link", name="Log in to sync")
    expect(login).to_be_visible(timeout=15000)
    assert len(phone.outbox()) == 1 and _visits(db, field["rep"]["id"]) == 0
    login.click()
    page.wait_for_url("**/login**")
    expect(phone.status()).to_contain_text("1 change waiting")
    phone.login(field["rep"]["email"])
    phone.wait_outbox(0)
    assert _visits(db, field["rep"]["id"]) == 1
    expect(phone.status()).to_contain_text("All changes synced.")


def test_changes_wait_for_their_author(context, page, field, db, make):
    colleague = make.user("rep", field["team"])
    phone = Phone(page)
    phone.check_in_offline(field)
    context.clear_cookies()
    phone.offline(False)
    phone.login(colleague["email"])
    expect(phone.status()).to_contain_text("1 change by another user waits for their login")
    page.get_by_role("button", name="Sync now").click()
    expect(phone.status()).to_contain_text("All changes synced.")
    assert _visits(db, field["rep"]["id"]) == 0 and _visits(db, colleague["id"]) == 0
    assert [record["userId"] for record in phone.outbox()] == [field["rep"]["id"]]
    phone.logout()
    phone.login(field["rep"]["email"])
    phone.wait_outbox(0)
    assert _visits(db, field["rep"]["id"]) == 1 and _visits(db, colleague["id"]) == 0


def test_a_rejected_change_stays_visible_until_discarded(page, field, db):
    phone = Phone(page)
    phone.check_in_offline(field)
    db["clients"].update(field["fjord"], {"archived": 1})  # archived meanwhile by a manager
    phone.offline(False)
    rejected = page.locator(".rejected-item")
    expect(rejected).to_contain_text("Check-in · Fjord Rør AS", timeout=15000)
    expect(rejected).to_contain_text("This client was not found.")
    page.goto("/")
    expect(page.locator(".sync-rejected summary")).to_have_text("1 change could not be saved")
    expect(rejected).to_contain_text("This client was not found.")
    [record] = phone.outbox()
    assert record["status"] == "rejected" and record["code"] == "not_found"
    page.once("dialog", lambda dialog: dialog.dismiss())
    rejected.get_by_role("button", name="Discard").click()
    expect(rejected).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    rejected.get_by_role("button", name="Discard").click()
    expect(rejected).to_have_count(0)
    assert phone.outbox() == [] and _visits(db, field["rep"]["id"]) == 0


def _write_bad_note(page, field):
    page.goto(field["note"])
    page.fill("#body", "They want a quote for the new pumps.")
    page.fill("#promise_text", "Send the quote")
    page.fill("#promise_due", "2099-01-01")  # beyond what the server accepts
    page.get_by_role("button", name="Save note").click()


def test_a_note_rejected_after_sync_is_fixed_in_its_form(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()
    _write_bad_note(page, field)
    page.wait_for_url(f"**{field['briefing']}")
    expect(page.locator("#pending-notes")).to_contain_text("They want a quote")
    phone.offline(False)
    item = page.locator(".rejected-item")
    expect(item).to_contain_text("Please correct the marked fields.", timeout=15000)
    expect(item).to_contain_text("Enter a due date within the next three years.")
    expect(item).to_contain_text("They want a quote for the new pumps.")
    expect(page.locator("#pending-notes .note")).to_have_count(0)
    item.get_by_role("link", name="Fix").click()
    expect(page.locator("#body")).to_have_value("They want a quote for the new pumps.")
    expect(page.locator("#promise_due")).to_have_value("2099-01-01")
    expect(page.locator("#promise_due + .error")).to_have_text(
        "Enter a due date within the next three years."
    )
    page.fill("#promise_due", SOON)
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".flash")).to_have_text("Note saved.")
    phone.wait_outbox(0)
    [note] = db.query("SELECT * FROM notes WHERE user_id = ?", [field["rep"]["id"]])
    assert note["body"] == "They want a quote for the new pumps."
    [promise] = db.query("SELECT * FROM promises WHERE note_id = ?", [note["id"]])
    assert promise["due_date"] == SOON


def test_online_a_refused_note_shows_why_in_the_form(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    _write_bad_note(page, field)
    expect(page.locator("#promise_due + .error")).to_have_text(
        "Enter a due date within the next three years."
    )
    assert page.url.endswith(field["note"])
    page.fill("#promise_due", SOON)
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".flash")).to_have_text("Note saved.")
    assert phone.outbox() == []
    assert db["notes"].count_where("user_id = ?", [field["rep"]["id"]]) == 1


def test_a_note_missing_its_text_is_refused_on_the_phone(page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["note"])
    page.fill("#promise_text", "Send the quote")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#body + .error, #body ~ .error").first).to_have_text(
        "Please fill this in."
    )
    expect(page.locator("#promise_due + .error")).to_have_text(
        "Enter a due date within the next three years."
    )
    assert phone.outbox() == []
