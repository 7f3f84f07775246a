"""Kept figures of weeks that are over: the same as counted afresh, after any late write.

The team review keeps each person's figures of a complete week (webapp/review/kept_weeks.py). Phones
sync days late, so every kind of write that can change a past week is made here after the
week was kept, and the kept figures must then equal what webapp/review/figures.py counts afresh.
"""

import ast
import datetime
import hashlib
import pathlib
import sqlite3
import uuid
from zoneinfo import ZoneInfo

import pytest

from tests import review_data
from tests.review_data import at
from webapp import db as database
from webapp import timeutil
from webapp.accounts import users
from webapp.admin import privacy
from webapp.review import figures
from webapp.review import kept_weeks
from webapp.review import week_ahead
from webapp.review import weeks

OSLO = ZoneInfo("Europe/Oslo")
W45 = weeks.parse_week("2026-W45", OSLO)
LATER = timeutil.parse("2026-12-01T12:00:00Z")


@pytest.fixture
def week45(world, make, db):
    """The fixed week of field work (see tests/review_data.py)."""
    return review_data.build(world, make, db)


@pytest.fixture
def manager(db, world):
    return users.get_user(db, world["manager"]["id"])


def kept_count(db):
    return db.execute("SELECT COUNT(*) FROM week_figures").fetchone()[0]


def afresh(db, user, team, week=W45, now=LATER):
    """The team page's figures counted from the records, with nothing kept."""
    ids = [m["id"] for m in figures.week_members(db, team["id"], week)]
    figs = figures.figures(db, user, ids, week, now)
    ref = week.reference(now)
    week_visits = figures.visits(db, user, ids, week.start, week.end, week.tz)
    due = week_ahead.due_clients(db, user, ref, ref, week.tz, team_id=team["id"])
    promises = week_ahead.promises_due(db, user, ids, ref, week.tz, ref.astimezone(week.tz).date())
    return {
        "figures": figs,
        "weekday": figures.by_weekday(week_visits, week.tz),
        "trend": figures.trend(db, user, ids, week),
        "overdue_clients": [c["id"] for c in due if c["overdue_days"] > 0],
        "overdue_promises": [p["id"] for p in promises],
    }


def shown(db, user, team, week=W45, now=LATER):
    """The same, as the team page gets them from weekcache."""
    data = kept_weeks.team_week(db, user, team, week, now)
    return {
        "figures": {**{r["id"]: r["figures"] for r in data["rows"]}, "total": data["total"]},
        "weekday": data["weekday"],
        "trend": data["trend"],
        "overdue_clients": [c["id"] for c in data["overdue_clients"]],
        "overdue_promises": [p["id"] for p in data["overdue_promises"]],
    }


def late_builder(db):
    """A builder whose ids follow those of review_data.build."""
    builder = review_data.Builder(db)
    builder.n = 1000
    return builder


def write(db, sql, args=()):
    with database.transaction(db):
        db.execute(sql, args)


def delete_note(db, note_id):
    with database.transaction(db):
        for table in ("note_topics", "note_contacts"):
            db.execute(f"DELETE FROM {table} WHERE note_id = ?", [note_id])
        db.execute("DELETE FROM notes WHERE id = ?", [note_id])


# Late writes, each as a phone's sync or an admin would make it, days after week 45.
LATE = {
    "note linked to a visit, with a topic": lambda b, ids, w, db: b.note(
        w["mine"],
        w["rep"]["id"],
        "11-20 10:00",
        "Late.",
        visit=ids["v3"],
        topics=[(ids["dog"], "open")],
    ),  # fmt: skip
    "unlinked note on a visit's day, with a topic": lambda b, ids, w, db: b.note(
        w["mine"], w["rep"]["id"], "11-08 22:55", "Same evening.", topics=[(ids["dog"], "open")]
    ),
    "topic added to a note already there": lambda b, ids, w, db: write(
        db,
        "INSERT INTO note_topics (note_id, topic_id, status) VALUES (?, ?, 'open')",
        [ids["n3"], ids["cabin"]],
    ),  # fmt: skip
    "a note's topics removed": lambda b, ids, w, db: write(
        db, "DELETE FROM note_topics WHERE note_id = ?", [ids["n2"]]
    ),
    "note moved to a visit of the week before": lambda b, ids, w, db: write(
        db, "UPDATE notes SET visit_id = ? WHERE id = ?", [ids["v0"], ids["n1"]]
    ),
    "note deleted": lambda b, ids, w, db: delete_note(db, ids["n1"]),
    "check-in synced late": lambda b, ids, w, db: b.visit(
        w["mine"], w["rep"]["id"], "11-04 08:00", "11-04 09:30"
    ),
    "check-out synced late": lambda b, ids, w, db: write(
        db, "UPDATE visits SET checked_out_at = ? WHERE id = ?", [at("11-05 14:30"), ids["v4"]]
    ),
    "visit deleted": lambda b, ids, w, db: write(
        db, "DELETE FROM visits WHERE id = ?", [ids["v5"]]
    ),
    "visit at a client that was overdue": lambda b, ids, w, db: b.visit(
        ids["gammel"], w["colleague"]["id"], "11-06 08:00", "11-06 09:00"
    ),
    "promise kept offline in the week": lambda b, ids, w, db: write(
        db,
        "UPDATE promises SET kept_at = ?, kept_changed_at = ? WHERE id = ?",
        [at("11-05 09:00"), at("11-05 09:00"), ids["p4"]],
    ),  # fmt: skip
    "promise made in the week, synced late": lambda b, ids, w, db: b.promise(
        w["mine"], w["rep"]["id"], "Late one", "11-03 12:00", "2026-11-05"
    ),
    "promise deleted": lambda b, ids, w, db: write(
        db, "DELETE FROM promises WHERE id = ?", [ids["p6"]]
    ),
    "topic made in the week, synced late": lambda b, ids, w, db: b.topic(
        ids["anna"], "Skiing", "11-04 10:00", by=w["rep"]["id"]
    ),
    "contact erased with their topics": lambda b, ids, w, db: privacy.erase_contact(
        db, ids["anna"], w["admin"]["id"]
    ),
    "client archived": lambda b, ids, w, db: write(
        db, "UPDATE clients SET archived = 1 WHERE id = ?", [w["mine"]]
    ),
    "client moved to another team": lambda b, ids, w, db: write(
        db, "UPDATE clients SET team_id = ? WHERE id = ?", [w["south"], ids["berg"]]
    ),
    "client's rhythm changed": lambda b, ids, w, db: write(
        db, "UPDATE clients SET rhythm_days = 365 WHERE id = ?", [ids["gammel"]]
    ),
    "new client": lambda b, ids, w, db: write(
        db,
        "INSERT INTO clients (team_id, name, created_at) VALUES (?, 'Brand New AS', ?)",
        [w["north"], at("11-30 10:00")],
    ),  # fmt: skip
    "contact moved to another client": lambda b, ids, w, db: write(
        db, "UPDATE contacts SET client_id = ? WHERE id = ?", [w["other_team"], ids["per"]]
    ),
}


@pytest.mark.parametrize("late", LATE.values(), ids=LATE.keys())
def test_kept_figures_follow_every_late_write(week45, manager, world, db, late):
    team = figures.get_team(db, manager)
    before = shown(db, manager, team)
    assert before == afresh(db, manager, team)
    assert kept_count(db) > 0  # the week is kept now
    late(late_builder(db), week45, world, db)
    after = shown(db, manager, team)
    assert after == afresh(db, manager, team)
    assert after != before  # each late write changes something on the page


def test_a_late_note_changes_that_weeks_personal_touch(week45, manager, world, db):
    team = figures.get_team(db, manager)
    rep = world["rep"]["id"]
    data = kept_weeks.team_week(db, manager, team, W45, LATER)
    rows = {r["id"]: r["figures"] for r in data["rows"]}
    assert (rows[rep]["touched"], rows[rep]["visits"]) == (2, 5)
    assert data["total"]["rate"] == pytest.approx(3 / 6)
    # Ten days later a phone syncs the note it wrote after V3, naming the dog.
    late_builder(db).note(
        world["mine"], rep, "11-03 11:05", "Asked about the dog.", visit=week45["v3"],
        topics=[(week45["dog"], "followed_up")],
    )  # fmt: skip
    data = kept_weeks.team_week(db, manager, team, W45, LATER)
    rows = {r["id"]: r["figures"] for r in data["rows"]}
    assert (rows[rep]["touched"], rows[rep]["rate"]) == (3, pytest.approx(3 / 5))
    assert data["total"]["rate"] == pytest.approx(4 / 6)
    assert data["trend"][-1]["touched"] == 4


def test_the_page_shows_a_late_note_at_once(week45, as_user, world, db):
    manager = as_user("manager")
    assert "in 3 of 6 visits" in manager.get("/review?week=2026-W45").text
    late_builder(db).note(
        world["mine"], world["rep"]["id"], "11-25 09:00", "Late.", visit=week45["v3"],
        topics=[(week45["dog"], "open")],
    )  # fmt: skip
    page = manager.get("/review?week=2026-W45").text
    assert "67%" in page and "in 4 of 6 visits" in page


def test_late_data_for_one_week_leaves_the_others_kept(week45, manager, world, db):
    team = figures.get_team(db, manager)
    kept_weeks.team_week(db, manager, team, W45, LATER)
    kept = kept_count(db)
    assert kept == 2 * figures.TREND_WEEKS  # two reps, eight weeks
    late_builder(db).visit(world["mine"], world["rep"]["id"], "11-04 08:00", "11-04 09:00")
    assert kept_count(db) == kept - 1  # only the rep's week 45


def test_a_running_week_is_never_kept(week45, manager, db):
    team = figures.get_team(db, manager)
    thursday = timeutil.parse("2026-11-05T12:00:00Z")
    assert shown(db, manager, team, W45, thursday) == afresh(db, manager, team, W45, thursday)
    starts = [r[0] for r in db.execute("SELECT week_start FROM week_figures")]
    assert timeutil.iso(W45.start) not in starts and len(starts) == 2 * 7


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_kept_figures_are_per_zone_and_per_scope(week45, world, db, who):
    user = users.get_user(db, world[who]["id"])
    team = figures.get_team(db, user, world["north"] if who == "admin" else None)
    assert shown(db, user, team) == afresh(db, user, team)
    in_utc = weeks.parse_week("2026-W45", ZoneInfo("UTC"))
    assert shown(db, user, team, in_utc) == afresh(db, user, team, in_utc)
    # In UTC V6 (Sunday 23:30 UTC) joins week 45.
    assert shown(db, user, team, in_utc)["figures"]["total"]["visits"] == 7


def test_figures_kept_while_something_else_writes_are_not_kept(week45, manager, db, app):
    other = sqlite3.connect(app.config["DATABASE"], isolation_level=None)

    def compute():
        result = db.execute("SELECT COUNT(*) FROM visits").fetchone()[0]
        other.execute("UPDATE visits SET checked_out_at = checked_out_at")  # another worker
        return result

    def insert(db, result):
        db.execute("INSERT INTO week_figures VALUES (1, 0, 'UTC', 'x', 1, 'y', 0, 0, '{}', '{}')")

    assert kept_weeks._store(db, compute, insert) > 0
    assert kept_count(db) == 0 and not db.conn.in_transaction
    other.close()


def test_figures_of_an_older_version_are_counted_again(week45, manager, world, db):
    team = figures.get_team(db, manager)
    kept_weeks.team_week(db, manager, team, W45, LATER)
    write(db, "UPDATE week_figures SET version = version - 1, figures = '{}', overdue = '{}'")
    assert shown(db, manager, team) == afresh(db, manager, team)


def test_long_overdue_lists_are_the_first_and_counted(world, make, manager, db):
    rep = world["rep"]["id"]
    b = late_builder(db)
    for n in range(30):
        b.promise(
            world["mine"], rep, f"Promise {n:02d}", "2026-10-01 10:00", f"2026-10-{n + 1:02d}"
        )
        make.client(world["north"], rep, name=f"Never Seen {n:02d} AS")
    team = figures.get_team(db, manager)
    for _ in range(2):  # counted, then kept
        data = kept_weeks.team_week(db, manager, team, W45, LATER)
        assert data["overdue_promises_count"] == 30 and data["overdue_clients_count"] == 32
        assert [p["text"] for p in data["overdue_promises"]] == [
            f"Promise {n:02d}" for n in range(kept_weeks.LIST_LIMIT)
        ]
        assert len(data["overdue_clients"]) == kept_weeks.LIST_LIMIT


def test_a_phone_syncing_last_weeks_visit_days_later_updates_the_kept_week(
    world, make, as_user, db
):
    last_week = weeks.week_of(timeutil.now() - datetime.timedelta(days=7), OSLO)
    url = f"/review?week={last_week}"
    manager = as_user("manager")
    assert "no visits this week" in manager.get(url).text
    assert kept_count(db) > 0
    contact = make.contact(world["mine"], name="Anna")
    topic = make.topic(contact, "Golf", "Ask about the handicap")
    wednesday = last_week.start + datetime.timedelta(days=2, hours=9)
    visit = str(uuid.uuid4())
    rep = as_user("rep")
    token = rep.client.get("/api/session").json["csrf_token"]
    operations = [
        {"id": visit, "kind": "check_in", "at": timeutil.iso(wednesday),
         "client_id": world["mine"]},
        {"id": str(uuid.uuid4()), "kind": "note",
         "at": timeutil.iso(wednesday + datetime.timedelta(minutes=40)),
         "client_id": world["mine"], "visit_id": visit, "body": "Golf again.",
         "contacts_met": [contact], "topics": [{"id": topic, "status": "followed_up"}]},
    ]  # fmt: skip
    answer = rep.client.post(
        "/api/sync",
        json={"user_id": world["rep"]["id"], "operations": operations},
        headers={"X-CSRFToken": token},
    )
    assert [r["status"] for r in answer.json["results"]] == ["applied", "applied"]
    page = manager.get(url).text
    assert "in 1 of 1 visit" in page and "100%" in page


#: The code of the figures (a fingerprint of figures.py and week_ahead.py without comments and
#: docstrings) that each kept_weeks.VERSION was set for.
FIGURES_CODE = {
    1: "e99a41f596469a71",
    2: "896e0ada0585dbe9",  # clients due and overdue in the user's calendar days
}


def code_fingerprint(*modules):
    """What the modules compute: their syntax trees without docstrings, hashed."""
    digest = hashlib.sha256()
    for module in modules:
        tree = ast.parse(pathlib.Path(module.__file__).read_text())
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (
                isinstance(body, list)
                and body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
        digest.update(ast.dump(tree).encode())
    return digest.hexdigest()[:16]


def test_the_kept_figures_version_follows_the_code_that_counts_them():
    found = code_fingerprint(figures, week_ahead)
    assert FIGURES_CODE.get(kept_weeks.VERSION) == found, (
        "figures.py or week_ahead.py changed. If what they count changed, figures kept by the old"
        f" code are wrong: raise kept_weeks.VERSION to {kept_weeks.VERSION + 1} and add"
        f' {kept_weeks.VERSION + 1}: "{found}" to FIGURES_CODE. If nothing they count changed'
        f' (a rename, a faster query), set FIGURES_CODE[{kept_weeks.VERSION}] = "{found}".'
    )
