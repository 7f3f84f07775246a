"""Personal data about contacts: the warning at entry, export, erasure, and topics expiring."""

import datetime
import json
import os
import uuid
from pathlib import Path

import pytest

from webapp import timeutil

NAME = "Zofia Wiśniewska-Kowalczyk"
TOPICS = ("Daughter's violin exam", "Renovating the summer house")


@pytest.fixture
def zofia(world, make, as_user, db):
    """A contact with two topics, met in a note whose text names her, and one unrelated note."""
    contact = make.contact(world["mine"], name=NAME, title="Head of purchasing")
    other = make.contact(world["mine"], name="Per Hansen")
    topics = [make.topic(contact, title, "Ask how it went") for title in TOPICS]
    kept_topic = make.topic(other, "Marathon in May")
    rep = as_user("rep")
    token = rep.client.get("/api/session").json["csrf_token"]
    notes = []
    for body, met, mentioned in [
        (f"Met {NAME.split()[0]} about the spring order; {TOPICS[0].lower()}.", contact, topics),
        ("Talked to Per about the delivery dates.", other, [kept_topic]),
    ]:
        op = {
            "id": str(uuid.uuid4()),
            "kind": "note",
            "at": timeutil.now_iso(),
            "client_id": world["mine"],
            "body": body,
            "contacts_met": [met],
            "topics": [{"id": t, "status": "followed_up"} for t in mentioned],
            "promises": [
                {
                    "id": str(uuid.uuid4()),
                    "text": f"Send {NAME.split()[0]} the catalogue" if met == contact else "Call",
                    "due_date": datetime.date.today().isoformat(),
                }
            ],
        }
        result = rep.client.post(
            "/api/sync",
            json={"user_id": world["rep"]["id"], "operations": [op]},
            headers={"X-CSRFToken": token},
        )
        assert result.json["results"][0]["status"] == "applied", result.json
        notes.append(op["id"])
    return {"id": contact, "topics": topics, "notes": notes, "other": other, "kept": kept_topic}


def _everything_mentioning(db, needles):
    """Every (table, column, rowid) whose text contains one of the needles, over every table."""
    found = []
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for column in [c[1] for c in db.execute(f"PRAGMA table_info([{table}])")]:
            for needle in needles:
                rows = db.execute(
                    f"SELECT rowid FROM [{table}] WHERE instr(lower(CAST([{column}] AS TEXT)), ?)",
                    [needle.lower()],
                ).fetchall()
                found += [(table, column, row[0]) for row in rows]
    return found


def _needles():
    return [NAME, NAME.split()[0], NAME.split()[1], *TOPICS]


def test_topic_entry_warns_against_special_category_data_everywhere(world, make, as_user):
    contact = make.contact(world["mine"])
    topic = make.topic(contact)
    rep = as_user("rep")
    warning = "Do not record health, religion or political views."
    for url in (
        f"/clients/{world['mine']}/note",
        f"/contacts/{contact}/topics/new",
        f"/topics/{topic}/edit",
    ):
        page = rep.get(url).text
        assert warning in page, url
        hint_id = "privacy-hint" if "note" in url else "title-hint"
        assert f'aria-describedby="{hint_id}"' in page, url


def test_export_holds_everything_about_the_contact(world, zofia, as_user, db):
    admin = as_user("admin")
    admin.get(f"/admin/privacy/contacts/{zofia['id']}")
    response = admin.post(f"/admin/privacy/contacts/{zofia['id']}/export")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["contact"]["name"] == NAME and data["client"]["id"] == world["mine"]
    assert sorted(t["title"] for t in data["topics"]) == sorted(TOPICS)
    assert {n["topic_id"] for n in data["note_topics"]} == set(zofia["topics"])
    assert [n["note_id"] for n in data["note_contacts"]] == [zofia["notes"][0]]
    assert [n["id"] for n in data["notes"]] == [zofia["notes"][0]]
    assert len(data["promises_naming_them"]) == 1
    assert "Per Hansen" not in response.text and "Marathon" not in response.text
    assert "contact_exported" in [r["action"] for r in db["audit_log"].rows]


def test_the_contact_page_lists_texts_that_name_her(world, zofia, as_user):
    page = as_user("admin").get(f"/admin/privacy/contacts/{zofia['id']}").text
    assert f'name="blank_note" value="{zofia["notes"][0]}"' in page
    assert zofia["notes"][1] not in page
    assert 'name="blank_promise"' in page


def test_the_privacy_desk_finds_contacts_of_every_team(world, make, zofia, as_user):
    make.contact(world["other_team"], name="Zofia Nowak")
    page = as_user("admin").get("/admin/privacy?q=zofia").text
    assert NAME in page and "Zofia Nowak" in page and "Per Hansen" not in page


def _erase(admin, contact_id, blank=True, confirm=NAME, notes=(), promises=()):
    admin.get(f"/admin/privacy/contacts/{contact_id}")
    data = {"confirm": confirm}
    if blank:
        data["blank_note"] = list(notes)
        data["blank_promise"] = list(promises)
    return admin.post(f"/admin/privacy/contacts/{contact_id}/erase", data=data)


def _promise_naming(db):
    return db.execute("SELECT id FROM promises WHERE text LIKE 'Send Zofia%'").fetchone()[0]


def test_erasure_with_blanked_texts_leaves_nothing_about_her(app, world, zofia, as_user, db):
    before = _everything_mentioning(db, _needles())
    assert {t for t, _, _ in before} >= {"contacts", "topics", "notes", "promises"}
    promise = _promise_naming(db)
    response = _erase(as_user("admin"), zofia["id"], notes=[zofia["notes"][0]], promises=[promise])
    assert response.status_code == 302
    assert _everything_mentioning(db, _needles()) == []
    for table, column, value in [
        ("contacts", "id", zofia["id"]),
        ("note_contacts", "contact_id", zofia["id"]),
        ("topics", "contact_id", zofia["id"]),
    ]:
        assert (
            db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [value]).fetchone()[0]
            == 0
        )
    marks = ",".join("?" * len(zofia["topics"]))
    assert (
        db.execute(
            f"SELECT COUNT(*) FROM note_topics WHERE topic_id IN ({marks})", zofia["topics"]
        ).fetchone()[0]
        == 0
    )
    # The notes stay (the rep's work record), without her; others are untouched.
    assert db["notes"].count == 2 and db["promises"].count == 2
    assert db["topics"].get(zofia["kept"])["title"] == "Marathon in May"
    assert db.execute("SELECT COUNT(*) FROM note_contacts").fetchone()[0] == 1
    # Not even the free pages or the write-ahead log of the file hold her name any more.
    path = app.config["DATABASE"]
    raw = b"".join(Path(p).read_bytes() for p in (path, path + "-wal") if os.path.exists(p))
    for needle in _needles():
        assert needle.encode() not in raw, needle
    erased = db.execute("SELECT subject, detail FROM audit_log WHERE action = 'contact_erased'")
    subject, detail = erased.fetchone()
    assert subject == f"contact {zofia['id']}" and "topics=2" in detail and NAME not in detail


def test_erasure_keeping_the_texts_leaves_only_those_texts(world, zofia, as_user, db):
    _erase(as_user("admin"), zofia["id"], blank=False)
    left = _everything_mentioning(db, _needles())
    assert {(table, column) for table, column, _ in left} == {
        ("notes", "body"),
        ("promises", "text"),
    }
    assert db["contacts"].count == 1 and db["topics"].count == 1


def test_erasure_needs_the_name_typed(world, zofia, as_user, db):
    response = _erase(as_user("admin"), zofia["id"], confirm="Zofia")
    assert response.status_code == 302 and db["contacts"].get(zofia["id"])["name"] == NAME


def test_only_texts_that_name_her_can_be_blanked(world, zofia, as_user, db):
    _erase(as_user("admin"), zofia["id"], notes=zofia["notes"])  # includes Per's note
    assert db["notes"].get(zofia["notes"][1])["body"] == "Talked to Per about the delivery dates."


def test_purge_deletes_topics_not_mentioned_for_a_year(app, world, make, db):
    contact = make.contact(world["mine"])
    old = make.topic(contact, "Old news", days_ago=400)
    fresh = make.topic(contact, "Recent", days_ago=300)
    note_id = str(uuid.uuid4())
    db["notes"].insert(
        {
            "id": note_id,
            "client_id": world["mine"],
            "user_id": world["rep"]["id"],
            "body": "x",
            "written_at": "2025-01-01T00:00:00.000Z",
            "received_at": "2025-01-01T00:00:00.000Z",
        }
    )
    db["note_topics"].insert({"note_id": note_id, "topic_id": old, "status": "open"})
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0 and "Deleted 1 personal topics" in result.output
    assert [t["id"] for t in db["topics"].rows] == [fresh]
    assert db["note_topics"].count == 0 and db["notes"].count == 1
    assert "topics_purged" in [r["action"] for r in db["audit_log"].rows]


def test_purge_follows_the_configured_retention(app, world, make, db, monkeypatch):
    contact = make.contact(world["mine"])
    make.topic(contact, "Thirty days old", days_ago=30)
    app.config["TOPIC_RETENTION_DAYS"] = 20
    assert "Deleted 1 personal topics" in app.test_cli_runner().invoke(args=["purge"]).output


def test_retention_defaults_to_a_year_and_reads_the_environment(tmp_path, monkeypatch):
    from webapp import create_app

    default = create_app({"DATABASE": str(tmp_path / "a.db")})
    assert default.config["TOPIC_RETENTION_DAYS"] == 365
    monkeypatch.setenv("FOLKA_TOPIC_RETENTION_DAYS", "90")
    assert create_app({"DATABASE": str(tmp_path / "b.db")}).config["TOPIC_RETENTION_DAYS"] == 90


def test_purge_forgets_old_sessions(app, world, browser, db):
    browser.login("rep@example.com")
    db.execute("UPDATE sessions SET created_at = '2020-01-01T00:00:00.000Z'")
    assert "Forgot 1" in app.test_cli_runner().invoke(args=["purge"]).output
    assert db["sessions"].count == 0


def test_overwriting_deleted_content_ends_with_the_erasure(app, world, zofia, as_user):
    """The worker keeps its connection: secure_delete left on would slow every later delete."""
    from webapp.db import get_db

    admin = as_user("admin")
    assert _erase(admin, zofia["id"]).status_code == 302
    with app.app_context():
        assert get_db().execute("PRAGMA secure_delete").fetchone()[0] == 0


def _sync(browser, user_id, ops):
    token = browser.client.get("/api/session").json["csrf_token"]
    response = browser.client.post(
        "/api/sync", json={"user_id": user_id, "operations": ops}, headers={"X-CSRFToken": token}
    )
    return [result["status"] for result in response.json["results"]]


def _op(kind, **fields):
    return {"id": str(uuid.uuid4()), "kind": kind, "at": timeutil.now_iso(), **fields}


def test_erasure_forgets_the_history_of_her_and_her_topics(world, zofia, as_user, db):
    """Her old name, e-mail and topic titles live on in their fields' history: gone too."""
    rep = as_user("rep")
    edits = [
        _op("edit_person", contact_id=zofia["id"], fields={"email": "zofia@example.pl"}),
        _op("edit_person", contact_id=zofia["id"], fields={"name": "Zofia W."}),
        _op("edit_topic", topic_id=zofia["topics"][1], fields={"title": "Summer house done"}),
        _op("edit_topic", topic_id=zofia["kept"], fields={"follow_up": "Ask about Berlin"}),
    ]
    assert _sync(rep, world["rep"]["id"], edits) == ["applied"] * 4
    assert ("field_changes", "value") in {
        (t, c) for t, c, _ in _everything_mentioning(db, _needles())
    }
    _erase(
        as_user("admin"),
        zofia["id"],
        notes=[zofia["notes"][0]],
        promises=[_promise_naming(db)],
        confirm="Zofia W.",
    )
    assert _everything_mentioning(db, [*_needles(), "zofia@example.pl", "Summer house"]) == []
    # Per's topic keeps its history.
    kept = db.execute("SELECT record_id FROM field_changes").fetchall()
    assert {row[0] for row in kept} == {zofia["kept"]}
    detail = db.execute("SELECT detail FROM audit_log WHERE action = 'contact_erased'").fetchone()
    assert "changes=" in detail[0]


def test_a_person_made_on_a_phone_stays_erased_when_the_phone_sends_again(world, as_user, db):
    rep = as_user("rep")
    add = _op("add_person", client_id=world["mine"], name="Jan Nowak")
    assert _sync(rep, world["rep"]["id"], [add]) == ["applied"]
    contact_id = db.execute("SELECT id FROM contacts WHERE ref = ?", [add["id"]]).fetchone()[0]
    admin = as_user("admin")
    admin.get(f"/admin/privacy/contacts/{contact_id}")
    admin.post(f"/admin/privacy/contacts/{contact_id}/erase", data={"confirm": "Jan Nowak"})
    assert db["contacts"].count == 0
    assert _sync(rep, world["rep"]["id"], [add]) == ["duplicate"]
    assert db["contacts"].count == 0


def test_purge_forgets_the_history_of_the_topics_it_deletes(app, world, make, as_user, db):
    contact = make.contact(world["mine"])
    old = make.topic(contact, "Old news", days_ago=400)
    fresh = make.topic(contact, "Recent", days_ago=300)
    rep = as_user("rep")
    # Changes by the phone's time (today), kept with the old topic's stamp untouched.
    edits = [_op("edit_topic", topic_id=t, fields={"follow_up": "Ask again"}) for t in (old, fresh)]
    assert _sync(rep, world["rep"]["id"], edits) == ["applied"] * 2
    app.test_cli_runner().invoke(args=["purge"])
    assert [t["id"] for t in db["topics"].rows] == [fresh]
    assert {r["record_id"] for r in db["field_changes"].rows} == {fresh}
