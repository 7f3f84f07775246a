"""In Chromium with a Polish profile, the offline confirmation and the sync status are Polish."""

import os

import pytest
from babel.support import Translations
from phone import PASSWORD
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def polish():
    """The Polish catalogue the server uses."""
    return Translations.load(os.path.join(ROOT, "translations"), ["pl"])


def test_offline_note_is_confirmed_and_counted_in_polish(make_context, field, make, polish):
    rep = make.user("rep", field["team"], locale="pl", email="pl-phone@example.com")
    make.db["clients"].update(field["fjord"], {"owner_id": rep["id"]})
    context = make_context(locale="pl-PL")
    page = context.new_page()
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "pl"
    page.fill("#email", rep["email"])
    page.fill("#password", PASSWORD)
    page.locator(".login form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    phone = Phone(page)
    phone.ready(field["briefing"], field["note"])

    phone.offline()
    page.goto(field["briefing"])
    page.locator("form[data-op=check_in] button[type=submit]").click()
    saved = polish.gettext("Saved on this phone — will sync.")
    assert saved != "Saved on this phone — will sync."
    expect(page.locator("#toast")).to_have_text(saved, timeout=1500)

    page.goto(field["note"])
    page.fill("#body", "Rozmowa o zamówieniu na wiosnę.")
    page.locator("form.note-form button[type=submit]").click()
    expect(page.locator("#toast, .flash").first).to_contain_text(saved, timeout=1500)
    waiting = polish.ngettext("%(num)d change waiting", "%(num)d changes waiting", 2) % {"num": 2}
    assert waiting == "2\u00a0zmiany czekają"  # the "few" form: 2–4; the count keeps its word
    expect(phone.status()).to_contain_text(waiting)
    expect(page.locator("#pending-notes")).to_contain_text(polish.gettext("Waiting to sync"))
