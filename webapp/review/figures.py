"""The weekly review's figures: a rep's week, a team's week and the plan for the week after.

A week (webapp.weeks) is an ISO week, Monday 00:00 to the next Monday 00:00 in the time
zone of the person looking (users.timezone), turned into UTC bounds for the queries. Stored
times are UTC text of fixed width, so comparing the text compares the times.

What each figure means (the tests check every one):

- A visit belongs to the week in which it was checked in, and counts once.
- *Clients met*: distinct clients among the week's visits.
- *Time with clients*: for each rep, the length of the union of the [check-in, check-out)
  spans of the week's finished visits, in whole minutes — overlapping visits are counted
  once. A visit without a check-out counts 0 and is listed as unfinished. A team's time is
  the sum of its reps' times.
- *Personal touch*: a visit has it when a note by the same rep at the same client mentions
  or follows up at least one personal topic (has a note_topics row, any status) and that
  note either is linked to the visit (notes.visit_id) or, when it names no visit, was
  written on the same local day as the check-in. The rate is visits with personal touch
  divided by visits; a week without visits has no rate (None), not 0 %.
- *Notes written*: notes by the rep written in the week.
- *Promises*: made = made in the week; kept on time / kept late = marked kept in the week,
  on or before / after the due date (the local date of marking); overdue = made before and
  still open at the week's reference moment, and due before that moment's local date.
- *New personal topics*: topics the rep created in the week.

The reference moment of a week is its end, or now while it runs. The plan for the next
week is computed as of that moment from visits, notes and promises; topics are taken as
they stand today, since their history is not kept.

Every query joins the client and applies `clients.scope` for the user who asks. Archived
clients stay in the figures (their history is part of the week) but leave the plan.

The figures of weeks that are over are kept (webapp.weekcache) and computed again only when
a write can have changed them; whoever changes a definition here raises weekcache.VERSION,
so that figures kept under the old one are counted again.
"""

import datetime

from webapp import clients
from webapp import timeutil
from webapp.db import NotFound
from webapp.db import marks
from webapp.review.weeks import midnight

#: Weeks in the trend chart, the shown week included.
TREND_WEEKS = 8
DAY = datetime.timedelta(days=1)


def get_person(db, user, person_id):
    """The user whose week `user` may review: a rep only themselves, a manager their team's
    members, an admin anyone. Raises NotFound otherwise."""
    rows = list(
        db.query(
            "SELECT u.id, u.name, u.role, u.team_id, u.active, t.name AS team_name "
            "FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE u.id = ?",
            [person_id],
        )
    )
    person = rows[0] if rows else None
    allowed = person and (
        person["id"] == user.id
        or user.is_admin
        or (user.role == "manager" and person["team_id"] == user.team_id)
    )
    if not allowed:
        raise NotFound(person_id)
    return person


def reviewable_teams(db, user):
    """The teams whose review the user may open: an admin all, a manager their own."""
    if user.is_admin:
        return list(db.query("SELECT id, name FROM teams ORDER BY name"))
    return list(db.query("SELECT id, name FROM teams WHERE id = ?", [user.team_id]))


def get_team(db, user, team_id=None):
    """A team the user may review (default: their own, or an admin's first); raises NotFound."""
    if user.role == "rep":
        raise NotFound(team_id)
    teams = reviewable_teams(db, user)
    if team_id is None:
        own = [t for t in teams if t["id"] == user.team_id]
        if own or teams:
            return (own or teams)[0]
    for team in teams:
        if team["id"] == team_id:
            return team
    raise NotFound(team_id)


def week_members(db, team_id, week):
    """The people a team's review lists: its active reps, and anyone of the team who made a
    visit that week (a manager in the field, a rep since deactivated)."""
    return list(
        db.query(
            "SELECT u.id, u.name, u.role, u.team_id, u.active FROM users u "
            "WHERE u.team_id = ? AND ((u.role = 'rep' AND u.active = 1) OR EXISTS ("
            "  SELECT 1 FROM visits v WHERE v.user_id = u.id"
            "  AND v.checked_in_at >= ? AND v.checked_in_at < ?)) "
            "ORDER BY u.name COLLATE NOCASE",
            [team_id, timeutil.iso(week.start), timeutil.iso(week.end)],
        )
    )


def _local_days(start, end, tz):
    """(start, end) as stored text of each local day touching [start, end), for SQL."""
    day, last, bounds = start.astimezone(tz).date(), end.astimezone(tz).date(), []
    while day <= last:
        bounds += [timeutil.iso(midnight(day, tz)), timeutil.iso(midnight(day + DAY, tz))]
        day += DAY
    return bounds


# A note "about" visit wv: the same rep at the same client, linked to it, or unlinked and
# written on the check-in's local day. Two EXISTS rather than one OR, so each uses an index.
_NOTE_FOR_VISIT = (
    "(EXISTS (SELECT 1 FROM notes n WHERE n.client_id = wv.client_id AND n.visit_id = wv.id"
    "  AND n.user_id = wv.user_id {extra})"
    " OR EXISTS (SELECT 1 FROM notes n WHERE n.client_id = wv.client_id"
    "  AND n.written_at >= wv.day_start AND n.written_at < wv.day_end"
    "  AND n.user_id = wv.user_id AND n.visit_id IS NULL {extra}))"
)
_HAS_TOPIC = "AND EXISTS (SELECT 1 FROM note_topics nt WHERE nt.note_id = n.id)"


def _visits_sql(select, rep_ids, days):
    """The query over visits in [start, end) with each visit's local day, for `select`."""
    return (
        f"WITH days(day_start, day_end) AS (VALUES {', '.join(['(?, ?)'] * (len(days) // 2))}),"
        " wv AS MATERIALIZED (SELECT v.*, d.day_start, d.day_end FROM visits v"
        "  JOIN days d ON v.checked_in_at >= d.day_start AND v.checked_in_at < d.day_end"
        f"  WHERE v.user_id IN ({marks(rep_ids)})"
        "  AND v.checked_in_at >= ? AND v.checked_in_at < ?)"
        f" SELECT {select}"
        " FROM wv JOIN clients c ON c.id = wv.client_id JOIN users u ON u.id = wv.user_id"
    )


def _touch_flags(db, user, rep_ids, start, end, tz):
    """Only what the trend needs of each visit: when, and whether it had a personal touch.

    The same visits and definition as visits(), without the names and the `noted` check,
    which cost half the time over eight weeks of a whole team.
    """
    if not rep_ids:
        return []
    days = _local_days(start, end, tz)
    where, params = clients.scope(user)
    sql = _visits_sql(
        f"wv.checked_in_at, {_NOTE_FOR_VISIT.format(extra=_HAS_TOPIC)} AS personal",
        rep_ids,
        days,
    )
    return list(
        db.query(
            f"{sql} WHERE {where}",
            [*days, *rep_ids, timeutil.iso(start), timeutil.iso(end), *params],
        )
    )


def visits(db, user, rep_ids, start, end, tz):
    """Visits by these reps checked in within [start, end), oldest first, each with
    `personal` (personal touch, see the module docstring), `noted`, `minutes` (None when
    unfinished) and the client and rep names."""
    if not rep_ids:
        return []
    days = _local_days(start, end, tz)
    where, params = clients.scope(user)
    sql = _visits_sql(
        "wv.id, wv.user_id, u.name AS rep_name, wv.client_id, c.name AS client_name,"
        " c.city, c.archived, wv.checked_in_at, wv.checked_out_at,"
        f" {_NOTE_FOR_VISIT.format(extra=_HAS_TOPIC)} AS personal,"
        f" {_NOTE_FOR_VISIT.format(extra='')} AS noted",
        rep_ids,
        days,
    )
    rows = db.query(
        f"{sql} WHERE {where} ORDER BY wv.checked_in_at, wv.id",
        [*days, *rep_ids, timeutil.iso(start), timeutil.iso(end), *params],
    )
    result = []
    for row in rows:
        row["checked_in"] = timeutil.parse(row["checked_in_at"])
        row["checked_out"] = (
            timeutil.parse(row["checked_out_at"]) if row["checked_out_at"] else None
        )
        row["minutes"] = (
            max(0, int((row["checked_out"] - row["checked_in"]).total_seconds() // 60))
            if row["checked_out"]
            else None
        )
        row["personal"], row["noted"] = bool(row["personal"]), bool(row["noted"])
        result.append(row)
    return result


def _union_minutes(spans):
    """Whole minutes covered by at least one (start, end) span."""
    total, current = datetime.timedelta(), None
    for start, end in sorted(spans):
        if end <= start:
            continue
        if current and start <= current[1]:
            current[1] = max(current[1], end)
            continue
        if current:
            total += current[1] - current[0]
        current = [start, end]
    if current:
        total += current[1] - current[0]
    return int(total.total_seconds() // 60)


def _blank():
    return dict.fromkeys(
        "visits touched unfinished minutes notes promises_made kept_on_time kept_late"
        " overdue new_topics".split(),
        0,
    )


def rate(touched, count):
    """The share of visits with a personal touch; None for a week without visits."""
    return touched / count if count else None


def figures(db, user, rep_ids, week, now, week_visits=None):
    """The week's figures per rep id, and the team's `"total"` (see the module docstring)."""
    if week_visits is None:
        week_visits = visits(db, user, rep_ids, week.start, week.end, week.tz)
    per = {rep_id: _blank() for rep_id in rep_ids}
    met = {rep_id: set() for rep_id in rep_ids}
    spans = {rep_id: [] for rep_id in rep_ids}
    for visit in week_visits:
        rep = per[visit["user_id"]]
        rep["visits"] += 1
        rep["touched"] += visit["personal"]
        met[visit["user_id"]].add(visit["client_id"])
        if visit["checked_out"]:
            spans[visit["user_id"]].append((visit["checked_in"], visit["checked_out"]))
        else:
            rep["unfinished"] += 1
    for rep_id, key, count in _counts(db, user, rep_ids, week, now):
        per[rep_id][key] += count
    for rep_id, rep in per.items():
        rep["clients"] = len(met[rep_id])
        rep["minutes"] = _union_minutes(spans[rep_id])
        rep["rate"] = rate(rep["touched"], rep["visits"])
    total = {key: sum(rep[key] for rep in per.values()) for key in _blank()}
    total["clients"] = len(set().union(*met.values())) if met else 0
    total["rate"] = rate(total["touched"], total["visits"])
    return {**per, "total": total}


def _counts(db, user, rep_ids, week, now):
    """(rep id, figure, count) for notes, promises and new topics of the week."""
    if not rep_ids:
        return
    where, params = clients.scope(user)
    start, end = timeutil.iso(week.start), timeutil.iso(week.end)
    ref = week.reference(now)
    ids = marks(rep_ids)
    grouped = {
        "notes": (
            "SELECT n.user_id, COUNT(*) FROM notes n JOIN clients c ON c.id = n.client_id "
            f"WHERE n.user_id IN ({ids}) AND n.written_at >= ? AND n.written_at < ? AND {where} "
            "GROUP BY n.user_id",
            [start, end],
        ),
        "promises_made": (
            "SELECT p.user_id, COUNT(*) FROM promises p JOIN clients c ON c.id = p.client_id "
            f"WHERE p.user_id IN ({ids}) AND p.made_at >= ? AND p.made_at < ? AND {where} "
            "GROUP BY p.user_id",
            [start, end],
        ),
        "overdue": (
            "SELECT p.user_id, COUNT(*) FROM promises p JOIN clients c ON c.id = p.client_id "
            f"WHERE p.user_id IN ({ids}) AND p.made_at < ?"
            " AND (p.kept_at IS NULL OR p.kept_at >= ?)"
            f" AND p.due_date < ? AND {where} GROUP BY p.user_id",
            [timeutil.iso(ref), timeutil.iso(ref), ref.astimezone(week.tz).date().isoformat()],
        ),
        "new_topics": (
            "SELECT t.created_by, COUNT(*) FROM topics t JOIN contacts k ON k.id = t.contact_id"
            " JOIN clients c ON c.id = k.client_id "
            f"WHERE t.created_by IN ({ids}) AND t.created_at >= ? AND t.created_at < ? AND {where} "
            "GROUP BY t.created_by",
            [start, end],
        ),
    }
    for key, (sql, args) in grouped.items():
        for rep_id, count in db.execute(sql, [*rep_ids, *args, *params]).fetchall():
            yield rep_id, key, count
    kept = db.query(
        "SELECT p.user_id, p.kept_at, p.due_date FROM promises p"
        " JOIN clients c ON c.id = p.client_id "
        f"WHERE p.user_id IN ({ids}) AND p.kept_at >= ? AND p.kept_at < ? AND {where}",
        [*rep_ids, start, end, *params],
    )
    for row in kept:
        kept_on = timeutil.parse(row["kept_at"]).astimezone(week.tz).date().isoformat()
        yield row["user_id"], "kept_on_time" if kept_on <= row["due_date"] else "kept_late", 1


def by_weekday(week_visits, tz):
    """Visits per local weekday, Monday first."""
    counts = [0] * 7
    for visit in week_visits:
        counts[visit["checked_in"].astimezone(tz).weekday()] += 1
    return counts


def trend(db, user, rep_ids, week, weeks=TREND_WEEKS, only=None):
    """The last `weeks` weeks up to `week`, oldest first: visits, touched and rate (of the
    weeks in `only` alone, when given: consecutive ones of the same span)."""
    span = [week.shift(i - weeks + 1) for i in range(weeks)] if only is None else only
    if not span:
        return []
    rows = _touch_flags(db, user, rep_ids, span[0].start, span[-1].end, week.tz)
    result = []
    for each in span:
        start, end = timeutil.iso(each.start), timeutil.iso(each.end)
        inside = [v for v in rows if start <= v["checked_in_at"] < end]
        touched = sum(v["personal"] for v in inside)
        result.append(
            {
                "week": each,
                "visits": len(inside),
                "touched": touched,
                "rate": rate(touched, len(inside)),
            }
        )
    return result


def week_notes(db, user, rep_ids, week):
    """The week's notes by these reps, oldest first, with the people met and topics named."""
    if not rep_ids:
        return []
    where, params = clients.scope(user)
    chosen = (
        f"WHERE n.user_id IN ({marks(rep_ids)}) AND n.written_at >= ? AND n.written_at < ? "
        f"AND {where}"
    )
    args = [*rep_ids, timeutil.iso(week.start), timeutil.iso(week.end), *params]
    notes = list(
        db.query(
            "SELECT n.id, n.user_id, u.name AS rep_name, n.client_id, c.name AS client_name,"
            " c.city, c.archived, n.visit_id, n.body, n.written_at FROM notes n"
            f" JOIN clients c ON c.id = n.client_id JOIN users u ON u.id = n.user_id {chosen}"
            " ORDER BY n.written_at, n.id",
            args,
        )
    )
    chosen = f"FROM notes n JOIN clients c ON c.id = n.client_id {chosen}"
    by_id = {note["id"]: {**note, "contacts": [], "topics": []} for note in notes}
    for row in db.query(
        "SELECT nc.note_id, k.name FROM note_contacts nc JOIN contacts k ON k.id = nc.contact_id "
        f"WHERE nc.note_id IN (SELECT n.id {chosen}) ORDER BY k.name",
        args,
    ):
        by_id[row["note_id"]]["contacts"].append(row["name"])
    for row in db.query(
        "SELECT nt.note_id, nt.status, t.title, k.name AS contact_name FROM note_topics nt"
        " JOIN topics t ON t.id = nt.topic_id JOIN contacts k ON k.id = t.contact_id "
        f"WHERE nt.note_id IN (SELECT n.id {chosen}) ORDER BY t.title",
        args,
    ):
        by_id[row["note_id"]]["topics"].append(row)
    for note in by_id.values():
        note["written"] = timeutil.parse(note["written_at"])
    return list(by_id.values())


def group_by_client(notes):
    """Notes grouped by client, clients by name, each client's notes oldest first."""
    groups = {}
    for note in notes:
        group = groups.setdefault(
            note["client_id"],
            {
                "client_id": note["client_id"],
                "client_name": note["client_name"],
                "city": note["city"],
                "archived": note["archived"],
                "notes": [],
            },
        )
        group["notes"].append(note)
    return sorted(groups.values(), key=lambda g: (g["client_name"].casefold(), g["client_id"]))
