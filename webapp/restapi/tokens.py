"""Personal access tokens: made on the profile page, shown once, kept only as a hash.

A token is "folka_pat_" and 43 random URL-safe characters. The database keeps its SHA-256
(a token is random, so a fast hash is enough: nothing to guess from it), the first
characters as a hint, the scope ("read" or "read-write"), the expiry, the last use and,
once revoked, when. A token works for its user only while that user is active.
"""

import datetime
import hashlib
import secrets

from webapp import timeutil
from webapp.db import get_one

PREFIX = "folka_pat_"
SCOPES = ("read", "read-write")
#: The lifetimes offered, in days; the longest is a year.
LIFETIMES = (7, 30, 90, 365)
#: The last use is written at most this often per token, not on every request.
TOUCH_EVERY = datetime.timedelta(minutes=1)
MAX_NAME = 80


def _hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(db, user_id, name, scope, days):
    """Make a token; returns its text, which is never stored nor shown again."""
    if scope not in SCOPES or days not in LIFETIMES:
        raise ValueError("unknown scope or lifetime")
    token = PREFIX + secrets.token_urlsafe(32)
    now = timeutil.now()
    db.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, hint, scope, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            user_id,
            name,
            _hash(token),
            token[: len(PREFIX) + 4],
            scope,
            timeutil.iso(now),
            timeutil.iso(now + datetime.timedelta(days=days)),
        ],
    )
    return token


def list_for(db, user_id):
    """The user's tokens, newest first, revoked and expired ones included (marked)."""
    now = timeutil.now_iso()
    rows = db.query(
        "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC", [user_id]
    )
    return [
        {**row, "expired": row["expires_at"] <= now, "expires": timeutil.parse(row["expires_at"])}
        for row in rows
    ]


def revoke(db, user_id, token_id):
    """Revoke one of the user's own tokens; raises NotFound for anyone else's."""
    get_one(db, "SELECT id FROM api_tokens WHERE id = ? AND user_id = ?", [token_id, user_id])
    db.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        [timeutil.now_iso(), token_id],
    )


def revoke_all(db, user_id):
    """Revoke every token of a user (a deactivated user's tokens stop anyway)."""
    db.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        [timeutil.now_iso(), user_id],
    )


def find(db, token):
    """The live token row with the user's row fields, or None: unknown, revoked, expired,
    or its user deactivated. Writes the last use at most once a minute."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > 100:
        return None
    rows = list(
        db.query(
            "SELECT t.id AS token_id, t.scope, t.expires_at, t.last_used_at, t.revoked_at, u.*"
            " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
            [_hash(token)],
        )
    )
    if not rows:
        return None
    row = rows[0]
    now = timeutil.now()
    if row["revoked_at"] or row["expires_at"] <= timeutil.iso(now) or not row["active"]:
        return None
    last = row["last_used_at"]
    if last is None or timeutil.parse(last) < now - TOUCH_EVERY:
        db.execute(
            "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
            [timeutil.iso(now), row["token_id"]],
        )
    return row
