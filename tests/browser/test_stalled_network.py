"""A network that stalls (weak signal, not offline): after the first stall, a saved page
shows after a short wait instead of the full 4 s, and the network is asked again."""

import pytest
from phone import Phone
from phone import expect
from phone import wait_until

pytestmark = pytest.mark.browser

#: Milliseconds from the start of the navigation to the end of the page's answer, measured
#: by the page itself (the worker's wait included, the test driver's round trips not).
ANSWERED_AFTER = "performance.getEntriesByType('navigation')[0].responseEnd"


def test_after_a_stall_a_saved_page_shows_quickly(context, page, field, live_server):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    pages = ["/", field["briefing"], field["note"]]
    phone.ready(*pages)
    wait_until(page, "caches.match('/__folka/offline-pages.json').then((r) => Boolean(r))")
    base = live_server["url"]
    stalled = {base + path for path in pages}
    # The pages' and the API's requests are taken and never answered (a weak signal: nothing
    # comes back, yet the phone thinks it is online); the app's files are on the phone.
    context.route(
        lambda url: url.split("?")[0] in stalled or url.startswith(base + "/api/"),
        lambda route: None,
    )
    page.goto(field["briefing"])
    expect(page.get_by_text("Anna Berg")).to_be_visible()
    first = page.evaluate(ANSWERED_AFTER)
    assert first > 3500, first  # the first stall costs the full wait: the route does stall
    banner = page.locator("#offline-banner")
    expect(banner).to_contain_text("The network is slow — this page is from")
    page.goto("/")
    expect(page.get_by_text("Bergen Bolt AS")).to_be_visible()
    quick = page.evaluate(ANSWERED_AFTER)
    assert quick < 1500, quick
    expect(banner).to_contain_text("The network is slow — this page is from")
    # The network is back (the requests held go through): the first sync that reaches the
    # server replaces the saved copy by the live page, and the next page is live too.
    phone.mark_page()
    context.unroute_all(behavior="ignoreErrors")
    phone.wait_reloaded(timeout=30)
    expect(page.get_by_text("Bergen Bolt AS")).to_be_visible()
    expect(banner).to_be_hidden()
    page.goto(field["note"])
    expect(page.locator("#body")).to_be_visible()
    expect(banner).to_be_hidden()
