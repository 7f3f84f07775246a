"""The weekly review's "Relationship risk" and hand-over progress, against a small team whose
risks are counted by hand below."""

import datetime
import itertools
import re

import pytest

from webapp import db as database
from webapp import timeutil

_ids = itertools.count(1)


def note(db, client_id, user_id, people=(), days_ago=3):
    """A note by `user_id` at the client naming `people` (a meeting when it names anyone)."""
    note_id = f"00000000-0000-4000-b000-{next(_ids):012d}"
    when = timeutil.iso(timeutil.now() - datetime.timedelta(days=days_ago))
    with database.transaction(db):
        db["notes"].insert(
            {
                "id": note_id,
                "client_id": client_id,
                "user_id": user_id,
                "body": "Good talk.",
                "written_at": when,
                "received_at": when,
            }
        )
        for person in people:
            db["note_contacts"].insert({"note_id": note_id, "contact_id": person})
    return note_id


def promise(db, client_id, maker_id, text, kept=False):
    now = timeutil.now_iso()
    with database.transaction(db):
        db["promises"].insert(
            {
                "id": f"00000000-0000-4000-c000-{next(_ids):012d}",
                "client_id": client_id,
                "user_id": maker_id,
                "text": text,
                "due_date": timeutil.now().date().isoformat(),
                "made_at": now,
                "kept_at": now if kept else None,
                "received_at": now,
            }
        )


@pytest.fixture
def team(db, make, world):
    """Counted by hand:

    Clients: A met by Emma only (single); B met by Emma and Ingrid; C met by Ola only
    (single, and Ola has left: C's Per was met only by a leaver); D's Dag met by Ola and
    Emma (neither list); E has a note naming nobody (no meeting: not single); F is archived
    (met by Ola only: not counted).
    Questions: at A, 29 days waiting on a 28-day rhythm (listed) and 28 days (not); at B,
    20 days on a 14-day rhythm (listed); a closed topic and one without a question, 60 days
    (not). Promises: at A, open by Ola (left) and by Mona (now in the South team): listed;
    open by Emma, kept by Ola, and at F by Ola: not.
    """
    north = world["north"]
    emma, ingrid = world["rep"]["id"], world["colleague"]["id"]
    ola = make.user("rep", north, email="ola@example.com")["id"]
    mona = make.user("rep", north, email="mona@example.com")["id"]
    c = {k: make.client(north, emma, name=f"Client {k}") for k in "ABCDEF"}
    people = {k: make.contact(c[k], name=f"Person {k}") for k in "ABCDF"}
    note(db, c["A"], emma, [people["A"]])
    note(db, c["A"], emma, [people["A"]])
    note(db, c["B"], emma, [people["B"]])
    note(db, c["B"], ingrid, [people["B"]])
    note(db, c["C"], ola, [people["C"]])
    note(db, c["D"], ola, [people["D"]])
    note(db, c["D"], emma, [people["D"]])
    note(db, c["E"], ingrid, [])
    note(db, c["F"], ola, [people["F"]])
    waiting = make.topic(people["A"], follow_up="How was the trip?", days_ago=29)
    make.topic(people["A"], follow_up="Did the new oven come?", days_ago=28)
    short = make.topic(people["B"], follow_up="How is the knee?", days_ago=20)
    closed = make.topic(people["B"], follow_up="Ask about the boat", days_ago=60)
    make.topic(people["D"], follow_up="", days_ago=60)
    promise(db, c["A"], ola, "Send Ola's price list")
    promise(db, c["A"], mona, "Call back about delivery")
    promise(db, c["A"], emma, "Bring samples")
    promise(db, c["A"], ola, "Already kept", kept=True)
    promise(db, c["F"], ola, "At an archived client")
    with database.transaction(db):
        db.execute("UPDATE clients SET rhythm_days = 14 WHERE id = ?", [c["B"]])
        db.execute("UPDATE clients SET archived = 1 WHERE id = ?", [c["F"]])
        db.execute("UPDATE topics SET status = 'closed' WHERE id = ?", [closed])
        db.execute("UPDATE users SET active = 0 WHERE id = ?", [ola])
        db.execute("UPDATE users SET team_id = ? WHERE id = ?", [world["south"], mona])
    return {"clients": c, "people": people, "waiting": waiting, "short": short}


def risks(html, kind):
    return re.findall(rf'data-risk="{kind}" data-[a-z-]+="([^"]+)"', html)


def test_the_risk_list_matches_the_hand_count(world, team, as_user):
    page = as_user("manager").get("/review").text
    c = team["clients"]
    assert sorted(risks(page, "single_rep")) == sorted([str(c["A"]), str(c["C"])])
    assert risks(page, "leavers") == [str(team["people"]["C"])]
    assert risks(page, "waiting") == [team["waiting"], team["short"]]  # longest wait first
    assert len(risks(page, "promises")) == 2
    assert "Send Ola&#39;s price list" in page and "Call back about delivery" in page
    assert "Bring samples" not in page.split('id="relationship-risk"')[1]
    assert f'href="/clients/{c["A"]}"' in page  # each row leads to the client


def test_a_long_list_counts_all_and_lists_the_first_twenty(db, make, world, as_user):
    """A team of thousands of clients may have thousands in a list: the count says all of
    them, the page lists twenty (six, then fourteen under "Show 14 more") and says the rest."""
    emma = world["rep"]["id"]
    for i in range(25):
        client = make.client(world["north"], emma, name=f"Solo {i:02d} AS")
        note(db, client, emma, [make.contact(client, name=f"Person {i}")])
    page = as_user("manager").get("/review").text
    heading = page.split("Clients only one rep has met", 1)[1]
    assert re.search(r'<span class="count">(\d+)</span>', heading).group(1) == "25"
    assert len(risks(page, "single_rep")) == 20
    assert "Show 14 more" in heading and "and 5 more" in heading


def test_only_the_teams_manager_or_an_admin_sees_it(world, team, as_user):
    assert "Relationship risk" not in as_user("rep").get("/review").text
    assert as_user("manager").get(f"/review?team={world['south']}").status_code == 404
    page = as_user("admin").get(f"/review?team={world['north']}").text
    assert len(risks(page, "single_rep")) == 2


def test_hand_over_progress_counts_introductions(db, world, make, as_user):
    north, emma, ingrid = world["north"], world["rep"]["id"], world["colleague"]["id"]
    kari = make.contact(world["mine"], name="Kari")
    make.contact(world["mine"], name="Nils")
    manager = as_user("manager")
    manager.get("/team/handover")
    page = manager.post(
        "/team/handover/preview",
        data={"team": north, "from": emma, "to": ingrid, "mode": "all"},
    )
    ids = re.findall(r'name="client" value="(\d+)"', page.text)
    manager.post(
        "/team/handover/confirm",
        data={"team": north, "from": emma, "to": ingrid, "client": ids},
    )
    assert "0 of 2 people introduced" in manager.get("/review").text
    # Only the new owner marks someone introduced; anyone else gets a 404.
    url = f"/team/clients/{world['mine']}/people/{kari}/introduced"
    rep = as_user("rep")
    rep.get("/")
    assert rep.post(url).status_code == 404
    ingrid_browser = as_user("colleague")
    ingrid_browser.get("/")
    assert ingrid_browser.post(url).status_code == 302
    assert ingrid_browser.post(url).status_code == 302  # twice is once
    assert "1 of 2 people introduced" in manager.get("/review").text
    other = make.contact(world["theirs"], name="Elsewhere")
    bad = f"/team/clients/{world['mine']}/people/{other}/introduced"
    assert ingrid_browser.post(bad).status_code == 404


def _sync(browser, user_id, ops):
    token = browser.client.get("/api/session").json["csrf_token"]
    answer = browser.client.post(
        "/api/sync", json={"user_id": user_id, "operations": ops}, headers={"X-CSRFToken": token}
    )
    return [{k: v for k, v in r.items() if k in ("status", "code")} for r in answer.json["results"]]


def test_mark_introduced_syncs_once_and_only_for_the_clients_owner(db, world, make, as_user):
    kari = make.contact(world["mine"], name="Kari")
    other = make.contact(world["other_team"], name="Southern")
    at = timeutil.now_iso()

    def mark(op_id, contact_id):
        return {"id": op_id, "kind": "mark_introduced", "at": at, "v": 2, "contact_id": contact_id}

    first = "00000000-0000-4000-e000-000000000001"
    emma = as_user("rep")
    results = _sync(
        emma,
        world["rep"]["id"],
        [
            mark(first, kari),
            mark(first, kari),  # the same operation again
            mark("00000000-0000-4000-e000-000000000002", kari),  # marked twice: still once
            mark("00000000-0000-4000-e000-000000000003", other),  # another team's person
            mark("00000000-0000-4000-e000-000000000004", "kari"),
        ],
    )
    assert results == [
        {"status": "applied"},
        {"status": "duplicate"},
        {"status": "applied"},
        {"status": "rejected", "code": "not_found"},
        {"status": "rejected", "code": "invalid"},
    ]
    rows = db.execute("SELECT contact_id, user_id, at FROM introductions").fetchall()
    assert [tuple(r) for r in rows] == [(kari, world["rep"]["id"], at)]
    # A colleague sees the client but does not own it.
    ingrid = as_user("colleague")
    results = _sync(
        ingrid, world["colleague"]["id"], [mark("00000000-0000-4000-e000-00000000000a", kari)]
    )
    assert results == [{"status": "rejected", "code": "not_owner"}]
