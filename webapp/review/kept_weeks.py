"""The figures of weeks that are over, kept so a team's review need not count them again.

A week's figures (webapp.weekly) are fixed once the week is over — except when late data
about it arrives: a phone syncs a check-in, a note or a kept promise days later, a topic is
erased. So they are kept per person and week in `week_figures` (and a team's clients
overdue at a week's end in `week_overdue_clients`), and the triggers of migration m006
delete whatever any write can change. What is missing is computed again by the same
functions that compute a running week, and stored only if nothing was written meanwhile:
the computation and the insert share one snapshot, and the insert fails when another
connection wrote since it was taken. Kept figures are therefore never stale.

A kept row is for one complete week as seen in one time zone (its bounds and local days),
limited to the clients of one team (`scope`: the asking user's team, 0 for an admin).
"""

import heapq
import itertools
import json
import sqlite3

from webapp import timeutil
from webapp.attachments import store as attachments
from webapp.db import marks
from webapp.review import figures
from webapp.review import week_ahead

#: A team's page lists this many of its overdue clients and promises (the most overdue
#: first) and counts the rest; each person's own page has all of theirs.
LIST_LIMIT = 20
#: The version of the figures' definitions (figures.py, and week_ahead.py for what is overdue):
#: raise it when one changes, so figures kept by the code before are computed again.
#: tests/test_review_kept_weeks.py pins that code to this number and says when to raise it.
VERSION = 2
#: The figures kept in the JSON column, besides visits and touched.
_KEPT = "unfinished minutes notes promises_made kept_on_time kept_late overdue new_topics".split()


def _scope(user):
    """The team whose clients the user's figures are limited to; 0 for all teams."""
    return 0 if user.is_admin else user.team_id


def _zone(tz):
    return getattr(tz, "key", None) or str(tz)


def is_over(week, now):
    """True when the week has ended: its figures can be kept."""
    return week.end <= now


def _compute(db, user, rep_ids, week, now):
    """Rows for week_figures of these reps in a complete week, from the live figures."""
    week_visits = figures.visits(db, user, rep_ids, week.start, week.end, week.tz)
    figs = figures.figures(db, user, rep_ids, week, now, week_visits)
    ref = week.reference(now)
    overdue = {rep_id: {"count": 0, "first": []} for rep_id in rep_ids}
    for p in week_ahead.promises_due(
        db, user, rep_ids, ref, week.tz, ref.astimezone(week.tz).date()
    ):
        mine = overdue[p["user_id"]]
        mine["count"] += 1
        if len(mine["first"]) < LIST_LIMIT:
            # Due dates and stored times have a fixed width: the text sorts as the list does.
            mine["first"].append(f"{p['due_date']} {p['made_at']} {p['id']}")
    rows = []
    for rep_id in rep_ids:
        mine = [v for v in week_visits if v["user_id"] == rep_id]
        f = figs[rep_id]
        kept = {key: f[key] for key in _KEPT}
        kept["weekday"] = figures.by_weekday(mine, week.tz)
        kept["clients"] = sorted({v["client_id"] for v in mine})
        rows.append(
            {
                "user_id": rep_id,
                "week_start": timeutil.iso(week.start),
                "week_end": timeutil.iso(week.end),
                "visits": f["visits"],
                "touched": f["touched"],
                "figures": kept,
                "overdue": overdue[rep_id],
            }
        )
    return rows


def _store(db, compute, insert):
    """Run `compute()` and `insert(db, result)` in one snapshot; returns the result.

    The insert is left out when another connection wrote since the snapshot was taken (SQLite
    then refuses to turn the read into a write) or when the caller's transaction is open.
    """
    if db.conn.in_transaction:
        return compute()
    db.conn.execute("BEGIN")
    try:
        result = compute()
        try:
            insert(db, result)
            db.conn.execute("COMMIT")
        except sqlite3.OperationalError:  # busy: written meanwhile; serve, don't keep
            db.conn.execute("ROLLBACK")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    return result


def _insert_figures(scope, zone):
    def insert(db, rows):
        db.conn.executemany(
            "INSERT OR REPLACE INTO week_figures (user_id, scope, zone, week_start, version,"
            " week_end, visits, touched, figures, overdue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    r["user_id"],
                    scope,
                    zone,
                    r["week_start"],
                    VERSION,
                    r["week_end"],
                    r["visits"],
                    r["touched"],
                    json.dumps(r["figures"]),
                    json.dumps(r["overdue"]),
                ]
                for r in rows
            ],
        )

    return insert


def _complete(row):
    """False for a kept row listing fewer overdue promises than a page now shows."""
    first = row["overdue"]["first"]
    return len(first) >= min(row["overdue"]["count"], LIST_LIMIT)


def _rows(db, user, rep_ids, week, now):
    """{rep id: kept row} of one complete week, with every figure; missing rows are
    computed and kept."""
    scope, zone, start = _scope(user), _zone(week.tz), timeutil.iso(week.start)
    found = {}
    if rep_ids:
        for user_id, visits, touched, figures, overdue in db.execute(
            "SELECT user_id, visits, touched, figures, overdue FROM week_figures"
            f" WHERE user_id IN ({marks(rep_ids)}) AND week_start = ? AND zone = ?"
            " AND scope = ? AND version = ?",
            [*rep_ids, start, zone, scope, VERSION],
        ):
            row = {"visits": visits, "touched": touched}
            row.update(figures=json.loads(figures), overdue=json.loads(overdue))
            if _complete(row):
                found[user_id] = row
    missing = [rep_id for rep_id in rep_ids if rep_id not in found]
    if missing:
        computed = _store(
            db, lambda: _compute(db, user, missing, week, now), _insert_figures(scope, zone)
        )
        found.update((row["user_id"], row) for row in computed)
    return found


def _sums(db, user, rep_ids, span, now):
    """{week start: (visits, touched)} of these reps in each complete week of `span`."""
    scope, zone = _scope(user), _zone(span[0].tz) if span else None
    starts = {timeutil.iso(w.start): w for w in span}
    sums = {}
    if rep_ids and starts:
        for start, rows, visits, touched in db.execute(
            "SELECT week_start, COUNT(*), SUM(visits), SUM(touched) FROM week_figures"
            f" WHERE user_id IN ({marks(rep_ids)}) AND week_start IN ({marks(starts)})"
            " AND zone = ? AND scope = ? AND version = ? GROUP BY week_start",
            [*rep_ids, *starts, zone, scope, VERSION],
        ):
            if rows == len(rep_ids):
                sums[start] = (visits, touched)
    for start, week in starts.items():
        if start not in sums:
            rows = _rows(db, user, rep_ids, week, now).values()
            sums[start] = (sum(r["visits"] for r in rows), sum(r["touched"] for r in rows))
    return sums


def week_figures(db, user, rep_ids, week, now):
    """The complete week's figures per rep id and the team's "total", as figures.figures()
    gives them; the week's visits per local weekday; how many promises at active clients
    were overdue at its end, and the ids of the first LIST_LIMIT, soonest due first."""
    kept = _rows(db, user, rep_ids, week, now)
    per, met, weekday, overdue, firsts = {}, set(), [0] * 7, 0, []
    for rep_id in rep_ids:
        row = kept[rep_id]
        f = {key: row["figures"][key] for key in _KEPT}
        f.update(visits=row["visits"], touched=row["touched"])
        f["clients"] = len(row["figures"]["clients"])
        f["rate"] = figures.rate(f["touched"], f["visits"])
        per[rep_id] = f
        met.update(row["figures"]["clients"])
        weekday = [a + b for a, b in zip(weekday, row["figures"]["weekday"], strict=True)]
        overdue += row["overdue"]["count"]
        firsts.append(row["overdue"]["first"])
    keys = [*_KEPT, "visits", "touched"]
    total = {key: sum(f[key] for f in per.values()) for key in keys}
    total["clients"] = len(met)
    total["rate"] = figures.rate(total["touched"], total["visits"])
    first = [key.split(" ", 2)[2] for key in itertools.islice(heapq.merge(*firsts), LIST_LIMIT)]
    return {**per, "total": total}, weekday, (overdue, first)


def trend(db, user, rep_ids, week, now, weeks=figures.TREND_WEEKS):
    """figures.trend(), with the weeks that are over taken from the kept figures."""
    span = [week.shift(i - weeks + 1) for i in range(weeks)]
    over = [w for w in span if is_over(w, now)]
    kept = _sums(db, user, rep_ids, over, now)
    running = {
        str(r["week"]): r
        for r in figures.trend(db, user, rep_ids, week, weeks, only=span[len(over) :])
    }
    result = []
    for each in span:
        if str(each) in running:
            result.append(running[str(each)])
            continue
        visits, touched = kept[timeutil.iso(each.start)]
        result.append(
            {
                "week": each,
                "visits": visits,
                "touched": touched,
                "rate": figures.rate(touched, visits),
            }
        )
    return result


def overdue_clients(db, user, team_id, week, now):
    """Ids of the team's clients overdue for a visit at the complete week's end, the most
    overdue first (as week_ahead.due_clients orders them)."""
    scope, ref = _scope(user), timeutil.iso(week.end)
    row = db.execute(
        "SELECT clients FROM week_overdue_clients WHERE team_id = ? AND scope = ? AND ref = ?"
        " AND version = ?",
        [team_id, scope, ref, VERSION],
    ).fetchone()
    if row:
        return json.loads(row[0])

    def compute():
        due = week_ahead.due_clients(db, user, week.end, week.end, week.tz, team_id=team_id)
        return [c["id"] for c in due if c["overdue_days"] > 0]

    def insert(db, ids):
        db.conn.execute(
            "INSERT OR REPLACE INTO week_overdue_clients (team_id, scope, ref, version, clients)"
            " VALUES (?, ?, ?, ?, ?)",
            [team_id, scope, ref, VERSION, json.dumps(ids)],
        )

    return _store(db, compute, insert)


def rep_week(db, user, person, week, now):
    """Everything on one person's review page."""
    ids = [person["id"]]
    week_visits = figures.visits(db, user, ids, week.start, week.end, week.tz)
    return {
        "person": person,
        "figures": figures.figures(db, user, ids, week, now, week_visits)[person["id"]],
        "visits": week_visits,
        "unfinished": [v for v in week_visits if v["checked_out"] is None],
        "weekday": figures.by_weekday(week_visits, week.tz),
        "trend": trend(db, user, ids, week, now),
        "plan": week_ahead.next_week(db, user, person, week, now),
        "notes": figures.group_by_client(
            attachments.attach_to(db, figures.week_notes(db, user, ids, week))
        ),
    }


def team_week(db, user, team, week, now):
    """Everything on a team's review page: a row per member, totals, and what is overdue
    (the first LIST_LIMIT of each list, and how many there are)."""
    members = figures.week_members(db, team["id"], week)
    ids = [m["id"] for m in members]
    ref = week.reference(now)
    if is_over(week, now):
        figs, weekday, (overdue, first) = week_figures(db, user, ids, week, now)
        promises = week_ahead.promises_due(
            db, user, ids, ref, week.tz, ref.astimezone(week.tz).date(), ids=first
        )
        due = overdue_clients(db, user, team["id"], week, now)
        shown = {
            c["id"]: c
            for c in week_ahead.due_clients(db, user, ref, ref, week.tz, ids=due[:LIST_LIMIT])
        }
        clients_due = [shown[i] for i in due[:LIST_LIMIT] if i in shown]
        counts = (len(due), overdue)
    else:
        week_visits = figures.visits(db, user, ids, week.start, week.end, week.tz)
        figs = figures.figures(db, user, ids, week, now, week_visits)
        weekday = figures.by_weekday(week_visits, week.tz)
        due = week_ahead.due_clients(db, user, ref, ref, week.tz, team_id=team["id"])
        clients_due = [c for c in due if c["overdue_days"] > 0]
        promises = week_ahead.promises_due(
            db, user, ids, ref, week.tz, ref.astimezone(week.tz).date()
        )
        counts = (len(clients_due), len(promises))
        clients_due, promises = clients_due[:LIST_LIMIT], promises[:LIST_LIMIT]
    return {
        "team": team,
        "rows": [{**member, "figures": figs[member["id"]]} for member in members],
        "total": figs["total"],
        "weekday": weekday,
        "trend": trend(db, user, ids, week, now),
        "ref": ref,
        "overdue_clients": clients_due,
        "overdue_clients_count": counts[0],
        "overdue_promises": promises,
        "overdue_promises_count": counts[1],
        "list_limit": LIST_LIMIT,
    }
