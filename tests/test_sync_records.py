"""People, clients and personal topics made and changed through the sync, as a phone sends
them offline: applied once, a resend a duplicate, a bad value a rejection with its reason,
and another team's record answered exactly like one that does not exist."""

import datetime
import json
import uuid

import pytest

from tests.test_sync_checks import Phone
from tests.test_sync_checks import op
from webapp import timeutil


def _at(minutes_ago):
    return timeutil.iso(timeutil.now() - datetime.timedelta(minutes=minutes_ago))


@pytest.fixture
def phone(world, as_user):
    return Phone(as_user("rep"), world["rep"]["id"])


@pytest.fixture
def anna(world, make):
    return make.contact(world["mine"], name="Anna Berg", title="Buyer")


@pytest.fixture
def stranger_phone(world, as_user):
    return Phone(as_user("stranger"), world["stranger"]["id"])


def _answer(result):
    return {key: value for key, value in result.items() if key != "id"}


def test_a_person_added_on_the_phone_gets_a_row_id_and_keeps_the_phones_uuid(phone, world, db):
    add = op(
        "add_person",
        client_id=world["mine"],
        name=" Siri Lunde ",
        title="Purchasing manager",
        phone="+47 912 34 567",
        email="siri@example.no",
        v=2,
    )
    first, again = phone.sync([add, add])
    contact = db["contacts"].get(first["record_id"])
    assert first["status"] == "applied" and again == first | {"status": "duplicate"}
    assert (contact["name"], contact["title"], contact["phone"], contact["email"]) == (
        "Siri Lunde",
        "Purchasing manager",
        "+47 912 34 567",
        "siri@example.no",
    )
    assert contact["ref"] == add["id"] and contact["client_id"] == world["mine"]
    assert contact["created_by"] == world["rep"]["id"]
    # A resend in a later batch is a duplicate too, with the same row id.
    assert phone.sync([add]) == [again]
    assert db["contacts"].count == 1


def test_a_new_client_is_the_users_in_their_team_with_its_site(phone, world, db):
    new = op(
        "new_client",
        name="Kafé Nord",
        address="Strandgaten 1",
        city="Bergen",
        country="NO",
        lat=60.3951,
        lon=5.3241,
        accuracy=12,
        rhythm_days=14,
    )
    (result,) = phone.sync([new])
    client = db["clients"].get(result["record_id"])
    assert result["status"] == "applied"
    assert (client["team_id"], client["owner_id"], client["ref"]) == (
        world["north"],
        world["rep"]["id"],
        new["id"],
    )
    assert (client["lat"], client["lon"], client["site_accuracy_m"]) == (60.3951, 5.3241, 12)
    assert (client["site_set_by"], client["site_set_at"]) == (world["rep"]["id"], new["at"])
    assert client["rhythm_days"] == 14 and client["created_at"] == new["at"]
    assert phone.sync([new])[0] == result | {"status": "duplicate"}


def test_a_new_client_without_a_position_has_no_site(phone, db):
    (result,) = phone.sync([op("new_client", name="Kafé Sør")])
    client = db["clients"].get(result["record_id"])
    assert client["lat"] is None and client["site_set_by"] is None and client["rhythm_days"] == 28


def test_an_offline_visit_to_a_new_client_with_a_new_person_resolves_in_one_batch(phone, world, db):
    """New client, check in there, add a person, a topic for them, a note that met them."""
    client = op("new_client", name="Verksted Vest", lat=60.1, lon=5.1, accuracy=30)
    visit = op("check_in", client_id=client["id"], lat=60.1, lon=5.1, accuracy=25)
    person = op("add_person", client_id=client["id"], name="Ola Vik")
    topic = op("add_topic", contact_id=person["id"], title="Builds a boat")
    note = op(
        "note",
        client_id=client["id"],
        visit_id=visit["id"],
        body="First visit.",
        contacts_met=[person["id"]],
        new_topics=[
            {"id": str(uuid.uuid4()), "contact_id": person["id"], "title": "Two daughters"}
        ],
    )
    batch = [client, visit, person, topic, note]
    results = phone.sync(batch)
    assert [r["status"] for r in results] == ["applied"] * 5, results
    client_id, person_id = results[0]["record_id"], results[2]["record_id"]
    assert db["visits"].get(visit["id"])["client_id"] == client_id
    assert db["notes"].get(note["id"])["client_id"] == client_id
    assert [r["contact_id"] for r in db["note_contacts"].rows] == [person_id]
    assert {t["contact_id"] for t in db["topics"].rows} == {person_id}
    assert db["topics"].count == 2
    # The same batch sent again, with every ref: all duplicates, nothing new.
    again = phone.sync(batch)
    assert [r["status"] for r in again] == ["duplicate"] * 5, again
    assert again[0]["record_id"] == client_id and again[2]["record_id"] == person_id
    counts = [db[t].count for t in ("clients", "visits", "contacts", "topics", "notes")]
    assert counts == [4, 1, 1, 2, 1]


def test_a_run_of_notes_resolves_a_person_added_just_before(phone, world, db):
    person = op("add_person", client_id=world["mine"], name="Kari Holm")
    notes = [
        op("note", client_id=world["mine"], body=f"Note {n}", contacts_met=[person["id"]])
        for n in range(3)
    ]
    results = phone.sync([person, *notes])
    assert [r["status"] for r in results] == ["applied"] * 4
    assert {r["contact_id"] for r in db["note_contacts"].rows} == {results[0]["record_id"]}


def test_a_ref_not_made_yet_in_the_batch_is_not_found(phone, world, db):
    person = op("add_person", client_id=world["mine"], name="Kari Holm")
    note = op("note", client_id=world["mine"], body="Met Kari.", contacts_met=[person["id"]])
    edit = op("edit_person", contact_id=person["id"], fields={"title": "CEO"})
    results = phone.sync([note, edit, person])
    assert results[0]["status"] == "rejected" and "contacts_met" in results[0]["errors"]
    assert (results[1]["status"], results[1]["code"]) == ("rejected", "not_found")
    assert results[2]["status"] == "applied" and db["notes"].count == 0


def test_edit_person_changes_only_the_fields_sent(phone, anna, db):
    edit = op("edit_person", contact_id=anna, fields={"phone": "22 33 44 55"})
    assert phone.sync([edit, edit])[1]["status"] == "duplicate"
    contact = db["contacts"].get(anna)
    assert (contact["name"], contact["title"], contact["phone"]) == (
        "Anna Berg",
        "Buyer",
        "22 33 44 55",
    )


def test_edits_win_per_field_by_the_time_of_the_action(phone, anna, db):
    """Two devices: the laptop renames Anna at 10:05, the phone (synced late) changed her
    title at 10:03 and her name at 10:01. The title is the phone's, the name the laptop's."""
    laptop = op("edit_person", contact_id=anna, at=_at(5), fields={"name": "Anna Berg-Lie"})
    late = op(
        "edit_person",
        contact_id=anna,
        at=_at(9),
        fields={"name": "Anne Berg", "title": "Head of purchasing"},
    )
    assert [r["status"] for r in phone.sync([laptop, late])] == ["applied", "applied"]
    contact = db["contacts"].get(anna)
    assert (contact["name"], contact["title"]) == ("Anna Berg-Lie", "Head of purchasing")
    names = [
        (row["value"], row["op_id"])
        for row in db.query(
            "SELECT value, op_id FROM field_changes WHERE record = 'contact' AND field = 'name'"
            " ORDER BY op_id != '', at, op_id"
        )
    ]
    # The value found first, the phone's name that lost, and the one that holds.
    assert names == [
        ('"Anna Berg"', ""),
        ('"Anne Berg"', late["id"]),
        ('"Anna Berg-Lie"', laptop["id"]),
    ]


def test_the_same_time_is_decided_by_the_operation_id(phone, anna, db):
    at = _at(3)
    low = op("edit_person", contact_id=anna, at=at, fields={"title": "A"})
    high = op("edit_person", contact_id=anna, at=at, fields={"title": "B"})
    low["id"], high["id"] = str(uuid.UUID(int=1)), str(uuid.UUID(int=2))
    phone.sync([high, low])
    assert db["contacts"].get(anna)["title"] == "B"


def test_a_topic_added_outside_a_note_and_edited(phone, world, anna, db):
    add = op(
        "add_topic", contact_id=anna, title="Sails on weekends", follow_up="Ask about the race"
    )
    assert phone.sync([add, add])[1]["status"] == "duplicate"
    topic = db["topics"].get(add["id"])
    assert (topic["status"], topic["created_by"]) == ("open", world["rep"]["id"])
    edit = op("edit_topic", topic_id=add["id"], fields={"status": "followed_up", "follow_up": ""})
    assert phone.sync([edit])[0]["status"] == "applied"
    topic = db["topics"].get(add["id"])
    assert (topic["status"], topic["follow_up"], topic["status_at"]) == (
        "followed_up",
        "",
        edit["at"],
    )


def test_edit_topic_and_a_notes_mention_follow_one_rule(phone, world, make, anna, db):
    """A note mentions the topic at 10:00 closing it; an edit at 10:05 reopens it. Sent in
    either order, the edit wins, and both are in the topic's history."""
    topic = make.topic(anna, days_ago=2)
    note = op(
        "note",
        client_id=world["mine"],
        at=_at(10),
        body="Talked.",
        topics=[{"id": topic, "status": "closed", "follow_up": "Ask in spring"}],
    )
    edit = op("edit_topic", topic_id=topic, at=_at(5), fields={"status": "open"})
    phone.sync([edit, note])
    row = db["topics"].get(topic)
    assert (row["status"], row["follow_up"], row["status_at"]) == (
        "open",
        "Ask in spring",
        edit["at"],
    )
    statuses = [
        r["value"]
        for r in db.query(
            "SELECT value FROM field_changes WHERE record_id = ? AND field = 'status'"
            " ORDER BY op_id != '', at, op_id",
            [topic],
        )
    ]
    assert statuses == ['"open"', '"closed"', '"open"']


def test_edit_client_and_the_site_here(phone, world, db):
    edit = op(
        "edit_client",
        client_id=world["mine"],
        fields={"access_notes": "Ring at the back door.\nParking behind.", "rhythm_days": 21},
    )
    site = op("site_here", client_id=world["mine"], lat=60.4, lon=5.33, accuracy=12)
    assert [r["status"] for r in phone.sync([edit, site])] == ["applied", "applied"]
    client = db["clients"].get(world["mine"])
    assert client["access_notes"] == "Ring at the back door.\nParking behind."
    assert client["rhythm_days"] == 21 and client["name"] == "Fjord Rør AS"
    assert (client["lat"], client["lon"], client["site_accuracy_m"]) == (60.4, 5.33, 12)
    assert (client["site_set_by"], client["site_set_at"]) == (world["rep"]["id"], site["at"])
    # An older position arriving late does not move the site back.
    older = op("site_here", client_id=world["mine"], at=_at(30), lat=61.0, lon=6.0, accuracy=5)
    assert phone.sync([older])[0]["status"] == "applied"
    assert db["clients"].get(world["mine"])["lat"] == 60.4


def test_an_owner_from_the_team(phone, world, db):
    ok = op("edit_client", client_id=world["mine"], fields={"owner_id": world["colleague"]["id"]})
    wrong = op("edit_client", client_id=world["mine"], fields={"owner_id": world["stranger"]["id"]})
    results = phone.sync([wrong, ok])
    assert results[0]["status"] == "rejected" and "owner_id" in results[0]["errors"]
    assert db["clients"].get(world["mine"])["owner_id"] == world["colleague"]["id"]


LONG = "x" * 121
BAD = [
    ("add_person", {"name": ""}, "name"),
    ("add_person", {"name": LONG}, "name"),
    ("add_person", {"name": "Ann", "title": LONG}, "title"),
    ("add_person", {"name": "Ann", "phone": "call me"}, "phone"),
    ("add_person", {"name": "Ann", "phone": "+47"}, "phone"),
    ("add_person", {"name": "Ann", "phone": "1" * 41}, "phone"),
    ("add_person", {"name": "Ann", "email": "ann@"}, "email"),
    ("add_person", {"name": "Ann", "email": "ann example.com"}, "email"),
    ("add_person", {"name": 5}, "name"),
    ("add_person", {"name": "Bad\udc00"}, "name"),
    ("new_client", {"name": "K", "lat": 91, "lon": 5}, "lat"),
    ("new_client", {"name": "K", "lat": 60, "lon": -181}, "lon"),
    ("new_client", {"name": "K", "lat": 60}, "lon"),
    ("new_client", {"name": "K", "lat": 60, "lon": 5, "accuracy": -1}, "accuracy"),
    ("new_client", {"name": "K", "lat": True, "lon": 5}, "lat"),
    ("new_client", {"name": "K", "rhythm_days": 0}, "rhythm_days"),
    ("new_client", {"name": "K", "rhythm_days": 365}, "rhythm_days"),
    ("new_client", {"name": "K", "rhythm_days": "28"}, "rhythm_days"),
    ("new_client", {"name": "K", "rhythm_days": True}, "rhythm_days"),
    ("new_client", {"name": "K", "country": "DE"}, "country"),
    ("new_client", {"name": "K", "address": "x" * 201}, "address"),
    ("new_client", {"name": "K", "city": "x" * 81}, "city"),
    ("new_client", {"name": "K", "access_notes": "x" * 501}, "access_notes"),
    ("new_client", {"address": "Storgata 1"}, "name"),
]


@pytest.mark.parametrize("kind,fields,field", BAD)
def test_a_bad_value_is_rejected_with_the_field_marked(phone, world, db, kind, fields, field):
    extra = {"client_id": world["mine"]} if kind == "add_person" else {}
    (result,) = phone.sync([op(kind, **extra, **fields)])
    assert (result["status"], result["code"]) == ("rejected", "invalid"), result
    assert field in result["errors"] and result["message"]
    assert db["contacts"].count == 0 and db["clients"].count == 3


def test_a_latitude_of_91_is_refused_not_dropped(phone, world, db):
    (result,) = phone.sync([op("site_here", client_id=world["mine"], lat=91, lon=5, accuracy=3)])
    assert result["code"] == "invalid"
    assert result["errors"] == {"lat": "The latitude must be between -90 and 90."}
    assert db["clients"].get(world["mine"])["lat"] == pytest.approx(60.3913)


EDITS_BAD = [
    ({"fields": {}}, "fields"),
    ({"fields": []}, "fields"),
    ({"fields": "name"}, "fields"),
    ({}, "fields"),
    ({"fields": {"name": ""}}, "name"),
    ({"fields": {"client_id": 3}}, "client_id"),
    ({"fields": {"name": {"first": "A"}}}, "name"),
    ({"fields": {"email": ["a@b.no"]}}, "email"),
]


@pytest.mark.parametrize("extra,field", EDITS_BAD)
def test_an_edit_names_fields_it_may_change(phone, anna, db, extra, field):
    (result,) = phone.sync([op("edit_person", contact_id=anna, **extra)])
    assert (result["status"], result["code"]) == ("rejected", "invalid")
    assert field in result["errors"]
    assert db["field_changes"].count == 0


def test_a_topic_status_must_be_known(phone, make, anna):
    topic = make.topic(anna)
    edit = op("edit_topic", topic_id=topic, fields={"status": "done", "title": ""})
    (result,) = phone.sync([edit])
    assert set(result["errors"]) == {"status", "title"}


def _others(world, make, db, stranger_phone):
    """Records of the other team: a client, a person and a topic, and a client and person
    made on the stranger's phone (named by their refs)."""
    contact = make.contact(world["other_team"], name="Secret Person")
    client_ref = op("new_client", name="Their prospect")
    person_ref = op("add_person", client_id=world["other_team"], name="Their person")
    assert [r["status"] for r in stranger_phone.sync([client_ref, person_ref])] == ["applied"] * 2
    return {
        "client": world["other_team"],
        "contact": contact,
        "topic": make.topic(contact),
        "client ref": client_ref["id"],
        "person ref": person_ref["id"],
    }


NAMING = {
    "add_person": lambda c, p, t: op("add_person", client_id=c, name="Eve"),
    "edit_person": lambda c, p, t: op("edit_person", contact_id=p, fields={"name": "Eve"}),
    "add_topic": lambda c, p, t: op("add_topic", contact_id=p, title="Golf"),
    "edit_topic": lambda c, p, t: op("edit_topic", topic_id=t, fields={"status": "closed"}),
    "edit_client": lambda c, p, t: op("edit_client", client_id=c, fields={"name": "Mine now"}),
    "site_here": lambda c, p, t: op("site_here", client_id=c, lat=60.0, lon=5.0, accuracy=4),
    "check_in": lambda c, p, t: op("check_in", client_id=c),
    "note": lambda c, p, t: op("note", client_id=c, body="Hello"),
}


@pytest.mark.parametrize("naming", NAMING.values(), ids=NAMING)
def test_another_teams_records_answer_like_ones_that_do_not_exist(
    phone, stranger_phone, world, make, db, naming
):
    theirs = _others(world, make, db, stranger_phone)
    missing = str(uuid.uuid4())
    before = {t: db[t].count for t in ("contacts", "topics", "field_changes", "visits", "notes")}
    results = phone.sync(
        [
            naming(theirs["client"], theirs["contact"], theirs["topic"]),
            naming(theirs["client ref"], theirs["person ref"], missing),
            naming(missing, missing, str(uuid.uuid4())),
            naming(987654, 987654, missing),
        ]
    )
    assert {json.dumps(_answer(r), sort_keys=True) for r in results} == {
        json.dumps(_answer(results[0]), sort_keys=True)
    }
    assert results[0]["code"] == "not_found", results
    assert before == {t: db[t].count for t in before}
    assert db["clients"].get(world["other_team"])["name"] == "Southern Secret Sp. z o.o."


def test_an_archived_client_is_not_found(phone, world, db):
    with db.conn:
        db["clients"].update(world["mine"], {"archived": 1})
    (result,) = phone.sync([op("edit_client", client_id=world["mine"], fields={"city": "Oslo"})])
    assert result["code"] == "not_found"


def test_a_colleagues_record_in_the_team_may_be_edited(phone, world, make, db):
    theirs = make.contact(world["theirs"], name="Per")
    edit = op("edit_person", contact_id=theirs, fields={"email": "per@example.no"})
    assert phone.sync([edit])[0]["status"] == "applied"


def test_an_admin_without_a_team_cannot_make_a_client(world, as_user, db):
    admin = Phone(as_user("admin"), world["admin"]["id"])
    (result,) = admin.sync([op("new_client", name="Nowhere AS")])
    assert (result["status"], result["code"]) == ("rejected", "invalid")
    assert db["clients"].count == 3


def test_an_id_taken_is_a_conflict(phone, world, as_user, anna, db):
    colleague = Phone(as_user("colleague"), world["colleague"]["id"])
    theirs = op("add_person", client_id=world["theirs"], name="Per")
    assert colleague.sync([theirs])[0]["status"] == "applied"
    edit = op("edit_person", contact_id=anna, fields={"title": "CEO"})
    note = op("note", client_id=world["mine"], body="x")
    phone.sync([edit, note])
    results = phone.sync(
        [
            # Another user's person under the same id; a person under a note's id; an
            # edit's id used again for another person.
            op("add_person", client_id=world["mine"], name="Per") | {"id": theirs["id"]},
            op("add_person", client_id=world["mine"], name="Nils") | {"id": note["id"]},
            op("edit_person", contact_id=anna, fields={"title": "CFO"}) | {"id": edit["id"]},
            op("edit_client", client_id=world["mine"], fields={"city": "Oslo"})
            | {"id": edit["id"]},
        ]
    )
    assert [r["status"] for r in results] == ["rejected", "rejected", "duplicate", "rejected"]
    assert {r.get("code") for r in results} == {"conflict", None}
    assert db["contacts"].count == 2 and db["contacts"].get(anna)["title"] == "CEO"


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "add_person", "client_id": 2**64, "name": "A"},
        {"kind": "add_person", "client_id": True, "name": "A"},
        {"kind": "add_person", "client_id": [1], "name": "A"},
        {"kind": "edit_person", "contact_id": {"ref": 1}, "fields": {"name": "A"}},
        {"kind": "edit_topic", "topic_id": 12, "fields": {"status": "open"}},
        {"kind": "edit_client", "client_id": -5, "fields": {"city": "x"}},
        {"kind": "site_here", "client_id": 1.5, "lat": 1, "lon": 1},
        {"kind": "new_client", "name": "A", "lat": 1e400, "lon": 1},
        {"kind": "new_client", "name": "A", "owner_id": 2**70},
        {"kind": "add_topic", "contact_id": "not-a-uuid", "title": "x"},
        {"kind": "note", "client_id": 1, "body": "x", "contacts_met": [str(uuid.uuid4())]},
        {"kind": "note", "client_id": 1, "body": "x", "new_topics": ["x", {"contact_id": []}]},
    ],
)
def test_malformed_records_are_rejections_never_errors(phone, world, bad):
    (result,) = phone.sync([op(bad.pop("kind"), **bad)])
    assert result["status"] == "rejected" and result["message"]


def test_a_field_name_no_phone_sends_is_a_rejection(phone, anna, db):
    odd = op("edit_person", contact_id=anna, fields={"\udc00": "x", "name": "Anna"})
    (result,) = phone.sync([odd])
    assert result["code"] == "invalid" and len(result["errors"]) == 1
    assert db["contacts"].get(anna)["name"] == "Anna Berg"
