"""Saved pages belong to one person: a user switch or an ended session on the same browser
removes the former user's saved pages before anything is shown, and offline a page is only
ever shown to the user it was saved for."""

import pytest
from phone import PASSWORD
from phone import Phone
from phone import expect
from phone import wait_until

from webapp.accounts import sessions

pytestmark = pytest.mark.browser

#: Run at the start of every document, before the page's own scripts: the saved pages on
#: the phone at that moment, as [path, the user they were saved for (Folka-User)].
WATCH = """
window.folkaSavedAtStart = caches.keys().then(async (names) => {
  const found = [];
  for (const name of names.filter((n) => n.startsWith('folka-pages-'))) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const saved = await cache.match(request);
      found.push([new URL(request.url).pathname, Number(saved.headers.get('Folka-User'))]);
    }
  }
  return found;
});
"""
SAVED_AT_START = "window.folkaSavedAtStart"
SAVED_NOW = "caches.keys().then((names) => names.filter((n) => n.startsWith('folka-pages-')))"
NEW_PASSWORD = "lantern orchard pebble violin"


def _visits(db, user_id):
    return db["visits"].count_where("user_id = ?", [user_id])


def _saved_for_rep(page, field):
    """The rep logged in with Today and Fjord's briefing saved on the phone."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"], field["note"])
    wait_until(page, "caches.match('/__folka/offline-pages.json').then((r) => Boolean(r))")
    return phone


def _expect_nothing_of_the_rep_offline(phone, field):
    """Offline, the rep's briefing shows the offline page, which lists none of their clients,
    and Today shows none of them either."""
    page = phone.page
    phone.offline()
    page.goto(field["briefing"])
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_text("Anna Berg")).to_have_count(0)
    expect(page.get_by_text("Fjord Rør AS")).to_have_count(0)
    page.goto("/")  # the offline page, or the Today of whoever is logged in now
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text("Bergen Bolt AS")).to_have_count(0)


def test_another_user_logging_in_never_sees_the_former_users_pages(context, page, field, make):
    """The rep's session is gone from the browser (it expired) before a logout, and a
    colleague logs in on it: the rep's pages are gone before the login page shows, the
    colleague's first page comes with none of them, and offline none opens."""
    context.add_init_script(WATCH)
    other_team = make.team()  # a colleague of the team would see the rep's clients too
    colleague = make.user("rep", other_team)
    colleague_client = make.client(other_team, colleague["id"], name="Colleague Kran AS")
    phone = _saved_for_rep(page, field)
    page.reload()  # the control: the watch sees the rep's pages while they are there
    assert [field["briefing"], field["rep"]["id"]] in page.evaluate(SAVED_AT_START)
    context.clear_cookies()
    page.goto("/login")
    assert page.evaluate(SAVED_AT_START) == []
    page.fill("#email", colleague["email"])
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.get_by_text("Colleague Kran AS").first).to_be_visible()
    saved = page.evaluate(SAVED_AT_START)  # the colleague's own first page may be there
    assert [user for _path, user in saved if user != colleague["id"]] == []
    phone.ready(f"/clients/{colleague_client}")
    _expect_nothing_of_the_rep_offline(phone, field)
    page.goto(f"/clients/{colleague_client}")  # the colleague's own saved page still opens
    expect(page.get_by_text("Colleague Kran AS").first).to_be_visible()


def test_a_session_switched_under_the_phone_drops_the_pages_before_the_first_page(
    context, page, field, make, make_context
):
    """The browser's cookie becomes another user's without any page in between (no login
    page, no logout): the first page that user sees already finds the rep's pages gone."""
    colleague = make.user("rep", make.team())
    phone = _saved_for_rep(page, field)
    laptop = make_context(service_workers="block").new_page()
    Phone(laptop).login(colleague["email"])
    context.add_init_script(WATCH)
    context.clear_cookies()
    context.add_cookies(laptop.context.cookies())
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-user-id", str(colleague["id"]))
    saved = page.evaluate(SAVED_AT_START)  # the colleague's own first page may be there
    assert [user for _path, user in saved if user != colleague["id"]] == []
    _expect_nothing_of_the_rep_offline(phone, field)


def test_offline_a_saved_page_opens_only_for_the_user_it_was_saved_for(page, field):
    """A copy that names another user (Folka-User) is not shown, even when it is still in a
    pages cache; the same copy naming the logged-in user is (the control)."""
    phone = _saved_for_rep(page, field)
    plant = """([user, url]) => caches.open('folka-pages-planted').then((cache) => cache.put(url,
      new Response('<!doctype html><title>Planted</title><h1>Planted page</h1>',
        { headers: { 'Content-Type': 'text/html', 'Folka-User': String(user) } })))"""
    page.evaluate(plant, [field["rep"]["id"] + 1000, "/clients/999999"])
    page.evaluate(plant, [field["rep"]["id"], "/clients/999998"])
    phone.offline()
    page.goto("/clients/999999")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.goto("/clients/999998")
    expect(page.get_by_role("heading", name="Planted page")).to_be_visible()


def test_a_password_changed_on_another_device_drops_the_pages_at_the_next_page(
    context, page, field, make_context
):
    phone = _saved_for_rep(page, field)
    laptop = make_context(service_workers="block").new_page()
    Phone(laptop).login(field["rep"]["email"])
    laptop.goto("/password")
    laptop.fill("#current", PASSWORD)
    laptop.fill("#new", NEW_PASSWORD)
    laptop.fill("#repeat", NEW_PASSWORD)
    laptop.get_by_role("button", name="Change password").click()
    expect(laptop.get_by_text("Other devices are logged out.")).to_be_visible()
    context.add_init_script(WATCH)
    page.goto(field["briefing"])  # the phone's session ended: to the login page
    page.wait_for_url("**/login**")
    assert page.evaluate(SAVED_AT_START) == []
    assert page.evaluate(SAVED_NOW) == []
    _expect_nothing_of_the_rep_offline(phone, field)


def test_sessions_ended_by_an_admin_drop_the_pages_at_the_next_sync(context, page, field, db):
    """No page is loaded: the sync finds the session ended (401). The pages go, the change
    waiting stays for its author and is stored once after the next login."""
    phone = _saved_for_rep(page, field)
    phone.offline()
    page.goto(field["briefing"])
    phone.check_in()
    sessions.end_all(db, field["rep"]["id"])  # the admin's "End sessions"
    phone.offline(False)
    expect(page.get_by_role("link", name="Log in to sync")).to_be_visible(timeout=15000)
    wait_until(page, f"{SAVED_NOW}.then((names) => names.length === 0)")
    assert len(phone.outbox()) == 1
    _expect_nothing_of_the_rep_offline(phone, field)
    phone.offline(False)
    phone.login(field["rep"]["email"])
    phone.wait_outbox(0)
    assert _visits(db, field["rep"]["id"]) == 1


def test_sync_now_after_the_sessions_ended_drops_the_pages(page, field, db):
    """Nothing waits to be sent: the refresh of the saved pages finds the session ended."""
    phone = _saved_for_rep(page, field)
    sessions.end_all(db, field["rep"]["id"])
    phone.sync_now()
    wait_until(page, f"{SAVED_NOW}.then((names) => names.length === 0)")
    _expect_nothing_of_the_rep_offline(phone, field)
    assert _visits(db, field["rep"]["id"]) == 0
