"""The webhook tables as the admin's pages read and change them."""

import json

from webapp import timeutil
from webapp.db import get_one
from webapp.webhooks import signing

#: Deliveries shown on an endpoint's page, newest first.
LOG_SIZE = 50


def add_endpoint(db, url, description, event_types, user_id):
    """A new endpoint with a fresh secret; its id."""
    return db.execute(
        "INSERT INTO webhook_endpoints (url, description, secret, events, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            url,
            description,
            signing.new_secret(),
            " ".join(event_types),
            user_id,
            timeutil.now_iso(),
        ],
    ).lastrowid


def endpoints(db):
    """Every endpoint, with its deliveries' counts by status."""
    return list(
        db.query(
            "SELECT p.*,"
            " (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = p.id"
            "  AND d.status IN ('pending', 'sending')) AS waiting,"
            " (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = p.id"
            "  AND d.status = 'failed') AS failed"
            " FROM webhook_endpoints p ORDER BY p.id"
        )
    )


def deliveries(db, endpoint_id):
    """The endpoint's latest deliveries, each with its event type and its attempts."""
    rows = list(
        db.query(
            "SELECT d.*, e.type FROM webhook_deliveries d"
            " JOIN webhook_events e ON e.id = d.event_id"
            " WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT ?",
            [endpoint_id, LOG_SIZE],
        )
    )
    for row in rows:
        row["tries"] = list(
            db.query(
                "SELECT at, code, error, duration_ms FROM webhook_attempts"
                " WHERE delivery_id = ? ORDER BY id",
                [row["id"]],
            )
        )
    return rows


def send_again(db, delivery_id):
    """Queue a delivery once more, now, with a new day of retries; its endpoint's id."""
    row = get_one(db, "SELECT endpoint_id FROM webhook_deliveries WHERE id = ?", [delivery_id])
    now = timeutil.now_iso()
    db.execute(
        "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, created_at = ?,"
        " attempts = 0, claimed_until = NULL WHERE id = ?",
        [now, now, delivery_id],
    )
    return row["endpoint_id"]


def change_endpoint(db, endpoint_id, url, description, event_types):
    """A new address, description or events; deliveries already queued keep going to it."""
    db.execute(
        "UPDATE webhook_endpoints SET url = ?, description = ?, events = ? WHERE id = ?",
        [url, description, " ".join(event_types), endpoint_id],
    )


def waiting(db, endpoint_id):
    """How many of the endpoint's deliveries wait to be sent (pending or being sent)."""
    return db.execute(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = ?"
        " AND status IN ('pending', 'sending')",
        [endpoint_id],
    ).fetchone()[0]


def delete_endpoint(db, endpoint_id):
    """The endpoint, its deliveries (queued or done) with their attempts, and the events no
    other endpoint still has a delivery of. A delivery in flight finds nothing to record."""
    db.execute(
        "DELETE FROM webhook_attempts WHERE delivery_id IN"
        " (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)",
        [endpoint_id],
    )
    events = [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT event_id FROM webhook_deliveries WHERE endpoint_id = ?",
            [endpoint_id],
        ).fetchall()
    ]
    db.execute("DELETE FROM webhook_deliveries WHERE endpoint_id = ?", [endpoint_id])
    db.execute("DELETE FROM webhook_endpoints WHERE id = ?", [endpoint_id])
    db.execute(
        "DELETE FROM webhook_events WHERE id IN (SELECT value FROM json_each(?))"
        " AND id NOT IN (SELECT event_id FROM webhook_deliveries)",
        [json.dumps(events)],
    )


def rotate_secret(db, endpoint_id):
    """A fresh secret for the endpoint, in use from the next attempt on; the secret."""
    secret = signing.new_secret()
    db.execute("UPDATE webhook_endpoints SET secret = ? WHERE id = ?", [secret, endpoint_id])
    return secret
