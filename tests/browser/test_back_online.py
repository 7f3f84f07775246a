"""When the network comes back, a saved copy never goes on saying "Offline"."""

import pytest
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser


def test_a_saved_page_gives_way_to_the_live_one_after_the_first_sync(page, field):
    phone = Phone(page)
    phone.check_in_offline(field)  # on the briefing, saved before the visit
    expect(page.locator(".rhythm .badge.warn")).to_contain_text("days overdue")
    phone.mark_page()
    phone.offline(False)
    phone.wait_reloaded()
    expect(page.locator("#offline-banner")).to_be_hidden()
    expect(page.locator(".rhythm")).to_contain_text("Last visit")
    expect(page.locator(".rhythm .badge.warn")).to_have_count(0)  # no longer overdue
    expect(page.get_by_role("button", name="Check out")).to_be_visible()
    phone.expect_synced()


def test_a_form_with_unsaved_input_stays_and_the_banner_says_back_online(page, field):
    phone = Phone(page)
    phone.check_in_offline(field)
    page.goto(field["note"])
    page.fill("#body", "Half a note, not saved yet")
    banner = page.locator("#offline-banner")
    expect(banner).to_contain_text("Offline — last updated")
    phone.mark_page()
    phone.offline(False)
    expect(banner).to_contain_text("Back online — this page is from")
    expect(banner.get_by_role("link", name="Reload")).to_be_visible()
    phone.wait_outbox(0)  # the check-in went: the first good sync is over
    phone.expect_synced()
    assert page.evaluate("window.folkaMarked") is True  # not reloaded
    expect(page.locator("#body")).to_have_value("Half a note, not saved yet")
    expect(banner).not_to_contain_text("Offline")
