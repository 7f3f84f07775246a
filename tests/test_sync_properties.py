"""Property: any mix of new, repeated, reordered and partial batches ends as one clean send.

The outbox may send an operation many times (lost answers, retries), in other batches, and
after a crash in the middle. Whatever happens, once every operation has finally arrived the
database must hold exactly what sending each operation once, in order, would have stored.
"""

import datetime
import uuid

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from tests.conftest import Browser
from webapp import create_app
from webapp import db as database
from webapp import timeutil
from webapp.accounts import users

TABLES = {
    "visits": "id, client_id, user_id, checked_in_at, checked_out_at, closed_by_check_in",
    "notes": "id, client_id, user_id, visit_id, body, written_at",
    "note_contacts": "note_id, contact_id",
    "note_topics": "note_id, topic_id, status",
    "topics": "id, contact_id, title, follow_up, status, status_at, last_mentioned_at",
    "promises": "id, client_id, note_id, text, due_date, made_at, kept_at, kept_changed_at",
    "operations": "id, user_id, kind",
}


def _script(start):
    """A rep's offline morning: two visits with check-outs, notes, topics and promises."""
    ids = iter(str(uuid.UUID(int=n)) for n in range(1, 100))
    at = iter(timeutil.iso(start + datetime.timedelta(minutes=7 * n)) for n in range(100))
    due = (start.date() + datetime.timedelta(days=7)).isoformat()
    v1, v2, topic, p1 = next(ids), next(ids), next(ids), next(ids)
    return [
        {
            "id": v1,
            "kind": "check_in",
            "at": next(at),
            "client_id": 1,
            "lat": 60.39,
            "lon": 5.32,
            "accuracy": 9,
        },
        {
            "id": next(ids),
            "kind": "note",
            "at": next(at),
            "client_id": 1,
            "visit_id": v1,
            "body": "Spring order discussed.",
            "contacts_met": [1],
            "topics": [
                {
                    "id": "00000000-0000-4000-8000-000000000001",
                    "status": "followed_up",
                    "follow_up": "Ask how the cup ended",
                }
            ],
            "new_topics": [
                {"id": topic, "contact_id": 1, "title": "New puppy", "follow_up": "Ask its name"}
            ],
            "promises": [{"id": p1, "text": "Send the price list", "due_date": due}],
        },
        {"id": next(ids), "kind": "check_out", "at": next(at), "visit_id": v1},
        {"id": v2, "kind": "check_in", "at": next(at), "client_id": 1},
        {
            "id": next(ids),
            "kind": "note",
            "at": next(at),
            "client_id": 1,
            "body": "Second visit.",
            "contacts_met": [],
            "topics": [{"id": topic, "status": "closed"}],
            "new_topics": [],
            "promises": [],
        },
        {"id": next(ids), "kind": "promise_kept", "at": next(at), "promise_id": p1},
        {"id": next(ids), "kind": "check_in", "at": next(at), "client_id": 1},
        {"id": next(ids), "kind": "promise_kept", "at": next(at), "promise_id": p1, "kept": False},
    ]


def _fresh_app(path):
    app = create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "t"})
    db = database.connect(str(path))
    with database.transaction(db):
        team = users.get_or_create_team(db, "North")
        db["clients"].insert(
            {
                "id": 1,
                "team_id": team,
                "name": "Fjord AS",
                "lat": 60.39,
                "lon": 5.32,
                "created_at": "x",
            }
        )
        db["contacts"].insert({"id": 1, "client_id": 1, "name": "Anna", "created_at": "x"})
        db["topics"].insert(
            {
                "id": "00000000-0000-4000-8000-000000000001",
                "contact_id": 1,
                "title": "Cup",
                "status": "open",
                "status_at": "2000-01-01T00:00:00.000Z",
                "last_mentioned_at": "2000-01-01T00:00:00.000Z",
                "created_at": "x",
                "received_at": "x",
            }
        )
    users.create_user(db, "rep@example.com", "Rep", "correct horse", "rep", team)
    return app, db


def _send(app, batches):
    browser = Browser(app.test_client())
    browser.login("rep@example.com", "correct horse")
    token = browser.client.get("/api/session").json["csrf_token"]
    for batch in batches:
        response = browser.client.post(
            "/api/sync", json={"user_id": 1, "operations": batch}, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200
        assert all(
            r["status"] != "rejected" or r["code"] in ("not_found", "invalid")
            for r in response.json["results"]
        ), response.json


def _state(db):
    return {
        table: sorted(map(tuple, db.execute(f"SELECT {columns} FROM {table}").fetchall()), key=repr)
        for table, columns in TABLES.items()
    }


START = timeutil.now() - datetime.timedelta(hours=3)
SCRIPT = _script(START)
batches_of_indexes = st.lists(
    st.lists(st.integers(0, len(SCRIPT) - 1), max_size=len(SCRIPT) * 2), max_size=6
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=batches_of_indexes)
def test_any_delivery_ends_as_one_clean_send(tmp_path_factory, batches):
    reference_app, reference_db = _fresh_app(tmp_path_factory.mktemp("ref") / "db.sqlite")
    _send(reference_app, [SCRIPT])
    app, db = _fresh_app(tmp_path_factory.mktemp("mix") / "db.sqlite")
    # Random batches: repeats, any order, operations missing (cut off mid-way), then the
    # outbox's final flush of everything still unconfirmed (here: everything, in order).
    _send(app, [[SCRIPT[i] for i in batch] for batch in batches] + [SCRIPT])
    assert _state(db) == _state(reference_db)
    reference_db.conn.close()
    db.conn.close()


def test_the_reference_script_applies_cleanly(tmp_path):
    app, db = _fresh_app(tmp_path / "db.sqlite")
    _send(app, [SCRIPT])
    state = _state(db)
    assert len(state["visits"]) == 3 and len(state["notes"]) == 2
    # Notes and visits are the record of the operations that made them; check-outs and kept
    # promises have a row in operations.
    assert sorted(kind for _id, _user, kind in state["operations"]) == [
        "check_out",
        "promise_kept",
        "promise_kept",
    ]
    closed_by_next = [v for v in state["visits"] if v[5] == 1]
    assert len(closed_by_next) == 1  # the second visit ended by the third check-in
    db.conn.close()
