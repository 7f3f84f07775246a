"""The sync rules seen from the phone: expired sessions, other users, rejected changes."""

import datetime

import pytest
from phone import Phone
from phone import expect
from phone import wait_until

from webapp.db import transaction

pytestmark = pytest.mark.browser

#: The last sync an hour back, as the status's own bookkeeping (redraws the status).
AN_HOUR_AGO = """import(
  new URL('outbox.js', document.querySelector('script[type=module][src]').src)).then((outbox) =>
  outbox.setMeta('lastSync', new Date(Date.now() - 3600 * 1000).toISOString()))"""
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
    phone.expect_synced()


def test_changes_wait_for_their_author(context, page, field, db, make):
    colleague = make.user("rep", field["team"])
    phone = Phone(page)
    phone.check_in_offline(field)
    context.clear_cookies()
    phone.offline(False)
    phone.login(colleague["email"])
    expect(phone.status()).to_contain_text("1 change by another user waits for their login")
    phone.sync_now()
    # Not "Synced": another user's change still waits on this phone.
    expect(phone.status()).to_contain_text("1 change by another user waits for their login")
    expect(phone.sync_button()).to_have_accessible_name("Sync now")
    assert _visits(db, field["rep"]["id"]) == 0 and _visits(db, colleague["id"]) == 0
    assert [record["userId"] for record in phone.outbox()] == [field["rep"]["id"]]
    phone.logout()
    phone.login(field["rep"]["email"])
    phone.wait_outbox(0)
    assert _visits(db, field["rep"]["id"]) == 1 and _visits(db, colleague["id"]) == 0


def test_a_refused_change_takes_one_line_and_stays_until_discarded(page, field, db):
    phone = Phone(page)
    phone.check_in_offline(field)
    db["clients"].update(field["fjord"], {"archived": 1})  # archived meanwhile by a manager
    phone.mark_page()
    phone.offline(False)
    phone.wait_reloaded()  # the saved copy gives way to the live page: now a 404
    block = page.locator(".sync-rejected")
    summary = block.locator("summary")
    expect(summary).to_have_text("1 change needs your attention")
    item = block.locator(".rejected-item")
    expect(item).to_be_visible()  # unfolded the first time, with what it was and why
    expect(item).to_contain_text("Check-in · Fjord Rør AS")
    expect(item).to_contain_text("This client was not found.")
    expect(phone.sync_button()).to_have_accessible_name("Sync now")  # never "Synced"
    summary.click()  # folded: seen
    page.goto("/")
    expect(summary).to_have_text("1 change needs your attention")
    expect(item).to_be_hidden()
    assert block.bounding_box()["height"] < 60  # one line, with Discard beside it
    expect(phone.status()).not_to_contain_text("synced")
    [record] = phone.outbox()
    assert record["status"] == "rejected" and record["code"] == "not_found"
    discard = block.get_by_role("button", name="Discard")
    # The status drawn again (its clock, a sync elsewhere) leaves the buttons and the focus be.
    discard.focus()
    page.evaluate(AN_HOUR_AGO)
    expect(page.locator("#sync-chip-detail")).to_have_text("last sync 1 hour ago")
    expect(discard).to_be_focused()
    page.once("dialog", lambda dialog: dialog.dismiss())
    discard.click()
    expect(block).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    discard.click()
    expect(block).to_be_hidden()
    phone.expect_synced()
    assert phone.outbox() == [] and _visits(db, field["rep"]["id"]) == 0


def test_a_refused_change_unfolds_once_on_its_own(page, field, db):
    """Seen once, a refused change is one line on every page after, not a panel."""
    page.clock.install()  # the page's timers, moved on by the test
    phone = Phone(page)
    phone.check_in_offline(field)
    db["clients"].update(field["fjord"], {"archived": 1})
    phone.mark_page()
    phone.offline(False)
    phone.wait_reloaded()
    item = page.locator(".sync-rejected .rejected-item")
    expect(item).to_be_visible()
    page.clock.fast_forward(5000)  # a few seconds on screen: seen
    wait_until(
        page,
        "import(new URL('outbox.js', document.querySelector('script[type=module][src]').src))"
        ".then((o) => o.getMeta('rejectedSeen'))",
    )
    page.goto("/")
    expect(page.locator(".sync-rejected summary")).to_have_text("1 change needs your attention")
    expect(item).to_be_hidden()


def _write_note_about(page, contact_id):
    """On the note form: a note with a new topic about a person; the phone takes it, the
    server may not."""
    page.fill("#body", "They want a quote for the new pumps.")
    page.select_option("#new_topic_contact", str(contact_id))
    page.fill("#new_topic_title", "Renovating the summer cabin")
    page.fill("#promise_text", "Send the quote")
    page.fill("#promise_due", SOON)
    page.get_by_role("button", name="Save note").click()


def _erase(db, contact_id):
    """The person is erased on the server (the privacy desk) while the phone has the form."""
    with transaction(db):
        db.execute("DELETE FROM contacts WHERE id = ?", [contact_id])


def test_a_note_rejected_after_sync_is_fixed_in_its_form(page, field, db, make):
    olav = make.contact(field["fjord"], name="Olav Dahl")
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()
    page.goto(field["note"])
    _write_note_about(page, olav)
    page.wait_for_url(f"**{field['briefing']}")
    expect(page.locator("#pending-notes")).to_contain_text("They want a quote")
    _erase(db, olav)
    phone.offline(False)
    item = page.locator(".rejected-item")
    expect(item).to_contain_text("Please correct the marked fields.", timeout=15000)
    expect(item).to_contain_text("Choose who this topic is about.")
    expect(item).to_contain_text("They want a quote for the new pumps.")
    expect(page.locator("#pending-notes .note")).to_have_count(0)
    page.locator(".sync-rejected").get_by_role("link", name="Fix").click()
    expect(page.locator("#body")).to_have_value("They want a quote for the new pumps.")
    expect(page.locator("#promise_due")).to_have_value(SOON)
    expect(page.locator("#new_topic_contact + .error")).to_have_text(
        "Choose who this topic is about."
    )
    page.select_option("#new_topic_contact", str(field["anna"]))
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".flash")).to_have_text("Note saved.")
    phone.wait_outbox(0)
    [note] = db.query("SELECT * FROM notes WHERE user_id = ?", [field["rep"]["id"]])
    assert note["body"] == "They want a quote for the new pumps."
    [promise] = db.query("SELECT * FROM promises WHERE note_id = ?", [note["id"]])
    assert promise["due_date"] == SOON


def test_online_a_refused_note_shows_why_in_the_form(page, field, db, make):
    olav = make.contact(field["fjord"], name="Olav Dahl")
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["note"])
    _erase(db, olav)
    _write_note_about(page, olav)
    expect(page.locator("#new_topic_contact + .error")).to_have_text(
        "Choose who this topic is about."
    )
    assert page.url.endswith(field["note"])
    page.select_option("#new_topic_contact", str(field["anna"]))
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
    expect(page.locator("#promise_due + .error")).to_have_text("Add a due date.")
    assert phone.outbox() == []
