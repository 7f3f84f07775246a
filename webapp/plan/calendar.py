"""Planned visits for the calendar feed (webapp/review/exports.py): each stop of the user's
day plans, from a week back on, at its planned arrival for its planned length."""

import datetime

from flask_babel import gettext as _

from webapp.plan import route
from webapp.plan import store

#: Plans of days this far back stay in the feed, so a week's calendar still shows them.
KEEP_DAYS = 7


def planned_visits(db, user, tz, today):
    """Feed events (see exports.ics) for the stops of `user`'s plans, timed in `tz`."""
    first = (today - datetime.timedelta(days=KEEP_DAYS)).isoformat()
    events = []
    for plan in store.plans(db, "p.owner_id = ? AND p.day >= ?", [user.id, first]):
        stops = [s for s in plan["stops"] if s["lat"] is not None and s["lon"] is not None]
        if not stops:
            continue
        day = datetime.date.fromisoformat(plan["day"])
        hours, minutes = map(int, plan["start_time"].split(":"))
        begin = datetime.datetime.combine(day, datetime.time(hours, minutes), tz)
        start = (plan["start_lat"], plan["start_lng"])
        if start[0] is None:
            start = (stops[0]["lat"], stops[0]["lon"])
        legs = route.schedule(start, stops, begin, plan["speed_kmh"])
        for number, (stop, leg) in enumerate(zip(stops, legs, strict=True), start=1):
            events.append(
                {
                    "uid": f"plan-{plan['uuid']}-{stop['client_id']}@folka",
                    "date": day,
                    "start": leg["arrive"],
                    "end": leg["leave"],
                    "summary": _("Planned visit: %(client)s", client=stop["name"]),
                    "description": _(
                        "Stop %(number)d of %(count)d on the day’s route.",
                        number=number,
                        count=len(stops),
                    ),
                    "client_id": stop["client_id"],
                }
            )
    return events
