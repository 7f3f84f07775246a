"""The sync status costs a phone no room when all is synced, and says no more than it must."""

import pytest
from phone import PASSWORD
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser

#: Counts every change of the sync status's live region from now on.
WATCH_LIVE_REGION = """() => {
  window.folkaSpoken = [];
  const region = document.querySelector("[data-sync-announce]");
  new MutationObserver(() => window.folkaSpoken.push(region.textContent))
    .observe(region, { childList: true, characterData: true, subtree: true });
}"""
#: A change saved on the phone, as the forms save it (the page's own outbox module).
ADD_CHANGE = """([userId, clientId]) => import(
  new URL('outbox.js', document.querySelector('script[type=module][src]').src)).then((outbox) =>
  outbox.add(userId, { id: crypto.randomUUID(), kind: "check_in", at: new Date().toISOString(),
                       client_id: clientId }, { clientId, clientName: "Fjord Rør AS" }))"""


def test_all_synced_is_a_small_mark_in_the_top_bar(page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["briefing"])
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".flash")).to_have_text("Checked in.")
    phone.expect_synced()
    header = page.locator("header.bar").bounding_box()
    chip = phone.sync_button().bounding_box()
    assert chip["y"] >= header["y"] and chip["y"] + chip["height"] <= header["y"] + header["height"]
    # Nothing between the top bar and the page: "Check out" stays near the top.
    main = page.locator("#main").bounding_box()
    assert abs(main["y"] - (header["y"] + header["height"])) < 1


def test_waiting_changes_take_a_short_bar_inside_the_screen_in_polish(make_context, field, make):
    rep = make.user("rep", field["team"], locale="pl", email="pl-bar@example.com")
    make.db["clients"].update(field["fjord"], {"owner_id": rep["id"]})
    page = make_context(locale="pl-PL", viewport={"width": 360, "height": 740}).new_page()
    phone = Phone(page)
    page.goto("/login")
    page.fill("#email", rep["email"])
    page.fill("#password", PASSWORD)
    page.locator(".login form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    phone.ready(field["briefing"])
    phone.offline()
    page.goto(field["briefing"])
    page.locator("form[data-op=check_in] button[type=submit]").click()
    bar = phone.status()
    expect(bar).to_contain_text("1 zmiana czeka Brak połączenia. Spróbujemy ponownie.")
    assert bar.bounding_box()["height"] < 64  # two lines at most
    expect(phone.sync_button()).to_have_accessible_name("Synchronizuj teraz")
    chip = phone.sync_button().bounding_box()
    assert chip["x"] >= 0 and chip["x"] + chip["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_screen_readers_hear_changes_of_state_not_the_clock(page, field):
    page.clock.install()
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(field["briefing"])
    page.get_by_role("button", name="Check in").click()  # synced through the outbox
    expect(page.locator(".flash")).to_have_text("Checked in.")
    phone.expect_synced()
    detail = page.locator("#sync-chip-detail")
    expect(detail).to_contain_text("last sync")
    before = detail.text_content()
    page.evaluate(WATCH_LIVE_REGION)
    page.clock.fast_forward("05:00")  # ten ticks of the status's clock
    expect(detail).not_to_have_text(before)  # "last sync 5 minutes ago"
    assert page.evaluate("window.folkaSpoken") == []
    # A change of state is spoken once.
    phone.offline()
    page.evaluate(ADD_CHANGE, [field["rep"]["id"], field["fjord"]])
    region = page.locator("[data-sync-announce]")
    expect(region).to_have_text("1 change waiting")
    page.clock.fast_forward("02:00")
    assert [text for text in page.evaluate("window.folkaSpoken") if text] == ["1 change waiting"]
