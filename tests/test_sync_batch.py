"""Property: a sync batch answers and stores exactly what its operations sent one by one do.

The server checks a run of notes against a few queries and writes it at once, and falls
back to one operation at a time when a write clashes. Operations may depend on earlier ones
in the batch (a visit, a new topic, a promise, a repeated id) or clash with them. Random
batches full of both must give the same results and rows as one request per operation.
"""

import datetime
import os
import shutil
import uuid

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD
from tests.conftest import Browser
from webapp import create_app
from webapp import db as database
from webapp import timeutil
from webapp import users


def _ids(base, count):
    return [str(uuid.UUID(int=base + n)) for n in range(count)]


REP, COLLEAGUE = 1, 2
#: Clients 1 and 2 are the rep's team's, 3 another team's, 4 archived; then wrong types.
CLIENTS = [1, 1, 1, 1, 1, 2, 3, 4, "1", None]
#: Contacts 1 and 2 work at client 1, 3 at client 2, 4 at client 3.
CONTACTS = [1, 1, 2, 3, 4, 99]
TOPICS = _ids(0x100, 3)  # one at each of clients 1, 2 and 3
NEW_TOPICS = _ids(0x200, 4)
PROMISES = _ids(0x300, 2)  # the rep's at client 1, one at client 3
NEW_PROMISES = _ids(0x400, 6)
COLLEAGUES_VISIT = str(uuid.UUID(int=0x500))
VISITS = _ids(0x600, 6) + [COLLEAGUES_VISIT]  # the ids check-ins use
OPERATION_IDS = _ids(0x700, 30) + VISITS[:2]
TABLES = {
    "visits": "id, client_id, user_id, checked_in_at, checked_out_at, closed_by_check_in,"
    " lat, lon, accuracy_m, distance_m, out_lat, out_lon, out_accuracy_m",
    "notes": "id, client_id, user_id, visit_id, body, written_at",
    "note_contacts": "note_id, contact_id",
    "note_topics": "note_id, topic_id, status",
    "topics": "id, contact_id, title, follow_up, status, status_at, last_mentioned_at",
    "promises": "id, client_id, user_id, note_id, text, due_date, made_at, kept_at,"
    " kept_changed_at",
    "operations": "id, user_id, kind",
}


def _some(rnd, make):
    """Mostly nothing, sometimes one or two items."""
    return [make() for _ in range(rnd.choice([0, 0, 0, 1, 1, 2]))]


def _note(rnd, op):
    due = datetime.date.today() + datetime.timedelta(days=rnd.choice([3, 3, 3, 9999]))
    return op | {
        "client_id": rnd.choice(CLIENTS),
        "visit_id": rnd.choice([None, None, *VISITS]),
        "body": rnd.choice(["Spring order."] * 5 + ["  "]),
        "contacts_met": _some(rnd, lambda: rnd.choice(CONTACTS)),
        "topics": _some(
            rnd,
            lambda: {
                "id": rnd.choice(TOPICS + NEW_TOPICS),
                "status": rnd.choice(["open", "followed_up", "closed", "closed", "done"]),
                "follow_up": rnd.choice([None, None, "Ask again", "x" * 201]),
            },
        ),
        "new_topics": _some(
            rnd,
            lambda: {
                "id": rnd.choice(NEW_TOPICS),
                "contact_id": rnd.choice(CONTACTS),
                "title": "Cup",
            },
        ),
        "promises": _some(
            rnd,
            lambda: {
                "id": rnd.choice(NEW_PROMISES + PROMISES),
                "text": "Send it",
                "due_date": due.isoformat(),
            },
        ),
    }


def operation(rnd, start):
    """One operation, valid or not, drawing on small pools of ids so that they meet."""
    at = timeutil.iso(start + datetime.timedelta(minutes=rnd.randint(0, 120)))
    op = {"id": rnd.choice(OPERATION_IDS), "at": at}
    kind = rnd.choice(["note"] * 6 + ["check_in"] * 2 + ["check_out", "promise_kept", "junk"])
    if kind == "note":
        return _note(rnd, op | {"kind": "note"})
    if kind == "check_in":
        return op | {
            "kind": kind,
            "id": rnd.choice(VISITS),
            "client_id": rnd.choice(CLIENTS),
            "lat": 60.4,
            "lon": 5.3,
            "accuracy": 20,
        }
    if kind == "check_out":
        return op | {"kind": kind, "visit_id": rnd.choice(VISITS)}
    if kind == "promise_kept":
        return op | {
            "kind": kind,
            "promise_id": rnd.choice(PROMISES + NEW_PROMISES),
            "kept": rnd.choice([True, False, "yes"]),
        }
    return rnd.choice(
        [
            "not an operation",
            {"id": "not-a-uuid", "kind": "note"},
            op | {"kind": "delete"},
            op | {"kind": "note", "at": "yesterday", "client_id": 1},
        ]
    )


def _world(path):
    """The database every example starts from: two teams, clients, contacts, topics, a
    promise and a colleague's visit."""
    db = database.connect(path)
    with database.transaction(db):
        north = users.get_or_create_team(db, "North")
        south = users.get_or_create_team(db, "South")
        for client_id, team, archived in [
            (1, north, 0),
            (2, north, 0),
            (3, south, 0),
            (4, north, 1),
        ]:
            db["clients"].insert(
                {
                    "id": client_id,
                    "team_id": team,
                    "name": f"Client {client_id}",
                    "lat": 60.39,
                    "lon": 5.32,
                    "archived": archived,
                    "created_at": "x",
                }
            )
        for contact_id, client_id in [(1, 1), (2, 1), (3, 2), (4, 3)]:
            db["contacts"].insert(
                {"id": contact_id, "client_id": client_id, "name": "Anna", "created_at": "x"}
            )
        long_ago = "2000-01-01T00:00:00.000Z"
        for topic_id, contact_id in zip(TOPICS, [1, 3, 4], strict=True):
            db["topics"].insert(
                {
                    "id": topic_id,
                    "contact_id": contact_id,
                    "title": "Golf",
                    "status": "open",
                    "status_at": long_ago,
                    "last_mentioned_at": long_ago,
                    "created_at": long_ago,
                    "received_at": long_ago,
                }
            )
    users.create_user(db, "rep@example.com", "Rep", PASSWORD, "rep", north)
    users.create_user(db, "colleague@example.com", "Colleague", PASSWORD, "rep", north)
    with database.transaction(db):
        for promise_id, client_id in zip(PROMISES, [1, 3], strict=True):
            db["promises"].insert(
                {
                    "id": promise_id,
                    "client_id": client_id,
                    "user_id": REP,
                    "text": "Call",
                    "due_date": "2030-01-01",
                    "made_at": long_ago,
                    "received_at": long_ago,
                }
            )
        db["visits"].insert(
            {
                "id": COLLEAGUES_VISIT,
                "client_id": 2,
                "user_id": COLLEAGUE,
                "checked_in_at": timeutil.now_iso(),
                "received_at": long_ago,
            }
        )
        db["operations"].insert(
            {
                "id": COLLEAGUES_VISIT,
                "user_id": COLLEAGUE,
                "kind": "check_in",
                "received_at": long_ago,
            }
        )
    db.conn.close()


@pytest.fixture
def template(tmp_path):
    """A migrated database file holding the world, copied for each send."""
    path = str(tmp_path / "world.db")
    create_app({"TESTING": True, "DATABASE": path, "SECRET_KEY": "t"})
    _world(path)
    return path


class Phone:
    """The rep's outbox against a fresh copy of the world."""

    def __init__(self, template, path):
        shutil.copy(template, path)
        self.app = create_app({"TESTING": True, "DATABASE": path, "SECRET_KEY": "t"})
        self.browser = Browser(self.app.test_client())
        self.browser.login("rep@example.com")
        self.token = self.browser.client.get("/api/session").json["csrf_token"]
        self.path = path

    def sync(self, ops):
        response = self.browser.client.post(
            "/api/sync",
            json={"user_id": REP, "operations": ops},
            headers={"X-CSRFToken": self.token},
        )
        assert response.status_code == 200, response.text
        return response.json["results"]

    def state(self):
        db = database.connect(self.path)
        try:
            return {
                table: sorted(map(tuple, db.execute(f"SELECT {columns} FROM {table}")), key=repr)
                for table, columns in TABLES.items()
            }
        finally:
            db.conn.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rnd=st.randoms(use_true_random=False), size=st.integers(1, 40))
def test_a_batch_is_its_operations_one_by_one(template, tmp_path_factory, rnd, size):
    start = timeutil.now() - datetime.timedelta(hours=3)
    ops = [operation(rnd, start) for _ in range(size)]
    folder = tmp_path_factory.mktemp("send")
    whole = Phone(template, os.path.join(folder, "batch.db"))
    alone = Phone(template, os.path.join(folder, "alone.db"))
    assert whole.sync(ops) == [alone.sync([op])[0] for op in ops]
    assert whole.state() == alone.state()
