"""The second login step waiting after the right password: single-use and short-lived.

The cookie carries a random token; the database keeps its hash with whom it is for. Taking
the step deletes the row, so a copy of the cookie made after the password step is worthless
once the first login went through.
"""

import datetime
import hashlib
import secrets

from webapp import timeutil
from webapp.db import transaction

#: How long the second step may wait after the password was right.
LIFETIME = datetime.timedelta(minutes=5)


def _hash(token):
    return hashlib.sha256((token or "").encode()).hexdigest()


def _cutoff():
    return timeutil.iso(timeutil.now() - LIFETIME)


def start(db, user_id, remember, target):
    """Keep a pending second step for the user; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    with transaction(db):
        db.execute("DELETE FROM pending_logins WHERE created_at < ?", [_cutoff()])
        db["pending_logins"].insert(
            {
                "token_hash": _hash(token),
                "user_id": user_id,
                "remember": int(bool(remember)),
                "next": target,
                "created_at": timeutil.now_iso(),
            }
        )
    return token


def load(db, token):
    """The pending step for this token (user_id, remember, next), or None: unknown, used up
    or older than LIFETIME."""
    if not isinstance(token, str):
        return None
    rows = list(
        db.query(
            "SELECT user_id, remember, next FROM pending_logins"
            " WHERE token_hash = ? AND created_at >= ?",
            [_hash(token), _cutoff()],
        )
    )
    return rows[0] if rows else None


def take(db, token):
    """Use the pending step up; False when another request already did (or it expired)."""
    with transaction(db):
        return (
            db.execute(
                "DELETE FROM pending_logins WHERE token_hash = ? AND created_at >= ?",
                [_hash(token), _cutoff()],
            ).rowcount
            == 1
        )
