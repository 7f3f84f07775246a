"""Reading offline: Today and briefings from the service worker's cache, with a banner."""

import pytest
from phone import SAVED
from phone import Phone
from phone import PlaywrightError
from phone import expect
from phone import wait_until

pytestmark = pytest.mark.browser


def read_offline(page, url, text):
    """Open `url` with no network: it must render from the cache, saying it is offline."""
    page.goto(url)
    expect(page.get_by_text(text).first).to_be_visible()
    banner = page.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Offline — last updated")


def test_today_and_briefing_open_offline_with_banner(page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"], field["note"])
    phone.offline()
    read_offline(page, "/", "Bergen Bolt AS")
    read_offline(page, field["briefing"], "Anna Berg")
    expect(page.get_by_text("Golf")).to_be_visible()
    expect(page.get_by_role("button", name="Check in")).to_be_visible()


def test_without_the_service_worker_the_offline_read_fails(make_context, field):
    """Negative control: the same steps with service workers blocked must not pass."""
    context = make_context(service_workers="block")
    page = context.new_page()
    Phone(page).login(field["rep"]["email"])
    page.goto(field["briefing"])
    expect(page.get_by_text("Anna Berg")).to_be_visible()
    context.set_offline(True)
    with pytest.raises((PlaywrightError, AssertionError)):
        read_offline(page, field["briefing"], "Anna Berg")


def test_a_page_not_saved_shows_the_offline_page_with_saved_ones(page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"])
    wait_until(page, "caches.match('/__folka/offline-pages.json').then((r) => Boolean(r))")
    phone.offline()
    page.goto("/clients/new")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.get_by_role("link", name="Fjord Rør AS").click()
    expect(page.get_by_text("Anna Berg")).to_be_visible()


def test_logout_forgets_the_saved_pages(page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"])
    phone.logout()
    names = page.evaluate("caches.keys()")
    assert [n for n in names if n.startswith("folka-pages-")] == []
    assert any(n.startswith("folka-shell-") for n in names)
    phone.offline()
    page.goto(field["briefing"])
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_text("Anna Berg")).to_have_count(0)


def test_a_logout_the_page_script_missed_still_forgets_the_saved_pages(page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"])
    # form.submit() sends the form without the submit event pages.js listens for.
    page.evaluate("document.querySelector('form[data-logout]').submit()")
    page.wait_for_url("**/login")
    names = page.evaluate("caches.keys()")
    assert [n for n in names if n.startswith("folka-pages-")] == []


def test_a_page_opened_online_is_saved_by_opening_it(page, field, make):
    """A briefing the last refresh did not save — the client came after it — is kept when
    opened online, and opens offline from the phone's copy."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"])
    wait_until(page, "caches.match('/__folka/offline-pages.json').then((r) => Boolean(r))")
    newcomer = make.client(field["team"], field["rep"]["id"], name="Nordnes Nye AS")
    briefing = f"/clients/{newcomer}"
    # The next full refresh is 15 minutes away, so only the navigation can save this page.
    page.goto(briefing)
    expect(page.get_by_text("Nordnes Nye AS").first).to_be_visible()
    wait_until(page, SAVED, [briefing], timeout=10)
    phone.offline()
    page.reload()
    expect(page.get_by_text("Nordnes Nye AS").first).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("Offline — last updated")


def test_a_failed_refresh_of_the_saved_pages_shows_in_the_sync_status(context, page, field):
    """The worker's background refresh has no page of its own: its failures are counted in
    the sync status, with the last error kept on the phone, until a refresh goes through."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"])
    wait_until(page, "caches.match('/__folka/offline-pages.json').then((r) => Boolean(r))")
    batch = "**/api/offline-pages/batch*"  # the saved pages come in batches
    context.route(batch, lambda route: route.fulfill(status=500, body="Down"))
    phone.sync_now()  # and refresh every saved page
    expect(phone.status()).to_contain_text("1 update of the saved pages failed")
    expect(phone.sync_button()).to_have_accessible_name("Sync now")  # never "Synced" then
    failures = page.evaluate(
        "import(new URL('failures.js', document.querySelector('script[type=module][src]').src))"
        ".then((f) => f.failures())"
    )
    assert failures["count"] == 1 and "HTTP 500 for /api/offline-pages/batch" in failures["error"]
    context.unroute(batch)
    phone.sync_now()
    phone.expect_synced()
    expect(phone.status()).not_to_contain_text("failed")
