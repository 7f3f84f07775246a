"""Day plans kept: saved by the operation save_day_plan (from the route page's form and from
the phone's outbox alike, webapp/sync/operations.py), read for Today, the route page, the
weekly review and the calendar feed.

A plan is named by a UUID the phone makes, so the same plan saved twice (a resend, or an edit
on the phone) is one row. Saving again replaces the plan's start and stops, unless the row
already holds a later edit by the phone's clock: then the older one changes nothing. A plan
belongs to its owner; another user naming it is refused as a conflict.
"""

import datetime
import re

from flask_babel import gettext as _

from webapp import timeutil
from webapp.db import marks
from webapp.sync import checks
from webapp.sync import lookups
from webapp.sync.checks import Rejected

#: The most stops one day's plan may have.
MAX_STOPS = 30
#: The visit length a stop may have, in minutes.
VISIT_MINUTES = (5, 480)
#: The average speed a plan may assume, in km/h.
SPEEDS = (5, 150)
CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def save(db, user, op_id, at, op):
    """Apply save_day_plan for `user`: check every field, then insert or replace the plan."""
    plan_uuid = checks.uuid_of(op.get("plan_id"))
    if plan_uuid is None:
        raise Rejected("invalid", _("The plan has no valid id."))
    fields = _fields(op)
    stops = _stops(db, user, op)
    stamp = timeutil.iso(at)
    found = db.execute(
        "SELECT id, owner_id, updated_at FROM day_plans WHERE uuid = ?", [plan_uuid]
    ).fetchone()
    if found and found[1] != user.id:
        raise Rejected("conflict", _("This plan belongs to someone else."))
    if found and found[2] > stamp:
        return  # a later edit of the plan is already stored
    row = {**fields, "owner_id": user.id, "team_id": user.team_id, "updated_at": stamp}
    if found:
        plan_id = found[0]
        sets = ", ".join(f"{key} = :{key}" for key in row)
        db.execute(f"UPDATE day_plans SET {sets} WHERE id = :id", {**row, "id": plan_id})
        db.execute("DELETE FROM day_plan_stops WHERE plan_id = ?", [plan_id])
    else:
        row |= {"uuid": plan_uuid, "created_at": timeutil.now_iso()}
        columns = ", ".join(row)
        values = ", ".join(f":{key}" for key in row)
        plan_id = db.execute(f"INSERT INTO day_plans ({columns}) VALUES ({values})", row).lastrowid
    db.conn.executemany(
        "INSERT INTO day_plan_stops (plan_id, position, client_id, visit_minutes)"
        " VALUES (?, ?, ?, ?)",
        [(plan_id, n, s["client_id"], s["visit_minutes"]) for n, s in enumerate(stops)],
    )


def _fields(op):
    """The plan's own fields, checked: day, start (label and position), start time, speed."""
    try:
        day = datetime.date.fromisoformat(op.get("day") if isinstance(op.get("day"), str) else "")
    except ValueError:
        message = _("The plan’s day is not a date.")
        raise Rejected("invalid", message, {"day": message}) from None
    label = op.get("start_label", "")
    if not isinstance(label, str) or len(label) > 100 or not checks.storable(label):
        raise Rejected("invalid", _("The start’s name is too long."))
    lat, lng = checks.finite_number(op.get("start_lat")), checks.finite_number(op.get("start_lng"))
    if (lat is None) != (lng is None) or (lat is not None and (abs(lat) > 90 or abs(lng) > 180)):
        raise Rejected("invalid", _("The start’s position is not valid."))
    start_time = op.get("start_time", "08:30")
    if not isinstance(start_time, str) or not CLOCK.fullmatch(start_time):
        raise Rejected("invalid", _("The start time is not a time of day."))
    speed = checks.finite_number(op.get("speed_kmh", 40))
    if speed is None or not SPEEDS[0] <= speed <= SPEEDS[1]:
        raise Rejected(
            "invalid",
            _("The average speed must be %(min)d to %(max)d km/h.", min=SPEEDS[0], max=SPEEDS[1]),
        )
    return {
        "day": day.isoformat(),
        "start_label": label.strip(),
        "start_lat": lat,
        "start_lng": lng,
        "start_time": start_time,
        "speed_kmh": speed,
    }


def _stops(db, user, op):
    """The stops in order, each a client the user may see, once, with a visit length."""
    stops = op.get("stops")
    if not isinstance(stops, list) or len(stops) > MAX_STOPS:
        raise Rejected("invalid", _("A plan has at most %(num)d stops.", num=MAX_STOPS))
    ids = [s.get("client_id") if isinstance(s, dict) else None for s in stops]
    if len(set(map(str, ids))) != len(ids):
        raise Rejected("invalid", _("A client can be in a plan only once."))
    visible = lookups.visible_clients(db, user, ids)
    checked = []
    for stop, client_id in zip(stops, ids, strict=True):
        lookups.named_client(visible, client_id)
        minutes = stop.get("visit_minutes", 30)
        if not checks.is_id(minutes) or not VISIT_MINUTES[0] <= minutes <= VISIT_MINUTES[1]:
            raise Rejected(
                "invalid",
                _(
                    "A visit lasts %(min)d to %(max)d minutes.",
                    min=VISIT_MINUTES[0],
                    max=VISIT_MINUTES[1],
                ),
            )
        checked.append({"client_id": client_id, "visit_minutes": minutes})
    return checked


def plans(db, where, params):
    """Plans matching `where` (on day_plans p), each with owner's name and stops in order."""
    found = [
        dict(row)
        for row in db.query(
            "SELECT p.*, u.name AS owner_name FROM day_plans p JOIN users u ON u.id = p.owner_id"
            f" WHERE {where} ORDER BY p.day, u.name, p.id",
            params,
        )
    ]
    if not found:
        return []
    by_id = {plan["id"]: {**plan, "stops": []} for plan in found}
    for stop in db.query(
        "SELECT s.plan_id, s.position, s.client_id, s.visit_minutes, c.name, c.city, c.lat, c.lon"
        " FROM day_plan_stops s JOIN clients c ON c.id = s.client_id"
        f" WHERE s.plan_id IN ({marks(by_id)}) AND c.archived = 0 ORDER BY s.plan_id, s.position",
        list(by_id),
    ):
        by_id[stop["plan_id"]]["stops"].append(stop)
    return list(by_id.values())


def plan_for_day(db, user, day):
    """The user's own plan for `day` (the latest saved, should there be two), or None."""
    found = plans(db, "p.owner_id = ? AND p.day = ?", [user.id, day.isoformat()])
    return max(found, key=lambda p: p["updated_at"]) if found else None


def team_plans(db, team_id, first, last):
    """The plans of a team for the days first..last (the caller has checked the team)."""
    return plans(db, "p.team_id = ? AND p.day BETWEEN ? AND ?", [team_id, first, last])


def checked_in(db, user_id, client_ids, day_start, day_end):
    """The clients among `client_ids` the user checked in at between two UTC ISO moments."""
    if not client_ids:
        return set()
    ids = list(client_ids)
    return {
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT client_id FROM visits WHERE client_id IN ({marks(ids)})"
            " AND user_id = ? AND checked_in_at >= ? AND checked_in_at < ?",
            [*ids, user_id, day_start, day_end],
        )
    }
