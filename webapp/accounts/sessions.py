"""Server-side sessions: what makes a login revocable.

The session cookie and the remember-me cookie both carry "user id:random token" (what
User.get_id() returns); the database keeps only a SHA-256 hash of the token. Ending the
row ends the login on every copy of either cookie, which a signed cookie alone cannot do.
"""

import datetime
import hashlib
import secrets

from webapp import timeutil
from webapp.db import transaction

#: How often a session's last-seen time is written: not on every request, to spare the disk.
TOUCH = datetime.timedelta(minutes=5)


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start(db, user, remember=False, user_agent="", address=""):
    """Open a server-side session for a user who just proved who they are.

    Sets user.session_key, which Flask-Login then stores in the cookies, and session_row.
    """
    token = secrets.token_urlsafe(32)
    now = timeutil.now_iso()
    with transaction(db):
        user.session_row = (
            db["sessions"]
            .insert(
                {
                    "token_hash": _token_hash(token),
                    "user_id": user.id,
                    "remember": int(bool(remember)),
                    "user_agent": (user_agent or "")[:200],
                    "address": (address or "")[:64],
                    "created_at": now,
                    "last_seen_at": now,
                }
            )
            .last_pk
        )
    user.session_key = f"{user.id}:{token}"
    return user


def load(db, session_key, max_age, idle):
    """The user row of a live session (with `session_row`, the session's id), or None when
    the session ended, expired or never existed, or the user was deactivated.

    `max_age` caps a session's whole life, `idle` the time since it was last used.
    """
    user_id, _sep, token = (session_key or "").partition(":")
    if not token or not user_id.isdigit():
        return None  # also sessions from before server-side sessions existed
    rows = list(
        db.query(
            "SELECT u.*, s.id AS session_row, s.created_at AS session_created,"
            " s.last_seen_at AS session_seen "
            "FROM sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = ? AND s.user_id = ? AND s.ended_at IS NULL",
            [_token_hash(token), int(user_id)],
        )
    )
    if not rows or not rows[0]["active"]:
        return None
    row = rows[0]
    now = timeutil.now()
    if timeutil.parse(row["session_created"]) < now - max_age or (
        timeutil.parse(row["session_seen"]) < now - idle
    ):
        end(db, row["session_row"])
        return None
    if timeutil.parse(row["session_seen"]) < now - TOUCH:
        with transaction(db):
            db["sessions"].update(row["session_row"], {"last_seen_at": timeutil.iso(now)})
    return row


def remembered(db, session_row):
    """Whether the session was opened with "remember me" (kept when it is renewed)."""
    row = db.execute("SELECT remember FROM sessions WHERE id = ?", [session_row]).fetchone()
    return bool(row and row[0])


def end(db, session_row):
    """End one session, e.g. one that expired."""
    with transaction(db):
        db.execute(
            "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
            [timeutil.now_iso(), session_row],
        )


def end_all(db, user_id, except_row=None):
    """End every session of a user, but `except_row`; returns how many were open."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL AND id != ?",
            [timeutil.now_iso(), user_id, except_row or 0],
        )
        return cursor.rowcount


def list_open(db, user_id, max_age, idle):
    """The user's live sessions, most recently used first."""
    now = timeutil.now()
    rows = db.query(
        "SELECT id, user_agent, address, remember, created_at, last_seen_at FROM sessions "
        "WHERE user_id = ? AND ended_at IS NULL AND created_at > ? AND last_seen_at > ? "
        "ORDER BY last_seen_at DESC",
        [user_id, timeutil.iso(now - max_age), timeutil.iso(now - idle)],
    )
    return [
        {
            **row,
            "created": timeutil.parse(row["created_at"]),
            "seen": timeutil.parse(row["last_seen_at"]),
        }
        for row in rows
    ]


def forget_old(db, days):
    """Delete sessions that ended, or began, more than `days` ago; returns how many."""
    cutoff = timeutil.iso(timeutil.now() - datetime.timedelta(days=days))
    with transaction(db):
        return db.execute(
            "DELETE FROM sessions WHERE created_at < ? OR ended_at < ?", [cutoff, cutoff]
        ).rowcount
