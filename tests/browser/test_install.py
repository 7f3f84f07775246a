"""Installable to the home screen, and what the service worker answers (and leaves alone)."""

import pytest
from phone import ARGS
from phone import CHROMIUM
from phone import Phone
from phone import expect
from phone import phone_options

pytestmark = pytest.mark.browser

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1"
)


def test_chromium_finds_the_app_installable(playwright, live_server, field, tmp_path):
    options = phone_options(live_server)
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS, **options
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        phone = Phone(page)
        phone.login(field["rep"]["email"])
        phone.ready()
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/manifest.webmanifest") and manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_the_worker_serves_the_shell_but_never_the_api(page, field):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready()
    with page.expect_response("**/static/*/css/folka.css") as css:  # under its fingerprint
        page.reload()
    assert css.value.from_service_worker
    with page.expect_response("**/api/session") as session:
        page.evaluate("fetch('/api/session').then((r) => r.status)")
    assert not session.value.from_service_worker
    with page.expect_response("**/api/sync") as sync:
        page.evaluate("fetch('/api/sync', {method: 'POST'}).then((r) => r.status)")
    assert not sync.value.from_service_worker and sync.value.status == 400


def test_iphone_users_are_told_to_add_folka_to_the_home_screen(make_context, field):
    page = make_context(user_agent=IPHONE).new_page()
    Phone(page).login(field["rep"]["email"])
    hint = page.locator("#install-hint")
    expect(hint).to_contain_text("Add Folka to your home screen")
    hint.get_by_role("button", name="Got it").click()
    expect(hint).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(hint).to_be_hidden()


def test_other_phones_get_no_home_screen_hint(page, field):
    Phone(page).login(field["rep"]["email"])
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.locator("#install-hint")).to_be_hidden()
