"""The sync API: batches, per-operation results, idempotency, validation, sessions."""

import datetime
import json
import uuid

import pytest

from webapp import timeutil


def _now(minutes_ago=0):
    return timeutil.iso(timeutil.now() - datetime.timedelta(minutes=minutes_ago))


class Api:
    """A logged-in API client that fetches its CSRF token like the outbox does."""

    def __init__(self, browser, user_id):
        self.browser = browser
        self.user_id = user_id

    def session(self):
        return self.browser.client.get("/api/session")

    def sync(self, ops, user_id=None, token=None):
        token = token or self.session().json["csrf_token"]
        return self.browser.client.post(
            "/api/sync",
            json={"user_id": user_id or self.user_id, "operations": ops},
            headers={"X-CSRFToken": token},
        )


@pytest.fixture
def api(world, as_user):
    return Api(as_user("rep"), world["rep"]["id"])


@pytest.fixture
def anna(world, make):
    contact = make.contact(world["mine"], name="Anna")
    return {"contact": contact, "topic": make.topic(contact, "Golf", "Ask about the handicap")}


def check_in(client_id, op_id=None, at=None):
    return {
        "id": op_id or str(uuid.uuid4()),
        "kind": "check_in",
        "at": at or _now(30),
        "client_id": client_id,
    }


def note(client_id, anna, op_id=None, **extra):
    return {
        "id": op_id or str(uuid.uuid4()),
        "kind": "note",
        "at": _now(5),
        "client_id": client_id,
        "body": "Talked about the spring order.",
        "contacts_met": [anna["contact"]],
        "topics": [
            {"id": anna["topic"], "status": "followed_up", "follow_up": "Ask about the club cup"}
        ],
        "new_topics": [
            {
                "id": str(uuid.uuid4()),
                "contact_id": anna["contact"],
                "title": "New puppy",
                "follow_up": "",
            }
        ],
        "promises": [
            {
                "id": str(uuid.uuid4()),
                "text": "Send samples",
                "due_date": (datetime.date.today() + datetime.timedelta(days=10)).isoformat(),
            }
        ],
        **extra,
    }


def test_session_gives_user_and_token(api, world):
    info = api.session().json
    assert info["user_id"] == world["rep"]["id"] and len(info["csrf_token"]) > 20


def test_a_visit_with_note_syncs_in_one_batch(api, world, anna, db):
    visit = check_in(world["mine"])
    out = {"id": str(uuid.uuid4()), "kind": "check_out", "at": _now(10), "visit_id": visit["id"]}
    written = note(world["mine"], anna, visit_id=visit["id"])
    response = api.sync([visit, out, written])
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == ["applied"] * 3, response.json
    stored = db["visits"].get(visit["id"])
    assert stored["checked_out_at"] == out["at"]
    assert db["notes"].get(written["id"])["visit_id"] == visit["id"]
    assert db["topics"].get(anna["topic"])["status"] == "followed_up"
    assert db["promises"].count == 1 and db["topics"].count == 2


def test_same_batch_twice_is_all_duplicates(api, world, anna, db):
    batch = [check_in(world["mine"]), note(world["mine"], anna)]
    api.sync(batch)
    again = api.sync(batch).json["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert db["visits"].count == 1 and db["notes"].count == 1 and db["promises"].count == 1


def test_rejected_operation_does_not_stop_the_others(api, world, anna, db):
    bad = note(world["mine"], anna, body="")
    good = check_in(world["mine"])
    results = api.sync([bad, good]).json["results"]
    assert results[0]["status"] == "rejected" and results[0]["code"] == "invalid"
    assert results[0]["errors"]["body"] == "Please fill this in."
    assert results[1]["status"] == "applied"
    assert db["notes"].count == 0 and db["promises"].count == 0 and db["visits"].count == 1


@pytest.mark.parametrize(
    "op,code",
    [
        ({"kind": "check_in", "at": "2026-01-01T00:00:00Z", "client_id": 1}, "invalid"),
        ({"id": "not-a-uuid", "kind": "check_in"}, "invalid"),
        ({"id": str(uuid.uuid4()), "kind": "delete_everything"}, "unknown_kind"),
        (
            {"id": str(uuid.uuid4()), "kind": "check_in", "at": "yesterday", "client_id": 1},
            "invalid",
        ),
        (
            {
                "id": str(uuid.uuid4()),
                "kind": "check_in",
                "at": "2099-01-01T00:00:00Z",
                "client_id": 1,
            },
            "invalid",
        ),
        (
            {
                "id": str(uuid.uuid4()),
                "kind": "check_in",
                "at": "2001-01-01T00:00:00Z",
                "client_id": 1,
            },
            "too_old",
        ),
        ({"id": str(uuid.uuid4()), "kind": "check_in", "at": None, "client_id": "1"}, "invalid"),
        (
            {"id": str(uuid.uuid4()), "kind": "check_out", "visit_id": str(uuid.uuid4())},
            "not_found",
        ),
        (
            {"id": str(uuid.uuid4()), "kind": "promise_kept", "promise_id": str(uuid.uuid4())},
            "not_found",
        ),
        ("just a string", "invalid"),
    ],
)
def test_invalid_operations_are_rejected_with_a_reason(api, world, op, code):
    if isinstance(op, dict) and op.get("kind") in ("check_out", "promise_kept"):
        op["at"] = _now()
    [result] = api.sync([op]).json["results"]
    assert result["status"] == "rejected" and result["code"] == code and result["message"]


def test_other_teams_client_is_not_found(api, world, anna):
    [result] = api.sync([check_in(world["other_team"])]).json["results"]
    assert result["code"] == "not_found"


def test_operation_ids_of_another_user_conflict(world, as_user, anna, db):
    op = check_in(world["theirs"])
    colleague = Api(as_user("colleague"), world["colleague"]["id"])
    assert colleague.sync([op]).json["results"][0]["status"] == "applied"
    rep = Api(as_user("rep"), world["rep"]["id"])
    assert rep.sync([op]).json["results"][0]["code"] == "conflict"


def test_operations_of_another_author_are_refused_whole(api, world, db):
    response = api.sync([check_in(world["mine"])], user_id=world["colleague"]["id"])
    assert response.status_code == 409 and response.json["error"] == "wrong_user"
    assert db["visits"].count == 0


def test_not_logged_in_is_401_json(client, world):
    response = client.post("/api/sync", json={"user_id": 1, "operations": []})
    assert response.status_code == 401 and response.json["error"] == "login_required"
    assert client.get("/api/session").status_code == 401


def test_missing_or_stale_csrf_token_is_refused(api, world, db):
    response = api.sync([check_in(world["mine"])], token="stale")
    assert response.status_code == 400 and response.json["error"] == "csrf_failed"
    assert "expired" in response.json["message"]
    assert db["visits"].count == 0


def test_cross_site_requests_are_refused(api, world):
    response = api.browser.client.post(
        "/api/sync",
        json={"user_id": api.user_id, "operations": []},
        headers={"Sec-Fetch-Site": "cross-site", "X-CSRFToken": api.session().json["csrf_token"]},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body,content_type,status",
    [
        ("{not json", "application/json", 400),
        ("[" * 100_000 + "]" * 100_000, "application/json", 400),
        (json.dumps({"operations": [[[[[[[[[[[]]]]]]]]]]]}), "application/json", 400),
        ("operations=1", "application/x-www-form-urlencoded", 415),
        (json.dumps([1, 2]), "application/json", 422),
        (json.dumps({"operations": "all"}), "application/json", 422),
        ("\xff\xfe", "application/json", 400),
    ],
)
def test_malformed_payloads_get_4xx_with_a_message(api, body, content_type, status):
    response = api.browser.client.post(
        "/api/sync",
        data=body,
        headers={"Content-Type": content_type, "X-CSRFToken": api.session().json["csrf_token"]},
    )
    assert response.status_code == status and response.json["message"]


def test_too_many_operations_is_413(api, world):
    ops = [check_in(world["mine"]) for _ in range(101)]
    assert api.sync(ops).status_code == 413


def test_promise_kept_is_last_writer_wins(api, world, anna, db):
    written = note(world["mine"], anna)
    api.sync([written])
    promise_id = written["promises"][0]["id"]
    later = {
        "id": str(uuid.uuid4()),
        "kind": "promise_kept",
        "at": _now(1),
        "promise_id": promise_id,
        "kept": False,
    }
    earlier = {
        "id": str(uuid.uuid4()),
        "kind": "promise_kept",
        "at": _now(2),
        "promise_id": promise_id,
    }
    api.sync([later, earlier])
    assert db["promises"].get(promise_id)["kept_at"] is None


def _statuses(response):
    return [(r["status"], r.get("code")) for r in response.json["results"]]


def test_an_id_twice_in_one_batch_is_applied_once(api, world, anna, db):
    written = note(world["mine"], anna)
    response = api.sync([written, dict(written, body="Changed my mind")])
    assert _statuses(response) == [("applied", None), ("duplicate", None)]
    assert [n["body"] for n in db["notes"].rows] == [written["body"]]
    assert db["promises"].count == 1


def test_a_note_may_name_what_earlier_operations_in_the_batch_made(api, world, anna, db):
    visit = check_in(world["mine"])
    first = note(world["mine"], anna, visit_id=visit["id"])
    new_topic = first["new_topics"][0]["id"]
    second = note(
        world["mine"],
        anna,
        topics=[{"id": new_topic, "status": "closed", "follow_up": "Ask its name"}],
        new_topics=[],
        promises=[],
    )
    kept = {
        "id": str(uuid.uuid4()),
        "kind": "promise_kept",
        "at": _now(1),
        "promise_id": first["promises"][0]["id"],
    }
    response = api.sync([visit, first, second, kept])
    assert _statuses(response) == [("applied", None)] * 4, response.json
    assert db["notes"].get(first["id"])["visit_id"] == visit["id"]
    topic = db["topics"].get(new_topic)
    assert (topic["status"], topic["follow_up"]) == ("closed", "Ask its name")
    assert db["promises"].get(first["promises"][0]["id"])["kept_at"] == kept["at"]


def test_a_note_naming_a_visit_at_another_client_is_rejected(api, world, anna, db):
    visit = check_in(world["theirs"])
    written = note(world["mine"], anna, visit_id=visit["id"])
    response = api.sync([visit, written])
    assert _statuses(response) == [("applied", None), ("rejected", "invalid")]
    assert response.json["results"][1]["message"] == "This note names a visit at another client."
    assert db["notes"].count == 0 and db["visits"].count == 1


def test_a_clash_inside_a_run_of_notes_rejects_only_that_note(api, world, anna, db):
    first = note(world["mine"], anna)
    clash = note(world["mine"], anna, new_topics=first["new_topics"], topics=[])
    after = note(world["mine"], anna, topics=[])
    response = api.sync([first, clash, after])
    assert _statuses(response) == [("applied", None), ("rejected", "conflict"), ("applied", None)]
    assert (
        response.json["results"][1]["message"] == "This change conflicts with data already saved."
    )
    assert {n["id"] for n in db["notes"].rows} == {first["id"], after["id"]}
    assert db["promises"].count == 2
    assert db.execute(
        "SELECT COUNT(*) FROM note_topics WHERE note_id = ?", [clash["id"]]
    ).fetchone() == (0,)


def test_another_users_id_in_a_run_of_notes_conflicts(world, as_user, anna, db):
    theirs = note(world["mine"], anna, topics=[], new_topics=[], promises=[], contacts_met=[])
    colleague = Api(as_user("colleague"), world["colleague"]["id"])
    assert colleague.sync([theirs]).json["results"][0]["status"] == "applied"
    rep = Api(as_user("rep"), world["rep"]["id"])
    mine = note(world["mine"], anna)
    response = rep.sync([dict(theirs, body="Mine now"), mine])
    assert _statuses(response) == [("rejected", "conflict"), ("applied", None)]
    assert db["notes"].get(theirs["id"])["user_id"] == world["colleague"]["id"]


@pytest.mark.parametrize(
    "who,client,status",
    [
        ("rep", "mine", "applied"),
        ("rep", "theirs", "applied"),
        ("rep", "other_team", "not_found"),
        ("rep", "archived", "not_found"),
        ("manager", "theirs", "applied"),
        ("manager", "other_team", "not_found"),
        ("admin", "other_team", "applied"),
        ("admin", "archived", "not_found"),
    ],
)
def test_notes_in_a_batch_are_scoped_like_the_client_pages(
    world, make, as_user, who, client, status
):
    world["archived"] = make.client(world["north"], world["rep"]["id"], archived=1)
    op = {"id": str(uuid.uuid4()), "kind": "note", "at": _now(), "client_id": world[client]}
    op["body"] = "Short visit."
    [result] = Api(as_user(who), world[who]["id"]).sync([op]).json["results"]
    assert result.get("code", result["status"]) == status


def test_a_full_batch_of_notes_with_many_topics_is_one_send(api, world, make, db):
    contact = make.contact(world["mine"])
    topics = [make.topic(contact, f"Topic {n}") for n in range(20)]
    ops = [
        {
            "id": str(uuid.uuid4()),
            "kind": "note",
            "at": _now(),
            "client_id": world["mine"],
            "body": f"Visit {n}",
            "topics": [{"id": topic, "status": "followed_up"} for topic in topics],
        }
        for n in range(100)
    ]
    response = api.sync(ops)
    assert [r["status"] for r in response.json["results"]] == ["applied"] * 100
    assert db["note_topics"].count == 2000


def test_a_client_id_beyond_sqlites_integers_is_not_found(api, world, anna, db):
    ops = [note(2**63, anna), check_in(2**63), note(world["mine"], anna)]
    response = api.sync(ops)
    assert _statuses(response) == [
        ("rejected", "not_found"),
        ("rejected", "not_found"),
        ("applied", None),
    ], response.json
