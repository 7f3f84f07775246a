"""The forms a rep fills in the field: the note's promise checked as the server checks it, a
check-out after the note, positions, and what a screen reader is told."""

import datetime
import re

import pytest
from phone import BERGEN
from phone import SAVED_ON_PHONE
from phone import wait_until
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
OUT_OF_RANGE = "Enter a due date within the next three years."


def _day(days):
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def _save_note(page):
    page.get_by_role("button", name="Save note").click()


def test_a_due_date_the_server_refuses_is_refused_before_it_is_queued(page, field):
    """Offline, a year typed wrong would be refused hours later: the phone says so now."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()
    page.goto(field["note"])
    due = page.locator("#promise_due")
    assert due.get_attribute("min") == _day(-90) and due.get_attribute("max") == _day(1098)
    page.fill("#body", "They want a quote for the new pumps.")
    page.fill("#promise_text", "Send the quote")
    page.fill("#promise_due", _day(-365))  # 2025 typed for 2026
    _save_note(page)
    expect(page.locator("#promise_due + .error")).to_have_text(OUT_OF_RANGE)
    expect(due).to_be_focused()
    expect(due).to_have_accessible_description(re.compile(OUT_OF_RANGE))
    page.fill("#promise_due", "")
    _save_note(page)
    expect(page.locator("#promise_due + .error")).to_have_text("Add a due date.")
    expect(page.locator("#toast")).to_be_hidden()
    assert phone.outbox() == []

    # A day that has passed is taken, as by the server, but the rep is told first.
    passed = "This day has passed: the promise will show as overdue."
    page.fill("#promise_due", _day(-1))
    expect(page.locator("#promise_due-warning")).to_have_text(passed)
    expect(page.locator("#promise_due + .error")).to_have_count(0)  # changed: checked anew
    expect(due).not_to_have_attribute("aria-invalid", "true")
    page.fill("#promise_due", _day(3))
    expect(page.locator("#promise_due-warning")).to_have_text("")
    page.fill("#promise_due", _day(-1))
    _save_note(page)
    page.wait_for_url(f"**{field['briefing']}")
    [record] = phone.outbox()
    assert record["op"]["promises"][0]["due_date"] == _day(-1)


def _refuse_every_note(route):
    """The server's answer to a note it refuses for a reason the phone cannot know."""
    operations = route.request.post_data_json["operations"]
    results = [
        {
            "id": op["id"],
            "status": "rejected",
            "code": "invalid",
            "message": "Please correct the marked fields.",
            "errors": {"promise.due_date": OUT_OF_RANGE},
        }
        for op in operations
    ]
    route.fulfill(json={"results": results, "server_time": "2026-01-01T00:00:00.000Z"})


def test_a_refused_note_says_why_at_the_field_without_a_toast_over_it(context, page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    context.route("**/api/sync", _refuse_every_note)
    page.goto(field["note"])
    page.fill("#body", "They want a quote for the new pumps.")
    page.fill("#promise_text", "Send the quote")
    page.fill("#promise_due", _day(5))
    _save_note(page)
    expect(page.locator("#promise_due + .error")).to_have_text(OUT_OF_RANGE)
    expect(page.locator("#promise_due")).to_be_focused()
    expect(page.locator("#toast")).to_be_hidden()


def test_check_out_after_the_note_goes_back_to_the_briefing(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["briefing"])
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".flash")).to_have_text("Checked in.")
    phone.write_note("Spring order confirmed.")
    page.get_by_role("button", name="Check out").click()
    expect(page.locator(".flash")).to_have_text("Checked out · 1 min · note saved.")
    assert page.url.endswith(field["briefing"])
    expect(page.get_by_role("button", name="Check in")).to_be_visible()


def test_offline_check_out_after_the_note_stays_on_the_briefing(page, field, db):
    phone = Phone(page)
    phone.check_in_offline(field)
    phone.write_note("Spring order confirmed.")
    page.get_by_role("button", name="Check out").click()
    toast = page.locator("#toast")
    expect(toast).to_have_text(f"Checked out · 1 min · note saved. {SAVED_ON_PHONE}")
    expect(page.get_by_role("button", name="Check in")).to_be_visible()
    assert page.url.endswith(field["briefing"])
    assert [r["op"]["kind"] for r in phone.outbox()] == ["check_in", "note", "check_out"]


def test_a_note_synced_while_the_briefing_is_open_still_counts(page, field, db):
    """The note left the outbox for the server after the page was made: still this visit's."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["briefing"])
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".flash")).to_have_text("Checked in.")
    form = page.locator("form[data-op=check_out]")
    page.evaluate(
        """async ([clientId, visitId]) => {
          const outbox = await import(
            new URL('outbox.js', document.querySelector('script[type=module][src]').src));
          const userId = Number(document.body.dataset.userId);
          await outbox.add(userId, { id: crypto.randomUUID(), kind: 'note',
            at: new Date().toISOString(), client_id: clientId, visit_id: visitId,
            body: 'Spring order.', contacts_met: [], topics: [], new_topics: [], promises: [] });
        }""",
        [field["fjord"], form.get_attribute("data-visit-id")],
    )
    phone.sync_now()
    phone.wait_outbox(0)
    assert db["notes"].count_where("user_id = ?", [field["rep"]["id"]]) == 1
    expect(page.locator("form[data-op=check_out]")).not_to_have_attribute("data-note-written", "")
    page.get_by_role("button", name="Check out").click()
    expect(page.locator(".flash")).to_have_text("Checked out · 1 min · note saved.")


#: True when the phone's saved copy of a briefing offers Check in (the visit is over).
CHECKED_OUT_COPY = """async (url) => {
  const copy = await caches.match(url, { ignoreVary: true });
  return Boolean(copy) && (await copy.text()).includes('data-op="check_in"');
}"""


def test_check_in_with_location_blocked_says_it_was_not_recorded(make_context, field, db):
    context = make_context(permissions=["background-sync"])
    page = context.new_page()
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["briefing"])
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".flash")).to_have_text("Checked in — location not recorded.")
    [visit] = db.query("SELECT * FROM visits WHERE user_id = ?", [field["rep"]["id"]])
    assert visit["lat"] is None
    phone.ready(field["briefing"])
    page.get_by_role("button", name="Check out").click()
    page.wait_for_url("**/note?visit=*")
    # The phone's copy of the briefing must be the checked-out one before the signal goes.
    wait_until(page, CHECKED_OUT_COPY, field["briefing"])
    phone.offline()
    page.goto(field["briefing"])
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#toast")).to_have_text(
        f"Checked in — location not recorded. {SAVED_ON_PHONE}"
    )


def test_a_new_client_takes_the_current_location(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto("/clients/new")
    page.fill("#name", "Bryggen Bakeri")
    page.get_by_role("button", name="Use my current location").click()
    expect(page.locator("#lat")).to_have_value(f"{BERGEN['latitude']:.6f}")
    expect(page.locator("#lon")).to_have_value(f"{BERGEN['longitude']:.6f}")
    expect(page.locator("[data-locate] [role=status]")).to_have_text(
        "Location found, accurate to about 20 m."
    )
    page.get_by_role("button", name="Save client").click()
    expect(page.locator(".flash")).to_have_text("Client saved.")
    [client] = db.query("SELECT * FROM clients WHERE name = 'Bryggen Bakeri'")
    assert (client["lat"], client["lon"]) == (BERGEN["latitude"], BERGEN["longitude"])


def test_a_new_client_with_location_blocked_says_to_type_it(make_context, field):
    page = make_context(permissions=[]).new_page()
    Phone(page).login(field["rep"]["email"])
    page.goto("/clients/new")
    page.get_by_role("button", name="Use my current location").click()
    expect(page.locator("[data-locate] [role=status]")).to_have_text(
        "Folka may not use your location. Allow it in the browser's settings, or type the numbers."
    )
    expect(page.locator("#lat")).to_have_value("")


def test_a_wrong_password_leaves_the_focus_on_the_password(page, field):
    page.goto("/login")
    page.fill("#email", field["rep"]["email"])
    page.fill("#password", "not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#password")).to_be_focused()
    expect(page).to_have_title("Error: Log in · Folka")
    expect(page.locator("#password")).to_have_accessible_description("E-mail or password is wrong.")


def test_each_topic_is_named_with_its_person(page, field, make):
    olav = make.contact(field["fjord"], name="Olav Dahl")
    make.topic(olav, "Golf", "Ask about the club")
    Phone(page).login(field["rep"]["email"])
    page.goto(field["note"])
    anna = page.get_by_role("group", name="Anna Berg")
    expect(anna.get_by_role("checkbox", name="Golf")).to_have_count(1)
    expect(page.get_by_role("group", name="Olav Dahl").get_by_role("checkbox")).to_have_count(1)


def test_a_topic_added_a_moment_ago_was_just_now(page, field):
    """Not "in 0 seconds": a waiting note's new topic on the person card."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()
    page.goto(field["note"])
    page.fill("#body", "Anna's daughter starts university.")
    page.fill("#new_topic_title", "Daughter starts university")
    _save_note(page)
    page.wait_for_url(f"**{field['briefing']}")
    new = page.locator("article.person .topic", has_text="Daughter starts university")
    expect(new.locator(".when")).to_contain_text("just now")
