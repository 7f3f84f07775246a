"""The account menu behaves like a menu: it has a name, and it closes when left."""

import pytest
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def menu(page, field):
    """Today for the field's rep, with the account menu's group and its button."""
    Phone(page).login(field["rep"]["email"])
    group = page.get_by_role("group", name="Account menu")
    expect(group).to_be_attached()
    return group, group.locator("summary")


def test_escape_closes_the_menu_and_gives_focus_back(page, menu):
    group, button = menu
    button.click()
    expect(page.get_by_role("link", name="Profile and language")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Profile and language")).to_be_hidden()
    expect(button).to_be_focused()


def test_a_tap_outside_closes_the_menu(page, menu):
    _, button = menu
    button.click()
    expect(page.get_by_role("link", name="Profile and language")).to_be_visible()
    page.get_by_role("heading", name="Today").click()
    expect(page.get_by_role("link", name="Profile and language")).to_be_hidden()


def test_focus_leaving_the_menu_closes_it(page, menu):
    _, button = menu
    button.click()
    page.get_by_role("button", name="Log out").focus()
    page.keyboard.press("Tab")  # on to the page
    expect(page.get_by_role("link", name="Profile and language")).to_be_hidden()


def test_the_open_menu_leaves_the_sync_button_free(page, menu):
    _, button = menu
    button.click()
    sync = Phone(page).sync_button()
    box = sync.bounding_box()
    centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    on_top = "([x, y]) => document.elementFromPoint(x, y).closest('[data-sync-now]') !== null"
    assert page.evaluate(on_top, centre)
