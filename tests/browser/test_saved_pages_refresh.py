"""A refresh of the saved pages fetches again only the clients whose pages changed."""

import urllib.parse

import pytest
from phone import Phone
from phone import expect
from phone import wait_until

from webapp.db import transaction

pytestmark = pytest.mark.browser

INDEX = "caches.match('/__folka/offline-pages.json').then((r) => r ? r.json() : null)"


def index_at(page):
    return page.evaluate(f"{INDEX}.then((index) => index && index.at)")


def refreshed(page, phone, since):
    """Tap "Synced" (push, then refresh every saved page) and wait for the refresh's end."""
    phone.sync_now()
    wait_until(page, f"{INDEX}.then((index) => index && index.at > {since})")
    return index_at(page)


def test_a_refresh_fetches_again_only_the_client_that_changed(context, page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    bolt = f"/clients/{field['bolt']}"
    phone.ready("/", field["briefing"], field["note"], bolt, f"{bolt}/note")
    offered = page.evaluate("fetch('/api/offline-pages').then((r) => r.json())")["pages"]
    script = f"{INDEX}.then((index) => index && index.pages.length === {len(offered)})"
    wait_until(page, script)  # every page the server offers is saved
    asked, pages = [], []

    def count(route):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(route.request.url).query)
        asked.append(query.get("ids", [""])[0])
        route.continue_()

    def page_fetched(route):
        pages.append(route.request.url)
        route.continue_()

    context.route("**/api/offline-pages/batch*", count)
    context.route("**/clients/**", page_fetched)  # a briefing or note form fetched alone
    at = refreshed(page, phone, index_at(page))
    # Nothing changed: one batch, for Today alone, and no briefing or note form fetched.
    assert asked == [""] and pages == []

    with transaction(db):
        db["contacts"].update(field["anna"], {"name": "Anna Berg-Lie"})
    refreshed(page, phone, at)
    assert asked == ["", str(field["fjord"])] and pages == []
    context.unroute("**/clients/**")
    phone.offline()
    page.goto(field["briefing"])
    expect(page.get_by_text("Anna Berg-Lie")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("Offline — last updated")
    assert db.execute(
        "SELECT COUNT(*) FROM contacts WHERE client_id = ?", [field["fjord"]]
    ).fetchone() == (1,)
