"""The sync tells nothing about other teams: a visit, a promise or an operation of theirs,
named by its id, gets the answer an id that does not exist gets, word for word."""

import datetime
import uuid

import pytest

from tests.test_sync_checks import Phone
from tests.test_sync_checks import op
from webapp import timeutil


@pytest.fixture
def phone(world, as_user):
    return Phone(as_user("rep"), world["rep"]["id"])


@pytest.fixture
def theirs(world, make):
    """An open visit and an open promise of the other team's rep."""
    visit = make.visit(world["other_team"], world["stranger"]["id"], days_ago=0, open_=True)
    promise, now = str(uuid.uuid4()), timeutil.now_iso()
    due = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    with make.db.conn:
        make.db["promises"].insert(
            {
                "id": promise,
                "client_id": world["other_team"],
                "user_id": world["stranger"]["id"],
                "text": "Send the contract",
                "due_date": due,
                "made_at": now,
                "received_at": now,
            }
        )
    return {"visit": visit, "promise": promise}


def _answer(result):
    """What an operation's result says, without its own id."""
    return {key: value for key, value in result.items() if key != "id"}


#: Operations naming a visit or a promise, given its id.
NAMING = {
    "check-out": lambda world, ids: op("check_out", visit_id=ids["visit"]),
    "promise kept": lambda world, ids: op("promise_kept", promise_id=ids["promise"]),
    "promise reopened": lambda world, ids: op(
        "promise_kept", promise_id=ids["promise"], kept=False
    ),
    "note at the visit": lambda world, ids: op(
        "note", client_id=world["mine"], body="Coffee.", visit_id=ids["visit"]
    ),
}


@pytest.mark.parametrize("naming", NAMING.values(), ids=NAMING)
def test_another_teams_ids_answer_like_ids_that_do_not_exist(phone, world, theirs, db, naming):
    missing = {"visit": str(uuid.uuid4()), "promise": str(uuid.uuid4())}
    of_theirs, of_nobody = phone.sync([naming(world, theirs), naming(world, missing)])
    assert _answer(of_theirs) == _answer(of_nobody)
    stored = db["visits"].get(theirs["visit"]), db["promises"].get(theirs["promise"])
    assert stored[0]["checked_out_at"] is None and stored[1]["kept_at"] is None


def test_a_note_at_another_teams_visit_is_not_linked_to_it(phone, world, theirs, db):
    note = op("note", client_id=world["mine"], body="Coffee.", visit_id=theirs["visit"])
    assert phone.sync([note])[0]["status"] == "applied"
    assert db["notes"].get(note["id"])["visit_id"] is None


def test_another_teams_operation_id_answers_like_anyone_elses(phone, world, as_user, db):
    """An id taken is a conflict, the same whether the other user is in the team or not."""
    stranger = Phone(as_user("stranger"), world["stranger"]["id"])
    colleague = Phone(as_user("colleague"), world["colleague"]["id"])
    south, north = op("note", client_id=world["other_team"], body="x"), op("note", body="x")
    north["client_id"] = world["theirs"]
    assert stranger.sync([south])[0]["status"] == "applied"
    assert colleague.sync([north])[0]["status"] == "applied"
    mine = [
        op("note", client_id=world["mine"], body="Coffee.") | {"id": o["id"]}
        for o in (south, north)
    ]
    of_another_team, of_a_colleague = phone.sync(mine)
    assert _answer(of_another_team) == _answer(of_a_colleague)
    assert of_another_team["code"] == "conflict"
