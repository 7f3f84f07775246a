"""The photos and voice memos of notes in SQLite: metadata in `attachments`, bytes in
`attachment_blobs` (read only when a file is served). Every read is scoped by who asks."""

from webapp import clients
from webapp import timeutil
from webapp.attachments import content
from webapp.db import get_one
from webapp.db import marks
from webapp.db import transaction

#: Most files on one note: several photos and a memo or two.
MAX_PER_NOTE = 10
#: The metadata columns, as the pages and the upload's answer use them.
COLUMNS = "a.id, a.note_id, a.user_id, a.kind, a.mime, a.bytes, a.width, a.height, a.duration_s"


def own_note(db, user, note_id):
    """The user's own note at a client they see (files are added by the note's author only);
    raises NotFound. A client archived since the note was written still takes its files."""
    where, params = clients.scope(user)
    return get_one(
        db,
        "SELECT n.id, n.client_id, n.user_id, n.written_at FROM notes n"
        f" JOIN clients c ON c.id = n.client_id WHERE n.id = ? AND n.user_id = ? AND {where}",
        [note_id, user.id, *params],
    )


def stored(db, file_id):
    """The metadata of a file by its id, whoever may see it, or None (for idempotency)."""
    for row in db.query(f"SELECT {COLUMNS} FROM attachments a WHERE a.id = ?", [file_id]):
        return row
    return None


def count_on_note(db, note_id):
    """How many files a note has."""
    return db.execute("SELECT COUNT(*) FROM attachments WHERE note_id = ?", [note_id]).fetchone()[0]


def add(db, note, user, file_id, kind, checked, duration_s=None):
    """Store one file of `note` in one transaction: its metadata and its bytes."""
    with transaction(db):
        db.execute(
            "INSERT INTO attachments (id, note_id, user_id, kind, mime, bytes, width, height,"
            " duration_s, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                file_id,
                note["id"],
                user.id,
                kind,
                checked["mime"],
                len(checked["data"]),
                checked.get("width"),
                checked.get("height"),
                duration_s,
                note["written_at"],
                timeutil.now_iso(),
            ],
        )
        db.execute(
            "INSERT INTO attachment_blobs (id, data, thumbnail) VALUES (?, ?, ?)",
            [file_id, checked["data"], checked.get("thumbnail")],
        )


def visible(db, user, file_id):
    """A file of a note at a client the user sees (archived ones too: the review still shows
    their notes); raises NotFound. Without the bytes."""
    where, params = clients.scope(user)
    return get_one(
        db,
        f"SELECT {COLUMNS} FROM attachments a JOIN notes n ON n.id = a.note_id"
        f" JOIN clients c ON c.id = n.client_id WHERE a.id = ? AND {where}",
        [file_id, *params],
    )


def data_of(db, file_id, thumbnail=False):
    """The bytes of a file, or of its thumbnail (None for a memo)."""
    column = "thumbnail" if thumbnail else "data"
    row = db.execute(f"SELECT {column} FROM attachment_blobs WHERE id = ?", [file_id]).fetchone()
    return row[0] if row else None


def for_notes(db, note_ids):
    """{note id: [file metadata, photos first, in the order received]} for these notes, in
    one query; the pages that list notes (briefing, review) add them to each note."""
    if not note_ids:
        return {}
    found = {}
    for row in db.query(
        f"SELECT {COLUMNS} FROM attachments a WHERE a.note_id IN ({marks(note_ids)})"
        " ORDER BY a.kind DESC, a.received_at, a.id",
        list(note_ids),
    ):
        found.setdefault(row["note_id"], []).append(_with_thumb_size(row))
    return found


def attach_to(db, notes):
    """Give each note dict of a list its "files" (for_notes); returns the list."""
    files = for_notes(db, [note["id"] for note in notes])
    for note in notes:
        note["files"] = files.get(note["id"], [])
    return notes


def _with_thumb_size(row):
    """The file with the size its thumbnail is drawn at (content.THUMB_SIDE on the long side),
    so that a page keeps the room for it while it loads."""
    width, height = row["width"], row["height"]
    if width and height:
        scale = min(1, content.THUMB_SIDE / max(width, height))
        row["thumb_width"], row["thumb_height"] = round(width * scale), round(height * scale)
    return row


def delete_for_notes(db, note_ids):
    """Delete every file of these notes, bytes first; the count. Call it inside the
    transaction that deletes or blanks the notes, so both go together or neither does."""
    if not note_ids:
        return 0
    ids = list(note_ids)
    owned = f"SELECT id FROM attachments WHERE note_id IN ({marks(ids)})"
    db.execute(f"DELETE FROM attachment_blobs WHERE id IN ({owned})", ids)
    return db.execute(f"DELETE FROM attachments WHERE note_id IN ({marks(ids)})", ids).rowcount


def delete_for_client(db, client_id):
    """Delete every file of the client's notes (for erasing a client); the count."""
    notes = [row[0] for row in db.execute("SELECT id FROM notes WHERE client_id = ?", [client_id])]
    return delete_for_notes(db, notes)
