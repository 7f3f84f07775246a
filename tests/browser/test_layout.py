"""Pages hold still while their scripts fill them in, and say nothing of syncing without them."""

import time

import pytest
from phone import PASSWORD
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser

#: The layout shift of the page so far (what Lighthouse calls CLS), from the buffered entries.
LAYOUT_SHIFT = """
new Promise((resolve) => {
  new PerformanceObserver((list) => {
    resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0));
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(0), 500);  // no entry at all: nothing moved
})
"""


def test_today_and_the_briefing_do_not_move_once_the_sync_status_is_filled_in(make_context, field):
    # The scripts arrive late, as on a slow phone: the page is painted before they run.
    page = make_context(service_workers="block").new_page()
    page.route("**/static/js/app.js", lambda route: (time.sleep(0.4), route.continue_()))
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    for url in ("/", field["briefing"]):
        page.goto(url)
        phone.expect_synced()
        page.wait_for_timeout(300)
        assert page.evaluate(LAYOUT_SHIFT) < 0.01, url


def test_without_javascript_the_sync_status_is_not_shown(make_context, field):
    page = make_context(java_script_enabled=False).new_page()
    page.goto("/login")
    page.fill("#email", field["rep"]["email"])
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(field["briefing"])
    expect(page.get_by_role("button", name="Check in")).to_be_visible()
    expect(page.locator("#sync-status")).to_be_hidden()
