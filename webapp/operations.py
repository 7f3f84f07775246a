"""The one write path for field work: check in, check out, note, promise kept.

HTML forms and the offline outbox (POST /api/sync) both send *operations*: a dict with a
UUID made where the action happened, the kind, the phone's time and the fields. Applying
an operation is idempotent by that UUID: the second time it answers "duplicate" and
changes nothing. Anything invalid raises Rejected with a machine code and a message in the
user's language, and nothing of that operation is stored.
"""

import datetime
import uuid

from flask import current_app
from flask_babel import gettext as _

from webapp import clients
from webapp import geo
from webapp import notes
from webapp import timeutil
from webapp.db import NotFound
from webapp.db import transaction

KINDS = ("check_in", "check_out", "note", "promise_kept")
TOPIC_STATUSES = ("open", "followed_up", "closed")
MAX_TOPIC_TITLE = 120
MAX_FOLLOW_UP = 200
MAX_PROMISE_TEXT = 200
MAX_ITEMS = 20
#: How far ahead of the server's clock a phone's time may be (clock skew).
FUTURE_SLACK = datetime.timedelta(minutes=10)
#: How old an offline action may be when it finally arrives.
MAX_AGE = datetime.timedelta(days=90)


class Rejected(Exception):
    """An operation that cannot be applied; `errors` maps field names to messages."""

    def __init__(self, code, message, errors=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or {}


def new_id():
    """A fresh operation or record id, as the phone would make it."""
    return str(uuid.uuid4())


def apply(db, user, op):
    """Apply one operation for `user`; returns "applied" or "duplicate", or raises Rejected."""
    if not isinstance(op, dict):
        raise Rejected("invalid", _("An operation must be an object."))
    op_id = _uuid(op.get("id"))
    if op_id is None:
        raise Rejected("invalid", _("The operation has no valid id."))
    kind = op.get("kind")
    if kind not in KINDS:
        raise Rejected("unknown_kind", _("This kind of operation is not known."))
    with transaction(db):
        seen = db.execute("SELECT user_id FROM operations WHERE id = ?", [op_id]).fetchone()
        if seen:
            if seen[0] != user.id:
                raise Rejected("conflict", _("This id is already used by someone else."))
            return "duplicate"
        at = _time(op.get("at"))
        APPLY[kind](db, user, op_id, at, op)
        _insert(
            db,
            "operations",
            {"id": op_id, "user_id": user.id, "kind": kind, "received_at": timeutil.now_iso()},
        )
    return "applied"


def _check_in(db, user, op_id, at, op):
    client = _client(db, user, op.get("client_id"))
    lat, lon, accuracy = _position(op)
    distance = None
    if lat is not None and client["lat"] is not None and client["lon"] is not None:
        distance = round(geo.distance_m(lat, lon, client["lat"], client["lon"]))
    stamp = timeutil.iso(at)
    # One place at a time: a check-in ends the user's visit that began before it, unless
    # that visit was checked out by hand. Written so operations arriving in any order
    # give the same result: each visit ends at the start of the next one.
    db.execute(
        "UPDATE visits SET checked_out_at = ?, closed_by_check_in = 1 "
        "WHERE user_id = ? AND checked_in_at < ? AND (checked_out_at IS NULL "
        "OR (closed_by_check_in = 1 AND checked_out_at > ?))",
        [stamp, user.id, stamp, stamp],
    )
    next_start = db.execute(
        "SELECT MIN(checked_in_at) FROM visits WHERE user_id = ? AND checked_in_at > ?",
        [user.id, stamp],
    ).fetchone()[0]
    _insert(
        db,
        "visits",
        {
            "id": op_id,
            "client_id": client["id"],
            "user_id": user.id,
            "checked_in_at": stamp,
            "checked_out_at": next_start,
            "closed_by_check_in": int(next_start is not None),
            "lat": lat,
            "lon": lon,
            "accuracy_m": accuracy,
            "distance_m": distance,
            "received_at": timeutil.now_iso(),
        },
    )


def _check_out(db, user, op_id, at, op):
    visit_id = _uuid(op.get("visit_id"))
    rows = list(db.query("SELECT * FROM visits WHERE id = ? AND user_id = ?", [visit_id, user.id]))
    if visit_id is None or not rows:
        raise Rejected("not_found", _("This visit was not found."))
    if timeutil.iso(at) < rows[0]["checked_in_at"]:
        raise Rejected("invalid", _("Check-out cannot be before check-in."))
    lat, lon, accuracy = _position(op)
    # Checking out by hand wins over an end set by a later check-in.
    db["visits"].update(
        visit_id,
        {
            "checked_out_at": timeutil.iso(at),
            "closed_by_check_in": 0,
            "out_lat": lat,
            "out_lon": lon,
            "out_accuracy_m": accuracy,
        },
    )


def _note(db, user, op_id, at, op):
    client = _client(db, user, op.get("client_id"))
    errors = {}
    body = _text(op, "body", errors, current_app.config["NOTE_MAX_LENGTH"])
    contacts = {k["id"] for k in clients.list_contacts(db, client["id"])}
    met = _list(op, "contacts_met", errors)
    if any(not isinstance(c, int) or c not in contacts for c in met):
        errors["contacts_met"] = _("Choose people from this client.")
    topic_updates = _topic_updates(db, client, op, errors)
    new_topics = _new_topics(op, contacts, errors)
    promises = _promises(op, at, errors)
    if errors:
        raise Rejected("invalid", _("Please correct the marked fields."), errors)
    stamp, now = timeutil.iso(at), timeutil.now_iso()
    visit_id = _visit_reference(db, user, client, op.get("visit_id"))
    _insert(
        db,
        "notes",
        {
            "id": op_id,
            "client_id": client["id"],
            "user_id": user.id,
            "visit_id": visit_id,
            "body": body,
            "written_at": stamp,
            "received_at": now,
        },
    )
    for contact_id in sorted(set(met)):
        _insert(db, "note_contacts", {"note_id": op_id, "contact_id": contact_id})
    for topic in new_topics:
        _insert(
            db,
            "topics",
            {
                **topic,
                "status": "open",
                "status_at": stamp,
                "last_mentioned_at": stamp,
                "created_by": user.id,
                "created_at": stamp,
                "received_at": now,
            },
        )
        _insert(db, "note_topics", {"note_id": op_id, "topic_id": topic["id"], "status": "open"})
    for topic_id, status, follow_up in topic_updates:
        _mention_topic(db, topic_id, status, follow_up, stamp)
        _insert(db, "note_topics", {"note_id": op_id, "topic_id": topic_id, "status": status})
    for promise in promises:
        _insert(
            db,
            "promises",
            {
                **promise,
                "client_id": client["id"],
                "user_id": user.id,
                "note_id": op_id,
                "made_at": stamp,
                "received_at": now,
            },
        )


def _visit_reference(db, user, client, value):
    """The visit a note belongs to. It may not have arrived yet (kept as is), but if it
    exists it must be the user's visit at this client."""
    visit_id = _uuid(value)
    if visit_id is None:
        return None
    row = db.execute("SELECT user_id, client_id FROM visits WHERE id = ?", [visit_id]).fetchone()
    if row and tuple(row) != (user.id, client["id"]):
        raise Rejected("invalid", _("This note names a visit that is not yours."))
    return visit_id


def _mention_topic(db, topic_id, status, follow_up, stamp):
    """Mark a topic as mentioned; its status and question are last-writer-wins by phone time."""
    db.execute(
        "UPDATE topics SET last_mentioned_at = MAX(last_mentioned_at, ?) WHERE id = ?",
        [stamp, topic_id],
    )
    changes = {"status": status, "status_at": stamp}
    if follow_up is not None:
        changes["follow_up"] = follow_up
    assignments = ", ".join(f"{key} = :{key}" for key in changes)
    db.execute(
        f"UPDATE topics SET {assignments} WHERE id = :id AND status_at <= :status_at",
        {**changes, "id": topic_id},
    )


def _promise_kept(db, user, op_id, at, op):
    promise_id = _uuid(op.get("promise_id"))
    promise = notes.get_promise(db, promise_id) if promise_id else None
    if promise is None:
        raise Rejected("not_found", _("This promise was not found."))
    _client(db, user, promise["client_id"])
    kept = op.get("kept", True)
    if not isinstance(kept, bool):
        raise Rejected("invalid", _("Kept must be true or false."))
    stamp = timeutil.iso(at)
    db.execute(
        "UPDATE promises SET kept_at = ?, kept_changed_at = ? "
        "WHERE id = ? AND (kept_changed_at IS NULL OR kept_changed_at <= ?)",
        [stamp if kept else None, stamp, promise_id, stamp],
    )


APPLY = {
    "check_in": _check_in,
    "check_out": _check_out,
    "note": _note,
    "promise_kept": _promise_kept,
}


def _topic_updates(db, client, op, errors):
    updates = []
    for item in _list(op, "topics", errors):
        topic_id = _uuid(item.get("id")) if isinstance(item, dict) else None
        status = item.get("status", "open") if isinstance(item, dict) else None
        follow_up = item.get("follow_up") if isinstance(item, dict) else None
        if topic_id is None or status not in TOPIC_STATUSES:
            errors["topics"] = _("A personal topic in this note is not valid.")
            continue
        if follow_up is not None and (
            not isinstance(follow_up, str) or len(follow_up.strip()) > MAX_FOLLOW_UP
        ):
            errors[f"follow_up-{topic_id}"] = _(
                "A follow-up question can be at most %(max)d characters.", max=MAX_FOLLOW_UP
            )
            continue
        row = db.execute(
            "SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id "
            "WHERE t.id = ?",
            [topic_id],
        ).fetchone()
        if not row or row[0] != client["id"]:
            errors["topics"] = _("A personal topic in this note is not valid.")
            continue
        updates.append((topic_id, status, follow_up.strip() if follow_up is not None else None))
    return updates


def _new_topics(op, contacts, errors):
    topics = []
    for item in _list(op, "new_topics", errors):
        item = item if isinstance(item, dict) else {}
        local = {}
        title = _text(item, "title", local, MAX_TOPIC_TITLE)
        follow_up = _text(item, "follow_up", local, MAX_FOLLOW_UP, required=False)
        contact_id = item.get("contact_id")
        if not isinstance(contact_id, int) or contact_id not in contacts:
            local["contact_id"] = _("Choose who this topic is about.")
        topic_id = _uuid(item.get("id"))
        if topic_id is None:
            local["title"] = _("The personal topic has no valid id.")
        for field, message in local.items():
            errors[f"new_topic.{field}"] = message
        if not local:
            topics.append(
                {"id": topic_id, "contact_id": contact_id, "title": title, "follow_up": follow_up}
            )
    return topics


def _promises(op, at, errors):
    promises = []
    for item in _list(op, "promises", errors):
        item = item if isinstance(item, dict) else {}
        local = {}
        text = _text(item, "text", local, MAX_PROMISE_TEXT)
        try:
            due = timeutil.parse_date(item.get("due_date"))
            if not at.date() - MAX_AGE <= due <= at.date() + datetime.timedelta(days=3 * 366):
                raise ValueError(due)
        except ValueError:
            local["due_date"] = _("Enter a due date within the next three years.")
        promise_id = _uuid(item.get("id"))
        if promise_id is None:
            local["text"] = _("The promise has no valid id.")
        for field, message in local.items():
            errors[f"promise.{field}"] = message
        if not local:
            promises.append({"id": promise_id, "text": text, "due_date": due.isoformat()})
    return promises


def _insert(db, table, record):
    """Insert one row with plain SQL. sqlite-utils' insert() looks the schema up on every
    call, which was most of the time of a 100-operation sync batch (make bench)."""
    columns = ", ".join(record)
    marks = ", ".join("?" * len(record))
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(record.values()))


def _client(db, user, client_id):
    if not isinstance(client_id, int) or isinstance(client_id, bool):
        raise Rejected("invalid", _("The client is missing."))
    try:
        return clients.get_client(db, user, client_id)
    except NotFound:
        raise Rejected("not_found", _("This client was not found.")) from None


def _time(value):
    try:
        at = timeutil.parse(value)
    except (TypeError, ValueError):
        raise Rejected("invalid", _("The time of the action is missing or not valid.")) from None
    now = timeutil.now()
    if at > now + FUTURE_SLACK:
        raise Rejected("invalid", _("The time of the action is in the future."))
    if at < now - MAX_AGE:
        raise Rejected("too_old", _("This action is too old to be saved."))
    return min(at, now)


def _position(op):
    """Latitude, longitude and accuracy when all are plausible numbers, else Nones."""
    values = [op.get("lat"), op.get("lon"), op.get("accuracy")]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return None, None, None
    lat, lon, accuracy = (float(v) for v in values)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= accuracy < 100_000):
        return None, None, None
    return lat, lon, accuracy


def _uuid(value):
    try:
        return str(uuid.UUID(value)) if isinstance(value, str) and len(value) == 36 else None
    except ValueError:
        return None


def _list(op, key, errors):
    value = op.get(key) or []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        errors[key] = _("Too many items.")
        return []
    return value


def _text(data, key, errors, max_length, required=True):
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = _("This must be text.")
        return ""
    value = value.strip()
    if required and not value:
        errors[key] = _("Please fill this in.")
    elif len(value) > max_length:
        errors[key] = _("At most %(max)d characters.", max=max_length)
    return value
