"""Temporary covers: one rep looks after another's clients for some days.

A cover is a span of local dates, first to last, both included, read in the covering rep's
own time zone: the clients appear on their Today (and so among the pages the phone keeps)
from midnight of the first day where they are, and leave at midnight after the last day,
with nothing to undo. Both reps are of one team, whose clients both already see, so a cover
changes whose Today lists a client, not who may open it; notes written meanwhile are the
covering rep's own, like every note.
"""

import datetime
from zoneinfo import ZoneInfo

from flask import g
from flask import has_request_context
from flask_babel import gettext as _

from webapp import audit
from webapp import timeutil
from webapp.db import transaction

#: The longest cover: a long leave is a hand-over, not a cover.
MAX_DAYS = 92


def local_today(timezone, now=None):
    """The date now in `timezone` (a zone name, e.g. a user's)."""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = datetime.UTC
    return (now or timeutil.now()).astimezone(zone).date()


def covered_owners(db, user, now=None):
    """Ids of the reps whose clients `user` covers today (their local date); cached for the
    request, as Today and the saved pages ask several times."""
    key = ("covered", user.id)
    cache = g.setdefault("folka_covers", {}) if has_request_context() and now is None else {}
    if key not in cache:
        day = local_today(user.timezone, now).isoformat()
        cache[key] = [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT covered_id FROM covers WHERE covering_id = ? AND first_day <= ?"
                " AND COALESCE(MIN(last_day, ended_on), last_day) >= ? ORDER BY covered_id",
                [user.id, day, day],
            )
        ]
    return cache[key]


def book(db, user, now=None):
    """The owners whose clients count as the user's own today: theirs, and those covered."""
    return [user.id, *covered_owners(db, user, now)]


def team_covers(db, team_id, today):
    """The team's covers that have not ended before `today`, soonest first, with names."""
    rows = list(
        db.query(
            "SELECT v.*, a.name AS covering_name, b.name AS covered_name FROM covers v"
            " JOIN users a ON a.id = v.covering_id JOIN users b ON b.id = v.covered_id"
            " WHERE v.team_id = ? AND COALESCE(MIN(v.last_day, v.ended_on), v.last_day) >= ?"
            " ORDER BY v.first_day, v.id",
            [team_id, today.isoformat()],
        )
    )
    for row in rows:
        row["first"] = datetime.date.fromisoformat(row["first_day"])
        row["last"] = datetime.date.fromisoformat(min(row["last_day"], row["ended_on"] or "9"))
    return rows


def add_cover(db, actor_id, team_id, covering_id, covered_id, first, last):
    """Record a cover (checked by the caller: both of the team, dates in order)."""
    with transaction(db):
        cover_id = (
            db["covers"]
            .insert(
                {
                    "team_id": team_id,
                    "covering_id": covering_id,
                    "covered_id": covered_id,
                    "first_day": first.isoformat(),
                    "last_day": last.isoformat(),
                    "made_by": actor_id,
                    "made_at": timeutil.now_iso(),
                }
            )
            .last_pk
        )
        audit.record(
            db,
            "cover_made",
            actor_id,
            subject=f"user {covering_id} covers user {covered_id}",
            detail=f"cover {cover_id}: {first.isoformat()} to {last.isoformat()}",
        )
    return cover_id


def end_cover(db, actor_id, cover, today):
    """End a cover now: yesterday (the actor's date) becomes its last day."""
    ended = (today - datetime.timedelta(days=1)).isoformat()
    with transaction(db):
        db["covers"].update(cover["id"], {"ended_on": ended})
        audit.record(db, "cover_ended", actor_id, subject=f"cover {cover['id']}", detail=ended)


def check(first, last, today):
    """The reason dates cannot make a cover, or None."""
    if first > last:
        return _("The last day comes before the first.")
    if last < today:
        return _("This cover would be over already.")
    if (last - first).days >= MAX_DAYS:
        return _("A cover lasts at most %(num)d days; hand the clients over instead.", num=MAX_DAYS)
    return None
