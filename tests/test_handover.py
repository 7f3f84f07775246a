"""Handing clients over: the preview lists exactly what moves, and the hand-over moves that,
nothing else; promises keep their maker; deactivating an owner of clients leads here."""

import datetime
import re

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import flashes
from webapp import db as database
from webapp import timeutil


def promise(db, client_id, maker_id, text, kept=False, due_days=5):
    """A promise at the client made by `maker_id`, open or kept."""
    now = timeutil.now()
    promise_id = f"00000000-0000-4000-a000-{abs(hash(text)) % 10**12:012d}"
    with database.transaction(db):
        db["promises"].insert(
            {
                "id": promise_id,
                "client_id": client_id,
                "user_id": maker_id,
                "text": text,
                "due_date": (now.date() + datetime.timedelta(days=due_days)).isoformat(),
                "made_at": timeutil.iso(now),
                "kept_at": timeutil.iso(now) if kept else None,
                "received_at": timeutil.iso(now),
            }
        )
    return promise_id


def plan(db, owner_id, team_id, days_ahead, stops):
    """A day plan of `owner_id` `days_ahead` days from today with the clients `stops`."""
    day = (timeutil.now().date() + datetime.timedelta(days=days_ahead)).isoformat()
    now = timeutil.now_iso()
    with database.transaction(db):
        plan_id = (
            db["day_plans"]
            .insert(
                {
                    "uuid": f"plan-{owner_id}-{days_ahead}-{len(stops)}-{stops[0]}",
                    "owner_id": owner_id,
                    "team_id": team_id,
                    "day": day,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            .last_pk
        )
        for position, client_id in enumerate(stops):
            db["day_plan_stops"].insert(
                {"plan_id": plan_id, "position": position, "client_id": client_id}
            )
    return plan_id


@pytest.fixture
def book(db, make, world):
    """Emma (the world's rep) and her clients, worked out by hand:

    - Emma owns A and B in Bergen, C in Oslo, D in Bergen, archived, and the world's
      Fjord Rør AS, moved to Ålesund here; Ingrid (the colleague) owns E in Bergen.
    - Promises: at A, p1 by Emma (open), p2 by Emma (kept), p3 by Ingrid (open, hers); at C,
      p4 by Emma (open); at E, p5 by Emma (open, but E is not Emma's client).
    - At A, a person with a follow-up question waiting (t1), a closed topic and an open
      topic with no question.
    - Emma's plans: in 3 days A then B (all Bergen), in 4 days A then C (mixed), 2 days ago A.

    Handing Emma's Bergen clients to Ingrid moves A and B (not D: archived; not E: Ingrid's),
    promise p1 only, shows t1 only, and moves the plan in 3 days only.
    """
    north, emma, ingrid = world["north"], world["rep"]["id"], world["colleague"]["id"]
    with database.transaction(db):
        db["clients"].update(world["mine"], {"city": "Ålesund"})
    ids = {
        "A": make.client(north, emma, name="Anker Bakeri", city="Bergen"),
        "B": make.client(north, emma, name="Bryggen Kafé", city=" bergen "),
        "C": make.client(north, emma, name="Carl Berner Bygg", city="Oslo"),
        "D": make.client(north, emma, name="Dokken AS", city="Bergen", archived=1),
        "E": make.client(north, ingrid, name="Elvebakken Rør", city="Bergen"),
    }
    ids["p1"] = promise(db, ids["A"], emma, "Send the price list")
    ids["p2"] = promise(db, ids["A"], emma, "Bring samples", kept=True)
    ids["p3"] = promise(db, ids["A"], ingrid, "Call about the oven")
    ids["p4"] = promise(db, ids["C"], emma, "Quote for the roof")
    ids["p5"] = promise(db, ids["E"], emma, "Lend the ladder")
    person = make.contact(ids["A"], name="Kari Nordmann", title="Owner")
    ids["t1"] = make.topic(person, title="Daughter's wedding", follow_up="How was the wedding?")
    closed = make.topic(person, title="Knee surgery", follow_up="How is the knee?")
    with database.transaction(db):
        db.execute("UPDATE topics SET status = 'closed' WHERE id = ?", [closed])
    make.topic(person, title="Likes cycling", follow_up="")
    ids["plan_bergen"] = plan(db, emma, north, 3, [ids["A"], ids["B"]])
    ids["plan_mixed"] = plan(db, emma, north, 4, [ids["A"], ids["C"]])
    ids["plan_past"] = plan(db, emma, north, -2, [ids["A"]])
    return ids


def listed(html, kind):
    """The ids the preview lists under one heading."""
    match = re.search(rf'data-moving="{kind}">(.*?)</ul>', html, re.S)
    return re.findall(r'<li data-id="([^"]+)"', match.group(1)) if match else []


def preview(browser, world, **form):
    data = {"team": world["north"], "from": world["rep"]["id"], "to": world["colleague"]["id"]}
    return browser.post("/team/handover/preview", data={**data, **form})


def owners(db, ids):
    return {
        key: db.execute("SELECT owner_id FROM clients WHERE id = ?", [ids[key]]).fetchone()[0]
        for key in "ABCDE"
    }


def test_the_preview_lists_what_moves_and_the_hand_over_moves_exactly_that(
    db, world, book, as_user
):
    manager = as_user("manager")
    manager.get(f"/team/handover?from={world['rep']['id']}")
    page = preview(manager, world, mode="city", city="Bergen")
    assert page.status_code == 200
    assert sorted(listed(page.text, "clients")) == sorted([str(book["A"]), str(book["B"])])
    assert listed(page.text, "promises") == [book["p1"]]
    assert listed(page.text, "follow_ups") == [book["t1"]]
    assert listed(page.text, "plans") == [str(book["plan_bergen"])]
    assert "made by Rep rep" in page.text  # the maker's name beside the promise

    hidden = re.findall(
        r'<input type="hidden" name="(client|promise|plan)" value="([^"]+)"', page.text
    )
    data = {"team": world["north"], "from": world["rep"]["id"], "to": world["colleague"]["id"]}
    form = [(k, v) for k, v in data.items()] + hidden
    answer = manager.client.post(
        "/team/handover/confirm",
        data=MultiDict([("csrf_token", manager.token), *form]),
        follow_redirects=True,
    )
    assert ("success", "2 clients handed over to Rep colleague.") in flashes(answer.text)

    emma, ingrid = world["rep"]["id"], world["colleague"]["id"]
    assert owners(db, book) == {"A": ingrid, "B": ingrid, "C": emma, "D": emma, "E": ingrid}
    rows = {
        row[0]: (row[1], row[2]) for row in db.execute("SELECT id, user_id, owner_id FROM promises")
    }
    # p1 is now Ingrid's to keep, still made by Emma; nothing else changed hands.
    assert rows[book["p1"]] == (emma, ingrid)
    for key, maker in (("p2", emma), ("p3", ingrid), ("p4", emma), ("p5", emma)):
        assert rows[book[key]] == (maker, None)
    plans = dict(db.execute("SELECT id, owner_id FROM day_plans").fetchall())
    assert plans == {book["plan_bergen"]: ingrid, book["plan_mixed"]: emma, book["plan_past"]: emma}
    handover = db.execute("SELECT from_id, to_id, promises, plans FROM handovers").fetchall()
    assert [tuple(h) for h in handover] == [(emma, ingrid, 1, 1)]
    moved = db.execute("SELECT client_id FROM handover_clients ORDER BY client_id").fetchall()
    assert [m[0] for m in moved] == sorted([book["A"], book["B"]])
    audit = db.execute("SELECT detail FROM audit_log WHERE action = 'clients_handed_over'")
    assert [a[0] for a in audit] == [
        f"handover {1}: 2 clients, 1 promises, 1 plans",
    ]


def test_a_selection_or_all_clients(db, world, book, as_user):
    manager = as_user("manager")
    page = preview(manager, world, mode="some", client=[str(book["C"]), str(book["E"])])
    assert listed(page.text, "clients") == [str(book["C"])]  # E is not Emma's
    assert listed(page.text, "promises") == [book["p4"]]
    page = preview(manager, world, mode="all")
    assert sorted(listed(page.text, "clients")) == sorted(
        [*(str(book[k]) for k in "ABC"), str(world["mine"])]
    )


def test_a_preview_that_no_longer_holds_moves_nothing(db, world, book, as_user):
    manager = as_user("manager")
    page = preview(manager, world, mode="city", city="Bergen")
    hidden = re.findall(
        r'<input type="hidden" name="(client|promise|plan)" value="([^"]+)"', page.text
    )
    promise(db, book["B"], world["rep"]["id"], "Made after the preview")
    data = [
        ("team", world["north"]),
        ("from", world["rep"]["id"]),
        ("to", world["colleague"]["id"]),
    ]
    answer = manager.client.post(
        "/team/handover/confirm",
        data=MultiDict([("csrf_token", manager.token), *data, *hidden]),
    )
    assert answer.status_code == 409
    assert "Something changed since the preview" in answer.text
    assert owners(db, book)["A"] == world["rep"]["id"]
    assert db.execute("SELECT COUNT(*) FROM handovers").fetchone()[0] == 0


def test_bad_choices_are_explained(world, book, as_user):
    manager = as_user("manager")
    page = preview(manager, world, mode="city", city="Trondheim")
    assert page.status_code == 422
    assert "No clients of Rep rep match that choice." in page.text
    page = preview(manager, world, mode="all", to=str(world["rep"]["id"]))
    assert page.status_code == 422
    assert "Choose someone other than the clients&#39; owner." in page.text
    page = preview(manager, world, mode="sideways")
    assert page.status_code == 422


def test_access(world, book, as_user):
    rep = as_user("rep")
    assert rep.get("/team/handover").status_code == 403
    assert preview(rep, world, mode="all").status_code == 403
    manager = as_user("manager")
    assert manager.get(f"/team/handover?team={world['south']}").status_code == 404
    assert manager.get(f"/team/handover?from={world['stranger']['id']}").status_code == 404
    page = preview(manager, world, mode="all", to=str(world["stranger"]["id"]))
    assert page.status_code == 404
    page = preview(manager, world, mode="all", team=str(world["south"]))
    assert page.status_code == 404
    admin = as_user("admin")
    assert admin.get(f"/team/handover?team={world['south']}").status_code == 200
    assert admin.get("/team/handover?team=99999").status_code == 404


def test_deactivating_an_owner_of_clients_leads_to_the_hand_over(db, world, book, as_user):
    admin = as_user("admin")
    emma = world["rep"]["id"]
    admin.get(f"/admin/users/{emma}")
    answer = admin.post(f"/admin/users/{emma}/deactivate")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/team/handover?team={world['north']}&from={emma}"
    page = admin.get(answer.headers["Location"])
    assert (
        "error",
        "Rep rep still owns 4 clients. Hand them over before deactivating.",
    ) in flashes(page.text)
    assert db.execute("SELECT active FROM users WHERE id = ?", [emma]).fetchone()[0] == 1
    # Once every client has a new owner, the rep can go.
    with database.transaction(db):
        db.execute(
            "UPDATE clients SET owner_id = ? WHERE owner_id = ?", [world["colleague"]["id"], emma]
        )
    admin.get(f"/admin/users/{emma}")
    admin.post(f"/admin/users/{emma}/deactivate")
    assert db.execute("SELECT active FROM users WHERE id = ?", [emma]).fetchone()[0] == 0


def test_a_deactivated_rep_cannot_take_clients(db, world, book, as_user, make):
    gone = make.user("rep", world["north"], email="gone@example.com")
    with database.transaction(db):
        db["users"].update(gone["id"], {"active": 0})
    page = preview(as_user("manager"), world, mode="all", to=str(gone["id"]))
    assert page.status_code == 422
    assert "is deactivated and cannot take clients over" in page.text


def test_the_new_owner_reads_an_introduction_for_90_days(db, world, make, as_user, monkeypatch):
    emma, ingrid, mine = world["rep"]["id"], world["colleague"]["id"], world["mine"]
    kari = make.contact(mine, name="Kari Nordmann", title="Owner")
    make.topic(kari, title="Daughter's wedding", follow_up="How was the wedding?")
    make.visit(mine, emma, days_ago=30)
    promise(db, mine, emma, "Send the price list")
    with database.transaction(db):
        db["notes"].insert(
            {
                "id": "00000000-0000-4000-d000-000000000001",
                "client_id": mine,
                "user_id": emma,
                "body": "Kari was pleased with the delivery.",
                "written_at": timeutil.iso(timeutil.now() - datetime.timedelta(days=30)),
                "received_at": timeutil.now_iso(),
            }
        )
        db["note_contacts"].insert(
            {"note_id": "00000000-0000-4000-d000-000000000001", "contact_id": kari}
        )
    manager = as_user("manager")
    page = preview(manager, world, mode="all")
    hidden = re.findall(
        r'<input type="hidden" name="(client|promise|plan)" value="([^"]+)"', page.text
    )
    data = [("team", world["north"]), ("from", emma), ("to", ingrid)]
    manager.client.post(
        "/team/handover/confirm", data=MultiDict([("csrf_token", manager.token), *data, *hidden])
    )

    ingrid_browser = as_user("colleague")
    page = ingrid_browser.get(f"/clients/{mine}").text
    year = timeutil.now().year
    assert f"Rep rep knew these people — since {year}" in page
    intro = page.split("data-introduction")[1].split("</section>")[0]
    assert "Kari Nordmann" in intro and "Owner" in intro and "met once" in intro
    assert "Daughter&#39;s wedding" in intro and "How was the wedding?" in intro
    assert "Send the price list" in intro and "not kept yet" in intro
    assert "Kari was pleased with the delivery." in intro
    # The open promise is Ingrid's now and still says who made it.
    assert "made by Rep rep" in page.split('id="promises-h"')[1]
    ingrid_browser.post(f"/team/clients/{mine}/people/{kari}/introduced")
    page = ingrid_browser.get(f"/clients/{mine}").text
    assert "Mark introduced" not in page and ">Introduced<" in page

    later = timeutil.now() + datetime.timedelta(days=91)
    monkeypatch.setattr(timeutil, "now", lambda: later)
    page = as_user("colleague").get(f"/clients/{mine}").text
    assert "data-introduction" not in page
    assert f"Rep rep knew these people — since {year}" in page


def test_a_promise_handed_over_is_in_the_new_owners_calendar(app, db, world, book, as_user):
    from webapp.review import exports

    manager = as_user("manager")
    page = preview(manager, world, mode="city", city="Bergen")
    hidden = re.findall(
        r'<input type="hidden" name="(client|promise|plan)" value="([^"]+)"', page.text
    )
    data = [
        ("team", world["north"]),
        ("from", world["rep"]["id"]),
        ("to", world["colleague"]["id"]),
    ]
    manager.client.post(
        "/team/handover/confirm", data=MultiDict([("csrf_token", manager.token), *data, *hidden])
    )
    with app.app_context():
        ingrid = exports.create_token(db, world["colleague"]["id"])
        emma = exports.create_token(db, world["rep"]["id"])
    feed = app.test_client().get(f"/calendar/{ingrid}.ics").text
    assert "Send the price list" in feed and "Call about the oven" in feed
    feed = app.test_client().get(f"/calendar/{emma}.ics").text
    assert "Send the price list" not in feed and "Quote for the roof" in feed
