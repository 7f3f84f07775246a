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
    # The briefing shows the note under Ingrid's name, as Emma will read it. After its
    # first good sync a saved page may reload itself to the live one: a navigation that
    # this reload aborts is made again.
    try:
        page.goto(field["briefing"])
    except Exception as error:  # Playwright's Error, net::ERR_ABORTED
        if "ERR_ABORTED" not in str(error):
            raise
        page.goto(field["briefing"])
    note = page.locator(".note", has_text=BODY).first
    expect(note).to_contain_text(db["users"].get(ingrid["id"])["name"])


def test_the_new_owner_marks_a_person_introduced_offline(page, field, make, db):
    emma = field["rep"]
    ingrid = make.user("rep", field["team"])
    now = timeutil.now_iso()
    with database.transaction(db):
        db["clients"].update(field["fjord"], {"owner_id": ingrid["id"]})
        handover = (
            db["handovers"]
            .insert(
                {
                    "team_id": field["team"],
                    "from_id": emma["id"],
                    "to_id": ingrid["id"],
                    "made_by": emma["id"],
                    "made_at": now,
                }
            )
            .last_pk
        )
        db["handover_clients"].insert({"handover_id": handover, "client_id": field["fjord"]})
    phone = Phone(page)
    phone.login(ingrid["email"])
    page.goto(field["briefing"])
    expect(page.locator("[data-introduction]")).to_contain_text("Anna Berg")
    phone.ready("/", field["briefing"])

    phone.offline()
    page.goto(field["briefing"])
    page.get_by_role("button", name="Mark introduced").click()
    mark = page.locator(".introduced-mark")
    expect(mark).to_have_text("Introduced — waiting to sync")
    page.reload()  # still shown as waiting from the outbox
    expect(page.locator(".introduced-mark")).to_have_text("Introduced — waiting to sync")
    assert db.execute("SELECT COUNT(*) FROM introductions").fetchone()[0] == 0

    phone.offline(False)
    phone.sync_now()
    phone.expect_synced()
    rows = db.execute(
        "SELECT contact_id, user_id FROM introductions WHERE contact_id = ?", [field["anna"]]
    ).fetchall()
    assert [tuple(r) for r in rows] == [(field["anna"], ingrid["id"])]
