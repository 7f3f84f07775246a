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
    if not wanted & {"note.written", "promise.made"}:
        return
    teams = {}

    def team(client_id):
        if client_id not in teams:
            teams[client_id] = _team(db, client_id)
        return teams[client_id]

    met = {}
    for link in rows["note_contacts"]:
        met.setdefault(link["note_id"], []).append(link["contact_id"])
    notes = []
    for note in rows["notes"]:
        data = {key: note[key] for key in ("id", "client_id", "user_id", "visit_id", "body")}
        data.update(written_at=note["written_at"], person_ids=sorted(met.get(note["id"], [])))
        notes.append({**data, "team_id": team(note["client_id"])})
    keys = ("id", "client_id", "user_id", "note_id", "text", "due_date", "made_at")
    promises = [
        {**{key: p[key] for key in keys}, "team_id": team(p["client_id"])} for p in rows["promises"]
    ]
    if "note.written" in wanted:
        events.emit_many(db, "note.written", notes)
    if "promise.made" in wanted:
        events.emit_many(db, "promise.made", promises)


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
