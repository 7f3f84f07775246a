"""The offline page, for a page not saved on the phone: what waits first, then a way on."""

import pytest
from phone import Phone
from phone import expect
from phone import wait_until

pytestmark = pytest.mark.browser

INDEX = "caches.match('/__folka/offline-pages.json').then((r) => Boolean(r))"


@pytest.fixture
def offline_page(page, field):
    """Offline, a check-in and a note waiting, on a page that is not saved: the offline page."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", field["briefing"], field["note"])
    wait_until(page, INDEX)
    phone.offline()
    page.goto(field["briefing"])
    phone.check_in()
    phone.write_note("Talked about the spring order.")
    page.goto("/clients/new")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    return phone


def test_what_waits_and_try_again_come_first(page, offline_page):
    phone = offline_page
    expect(phone.status()).to_contain_text("2 changes waiting")
    waiting = page.get_by_role("region", name="Waiting to sync")
    expect(waiting).to_contain_text("Check-in · Fjord Rør AS")
    expect(waiting).to_contain_text("Note · Fjord Rør AS")
    expect(waiting).to_contain_text("Talked about the spring order.")
    retry = page.get_by_role("link", name="Try again")
    saved = page.get_by_role("list", name="Saved on this phone")
    assert retry.bounding_box()["y"] < waiting.bounding_box()["y"] < saved.bounding_box()["y"]
    assert retry.bounding_box()["y"] + retry.bounding_box()["height"] < 844  # on the first screen
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Today")).to_be_visible()
    expect(nav.get_by_role("link", name="Weekly review")).to_be_visible()
    expect(phone.sync_button()).to_have_accessible_name("Sync now")


def test_the_saved_clients_can_be_filtered(page, offline_page):
    saved = page.get_by_role("list", name="Saved on this phone")
    expect(saved.get_by_role("link", name="Fjord Rør AS")).to_be_visible()
    page.get_by_role("searchbox", name="Filter the saved clients").fill("bolt")
    expect(saved.get_by_role("link", name="Bergen Bolt AS")).to_be_visible()
    expect(saved.get_by_role("link", name="Fjord Rør AS")).to_be_hidden()
    page.get_by_role("searchbox", name="Filter the saved clients").fill("nothing like it")
    expect(page.get_by_text("No saved client matches.")).to_be_visible()


def test_back_online_it_syncs_and_opens_the_page_wanted(page, offline_page, db, field):
    offline_page.offline(False)
    expect(page.get_by_role("heading", name="New client")).to_be_visible(timeout=20000)
    offline_page.wait_outbox(0)
    assert db["notes"].count_where("user_id = ?", [field["rep"]["id"]]) == 1
