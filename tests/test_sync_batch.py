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
from webapp.accounts import users


def _ids(base, count):
    return [str(uuid.UUID(int=base + n)) for n in range(count)]


REP, COLLEAGUE = 1, 2
#: Clients 1 and 2 are the rep's team's, 3 another team's, 4 archived; then wrong types.
CLIENTS = [1, 1, 1, 1, 2, 3, 4, "1", None]
#: Contacts 1 and 2 work at client 1, 3 at client 2, 4 at client 3.
CONTACTS = {1: [1, 2], 2: [3]}
TOPICS = _ids(0x100, 3)  # one at each of clients 1, 2 and 3
PROMISES = _ids(0x300, 2)  # the rep's at client 1, one at client 3
COLLEAGUES_VISIT = str(uuid.UUID(int=0x500))
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


class Outbox:
    """Random operations that often name what earlier ones made: visits, topics, promises,
    their own ids. In one batch out of three, new topics and promises may reuse an id."""

    def __init__(self, rnd, start):
        self.rnd, self.start = rnd, start
        self.clashes = rnd.random() < 0.3
        self.made = {"op": [COLLEAGUES_VISIT], "visit": [], "topic": [], "promise": []}
        self.client_of = {TOPICS[0]: 1, TOPICS[1]: 2, COLLEAGUES_VISIT: 2}

    def batch(self, size):
        return [self.operation() for _ in range(size)]

    def new(self, kind, reuse, client_id=None):
        """A fresh id, or with probability `reuse` one made before."""
        made = self.made[kind]
        if made and self.rnd.random() < reuse:
            return self.rnd.choice(made)
        made.append(str(uuid.UUID(int=self.rnd.getrandbits(128))))
        self.client_of[made[-1]] = client_id
        return made[-1]

    def at(self, client_id, kind):
        """Ids made before at this client, mostly; sometimes any."""
        ids = [i for i in self.made[kind] if self.client_of.get(i) == client_id]
        return ids if self.rnd.random() < 0.8 else self.made[kind] + [COLLEAGUES_VISIT]

    def some(self, make):
        return [make() for _ in range(self.rnd.choice([0, 0, 1, 1, 2]))]

    def operation(self):
        rnd = self.rnd
        at = timeutil.iso(self.start + datetime.timedelta(minutes=rnd.randint(0, 120)))
        op = {"id": self.new("op", 0.1), "at": at}
        kind = rnd.choice(["note"] * 6 + ["check_in"] * 2 + ["check_out", "promise_kept", "junk"])
        if kind == "note":
            return self.note(op | {"kind": kind})
        if kind == "check_in":
            client_id = rnd.choice(CLIENTS)
            op["id"] = self.new("visit", 0.1, client_id)
            return op | {"kind": kind, "client_id": client_id, "lat": 60.4, "lon": 5.3}
        if kind == "check_out":
            return op | {"kind": kind, "visit_id": rnd.choice(self.made["visit"] or [None])}
        if kind == "promise_kept":
            kept = rnd.choice([True, False, "yes"])
            return op | {"kind": kind, "promise_id": self.promise(), "kept": kept}
        return rnd.choice(
            [
                "not an operation",
                {"id": "not-a-uuid", "kind": "note"},
                op | {"kind": "delete"},
                op | {"kind": "note", "at": "yesterday", "client_id": 1},
            ]
        )

    def promise(self):
        return self.rnd.choice(PROMISES + self.made["promise"])

    def note(self, op):
        """A note at client 1 or 2, mostly valid, else with one mistake."""
        rnd = self.rnd
        client_id = rnd.choice([1, 1, 1, 2])
        contacts = CONTACTS[client_id]
        reuse = 0.1 if self.clashes else 0
        due = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
        note = op | {
            "client_id": client_id,
            "visit_id": rnd.choice([None, *self.at(client_id, "visit")]),
            "body": "Spring order.",
            "contacts_met": self.some(lambda: rnd.choice(contacts)),
            "topics": self.some(
                lambda: {
                    "id": rnd.choice(
                        TOPICS[client_id - 1 : client_id] + self.at(client_id, "topic")
                    ),
                    "status": rnd.choice(["open", "followed_up", "closed"]),
                    "follow_up": rnd.choice([None, "Ask again"]),
                }
            ),
            "new_topics": self.some(
                lambda: {
                    "id": self.new("topic", reuse, client_id),
                    "contact_id": rnd.choice(contacts),
                    "title": "Cup",
                }
            ),
            "promises": self.some(
                lambda: {"id": self.new("promise", reuse), "text": "Send it", "due_date": due}
            ),
        }
        mistakes = [
            {"client_id": rnd.choice([3, 4, "1", None])},
            {"body": "  "},
            {"contacts_met": [rnd.choice([4, 99, "1"])]},
            {"topics": [{"id": TOPICS[2], "status": "open"}]},
            {"topics": [{"id": TOPICS[0], "status": "done"}]},
            {"topics": [{"id": TOPICS[0], "follow_up": "x" * 201}]},
            {"new_topics": [{"id": self.new("topic", 0), "contact_id": 4, "title": "Cup"}]},
            {"promises": [{"id": self.promise(), "text": "Again", "due_date": due}]},
            {
                "promises": [
                    {"id": self.new("promise", 0), "text": "Late", "due_date": "2099-01-01"}
                ]
            },
        ]
        return note | (rnd.choice(mistakes) if rnd.random() < 0.25 else {})


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
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rnd=st.randoms(use_true_random=False), size=st.integers(1, 40))
def test_a_batch_is_its_operations_one_by_one(template, tmp_path_factory, rnd, size):
    ops = Outbox(rnd, timeutil.now() - datetime.timedelta(hours=3)).batch(size)
    folder = tmp_path_factory.mktemp("send")
    whole = Phone(template, os.path.join(folder, "batch.db"))
    alone = Phone(template, os.path.join(folder, "alone.db"))
    assert whole.sync(ops) == [alone.sync([op])[0] for op in ops]
    assert whole.state() == alone.state()
