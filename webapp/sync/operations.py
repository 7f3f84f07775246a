"""The one write path for field work: check in, check out, note, promise kept, and the
people, clients and topics made or changed at a visit (records.py).

HTML forms and the offline outbox (POST /api/sync) both send *operations*: a dict with a
UUID made where the action happened, the kind, the phone's time and the fields. Applying
an operation is idempotent by that UUID: the second time it answers "duplicate" and
changes nothing. A note and a check-in store their row under the operation's id, so that
row is the record that the operation was applied; a check-out and a promise kept change
rows made before and are recorded in the operations table (see lookups.SEEN). A client or
person may be named by the UUID of one made on a phone (lookups.with_ids). Anything invalid
raises Rejected with a machine code and a message in the user's language, and nothing of
that operation is stored. A sync batch (apply_batch) checks and writes runs of notes
together, with the results of applying them one by one. What each field may hold is
checked in checks.py; this module looks up and writes.
"""

import sqlite3
import uuid

from flask import current_app
from flask_babel import gettext as _

from webapp import geo
from webapp import notes
from webapp import timeutil
from webapp.db import NotFound
from webapp.db import transaction
from webapp.handover import introductions
from webapp.plan import store as day_plans
from webapp.sync import checks
from webapp.sync import history
from webapp.sync import lookups
from webapp.sync import records
from webapp.sync.checks import Rejected
from webapp.webhooks import hooks


def new_id():
    """A fresh operation or record id, as the phone would make it."""
    return str(uuid.uuid4())


def apply(db, user, op):
    """Apply one operation for `user`; returns "applied" or "duplicate", or raises Rejected."""
    return run(db, user, op)["status"]


def run(db, user, op):
    """Apply one operation for `user`: {"status": "applied" | "duplicate"}, with the row id
    of the person or client made ("record_id") for add_person and new_client; or Rejected."""
    op_id, kind = _head(op)
    try:
        with transaction(db):
            op = lookups.with_ids(db, [op])[0]
            target = _target(kind, op)
            seen = lookups.seen(db, [op_id])
            if op_id in seen:
                status = _repeat(seen[op_id], user, kind, target)
                return _with_record(db, kind, op_id, {"status": status})
            at = checks.action_time(op.get("at"))
            APPLY[kind](db, user, op_id, at, op)
            if kind in LOGGED:
                row = {"id": op_id, "user_id": user.id, "kind": kind, "target": target}
                _insert(db, "operations", [row | {"received_at": timeutil.now_iso()}])
            return _with_record(db, kind, op_id, {"status": "applied"})
    except sqlite3.IntegrityError:
        # A clash the checks do not look for (a new topic or promise under an id already
        # used): nothing of it is stored, from a form as from the phone.
        current_app.logger.warning("Operation %s conflicts with stored data", op_id)
        raise Rejected("conflict", _("This change conflicts with data already saved.")) from None


def _with_record(db, kind, op_id, result):
    """The result, with the row id of the person or client the operation made."""
    if kind in ("add_person", "new_client"):
        result["record_id"] = records.record_id(db, kind, op_id)
    return result


def apply_batch(db, user, ops):
    """Apply a sync batch in one write transaction; one result per operation, in order.

    Runs of notes, most of what the outbox sends, are checked against a few queries and
    written with one executemany per table. Other kinds go through apply() one by one, and
    a run is written only after the operations before it, so every operation sees what the
    earlier ones stored, exactly as if each had been applied on its own. A clash the checks
    cannot see (say, a topic id already used) fails a run's write: then the batch starts
    again, one operation at a time, which finds the note it was. So a run needs no savepoint
    of its own, which was a fifth of its write (make bench).
    """
    try:
        with transaction(db):
            return _apply_runs(db, user, ops)
    except sqlite3.IntegrityError:
        with transaction(db):
            return [_result(op, lambda op=op: run(db, user, op)) for op in ops]


def _apply_runs(db, user, ops):
    """The batch's results: runs of notes together, other kinds one by one; raises
    IntegrityError when a run's write clashes (leaving part of it: roll back)."""
    results, notes_run = [], []
    for op in ops:
        if isinstance(op, dict) and op.get("kind") == "note":
            notes_run.append(op)
            continue
        results += _apply_notes(db, user, notes_run)
        notes_run = []
        results.append(_result(op, lambda op=op: run(db, user, op)))
    return results + _apply_notes(db, user, notes_run)


def _apply_notes(db, user, ops):
    """Apply a run of notes: plan each in order, then write all their rows at once."""
    if not ops:
        return []
    ops = lookups.with_ids(db, ops)
    known = lookups.Known(db, user, ops)
    rows = _no_rows()
    results = [_result(op, lambda op=op: _plan_note(known, user, op, rows)) for op in ops]
    _write(db, rows)
    return results


def _plan_note(known, user, op, rows):
    """Check one note as if the run's earlier notes were stored, and add its rows to `rows`."""
    op_id, _kind = _head(op)
    client_id = _target("note", op)
    if op_id in known.seen:
        return _repeat(known.seen[op_id], user, "note", client_id)
    _add_note(known, user, op_id, checks.action_time(op.get("at"), known.now), op, rows)
    known.seen[op_id] = (user.id, "note", client_id)
    return "applied"


def _result(op, attempt):
    """The sync answer for one operation: attempt()'s status (or result), or why it was
    rejected."""
    op_id = op.get("id") if isinstance(op, dict) else None
    result = {"id": op_id if isinstance(op_id, str) else None}
    try:
        outcome = attempt()
        result.update({"status": outcome} if isinstance(outcome, str) else outcome)
    except Rejected as rejected:
        result.update(status="rejected", code=rejected.code, message=rejected.message)
        if rejected.errors:
            result["errors"] = rejected.errors
    return result


def _head(op):
    """The operation's id and kind, or Rejected."""
    if not isinstance(op, dict):
        raise Rejected("invalid", _("An operation must be an object."))
    op_id = checks.uuid_of(op.get("id"))
    if op_id is None:
        raise Rejected("invalid", _("The operation has no valid id."))
    kind = op.get("kind")
    if kind not in KINDS:
        raise Rejected("unknown_kind", _("This kind of operation is not known."))
    return op_id, kind


#: Kinds recorded in the operations table: they change rows made before and have no row
#: of their own under the operation's id.
LOGGED = ("check_out", "promise_kept", *records.EDITS, "save_day_plan", "mark_introduced")


def _target(kind, op):
    """What an operation is about, as its record names it: the client of a check-in or a
    note, the visit checked out, the promise kept, the record made or changed (records.py);
    None when the operation names none."""
    if kind in records.TARGET_KEYS:
        return records.target(kind, op)
    if kind == "save_day_plan":
        return checks.uuid_of(op.get("plan_id"))
    if kind == "mark_introduced":
        contact_id = op.get("contact_id")
        return contact_id if checks.is_id(contact_id) else None
    if kind in ("check_in", "note"):
        client_id = op.get("client_id")
        return client_id if checks.is_id(client_id) else None
    return checks.uuid_of(op.get("visit_id" if kind == "check_out" else "promise_id"))


def _repeat(seen, user, kind, target):
    """An operation id seen before: a resend of the user's own operation is a duplicate; an
    id used by someone else, by another kind of operation or for another target is a
    conflict. A record without a target (kept before m010) cannot tell: a duplicate."""
    owner_id, seen_kind, seen_target = seen
    if owner_id != user.id:
        raise Rejected("conflict", _("This id is already used by someone else."))
    # The operations table keeps a target as text: a client id 12 as "12".
    if seen_kind != kind or (seen_target is not None and str(seen_target) != str(target)):
        raise Rejected("conflict", _("This change conflicts with data already saved."))
    return "duplicate"


def _check_in(db, user, op_id, at, op):
    client = lookups.client(db, user, op.get("client_id"))
    lat, lon, accuracy = checks.position(op)
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
        [
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
            }
        ],
    )


def _check_out(db, user, op_id, at, op):
    visit_id = checks.uuid_of(op.get("visit_id"))
    rows = list(db.query("SELECT * FROM visits WHERE id = ? AND user_id = ?", [visit_id, user.id]))
    if visit_id is None or not rows:
        raise Rejected("not_found", _("This visit was not found."))
    if timeutil.iso(at) < rows[0]["checked_in_at"]:
        raise Rejected("invalid", _("Check-out cannot be before check-in."))
    lat, lon, accuracy = checks.position(op)
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
    hooks.visit_checked_out(db, visit_id)


def _note(db, user, op_id, at, op):
    rows = _no_rows()
    _add_note(lookups.Known(db, user, [op]), user, op_id, at, op, rows)
    _write(db, rows)


def _no_rows():
    """Rows to write, by table (WRITE_ORDER), the topic mentions and the fields they change."""
    return {table: [] for table in (*WRITE_ORDER, "mentions", "changes")}


def _add_note(known, user, op_id, at, op, rows):
    """Check a note against `known` and add the rows it stores to `rows`, table by table; or
    raise Rejected and add nothing. Its new topics become known to the run's later notes."""
    client_id = lookups.named_client(known.clients, op.get("client_id"))["id"]
    errors = {}
    body = checks.clean_text(op, "body", errors, known.note_max_length, lines=True)
    contacts = known.contacts.get(client_id, set())
    met = checks.listed(op, "contacts_met", errors)
    if any(not checks.is_id(c) or c not in contacts for c in met):
        errors["contacts_met"] = _("Choose people from this client.")
    topic_updates = checks.topic_updates(known.topics, client_id, op, errors)
    new_topics = checks.new_topics(op, contacts, errors)
    promises = checks.new_promises(op, at, errors)
    checks.attachments(op, errors)  # the files follow on their own (webapp/attachments)
    if errors:
        raise Rejected("invalid", _("Please correct the marked fields."), errors)
    # The visit may not have arrived yet (kept as is). Someone else's visit is taken for one
    # that has not, so the answer tells nothing about it, but the note is not linked to it;
    # the user's own visit must be at this client.
    visit_id = checks.uuid_of(op.get("visit_id"))
    visit_user, visit_client = known.visits.get(visit_id, (user.id, client_id))
    if visit_user != user.id:
        visit_id = None
    elif visit_client != client_id:
        raise Rejected("invalid", _("This note names a visit at another client."))
    stamp, now = timeutil.iso(at), known.received_at
    note = {"note_id": op_id}
    rows["notes"].append(
        {
            "id": op_id,
            "client_id": client_id,
            "user_id": user.id,
            "visit_id": visit_id,
            "body": body,
            "written_at": stamp,
            "received_at": now,
        }
    )
    rows["note_contacts"] += [{**note, "contact_id": c} for c in sorted(set(met))]
    for topic in new_topics:
        rows["topics"].append(
            {
                **topic,
                "status": "open",
                "status_at": stamp,
                "last_mentioned_at": stamp,
                "created_by": user.id,
                "created_at": stamp,
                "received_at": now,
            }
        )
        rows["note_topics"].append({**note, "topic_id": topic["id"], "status": "open"})
        known.topics[topic["id"]] = client_id
    for topic_id, status, follow_up in topic_updates:
        rows["note_topics"].append({**note, "topic_id": topic_id, "status": status})
        rows["mentions"].append({"id": topic_id, "at": stamp})
        # Mentioning a topic changes its status and question as edit_topic does: the latest
        # change by phone time wins, and the history keeps both.
        for field, value in (("status", status), ("follow_up", follow_up)):
            if value is not None:
                change = history.change("topic", topic_id, field, value, stamp, user.id, op_id, now)
                rows["changes"].append(change)
    rows["promises"] += [
        {
            **promise,
            "client_id": client_id,
            "user_id": user.id,
            "note_id": op_id,
            "made_at": stamp,
            "received_at": now,
        }
        for promise in promises
    ]


def _promise_kept(db, user, op_id, at, op):
    promise_id = checks.uuid_of(op.get("promise_id"))
    try:
        # One answer for a promise that is not there and one the user may not see.
        notes.get_visible_promise(db, user, promise_id)
    except NotFound:
        raise Rejected("not_found", _("This promise was not found.")) from None
    kept = op.get("kept", True)
    if not isinstance(kept, bool):
        raise Rejected("invalid", _("Kept must be true or false."))
    stamp = timeutil.iso(at)
    db.execute(
        "UPDATE promises SET kept_at = ?, kept_changed_at = ? "
        "WHERE id = ? AND (kept_changed_at IS NULL OR kept_changed_at <= ?)",
        [stamp if kept else None, stamp, promise_id, stamp],
    )
    hooks.promise_kept(db, promise_id, kept)


APPLY = {
    "check_in": _check_in,
    "check_out": _check_out,
    "note": _note,
    "promise_kept": _promise_kept,
    **records.APPLY,
    "save_day_plan": lambda *args: day_plans.save(*args),  # webapp/plan/store.py
    "mark_introduced": introductions.mark,  # webapp/handover/introductions.py
}
KINDS = tuple(APPLY)


#: The order a run's rows are written in: each row after the rows it refers to.
WRITE_ORDER = ("notes", "note_contacts", "topics", "note_topics", "promises")


def _write(db, rows):
    """Store planned rows, one executemany per table, then the topic mentions."""
    for table in WRITE_ORDER:
        _insert(db, table, rows[table])
    db.conn.executemany(
        "UPDATE topics SET last_mentioned_at = MAX(last_mentioned_at, :at) WHERE id = :id",
        rows["mentions"],
    )
    if rows["changes"]:
        history.record_changes(db, rows["changes"])
    hooks.notes_written(db, rows)


def _insert(db, table, records):
    """Insert rows with the same keys with plain SQL. sqlite-utils' insert() looks the schema
    up on every call, which was most of the time of a 100-operation sync batch (make bench)."""
    if records:
        columns = ", ".join(records[0])
        marks = ", ".join(f":{column}" for column in records[0])
        db.conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", records)
