"""Saved pages that cost little data: each client's pages carry a version that moves when
what they show changes (and only then), and many clients' pages come in one batch."""

import datetime
import re
import uuid

import pytest

from tests.conftest import flashes
from webapp import savedpages
from webapp import timeutil
from webapp.db import transaction

#: A fixed moment: noon in UTC, afternoon in Oslo, so an hour later is the same day in both.
NOON = datetime.datetime.now(datetime.UTC).replace(hour=12, minute=0, second=0, microsecond=0)


def versions(browser):
    """{client id: version} of the briefings in the user's offline list."""
    pages = browser.client.get("/api/offline-pages").json["pages"]
    found = {p["client_id"]: p["version"] for p in pages if p["kind"] == "briefing"}
    notes = {p["client_id"]: p["version"] for p in pages if p["kind"] == "note"}
    assert notes == found  # a client's note form goes with its briefing
    return found


def at(monkeypatch, moment):
    monkeypatch.setattr(timeutil, "now", lambda: moment)


def stamp(moment):
    return timeutil.iso(moment)


def note_row(client_id, user_id, body="Spring order confirmed.", moment=None):
    moment = stamp(moment or timeutil.now())
    return {
        "id": str(uuid.uuid4()),
        "client_id": client_id,
        "user_id": user_id,
        "visit_id": None,
        "body": body,
        "written_at": moment,
        "received_at": moment,
    }


@pytest.fixture
def rep(as_user):
    return as_user("rep")


@pytest.fixture
def person(world, make):
    return make.contact(world["mine"], name="Anna Berg")


def _write(db, change):
    with transaction(db):
        change(db)


CHANGES = {
    "a note": lambda db, w, p: db["notes"].insert(note_row(w["mine"], w["colleague"]["id"])),
    "a person's name": lambda db, w, p: db["contacts"].update(p, {"name": "Anna Berg-Lie"}),
    "a new person": lambda db, w, p: db["contacts"].insert(
        {"client_id": w["mine"], "name": "Ola", "title": "", "created_at": timeutil.now_iso()}
    ),
    "a topic": lambda db, w, p: db["topics"].insert(
        {
            "id": str(uuid.uuid4()),
            "contact_id": p,
            "title": "Cup final",
            "follow_up": "",
            "status": "open",
            "status_at": timeutil.now_iso(),
            "last_mentioned_at": "2020-01-01T00:00:00.000Z",
            "created_at": timeutil.now_iso(),
            "received_at": timeutil.now_iso(),
        }
    ),
    "a visit by a colleague": lambda db, w, p: db["visits"].insert(
        {
            "id": str(uuid.uuid4()),
            "client_id": w["mine"],
            "user_id": w["colleague"]["id"],
            "checked_in_at": "2020-01-01T08:00:00.000Z",
            "checked_out_at": "2020-01-01T09:00:00.000Z",
            "received_at": timeutil.now_iso(),
        }
    ),
    "the client's address": lambda db, w, p: db["clients"].update(
        w["mine"], {"address": "Strandkaien 2"}
    ),
    "a promise": lambda db, w, p: db["promises"].insert(
        {
            "id": str(uuid.uuid4()),
            "client_id": w["mine"],
            "user_id": w["colleague"]["id"],
            "text": "Send the price list",
            "due_date": "2020-02-01",
            "made_at": "2020-01-01T00:00:00.000Z",
            "received_at": "2020-01-01T00:00:00.000Z",
        }
    ),
    "a person erased": lambda db, w, p: db["contacts"].delete(p),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_moves_the_version_of_that_client_only(world, rep, db, person, change):
    before = versions(rep)
    assert versions(rep) == before  # nothing changed: nothing to fetch again
    _write(db, lambda db: CHANGES[change](db, world, person))
    after = versions(rep)
    assert after[world["mine"]] != before[world["mine"]]
    assert after[world["theirs"]] == before[world["theirs"]]


def test_a_note_synced_from_the_phone_moves_its_clients_version(world, rep):
    before = versions(rep)
    token = rep.client.get("/api/session").json["csrf_token"]
    op = {
        "id": str(uuid.uuid4()),
        "kind": "note",
        "at": timeutil.now_iso(),
        "client_id": world["theirs"],
        "body": "Met the new buyer.",
    }
    answer = rep.client.post(
        "/api/sync",
        json={"user_id": world["rep"]["id"], "operations": [op]},
        headers={"X-CSRFToken": token},
    )
    assert answer.json["results"][0]["status"] == "applied"
    after = versions(rep)
    assert after[world["theirs"]] != before[world["theirs"]]
    assert after[world["mine"]] == before[world["mine"]]


def test_a_colleagues_new_name_moves_the_versions_of_the_team(world, rep, db):
    before = versions(rep)
    _write(db, lambda db: db["users"].update(world["colleague"]["id"], {"name": "Kari Nord"}))
    after = versions(rep)
    assert after[world["mine"]] != before[world["mine"]]


def test_checking_in_anywhere_moves_every_briefing(world, rep, make):
    before = versions(rep)
    make.visit(world["theirs"], world["rep"]["id"], days_ago=0, open_=True)
    after = versions(rep)
    # Every other briefing now says "checking in here ends that visit".
    assert after[world["mine"]] != before[world["mine"]]


def test_another_language_or_day_moves_every_version(world, rep, db, monkeypatch):
    at(monkeypatch, NOON)
    before = versions(rep)
    _write(db, lambda db: db["users"].update(world["rep"]["id"], {"locale": "nb"}))
    in_norwegian = versions(rep)
    assert all(in_norwegian[c] != before[c] for c in before)
    at(monkeypatch, NOON + datetime.timedelta(days=1))
    tomorrow = versions(rep)
    assert all(tomorrow[c] != in_norwegian[c] for c in before)


def test_a_relative_time_that_reads_otherwise_moves_the_version(world, rep, make, db, monkeypatch):
    """ "20 minutes ago" an hour later reads "1 hour ago": that client is fetched again; one
    whose texts read the same ("10 days ago") is not."""
    contact = make.contact(world["mine"])
    topic = make.topic(contact)
    moment = stamp(NOON - datetime.timedelta(minutes=20))
    _write(db, lambda db: db["topics"].update(topic, {"last_mentioned_at": moment}))
    other = make.contact(world["theirs"])
    make.topic(other, days_ago=10)
    at(monkeypatch, NOON)
    before = versions(rep)
    at(monkeypatch, NOON + datetime.timedelta(minutes=50))
    after = versions(rep)
    assert after[world["mine"]] != before[world["mine"]]
    assert after[world["theirs"]] == before[world["theirs"]]


def test_another_session_gets_other_versions(world, as_user):
    """Saved forms carry the session's CSRF token: after a new login they are fetched again."""
    first, second = versions(as_user("rep")), versions(as_user("rep"))
    assert first.keys() == second.keys() and first[world["mine"]] != second[world["mine"]]


def _masked(html):
    """A page without what differs on every view: tokens, operation ids, the render time."""
    html = re.sub(
        r'(name="(?:csrf_token|op_id|new_topic_id|promise_id)" value=")[^"]*', r"\1", html
    )
    return re.sub(r'data-rendered-at="[^"]*"', "", html)


def test_a_batch_holds_each_page_as_if_it_were_fetched_alone(world, rep, person, make):
    make.topic(person, title="Golf")
    ids = f"{world['mine']},{world['theirs']}"
    batch = rep.client.get(f"/api/offline-pages/batch?ids={ids}&today=1").json
    assert batch["user_id"] == world["rep"]["id"] and batch["missing"] == []
    pages = {p["url"]: p for p in batch["pages"]}
    mine = f"/clients/{world['mine']}"
    assert set(pages) == {
        "/",
        "/clients/0",  # the page of clients made on the phone comes with Today
        "/map",  # the map's list and the day's route too (webapp/plan)
        "/plan",
        mine,
        f"{mine}/note",
        f"/clients/{world['theirs']}",
        f"/clients/{world['theirs']}/note",
    }
    listed = versions(rep)
    assert pages[mine]["version"] == listed[world["mine"]] and pages["/"]["version"] is None
    for url, page in pages.items():
        alone = rep.client.get(url).text
        assert _masked(page["html"]) == _masked(alone), url
        assert "offline-pages" not in page["html"]
    assert 'aria-current="page"' in pages["/"]["html"]


def test_a_batch_leaves_a_waiting_message_for_its_page(world, rep):
    """A message shown once ("Checked in.") belongs to the page after the form, not to a
    batch the worker fetches meanwhile."""
    token = rep.client.get(f"/clients/{world['mine']}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', token).group(1)
    rep.client.post(
        f"/clients/{world['mine']}/check-in",
        data={"csrf_token": token, "op_id": str(uuid.uuid4())},
    )
    batch = rep.client.get(f"/api/offline-pages/batch?ids={world['mine']}").json
    assert flashes(batch["pages"][0]["html"]) == []
    assert flashes(rep.client.get(f"/clients/{world['mine']}").text) == [
        ("warning", "Checked in — location not recorded.")
    ]


@pytest.mark.parametrize("who", ["rep", "manager", "colleague"])
def test_a_batch_never_holds_another_teams_client(world, as_user, who):
    answer = as_user(who).client.get(f"/api/offline-pages/batch?ids={world['other_team']},99999")
    assert answer.status_code == 200
    assert answer.json["pages"] == [] and answer.json["missing"] == [world["other_team"], 99999]
    assert "Southern Secret" not in answer.text


def test_a_batch_leaves_out_archived_clients(world, rep, db):
    _write(db, lambda db: db["clients"].update(world["theirs"], {"archived": 1}))
    answer = rep.client.get(f"/api/offline-pages/batch?ids={world['theirs']}").json
    assert answer["pages"] == [] and answer["missing"] == [world["theirs"]]


@pytest.mark.parametrize(
    "ids, status, code",
    [
        ("1,x", 400, "bad_request"),
        ("1,-2", 400, "bad_request"),
        ("99999999999999999999", 400, "bad_request"),
        (",".join(str(i) for i in range(1, savedpages.BATCH_CLIENTS + 2)), 413, "batch_too_large"),
    ],
)
def test_a_batch_refuses_what_no_phone_asks(world, rep, ids, status, code):
    answer = rep.client.get(f"/api/offline-pages/batch?ids={ids}")
    assert answer.status_code == status and answer.json["error"] == code
    assert answer.json["message"]


def test_a_batch_needs_login(client):
    answer = client.get("/api/offline-pages/batch?ids=1")
    assert answer.status_code == 401 and answer.json["error"] == "login_required"


def test_a_batch_names_the_thumbnails_a_briefing_shows(world, rep, db):
    from tests.test_attachments import Phone
    from tests.test_attachments import jpeg

    phone = Phone(rep, world["rep"]["id"])
    note_id, result = phone.note(world["mine"])
    before = versions(rep)
    file_id = str(uuid.uuid4())
    assert phone.put(note_id, jpeg(), "image/jpeg", file_id=file_id).status_code == 201
    assert versions(rep)[world["mine"]] != before[world["mine"]]
    page = rep.client.get(f"/api/offline-pages/batch?ids={world['mine']}").json["pages"][0]
    assert page["files"] == [f"/files/{file_id}/thumb"]
    assert rep.client.get(page["files"][0]).status_code == 200
