"""Queue a webhook event in the transaction of the change it reports.

`emit(db, "note.written", {...})` writes the event and one pending delivery per active
endpoint that wants its type, on the caller's connection and inside the caller's
transaction: a change that is rolled back sends nothing, and a committed one is sent even
if the process stops the moment after (the sender finds it in SQLite). Nothing here talks
to the network, so a sync is never slowed by a receiver.
"""

import json
import uuid

from webapp import timeutil

#: Every event type Folka sends, in the order the admin's form lists them.
EVENT_TYPES = (
    "visit.checked_out",
    "note.written",
    "promise.made",
    "promise.kept",
    "person.added",
    "import.finished",
)


def emit(db, event_type: str, data: dict) -> None:
    """Queue `event_type` with `data` (JSON-serialisable) for every endpoint that wants it.

    Cheap when no endpoint wants the type: one small query, no rows written.
    """
    emit_many(db, event_type, [data])


def emit_many(db, event_type, datas):
    """Queue one event of `event_type` per item of `datas`, all in two statements (a sync
    batch's notes)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type: {event_type}")
    conn = getattr(db, "conn", db)  # a sqlite_utils Database or a plain sqlite3 connection
    rows = conn.execute("SELECT id, events FROM webhook_endpoints WHERE active = 1")
    endpoints = [row[0] for row in rows if event_type in row[1].split()]
    if not endpoints or not datas:
        return
    at = timeutil.now_iso()
    queued = []
    for data in datas:
        body = {"type": event_type, "timestamp": at, "data": data}
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        queued.append(("msg_" + uuid.uuid4().hex, event_type, payload, at))
    conn.executemany(
        "INSERT INTO webhook_events (id, type, payload, created_at) VALUES (?, ?, ?, ?)", queued
    )
    conn.executemany(
        "INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)"
        " VALUES (?, ?, ?, ?)",
        [(event[0], endpoint, at, at) for event in queued for endpoint in endpoints],
    )
