"""The clients a rep plans with: where each is, how due, and what waits there.

One query per list, scoped as every client list is (clients.scope): a rep plans with their
own clients, a manager or admin with the team's (an admin: every team's), narrowed to one
rep on request. The same rows feed Near me, the map and the route's picker.
"""

from webapp import clients
from webapp.db import LAST_VISIT
from webapp.db import marks

#: A client's state on the map and in its legend, most urgent first.
STATES = ("overdue", "due", "rhythm", "never")


def state(client):
    """overdue, due (today), rhythm (not due yet) or never (visited)."""
    if client["last_visit"] is None:
        return "never"
    if client["overdue_days"] > 0:
        return "overdue"
    return "due" if client["overdue_days"] == 0 else "rhythm"


def for_user(db, user, rep_id=None, ids=None, today=None):
    """Visible, not archived clients with position, rhythm, state, open promises (and how many
    are due by `today`) and questions waiting; a rep's own, else the team's or one rep's."""
    where, params = clients.scope(user)
    sql = [
        "SELECT c.id, c.name, c.city, c.lat, c.lon, c.rhythm_days, c.owner_id,",
        f" u.name AS owner_name, {LAST_VISIT} AS last_visit_at,",
        " (SELECT COUNT(*) FROM promises p WHERE p.client_id = c.id AND p.kept_at IS NULL)",
        "  AS promises_open,",
        " (SELECT COUNT(*) FROM promises p WHERE p.client_id = c.id AND p.kept_at IS NULL",
        "  AND p.due_date <= ?) AS promises_due,",
        " (SELECT COUNT(*) FROM topics t JOIN contacts k ON k.id = t.contact_id",
        "  WHERE k.client_id = c.id AND t.status = 'open' AND t.follow_up != '') AS questions",
        "FROM clients c LEFT JOIN users u ON u.id = c.owner_id",
        f"WHERE c.archived = 0 AND {where}",
    ]
    params = [(today.isoformat() if today else "9999-12-31"), *params]
    if ids is not None:
        ids = list(ids) or [0]
        sql.append(f"AND c.id IN ({marks(ids)})")
        params += ids
    elif user.role == "rep":
        sql.append("AND c.owner_id = ?")
        params.append(user.id)
    elif rep_id:
        sql.append("AND c.owner_id = ?")
        params.append(rep_id)
    rows = [clients.with_rhythm(row) for row in db.query("\n".join(sql), params)]
    for row in rows:
        row["state"] = state(row)
        row["placed"] = row["lat"] is not None and row["lon"] is not None
    rows.sort(key=lambda c: (-c["overdue_days"], c["name"].casefold()))
    return rows


def team_reps(db, user):
    """The reps (and managers) whose clients a manager may narrow the map to: id, name."""
    if user.role == "rep":
        return []
    where = "1 = 1" if user.is_admin else "team_id = ?"
    params = [] if user.is_admin else [user.team_id]
    return list(
        db.query(
            f"SELECT id, name FROM users WHERE active = 1 AND {where}"
            " AND id IN (SELECT owner_id FROM clients WHERE archived = 0) ORDER BY name",
            params,
        )
    )
