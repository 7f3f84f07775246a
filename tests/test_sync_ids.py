"""Operation ids: a note and a visit are the record of the operation that made them.

Whatever the phone sends again — the same batch, a batch cut off and retried, an operation
twice in one batch — is applied once and answers "duplicate". An id already taken by another
user, or by another kind of operation, answers "conflict" and changes nothing.
"""

import datetime
import uuid

import pytest

from tests.conftest import Browser
from tests.conftest import Factory
from webapp import create_app
from webapp import db as database
from webapp import timeutil
from webapp.migrations import migrations

KINDS = ("check_in", "note", "check_out", "promise_kept")
TABLES = ("visits", "notes", "note_contacts", "note_topics", "topics", "promises", "operations")


def _at(minutes_ago):
    return timeutil.iso(timeutil.now() - datetime.timedelta(minutes=minutes_ago))


def visit_ops(client_id):
    """A visit as the outbox sends it: check in, a note with a promise, check out, kept."""
    visit, promise = str(uuid.uuid4()), str(uuid.uuid4())
    due = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    return {
        "check_in": {"id": str(uuid.uuid4()), "kind": "check_in", "at": _at(60)}
        | {"client_id": client_id, "lat": 60.39, "lon": 5.32, "accuracy": 10}
        | {"_visit": visit},
        "note": {"id": str(uuid.uuid4()), "kind": "note", "at": _at(30), "client_id": client_id}
        | {"body": "Spring order.", "visit_id": visit}
        | {"promises": [{"id": promise, "text": "Send the price list", "due_date": due}]},
        "check_out": {"id": str(uuid.uuid4()), "kind": "check_out", "at": _at(20)}
        | {"visit_id": visit},
        "promise_kept": {"id": str(uuid.uuid4()), "kind": "promise_kept", "at": _at(10)}
        | {"promise_id": promise},
    }


def ordered(ops):
    """The operations in the order the phone made them; a check-in's id is its visit's id."""
    ops["check_in"]["id"] = ops["check_in"].pop("_visit", ops["check_in"]["id"])
    return [ops[kind] for kind in KINDS]


class Phone:
    """A logged-in outbox."""

    def __init__(self, browser, user_id):
        self.browser, self.user_id = browser, user_id

    def sync(self, ops):
        token = self.browser.client.get("/api/session").json["csrf_token"]
        response = self.browser.client.post(
            "/api/sync",
            json={"user_id": self.user_id, "operations": ops},
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 200, response.text
        return [(r["status"], r.get("code")) for r in response.json["results"]]


def snapshot(db):
    """Every row of every table an operation writes."""
    return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES}


@pytest.fixture
def phone(world, as_user):
    return Phone(as_user("rep"), world["rep"]["id"])


@pytest.fixture
def visit(world):
    """The rep's visit at their own client, not sent yet."""
    return ordered(visit_ops(world["mine"]))


APPLIED, DUPLICATE, CONFLICT = ("applied", None), ("duplicate", None), ("rejected", "conflict")


def test_the_same_batch_twice_is_all_duplicates(phone, visit, db):
    assert phone.sync(visit) == [APPLIED] * 4
    before = snapshot(db)
    assert phone.sync(visit) == [DUPLICATE] * 4
    assert snapshot(db) == before
    # Each operation is recorded once: in its own row, or (no row of its own) in operations.
    assert db["visits"].count == 1 and db["notes"].count == 1 and db["promises"].count == 1
    kinds = sorted(row["kind"] for row in db["operations"].rows)
    assert kinds == ["check_out", "promise_kept"]


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_a_batch_cut_off_and_retried_is_applied_once(phone, visit, db, cut):
    assert phone.sync(visit[:cut]) == [APPLIED] * cut
    assert phone.sync(visit) == [DUPLICATE] * cut + [APPLIED] * (4 - cut)
    [stored] = db["visits"].rows
    assert stored["checked_out_at"] == visit[2]["at"] and stored["closed_by_check_in"] == 0
    assert db["notes"].count == 1 and db["operations"].count == 2
    assert db["promises"].get(visit[1]["promises"][0]["id"])["kept_at"] == visit[3]["at"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_operation_twice_in_one_batch_is_applied_once(phone, visit, db, kind):
    index = KINDS.index(kind)
    again = dict(visit[index], at=_at(5))  # a resend may differ: the id decides
    assert phone.sync([*visit, again]) == [APPLIED] * 4 + [DUPLICATE]
    assert db["visits"].count == 1 and db["notes"].count == 1 and db["operations"].count == 2
    assert db["visits"].get(visit[0]["id"])["checked_out_at"] == visit[2]["at"]
    assert db["promises"].get(visit[1]["promises"][0]["id"])["kept_at"] == visit[3]["at"]


def test_a_clash_while_writing_notes_rejects_only_that_note(phone, visit, world, db):
    """A clash the checks do not look for (a promise id already used) fails the run's write;
    the batch is applied again one operation at a time, with the same results."""
    clash = ordered(visit_ops(world["mine"]))[1] | {"promises": visit[1]["promises"]}
    batch = [*visit[:2], clash, *visit[2:]]
    assert phone.sync(batch) == [APPLIED, APPLIED, CONFLICT, APPLIED, APPLIED]
    before = snapshot(db)
    assert phone.sync(batch) == [DUPLICATE, DUPLICATE, CONFLICT, DUPLICATE, DUPLICATE]
    assert snapshot(db) == before
    assert db["notes"].count == 1 and db["promises"].count == 1 and db["operations"].count == 2
    assert db["visits"].get(visit[0]["id"])["checked_out_at"] == visit[2]["at"]


def _reusing(op, kind, world):
    """An operation of `kind` under the id of `op`, which would change something if applied."""
    fresh = ordered(visit_ops(world["mine"]))[KINDS.index(kind)]
    return dict(fresh, id=op["id"], at=_at(1))


@pytest.mark.parametrize("first,then", [(a, b) for a in KINDS for b in KINDS if a != b])
def test_an_id_used_by_another_kind_conflicts(phone, visit, world, db, first, then):
    assert phone.sync(visit) == [APPLIED] * 4
    before = snapshot(db)
    clash = _reusing(visit[KINDS.index(first)], then, world)
    if then in ("check_out", "promise_kept"):  # something of the rep's it could change
        clash.update(visit_id=visit[0]["id"], promise_id=visit[1]["promises"][0]["id"])
    assert phone.sync([clash]) == [CONFLICT]
    assert snapshot(db) == before


@pytest.mark.parametrize("kind", KINDS)
def test_an_id_used_for_another_target_conflicts(phone, visit, world, db, kind):
    """The same kind under the same id is a resend only when it is about the same thing: the
    client of a check-in or a note, the visit checked out, the promise kept."""
    second = ordered(visit_ops(world["theirs"]))
    assert phone.sync([*visit, *second[:2]]) == [APPLIED] * 6
    before = snapshot(db)
    index = KINDS.index(kind)
    assert phone.sync([dict(second[index], id=visit[index]["id"])]) == [CONFLICT]
    assert snapshot(db) == before


def test_another_kind_under_the_id_of_one_in_the_same_batch_conflicts(phone, world, db):
    check_in = ordered(visit_ops(world["mine"]))[0]
    note = _reusing(check_in, "note", world)
    second_note = dict(note, body="Changed my mind")
    assert phone.sync([note, check_in, second_note]) == [APPLIED, CONFLICT, DUPLICATE]
    assert db["visits"].count == 0 and [n["body"] for n in db["notes"].rows] == [note["body"]]


@pytest.mark.parametrize("who", ["colleague", "stranger"])
@pytest.mark.parametrize("theirs", KINDS)
def test_an_id_used_by_another_user_conflicts_and_touches_nothing(
    phone, world, as_user, db, who, theirs
):
    client = world["theirs"] if who == "colleague" else world["other_team"]
    other = Phone(as_user(who), world[who]["id"])
    their_visit = ordered(visit_ops(client))
    assert other.sync(their_visit) == [APPLIED] * 4
    before = snapshot(db)
    taken = their_visit[KINDS.index(theirs)]["id"]
    # Every kind under their id, each aimed at their rows where it names any: the same
    # answer whether or not the rep may see the client, and nothing changes.
    clashes = [dict(op, id=taken) for op in ordered(visit_ops(client))]
    clashes[2]["visit_id"] = their_visit[0]["id"]
    clashes[3]["promise_id"] = their_visit[1]["promises"][0]["id"]
    assert phone.sync(clashes) == [CONFLICT] * 4
    assert snapshot(db) == before


def test_operations_recorded_before_m008_are_still_duplicates(tmp_path):
    """A database the old code wrote, with a row in operations for every kind, migrated."""
    path = str(tmp_path / "old.db")
    old = database.connect(path)
    with database.transaction(old):
        migrations.apply(old, stop_before="m008_rows_record_their_operations")
    make = Factory(old)
    rep = make.user("rep", make.team("North"), email="rep@example.com")
    client = make.client(rep["team_id"], rep["id"])
    check_in, note, check_out, _kept = ordered(visit_ops(client))
    lost = dict(note, id=str(uuid.uuid4()))  # recorded, but its note row is gone
    now = timeutil.now_iso()
    with database.transaction(old):
        old["visits"].insert(
            {"id": check_in["id"], "client_id": client, "user_id": rep["id"]}
            | {"checked_in_at": check_in["at"], "checked_out_at": check_out["at"]}
            | {"received_at": now}
        )
        old["notes"].insert(
            {"id": note["id"], "client_id": client, "user_id": rep["id"], "body": note["body"]}
            | {"visit_id": check_in["id"], "written_at": note["at"], "received_at": now}
        )
        for op in (check_in, note, check_out, lost):
            row = {"id": op["id"], "user_id": rep["id"], "kind": op["kind"], "received_at": now}
            old["operations"].insert(row)
    old.conn.close()

    app = create_app({"TESTING": True, "DATABASE": path, "SECRET_KEY": "t"})  # migrates
    db = database.connect(path)
    assert sorted((row["id"], row["kind"]) for row in db["operations"].rows) == sorted(
        [(check_out["id"], "check_out"), (lost["id"], "note")]
    )
    before = snapshot(db)
    browser = Browser(app.test_client())
    browser.login("rep@example.com")
    assert Phone(browser, rep["id"]).sync([check_in, note, check_out, lost]) == [DUPLICATE] * 4
    assert snapshot(db) == before
    db.conn.close()
