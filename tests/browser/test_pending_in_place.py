"""What a waiting note says shows where it belongs: its promise and its topics."""

import datetime

import pytest
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser

DUE = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()


def write_note_offline(page, field):
    """Offline: a note that follows up Golf with a new question, adds a topic and a promise."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()
    page.goto(field["note"])
    page.fill("#body", "Anna is back from the golf trip.")
    page.get_by_label("Golf", exact=True).check()
    page.fill(f"#follow_up-{field['golf']}", "Ask about the club final")
    page.fill("#new_topic_title", "Daughter starts university")
    page.fill("#new_topic_follow_up", "Ask which city she chose")
    page.fill("#promise_text", "Send the price list")
    page.fill("#promise_due", DUE)
    page.get_by_role("button", name="Save note").click()
    page.wait_for_url(f"**{field['briefing']}")
    return phone


def test_a_waiting_notes_promise_is_among_the_open_promises(page, field):
    phone = write_note_offline(page, field)
    promises = page.locator("section[aria-labelledby=promises-h]")
    pending = promises.locator(".promise", has_text="Send the price list")
    expect(pending).to_contain_text("Waiting to sync")
    expect(promises.get_by_text("No open promises.")).to_be_hidden()
    phone.mark_page()
    phone.offline(False)
    phone.wait_reloaded()  # the live page: the promise is the server's now
    expect(promises.locator(".promise", has_text="Send the price list")).to_be_visible()
    expect(promises).not_to_contain_text("Waiting to sync")


def test_a_waiting_notes_topics_show_on_the_person_card(page, field):
    write_note_offline(page, field)
    anna = page.locator("article.person", has_text="Anna Berg")
    golf = anna.locator(".topic", has_text="Golf")
    expect(golf).to_contain_text("followed up")
    expect(golf).to_contain_text("Ask about the club final")
    expect(golf).not_to_contain_text("Ask about the handicap")
    expect(golf).to_contain_text("Waiting to sync")
    new = anna.locator(".topic", has_text="Daughter starts university")
    expect(new).to_contain_text("Ask which city she chose")
    expect(new).to_contain_text("Waiting to sync")
