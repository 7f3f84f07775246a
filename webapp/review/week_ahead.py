"""The plan for the week after a reviewed week: who to visit, what to keep, what to ask.

Seen at the reviewed week's reference moment (its end, or now while it runs): visits, notes
and promises are taken as they stood then; personal topics as they stand today, since their
history is not kept. Only active (not archived) clients of the person are planned for, and
every query is scoped by the user who asks (`clients.scope`).
"""

import datetime

from webapp import clients
from webapp import timeutil
from webapp.db import LAST_VISIT_BEFORE
from webapp.db import marks

#: Contacts not met (no note naming them) for longer than this appear in the plan.
LONG_TIME_DAYS = 90
DAY = datetime.timedelta(days=1)


def due_clients(db, user, ref, until, zone, owner_id=None, team_id=None, ids=None):
    """Active clients (of one owner, or one team; or only those with these `ids`) whose next
    visit by rhythm falls before `until` (None: all), seen at `ref`: the most overdue first,
    in calendar days of the time zone `zone` (clients.with_rhythm, as on the Today page).
    Never visited counts as a whole rhythm overdue."""
    where, params = clients.scope(user)
    # Given ids, the clients are looked up by id (NOT INDEXED still allows that) rather than
    # found among the team's through the team index, which SQLite would otherwise prefer.
    table = "clients c"
    if ids is not None:
        where, params = f"{where} AND c.id IN ({marks(ids)})", [*params, *ids]
        table = "clients c NOT INDEXED"
    if owner_id is not None:
        where, params = f"{where} AND c.owner_id = ?", [*params, owner_id]
    if team_id is not None:
        where, params = f"{where} AND c.team_id = ?", [*params, team_id]
    sql = (
        "SELECT c.id, c.name, c.city, c.rhythm_days, c.owner_id, u.name AS owner_name,"
        f" {LAST_VISIT_BEFORE} AS last_visit_at "
        f"FROM {table} LEFT JOIN users u ON u.id = c.owner_id "
        f"WHERE c.archived = 0 AND {where}"
    )
    params = [timeutil.iso(ref), *params]
    if until is not None:
        # Leave out in SQL the clients surely not due (a day's margin: the exact test on
        # due_date is below), so a team's thousands of clients are not all read into Python.
        sql = (
            f"SELECT * FROM ({sql}) WHERE last_visit_at IS NULL OR last_visit_at <"
            " strftime('%Y-%m-%dT%H:%M:%fZ', ?, (1 - rhythm_days) || ' days')"
        )
        params.append(timeutil.iso(until))
    rows = db.query(sql, params)
    last_day = until.astimezone(zone).date() if until is not None else None
    result = []
    for row in rows:
        client = clients.with_rhythm(row, ref, zone)
        if last_day is None or client["due_date"] is None or client["due_date"] < last_day:
            result.append(client)
    result.sort(key=lambda c: (-c["overdue_days"], c["name"].casefold()))
    return result


def promises_due(db, user, rep_ids, ref, tz, due_before, archived=False, ids=None):
    """Promises by these reps open at `ref` and due before the date `due_before`, soonest
    first; `overdue` when due before the local date of `ref`. Those at archived clients only
    with `archived`; only those with these `ids` when given."""
    if not rep_ids or ids == []:
        return []
    where, params = clients.scope(user)
    if not archived:
        where = f"c.archived = 0 AND {where}"
    # Given ids, the promises are looked up by id: CROSS JOIN keeps SQLite from going
    # through the team's clients instead.
    join = "JOIN"
    if ids is not None:
        where, params, join = f"{where} AND p.id IN ({marks(ids)})", [*params, *ids], "CROSS JOIN"
    stamp, today = timeutil.iso(ref), ref.astimezone(tz).date()
    rows = db.query(
        "SELECT p.id, p.user_id, u.name AS rep_name, p.client_id, c.name AS client_name,"
        f" p.text, p.due_date, p.made_at FROM promises p {join} clients c ON c.id = p.client_id"
        " JOIN users u ON u.id = p.user_id "
        f"WHERE p.user_id IN ({marks(rep_ids)}) AND p.made_at < ?"
        " AND (p.kept_at IS NULL OR p.kept_at >= ?) AND p.due_date < ?"
        f" AND {where} ORDER BY p.due_date, p.made_at, p.id",
        [*rep_ids, stamp, stamp, due_before.isoformat(), *params],
    )
    result = []
    for row in rows:
        row["due"] = datetime.date.fromisoformat(row["due_date"])
        row["overdue"] = row["due"] < today
        row["days_overdue"] = max(0, (today - row["due"]).days)
        result.append(row)
    return result


def follow_ups(db, user, owner_id):
    """Open personal topics with a follow-up question, at the owner's active clients; the
    most recently mentioned first."""
    where, params = clients.scope(user)
    rows = db.query(
        "SELECT t.id, t.title, t.follow_up, t.last_mentioned_at, k.id AS contact_id,"
        " k.name AS contact_name, c.id AS client_id, c.name AS client_name"
        " FROM topics t JOIN contacts k ON k.id = t.contact_id JOIN clients c ON c.id = k.client_id"
        " WHERE t.status = 'open' AND TRIM(t.follow_up) != '' AND c.owner_id = ?"
        f" AND c.archived = 0 AND {where} ORDER BY t.last_mentioned_at DESC, t.id",
        [owner_id, *params],
    )
    return [{**row, "last_mentioned": timeutil.parse(row["last_mentioned_at"])} for row in rows]


def unmet_contacts(db, user, owner_id, ref, days=LONG_TIME_DAYS):
    """Contacts at the owner's active clients no note has named in the `days` before `ref`:
    never met first, then the longest unmet."""
    where, params = clients.scope(user)
    stamp = timeutil.iso(ref)
    rows = db.query(
        "SELECT * FROM (SELECT k.id, k.name, k.title, c.id AS client_id, c.name AS client_name,"
        " (SELECT MAX(n.written_at) FROM note_contacts nc JOIN notes n ON n.id = nc.note_id"
        "  WHERE nc.contact_id = k.id AND n.written_at < ?) AS last_met_at"
        " FROM contacts k JOIN clients c ON c.id = k.client_id"
        f" WHERE c.owner_id = ? AND c.archived = 0 AND {where})"
        " WHERE last_met_at IS NULL OR last_met_at < ?"
        " ORDER BY last_met_at IS NOT NULL, last_met_at, name COLLATE NOCASE",
        [stamp, owner_id, *params, timeutil.iso(ref - days * DAY)],
    )
    result = []
    for row in rows:
        row["last_met"] = timeutil.parse(row["last_met_at"]) if row["last_met_at"] else None
        row["days_since"] = (ref - row["last_met"]).days if row["last_met"] else None
        result.append(row)
    return result


def next_week(db, user, person, week, now):
    """What to do in the week after `week`, as of the week's reference moment."""
    ref, after = week.reference(now), week.shift(1)
    follow = follow_ups(db, user, person["id"])
    due = due_clients(db, user, ref, after.end, week.tz, owner_id=person["id"])
    questions = {}
    for topic in follow:
        questions[topic["client_id"]] = questions.get(topic["client_id"], 0) + 1
    for client in due:
        client["questions"] = questions.get(client["id"], 0)
    # Questions for the clients to visit come first, in the order of that list.
    rank = {client["id"]: i for i, client in enumerate(due)}
    follow.sort(key=lambda topic: rank.get(topic["client_id"], len(rank)))
    return {
        "week": after,
        "ref": ref,
        "clients": due,
        "promises": promises_due(db, user, [person["id"]], ref, week.tz, after.sunday + DAY),
        "follow_ups": follow,
        "contacts": unmet_contacts(db, user, person["id"], ref),
    }
