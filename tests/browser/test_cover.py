"""A cover on the phone: the covering rep has the covered rep's clients offline, and what
they write there syncs under their own name."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from phone import Phone
from phone import expect

from webapp import db as database
from webapp import timeutil

pytestmark = pytest.mark.browser

BODY = "Met Anna while Emma is away; she asked for the spring prices."


def test_a_covering_rep_reads_the_covered_clients_offline_and_writes_as_herself(
    page, field, make, db
):
    emma = field["rep"]
    ingrid = make.user("rep", field["team"])
    make.client(field["team"], ingrid["id"], name="Ingrid's Own AS")
    today = timeutil.now().astimezone(ZoneInfo("Europe/Oslo")).date()
    with database.transaction(db):
        db["covers"].insert(
            {
                "team_id": field["team"],
                "covering_id": ingrid["id"],
                "covered_id": emma["id"],
                "first_day": (today - datetime.timedelta(days=1)).isoformat(),
                "last_day": (today + datetime.timedelta(days=1)).isoformat(),
                "made_by": emma["id"],
                "made_at": timeutil.now_iso(),
            }
        )
    phone = Phone(page)
    phone.login(ingrid["email"])
    # Today lists Emma's clients beside Ingrid's own, and the phone keeps their briefings.
    expect(page.get_by_text("Fjord Rør AS")).to_be_visible()
    expect(page.get_by_text("Ingrid's Own AS")).to_be_visible()
    phone.ready("/", field["briefing"], field["note"])

    phone.offline()
    page.goto("/")
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.get_by_text("Fjord Rør AS")).to_be_visible()
    page.goto(field["briefing"])
    expect(page.get_by_text("Anna Berg")).to_be_visible()
    expect(page.get_by_text("Golf")).to_be_visible()
    phone.write_note(BODY)
    expect(page.locator("#pending-notes")).to_contain_text(BODY)

    phone.offline(False)
    phone.sync_now()
    phone.expect_synced()
    rows = list(db.query("SELECT user_id FROM notes WHERE client_id = ?", [field["fjord"]]))
    assert [row["user_id"] for row in rows] == [ingrid["id"]]
    # The briefing shows the note under Ingrid's name, as Emma will read it.
    page.goto(field["briefing"])
    note = page.locator(".note", has_text=BODY).first
    expect(note).to_contain_text(db["users"].get(ingrid["id"])["name"])
