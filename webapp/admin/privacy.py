"""Personal data about contacts: export it, erase it, and let old personal topics expire.

Contacts are third parties who never agreed to be written about, so the GDPR's rights of
access and erasure are exercised for them by an admin. Erasure deletes the contact, their
topics and every link from notes; notes themselves stay (they are the rep's work record),
but a note's free text may name the person, so the admin sees those notes and chooses
which texts to blank too. A photo or a voice memo cannot be searched for a name: a note
that is blanked loses its files too, and the admin chooses which files of the notes that
met the person or mention their topics go as well. Deleted rows are overwritten on disk
(secure_delete), not just unlinked, and the write-ahead log is emptied afterwards when it can
be: with Litestream replicating, its read transaction keeps the log busy, which then empties
at Litestream's next checkpoint, and the replica keeps the erased rows until its retention
ends (the admin is told both).
"""

import contextlib
import datetime
import re

from webapp import audit
from webapp import timeutil
from webapp.attachments import store as attachments
from webapp.db import fold
from webapp.db import get_one
from webapp.db import marks
from webapp.db import transaction
from webapp.sync import history


@contextlib.contextmanager
def overwriting_deletes(db):
    """Deleted content is overwritten with zeros instead of left in free pages, for this
    erasure only: the worker keeps its connection, and every later delete would pay too."""
    db.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.execute("PRAGMA secure_delete = OFF")


def get_any_contact(db, contact_id):
    """A contact of any team with the client's name (admins only); raises NotFound."""
    return get_one(
        db,
        "SELECT k.*, c.name AS client_name, c.team_id FROM contacts k "
        "JOIN clients c ON c.id = k.client_id WHERE k.id = ?",
        [contact_id],
    )


def search_contacts(db, query, limit=50):
    """Contacts of every team whose name contains `query`, for the admin's privacy page."""
    return list(
        db.query(
            "SELECT k.id, k.name, k.title, c.name AS client_name,"
            " (SELECT COUNT(*) FROM topics t WHERE t.contact_id = k.id) AS topic_count "
            "FROM contacts k JOIN clients c ON c.id = k.client_id "
            "WHERE instr(fold(k.name), ?) > 0 ORDER BY k.name LIMIT ?",
            [fold(query.strip()), limit],
        )
    )


def name_pattern(name):
    """A regex for the full name or any part of it of 3+ letters, as whole words."""
    parts = [name.strip()] + [part for part in name.split() if len(part) >= 3]
    alternatives = "|".join(re.escape(part) for part in dict.fromkeys(parts) if part)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def texts_naming(db, name):
    """Notes and promises whose free text names the person: candidates for blanking."""
    pattern = name_pattern(name)
    parts = [fold(part) for part in name.split() if len(part) >= 3] or [fold(name.strip())]
    found = {"notes": [], "promises": []}
    for table, column, when in (("notes", "body", "written_at"), ("promises", "text", "made_at")):
        condition = " OR ".join(f"instr(fold({column}), ?) > 0" for _ in parts)
        rows = db.query(
            f"SELECT x.id, x.{column} AS text, x.{when} AS at, c.name AS client_name "
            f"FROM {table} x JOIN clients c ON c.id = x.client_id WHERE {condition} "
            f"ORDER BY x.{when} DESC",
            parts,
        )
        found[table] = [
            {**row, "when": timeutil.parse(row["at"])}
            for row in rows
            if pattern.search(row["text"])
        ]
    return found


def notes_with_files(db, contact_id, named):
    """The notes linked to the person (met, their topics mentioned, their name in the text)
    that have photos or voice memos: [{id, client_name, when, text, photos, memos}]."""
    topics = "SELECT id FROM topics WHERE contact_id = ?"
    rows = db.query(
        "SELECT n.id, n.body AS text, n.written_at AS at, c.name AS client_name,"
        " SUM(a.kind = 'photo') AS photos, SUM(a.kind = 'memo') AS memos"
        " FROM notes n JOIN clients c ON c.id = n.client_id JOIN attachments a ON a.note_id = n.id"
        " WHERE n.id IN (SELECT note_id FROM note_contacts WHERE contact_id = ?)"
        f" OR n.id IN (SELECT note_id FROM note_topics WHERE topic_id IN ({topics}))"
        f" OR n.id IN ({marks(named['notes']) or 'NULL'})"
        " GROUP BY n.id ORDER BY n.written_at DESC",
        [contact_id, contact_id, *(note["id"] for note in named["notes"])],
    )
    return [{**row, "when": timeutil.parse(row["at"])} for row in rows]


def export_contact(db, contact_id):
    """Everything Folka stores about one contact, as plain data for a JSON download."""
    contact = get_any_contact(db, contact_id)
    topics = list(db.query("SELECT * FROM topics WHERE contact_id = ?", [contact_id]))
    topic_ids = [topic["id"] for topic in topics]
    marks = ",".join("?" * len(topic_ids)) or "NULL"
    note_topics = list(
        db.query(f"SELECT * FROM note_topics WHERE topic_id IN ({marks})", topic_ids)
    )
    note_contacts = list(db.query("SELECT * FROM note_contacts WHERE contact_id = ?", [contact_id]))
    named = texts_naming(db, contact["name"])
    note_ids = sorted(
        {row["note_id"] for row in note_topics + note_contacts}
        | {note["id"] for note in named["notes"]}
    )
    marks = ",".join("?" * len(note_ids)) or "NULL"
    notes = list(
        db.query(
            "SELECT id, client_id, user_id, visit_id, body, written_at FROM notes "
            f"WHERE id IN ({marks}) ORDER BY written_at",
            note_ids,
        )
    )
    return {
        "exported_at": timeutil.now_iso(),
        "contact": {
            key: contact[key] for key in ("id", "name", "title", "client_id", "created_at")
        },
        "client": {"id": contact["client_id"], "name": contact["client_name"]},
        "topics": topics,
        "note_topics": note_topics,
        "note_contacts": note_contacts,
        "notes": notes,
        "note_files": [
            file for files in attachments.for_notes(db, note_ids).values() for file in files
        ],
        "promises_naming_them": [
            {"id": row["id"], "text": row["text"], "made_at": row["at"]}
            for row in named["promises"]
        ],
    }


def erase_contact(
    db,
    contact_id,
    actor_id,
    blank_notes=(),
    blank_promises=(),
    placeholder="",
    delete_files=(),
):
    """Delete a contact, their topics and every link to them; blank the chosen texts, and
    delete the files of the blanked notes and of the chosen notes (`delete_files`).

    Only notes and promises that actually name the person can be blanked, and only the files
    of notes linked to them (notes_with_files) deleted. Returns counts.
    """
    contact = get_any_contact(db, contact_id)
    named = texts_naming(db, contact["name"])
    notes = [note["id"] for note in named["notes"] if note["id"] in set(blank_notes)]
    promises = [row["id"] for row in named["promises"] if row["id"] in set(blank_promises)]
    linked = notes_with_files(db, contact_id, named)
    with_files = [n["id"] for n in linked if n["id"] in set(delete_files) | set(notes)]
    with overwriting_deletes(db), transaction(db):
        files = attachments.delete_for_notes(db, with_files)
        topics = [
            row[0] for row in db.execute("SELECT id FROM topics WHERE contact_id = ?", [contact_id])
        ]
        mentions = db.execute(
            f"DELETE FROM note_topics WHERE topic_id IN ({marks(topics) or 'NULL'})", topics
        ).rowcount
        db.execute("DELETE FROM topics WHERE contact_id = ?", [contact_id])
        changes = history.forget(db, "topic", topics) + history.forget(db, "contact", [contact_id])
        links = db.execute("DELETE FROM note_contacts WHERE contact_id = ?", [contact_id]).rowcount
        for note_id in notes:
            db.execute("UPDATE notes SET body = ? WHERE id = ?", [placeholder, note_id])
        for promise_id in promises:
            db.execute("UPDATE promises SET text = ? WHERE id = ?", [placeholder, promise_id])
        # Whether the new owner of a handed-over client has met them (m017).
        db.execute("DELETE FROM introductions WHERE contact_id = ?", [contact_id])
        db.execute("DELETE FROM contacts WHERE id = ?", [contact_id])
        _keep_made(db, contact)
        counts = {
            "topics": len(topics),
            "mentions": mentions,
            "changes": changes,
            "links": links,
            "notes_blanked": len(notes),
            "promises_blanked": len(promises),
            "files": files,
        }
        audit.record(
            db,
            "contact_erased",
            actor_id,
            subject=f"contact {contact_id}",
            detail=", ".join(f"{key}={value}" for key, value in counts.items()),
        )
    # Old versions of the pages may still sit in the write-ahead log: fold it in and empty it.
    # Busy while Litestream holds its read transaction: said so, not pretended.
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    counts["log_emptied"] = not busy
    return counts


def _keep_made(db, contact):
    """A person made by an operation stays made: its id is kept as applied, so a phone that
    still holds the operation does not bring the erased person back (it hears duplicate)."""
    if contact["ref"] and contact["created_by"]:
        db.execute(
            "INSERT OR IGNORE INTO operations (id, user_id, kind, target, received_at)"
            " VALUES (?, ?, 'add_person', ?, ?)",
            [contact["ref"], contact["created_by"], contact["client_id"], timeutil.now_iso()],
        )


def purge_expired_topics(db, days, now=None):
    """Delete personal topics not mentioned for `days` days, with their mentions and their
    history; the count."""
    cutoff = timeutil.iso((now or timeutil.now()) - datetime.timedelta(days=days))
    with overwriting_deletes(db), transaction(db):
        expired = "SELECT id FROM topics WHERE last_mentioned_at < ?"
        history.forget(db, "topic", [row[0] for row in db.execute(expired, [cutoff])])
        db.execute(f"DELETE FROM note_topics WHERE topic_id IN ({expired})", [cutoff])
        count = db.execute("DELETE FROM topics WHERE last_mentioned_at < ?", [cutoff]).rowcount
        if count:
            audit.record(
                db,
                "topics_purged",
                None,
                subject="topics",
                detail=f"{count} older than {days} days",
            )
    return count
