"""The REST API as another system uses it: a token sees what its user sees and nothing more,
lists come in cursor pages and can be asked for what changed since, clients and people are
made and changed and notes written through the sync's own checks, and every refusal is the
one JSON error shape."""

import datetime
import uuid

import pytest

from webapp import db as database
from webapp import timeutil
from webapp.restapi import tokens


@pytest.fixture
def token_of(app, db):
    def make(user, scope="read-write"):
        token = tokens.create(db, user["id"], "test", scope, 30)
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def api(app):
    return app.test_client()


@pytest.fixture
def rep(world, token_of):
    return token_of(world["rep"])


def test_a_rep_lists_the_teams_clients_and_never_another_teams(api, rep, world):
    response = api.get("/api/v1/clients", headers=rep)
    assert response.status_code == 200
    ids = {c["id"] for c in response.json["data"]}
    assert ids == {world["mine"], world["theirs"]}
    assert response.json["next_cursor"] is None


def test_another_teams_records_answer_404_like_missing_ones(api, rep, world, make):
    contact = make.contact(world["other_team"], name="Secret Person")
    topic = make.topic(contact)
    for url in (
        f"/api/v1/clients/{world['other_team']}",
        f"/api/v1/people/{contact}",
        f"/api/v1/topics/{topic}",
        "/api/v1/clients/999999",
        f"/api/v1/notes/{uuid.uuid4()}",
        "/api/v1/notes/not-a-uuid",
    ):
        response = api.get(url, headers=rep)
        assert response.status_code == 404, url
        assert response.json["error"] == "not_found"
    listed = api.get(f"/api/v1/people?client_id={world['other_team']}", headers=rep)
    assert listed.json["data"] == []


def test_an_admin_token_sees_every_team(api, token_of, world):
    response = api.get("/api/v1/clients", headers=token_of(world["admin"]))
    assert {c["id"] for c in response.json["data"]} >= {world["mine"], world["other_team"]}


def test_pages_follow_the_cursor_to_the_end_without_repeats(api, rep, make, world):
    for number in range(7):
        make.client(world["north"], world["rep"]["id"], name=f"Client {number}")
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/v1/clients?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(url, headers=rep).json
        seen += [c["id"] for c in page["data"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 9
    assert seen == sorted(seen)


def test_updated_since_finds_what_changed(api, rep, world):
    before = timeutil.now_iso()
    assert api.get(f"/api/v1/clients?updated_since={before}", headers=rep).json["data"] == []
    changed = api.patch(f"/api/v1/clients/{world['mine']}", json={"city": "Bergen"}, headers=rep)
    assert changed.status_code == 200
    assert changed.json["city"] == "Bergen"
    found = api.get(f"/api/v1/clients?updated_since={before}", headers=rep).json["data"]
    assert [c["id"] for c in found] == [world["mine"]]
    assert found[0]["updated_at"] > before


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=201",
        "limit=x",
        "cursor=%%%",
        "cursor=IjEi",
        "updated_since=yesterday",
        "client_id=-1",
    ],
)
def test_bad_query_arguments_are_a_400_with_a_reason(api, rep, query):
    response = api.get(f"/api/v1/people?{query}", headers=rep)
    assert response.status_code == 400
    assert response.json["error"] == "bad_query"
    assert response.json["message"]


def test_a_client_and_a_person_are_made_once_per_id_and_changed(api, rep, world, db):
    own_id = str(uuid.uuid4())
    body = {"id": own_id, "name": "Havbruk AS", "city": "Ålesund", "country": "NO"}
    made = api.post("/api/v1/clients", json=body, headers=rep)
    assert made.status_code == 201
    again = api.post("/api/v1/clients", json=body, headers=rep)
    assert again.status_code == 200
    assert again.json["id"] == made.json["id"]
    assert made.json["owner_id"] == world["rep"]["id"]
    person = api.post(
        "/api/v1/people",
        json={"client_id": made.json["id"], "name": "Kari", "email": "kari@example.com"},
        headers=rep,
    )
    assert person.status_code == 201
    changed = api.patch(f"/api/v1/people/{person.json['id']}", json={"title": "CEO"}, headers=rep)
    assert changed.json["title"] == "CEO"
    # The change is in the record's history, as a phone's would be.
    fields = db.execute(
        "SELECT field FROM field_changes WHERE record = 'contact' AND op_id != ''"
    ).fetchall()
    assert ("title",) in fields


def test_a_refused_write_says_why_by_field(api, rep, world):
    response = api.post("/api/v1/clients", json={"name": "", "country": "XX"}, headers=rep)
    assert response.status_code == 422
    assert response.json["error"] == "invalid"
    assert set(response.json["errors"]) == {"name", "country"}
    odd = api.patch(f"/api/v1/clients/{world['mine']}", json={"team_id": 2}, headers=rep)
    assert odd.status_code == 422
    assert "team_id" in odd.json["errors"]
    foreign = api.patch(f"/api/v1/clients/{world['other_team']}", json={"city": "X"}, headers=rep)
    assert foreign.status_code == 404
    not_json = api.post("/api/v1/clients", data="name=x", headers=rep)
    assert not_json.status_code == 415
    assert set(not_json.json) == {"error", "message"}


def test_a_note_is_written_through_the_sync_and_listed(api, rep, world, make):
    anna = make.contact(world["mine"], name="Anna")
    note = {"client_id": world["mine"], "body": "Spring order agreed.", "contacts_met": [anna]}
    made = api.post("/api/v1/notes", json=note, headers=rep)
    assert made.status_code == 201, made.json
    assert made.json["person_ids"] == [anna]
    listed = api.get(f"/api/v1/notes?client_id={world['mine']}", headers=rep).json["data"]
    assert [n["id"] for n in listed] == [made.json["id"]]
    old = timeutil.iso(timeutil.now() - datetime.timedelta(days=200))
    too_old = api.post("/api/v1/notes", json={**note, "at": old}, headers=rep)
    assert too_old.status_code == 422
    assert too_old.json["error"] == "too_old"


def test_visits_and_promises_are_listed_for_the_team(api, rep, world, make, db):
    make.visit(world["mine"], world["rep"]["id"])
    make.visit(world["other_team"], world["stranger"]["id"])
    visits = api.get("/api/v1/visits", headers=rep).json["data"]
    assert [v["client_id"] for v in visits] == [world["mine"]]
    assert api.get("/api/v1/promises", headers=rep).json == {"data": [], "next_cursor": None}
    assert database  # the factory wrote through the same file
