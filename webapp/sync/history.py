"""Each field's history, and the rule that makes two devices agree: the latest change wins.

A person's, a client's and a topic's fields can be changed from a phone offline, a laptop,
or a colleague's phone, and the changes arrive in any order, some of them twice. Each change
is kept in `field_changes` with the phone's time of the action (`at`) and its operation's
id; a field holds the value of its latest change by (at, op_id) — the id only breaks a tie,
so the result never depends on the order of arrival. A late change that lost stays in the
history, as does the value a change overwrote: a field's first row is the value it had when
it was first changed (op_id '', at the record's creation, or for a topic's status its
status_at, for the record), so nothing is lost however the field got its value before.
"""

import json

from webapp.db import marks

#: The table of each kind of record.
TABLES = {"client": "clients", "contact": "contacts", "topic": "topics"}

#: The fields kept by history, and how each is written when a change wins (the change's
#: values are :value, or :lat, :lon, :accuracy for a site; :at, :user_id).
WRITES = {
    "contact": {field: f"{field} = :value" for field in ("name", "title", "phone", "email")},
    "client": {
        **{
            field: f"{field} = :value"
            for field in ("name", "address", "city", "country", "rhythm_days", "access_notes")
        },
        "owner_id": "owner_id = :value",
        "site": "lat = :lat, lon = :lon, site_accuracy_m = :accuracy, site_set_by = :user_id,"
        " site_set_at = :at",
    },
    "topic": {
        "title": "title = :value",
        "follow_up": "follow_up = :value",
        "status": "status = :value, status_at = :at",
    },
}

#: A field's value as found before its first recorded change, as JSON; then its time and
#: author (SQL over the record's row).
FOUND = {
    "site": (
        "CASE WHEN lat IS NULL OR lon IS NULL THEN 'null'"
        " ELSE json_array(lat, lon, site_accuracy_m) END",
        "COALESCE(site_set_at, created_at)",
        "CASE WHEN site_set_at IS NULL THEN created_by ELSE site_set_by END",
    ),
    "status": ("json_quote(status)", "status_at", "created_by"),
}

#: A change that beats the one in hand: later, or as late with a greater operation id. The
#: value found before the first change is no rival: a phone whose clock is a minute behind
#: still changes a person made a minute before on the server.
LATER = (
    "EXISTS (SELECT 1 FROM field_changes f WHERE f.record = :record AND f.record_id = :record_id"
    " AND f.field = :field AND f.op_id != ''"
    " AND (f.at > :at OR (f.at = :at AND f.op_id > :op_id)))"
)


def change(record, record_id, field, value, at, user_id, op_id, received_at):
    """One change as record_changes() takes it."""
    return {
        "record": record,
        "record_id": str(record_id),
        "field": field,
        "value": value,
        "at": at,
        "user_id": user_id,
        "op_id": op_id,
        "received_at": received_at,
    }


def record_changes(db, changes):
    """Keep `changes` in the history and let each field hold its latest change.

    A few statements per field whatever the number of changes (a sync batch's notes mention
    many topics): first the values found before any change, then the changes, then each
    field written when its change is the latest. Written in any order and as often as they
    come (an operation applied once), the changes leave the same fields and history.
    """
    fields = sorted({(c["record"], c["field"]) for c in changes})
    for record, field in fields:
        value, at, user = FOUND.get(field, (f"json_quote({field})", "created_at", "created_by"))
        db.conn.executemany(
            "INSERT INTO field_changes"
            " (record, record_id, field, value, at, user_id, op_id, received_at)"
            f" SELECT :record, :record_id, :field, {value}, {at}, {user}, '', :received_at"
            f" FROM {TABLES[record]} WHERE id = :record_id"
            " AND NOT EXISTS (SELECT 1 FROM field_changes f WHERE f.record = :record"
            " AND f.record_id = :record_id AND f.field = :field)",
            [c for c in changes if (c["record"], c["field"]) == (record, field)],
        )
    db.conn.executemany(
        "INSERT INTO field_changes"
        " (record, record_id, field, value, at, user_id, op_id, received_at)"
        " VALUES (:record, :record_id, :field, :json, :at, :user_id, :op_id, :received_at)",
        [{**c, "json": _json(c["value"])} for c in changes],
    )
    for record, field in fields:
        db.conn.executemany(
            f"UPDATE {TABLES[record]} SET {WRITES[record][field]}"
            f" WHERE id = :record_id AND NOT {LATER}",
            [_params(c) for c in changes if (c["record"], c["field"]) == (record, field)],
        )


def _json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _params(change):
    """The change's values as its field's UPDATE names them."""
    if change["field"] != "site":
        return change
    lat, lon, accuracy = change["value"] or (None, None, None)
    return {**change, "lat": lat, "lon": lon, "accuracy": accuracy}


def forget(db, record, record_ids):
    """Delete the history of these records (erasure, the topic purge); the count of rows."""
    ids = [str(record_id) for record_id in record_ids]
    if not ids:
        return 0
    return db.execute(
        "DELETE FROM field_changes WHERE record = ?"
        " AND record_id IN (SELECT value FROM json_each(?))",
        [record, json.dumps(ids)],
    ).rowcount


def last_changes(db, record, record_ids):
    """The latest change after the value first recorded, of each of these records: {record_id:
    {"field", "at", "user_id", "user_name", "op_id"}}. A change that left a field as it was
    (a note that mentioned a topic without changing it) is not a change here."""
    ids = [str(record_id) for record_id in record_ids]
    if not ids:
        return {}
    rows = db.execute(
        "SELECT f.record_id, f.field, f.value, f.at, f.user_id, u.name, f.op_id"
        " FROM field_changes f LEFT JOIN users u ON u.id = f.user_id"
        f" WHERE f.record = ? AND f.record_id IN ({marks(ids)})"
        " ORDER BY f.record_id, f.field, f.op_id != '', f.at, f.op_id",
        [record, *ids],
    ).fetchall()
    found, before = {}, {}
    for record_id, field, value, at, user_id, user_name, op_id in rows:
        previous = before.get((record_id, field))
        before[(record_id, field)] = value
        if previous is None or json.loads(previous) == json.loads(value):
            continue
        latest = found.get(record_id)
        if latest is None or (at, op_id) > (latest["at"], latest["op_id"]):
            found[record_id] = {
                "field": field,
                "at": at,
                "user_id": user_id,
                "user_name": user_name,
                "op_id": op_id,
            }
    return found
