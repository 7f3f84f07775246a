"""What the sync's appliers call when a change is worth a webhook: one line each there.

Each builds the event's data from the rows just written, on the same connection and inside
the same transaction (events.emit), so a change rolled back sends nothing. The data names
the client's team, so a receiver serving several teams can tell them apart.
"""

from webapp.webhooks import events


def _wanted(db):
    """The event types some active endpoint wants (most installs: none, one cheap query)."""
    rows = db.execute("SELECT events FROM webhook_endpoints WHERE active = 1").fetchall()
    return {kind for (text,) in rows for kind in text.split()}


def _team(db, client_id):
    return db.execute("SELECT team_id FROM clients WHERE id = ?", [client_id]).fetchone()[0]


def visit_checked_out(db, visit_id):
    if "visit.checked_out" not in _wanted(db):
        return
    row = db.execute(
        "SELECT id, client_id, user_id, checked_in_at, checked_out_at FROM visits WHERE id = ?",
        [visit_id],
    ).fetchone()
    keys = ("id", "client_id", "user_id", "checked_in_at", "checked_out_at")
    data = dict(zip(keys, row, strict=True))
    events.emit(db, "visit.checked_out", {**data, "team_id": _team(db, data["client_id"])})


def notes_written(db, rows):
    """note.written for each note of a sync run, promise.made for each promise in them."""
    wanted = _wanted(db)
    if "note.written" in wanted:
        for note in rows["notes"]:
            met = [c["contact_id"] for c in rows["note_contacts"] if c["note_id"] == note["id"]]
            data = {key: note[key] for key in ("id", "client_id", "user_id", "visit_id", "body")}
            data.update(written_at=note["written_at"], person_ids=sorted(met))
            events.emit(db, "note.written", {**data, "team_id": _team(db, note["client_id"])})
    if "promise.made" in wanted:
        for promise in rows["promises"]:
            keys = ("id", "client_id", "user_id", "note_id", "text", "due_date", "made_at")
            data = {key: promise[key] for key in keys}
            events.emit(db, "promise.made", {**data, "team_id": _team(db, promise["client_id"])})


def promise_kept(db, promise_id, kept):
    """promise.kept when a promise is marked kept (not when the mark is taken back)."""
    if not kept or "promise.kept" not in _wanted(db):
        return
    row = db.execute(
        "SELECT id, client_id, user_id, text, due_date, kept_at FROM promises WHERE id = ?",
        [promise_id],
    ).fetchone()
    keys = ("id", "client_id", "user_id", "text", "due_date", "kept_at")
    data = dict(zip(keys, row, strict=True))
    if data["kept_at"] is not None:  # a later "not kept" may have won (phone times)
        events.emit(db, "promise.kept", {**data, "team_id": _team(db, data["client_id"])})


def person_added(db, contact_id):
    """person.added for a new contact; returns its id, so the applier can return it on."""
    if "person.added" in _wanted(db):
        row = db.execute(
            "SELECT id, client_id, name, title, phone, email, created_at FROM contacts"
            " WHERE id = ?",
            [contact_id],
        ).fetchone()
        keys = ("id", "client_id", "name", "title", "phone", "email", "created_at")
        data = dict(zip(keys, row, strict=True))
        events.emit(db, "person.added", {**data, "team_id": _team(db, data["client_id"])})
    return contact_id
