"""Reading visits: where the user is checked in, and a client's visit history."""

from webapp import timeutil
from webapp.db import get_one


def current_visit(db, user):
    """The user's open visit (checked in, not out) with the client's name, or None."""
    rows = list(
        db.query(
            "SELECT v.*, c.name AS client_name FROM visits v JOIN clients c ON c.id = v.client_id "
            "WHERE v.user_id = ? AND v.checked_out_at IS NULL "
            "ORDER BY v.checked_in_at DESC LIMIT 1",
            [user.id],
        )
    )
    return _times(rows[0]) if rows else None


def get_own_visit(db, user, visit_id):
    """One of the user's own visits, by its id exactly as stored; raises NotFound."""
    sql = "SELECT * FROM visits WHERE id = ? AND user_id = ?"
    return _times(get_one(db, sql, [visit_id, user.id]))


def recent_visits(db, client_id, limit=8):
    """The client's latest visits, newest first, with who made them."""
    return [
        _times(row)
        for row in db.query(
            "SELECT v.*, u.name AS user_name FROM visits v JOIN users u ON u.id = v.user_id "
            "WHERE v.client_id = ? ORDER BY v.checked_in_at DESC LIMIT ?",
            [client_id, limit],
        )
    ]


def length_minutes(visit):
    """A finished visit's length in whole minutes, at least one (a check-out said "0 min")."""
    seconds = (visit["checked_out"] - visit["checked_in"]).total_seconds()
    return max(1, int(seconds // 60))


def _times(row):
    row["checked_in"] = timeutil.parse(row["checked_in_at"])
    row["checked_out"] = timeutil.parse(row["checked_out_at"]) if row["checked_out_at"] else None
    return row
