"""What a sync operation may hold: a crafted value is that operation's rejection, with a
reason, and never a failed batch. The numbers (positions, ids), the texts and the time of
every kind are sent with what JSON (as Python reads it) can carry: integers beyond any
float, NaN, Infinity, booleans, lone surrogates."""

import datetime
import json
import uuid

import pytest

from webapp import timeutil


def _now(minutes_ago=1):
    return timeutil.iso(timeutil.now() - datetime.timedelta(minutes=minutes_ago))


class Phone:
    """A logged-in outbox that sends its batch as raw JSON text, so it can hold anything."""

    def __init__(self, browser, user_id):
        self.browser, self.user_id = browser, user_id

    def send(self, ops, user_id=None):
        """POST the batch; NaN and Infinity are written as Python's json writes them."""
        token = self.browser.client.get("/api/session").json["csrf_token"]
        body = json.dumps({"user_id": self.user_id if user_id is None else user_id} | ops)
        return self.browser.client.post(
            "/api/sync", data=body, content_type="application/json", headers={"X-CSRFToken": token}
        )

    def sync(self, ops):
        """The results of a batch that must be answered 200."""
        response = self.send({"operations": ops})
        assert response.status_code == 200, response.text
        return response.json["results"]


@pytest.fixture
def phone(world, as_user):
    return Phone(as_user("rep"), world["rep"]["id"])


@pytest.fixture
def anna(world, make):
    """The first contact made, so her id is 1: true == 1 in Python."""
    return make.contact(world["mine"], name="Anna")


def op(kind, **fields):
    return {"id": str(uuid.uuid4()), "kind": kind, "at": _now()} | fields


def check_in(world, **fields):
    position = {"client_id": world["mine"], "lat": 60.39, "lon": 5.32, "accuracy": 12}
    return op("check_in", **(position | fields))


#: Values no phone sends for a number.
NOT_NUMBERS = {
    "integer beyond a float": 10**400,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
    "true": True,
    "text": "60.39",
    "list": [60.39],
}


@pytest.mark.parametrize("field", ["lat", "lon", "accuracy"])
@pytest.mark.parametrize("value", NOT_NUMBERS.values(), ids=NOT_NUMBERS)
def test_a_position_that_is_no_number_rejects_its_check_in_only(phone, world, db, field, value):
    bad, good = check_in(world, **{field: value}), check_in(world)
    bad_result, good_result = phone.sync([bad, good])
    assert (bad_result["status"], bad_result["code"]) == ("rejected", "invalid")
    assert bad_result["message"] == "The position is not valid."
    assert bad_result["errors"] == {field: "This must be a number."}
    assert good_result["status"] == "applied"
    assert [row["id"] for row in db.query("SELECT id FROM visits")] == [good["id"]]


@pytest.mark.parametrize("field", ["lat", "lon", "accuracy"])
@pytest.mark.parametrize("value", NOT_NUMBERS.values(), ids=NOT_NUMBERS)
def test_a_position_that_is_no_number_rejects_its_check_out_only(phone, world, db, field, value):
    visit = check_in(world)
    out = op("check_out", visit_id=visit["id"], lat=60.39, lon=5.32, accuracy=9)
    note = op("note", client_id=world["mine"], body="Spring order.")
    results = phone.sync([visit, out | {field: value}, note])
    assert [(r["status"], r.get("code")) for r in results] == [
        ("applied", None),
        ("rejected", "invalid"),
        ("applied", None),
    ]
    assert results[1]["errors"] == {field: "This must be a number."}
    assert db["visits"].get(visit["id"])["checked_out_at"] is None


def test_a_plausible_position_is_still_stored_and_an_odd_one_left_out(phone, world, db):
    near, odd = check_in(world), check_in(world, lat=91.0, accuracy=0)
    assert [r["status"] for r in phone.sync([near, odd])] == ["applied", "applied"]
    assert db["visits"].get(near["id"])["lat"] == 60.39
    assert db["visits"].get(odd["id"])["lat"] is None


#: Values that are never a row id.
NOT_IDS = {
    "true": True,
    "integer beyond SQLite's": 2**63,
    "integer beyond a float": 10**400,
    "NaN": float("nan"),
    "a float": 1.0,
}


@pytest.mark.parametrize("value", NOT_IDS.values(), ids=NOT_IDS)
def test_a_client_id_that_is_no_id_rejects_its_operation_only(phone, world, db, value):
    ops = [
        op("note", client_id=value, body="Spring order."),
        check_in(world, client_id=value),
        check_in(world),
    ]
    results = phone.sync(ops)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert {r["code"] for r in results[:2]} <= {"invalid", "not_found"}
    assert db["notes"].count == 0 and db["visits"].count == 1


@pytest.mark.parametrize("value", NOT_IDS.values(), ids=NOT_IDS)
def test_people_met_and_new_topics_take_only_ids(phone, world, anna, db, value):
    assert anna == 1
    met = op("note", client_id=world["mine"], body="Coffee.", contacts_met=[value])
    topic = {"id": str(uuid.uuid4()), "contact_id": value, "title": "New puppy"}
    about = op("note", client_id=world["mine"], body="Coffee.", new_topics=[topic])
    fine = op("note", client_id=world["mine"], body="Coffee.", contacts_met=[anna])
    results = phone.sync([met, about, fine])
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert results[0]["errors"] == {"contacts_met": "Choose people from this client."}
    assert results[1]["errors"] == {"new_topic.contact_id": "Choose who this topic is about."}
    assert db["note_contacts"].count == 1 and db["topics"].count == 0


@pytest.mark.parametrize("user_id", [True, 1.0, "1", 2**63, 10**400])
def test_a_batch_names_its_author_by_id_only(phone, world, db, user_id):
    assert world["rep"]["id"] == 1
    response = phone.send({"operations": [check_in(world)]}, user_id=user_id)
    assert response.status_code == 409 and response.json["error"] == "wrong_user"
    assert db["visits"].count == 0


LONE_SURROGATE = "Cup final \udc00 on Sunday"


def _note_with(world, anna, place):
    """A note with the lone surrogate in one text field; the field its error is under."""
    topic = {"id": str(uuid.uuid4()), "contact_id": anna, "title": "Golf", "follow_up": ""}
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    promise = {"id": str(uuid.uuid4()), "text": "Send the prices", "due_date": due}
    note = op("note", client_id=world["mine"], body="Coffee.", new_topics=[topic])
    note["promises"] = [promise]
    if place == "body":
        note["body"] = LONE_SURROGATE
    elif place == "promise.text":
        promise["text"] = LONE_SURROGATE
    else:
        topic[place.split(".")[1]] = LONE_SURROGATE
    return note


@pytest.mark.parametrize(
    "place", ["body", "new_topic.title", "new_topic.follow_up", "promise.text"]
)
def test_a_text_with_a_lone_surrogate_rejects_its_note_only(phone, world, anna, db, place):
    bad, good = _note_with(world, anna, place), _note_with(world, anna, "none.none")
    bad_result, good_result = phone.sync([bad, good])
    assert (bad_result["status"], bad_result["code"]) == ("rejected", "invalid")
    assert bad_result["errors"] == {place: "This text holds characters that are not valid."}
    assert good_result["status"] == "applied"
    assert [row["id"] for row in db.query("SELECT id FROM notes")] == [good["id"]]


def test_a_follow_up_with_a_lone_surrogate_rejects_its_note_only(phone, world, make, db):
    anna = make.contact(world["mine"], name="Anna")
    golf = make.topic(anna, "Golf", "Ask about the handicap")
    mention = {"id": golf, "status": "followed_up", "follow_up": LONE_SURROGATE}
    bad = op("note", client_id=world["mine"], body="Coffee.", topics=[mention])
    good = op("note", client_id=world["mine"], body="Coffee.")
    bad_result, good_result = phone.sync([bad, good])
    assert bad_result["errors"] == {
        f"follow_up-{golf}": "This text holds characters that are not valid."
    }
    assert good_result["status"] == "applied"
    assert db["topics"].get(golf)["follow_up"] == "Ask about the handicap"


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_time_beyond_the_calendar_in_utc_rejects_its_operation_only(phone, world, db, at):
    results = phone.sync([check_in(world, at=at), check_in(world)])
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", "invalid"),
        ("applied", None),
    ]
    assert results[0]["message"] == "The time of the action is missing or not valid."
