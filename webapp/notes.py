"""Reading notes and promises for the briefing."""

import datetime

from webapp import clients
from webapp import timeutil
from webapp.attachments import store as attachments
from webapp.db import get_one


def recent_notes(db, client_id, limit=5):
    """The client's latest notes, newest first, with author, contacts met, topics and files."""
    notes = list(
        db.query(
            "SELECT n.*, u.name AS user_name FROM notes n JOIN users u ON u.id = n.user_id "
            "WHERE n.client_id = ? ORDER BY n.written_at DESC LIMIT ?",
            [client_id, limit],
        )
    )
    by_id = {}
    for note in notes:
        note.update(written=timeutil.parse(note["written_at"]), contacts=[], topics=[])
        by_id[note["id"]] = note
    if not by_id:
        return notes
    # Two queries for all the notes rather than two per note.
    marks = ", ".join("?" * len(by_id))
    for row in db.query(
        "SELECT nc.note_id, k.name FROM note_contacts nc JOIN contacts k ON k.id = nc.contact_id "
        f"WHERE nc.note_id IN ({marks}) ORDER BY k.name",
        list(by_id),
    ):
        by_id[row["note_id"]]["contacts"].append(row["name"])
    for row in db.query(
        "SELECT nt.note_id, t.title, nt.status FROM note_topics nt "
        f"JOIN topics t ON t.id = nt.topic_id WHERE nt.note_id IN ({marks}) ORDER BY t.title",
        list(by_id),
    ):
        by_id[row.pop("note_id")]["topics"].append(row)
    return attachments.attach_to(db, notes)


def open_promises(db, client_id, today):
    """Promises not yet kept, soonest due first, each marked overdue when due before `today`
    (the reader's date, in their time zone)."""
    promises = list(
        db.query(
            "SELECT p.*, u.name AS user_name FROM promises p JOIN users u ON u.id = p.user_id "
            "WHERE p.client_id = ? AND p.kept_at IS NULL ORDER BY p.due_date, p.made_at",
            [client_id],
        )
    )
    for promise in promises:
        promise["due"] = datetime.date.fromisoformat(promise["due_date"])
        promise["overdue"] = promise["due"] < today
    return promises


def get_visible_promise(db, user, promise_id):
    """A promise at a client the user sees, by its id exactly as stored; raises NotFound."""
    where, params = clients.scope(user)
    return get_one(
        db,
        "SELECT p.* FROM promises p JOIN clients c ON c.id = p.client_id "
        f"WHERE p.id = ? AND c.archived = 0 AND {where}",
        [promise_id, *params],
    )


def visit_has_note(db, visit):
    """Whether the visit has its note, written while checked in: one that names the visit, or
    one by the same rep at the same client since the check-in (a note that names no visit)."""
    return bool(
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM notes WHERE visit_id = ?) OR EXISTS (SELECT 1 FROM notes "
            "WHERE user_id = ? AND written_at >= ? AND client_id = ? AND visit_id IS NULL)",
            [visit["id"], visit["user_id"], visit["checked_in_at"], visit["client_id"]],
        ).fetchone()[0]
    )
