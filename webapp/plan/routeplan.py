"""A day's route as the pages show it: the start, the stops in order with each leg, the
planned times and a link that opens the leg in the phone's maps app; and the operation that
saves it. route.py orders and measures; this module adds the clients, the day and the user.
"""

import datetime
from urllib.parse import quote

from babel import dates
from flask import current_app
from flask import request
from flask import url_for

from webapp import timeutil
from webapp.i18n import formats
from webapp.i18n import user_today
from webapp.plan import places
from webapp.plan import route
from webapp.plan import store
from webapp.sync import operations

#: Clients a suggestion picks at most: a full day of visits.
SUGGEST = 8
#: How far from the start a suggested client may be, in km (straight line).
SUGGEST_KM = 150


def defaults():
    """The start time, speed and visit length a new plan gets (webapp/config.py)."""
    config = current_app.config
    return {
        "start_time": config["DAY_PLAN_START_TIME"],
        "speed_kmh": config["DAY_PLAN_SPEED_KMH"],
        "visit_minutes": config["DAY_PLAN_VISIT_MINUTES"],
    }


def _number(text, low, high):
    """A number from a form or address within low..high, else None."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def start_of(args):
    """The route's start named in the address: label and position (None when not given)."""
    lat, lng = _number(args.get("start_lat"), -90, 90), _number(args.get("start_lng"), -180, 180)
    if lat is None or lng is None:
        lat = lng = None
    return {"label": (args.get("start_label") or "")[:100], "lat": lat, "lng": lng}


def suggest(candidates, start):
    """The ids of the clients a day could take: overdue, or with a promise due, nearest the
    start first and within SUGGEST_KM of it (without a start: the most overdue first)."""
    wanted = [
        c for c in candidates if c["placed"] and (c["overdue_days"] > 0 or c["promises_due"] > 0)
    ]
    if start["lat"] is not None:
        here = (start["lat"], start["lng"])
        away = {c["id"]: route.km(here, (c["lat"], c["lon"])) for c in wanted}
        wanted = sorted(
            (c for c in wanted if away[c["id"]] <= SUGGEST_KM), key=lambda c: away[c["id"]]
        )
    return [c["id"] for c in wanted[:SUGGEST]]


def build(db, user, day, start, chosen, args, saved=None):
    """The chosen clients ordered from the start, with the minutes and times the address
    gives; clients without a position are left out and named."""
    found = {c["id"]: c for c in places.for_user(db, user, ids=chosen, today=day)}
    rows = [found[i] for i in dict.fromkeys(chosen) if i in found][: store.MAX_STOPS]
    placed = [c for c in rows if c["placed"]]
    if start["lat"] is None and placed:
        first = placed[0]
        start = {"label": first["name"], "lat": first["lat"], "lng": first["lon"]}
    points = [(c["lat"], c["lon"]) for c in placed]
    ordered = [placed[i] for i in route.order((start["lat"], start["lng"]), points)]
    default = defaults()
    for client in ordered:
        minutes = _number(args.get(f"m{client['id']}"), *store.VISIT_MINUTES)
        client["visit_minutes"] = int(minutes or default["visit_minutes"])
    return _plan(
        uuid=saved["uuid"] if saved else operations.new_id(),
        day=day,
        start=start,
        start_time=_clock(args.get("start_time")) or default["start_time"],
        speed=_number(args.get("speed_kmh"), *store.SPEEDS) or default["speed_kmh"],
        stops=ordered,
        left_out=[c for c in rows if not c["placed"]],
    )


def visit_lengths(args, saved, candidates):
    """Each candidate's visit length in minutes for the pick form: the one in the address
    (the rep's last choice), else the saved plan's for that client, else the default."""
    default = defaults()["visit_minutes"]
    kept = {s["client_id"]: s["visit_minutes"] for s in (saved or {}).get("stops", [])}
    lengths = {}
    for client in candidates:
        asked = _number(args.get(f"m{client['id']}"), *store.VISIT_MINUTES)
        lengths[client["id"]] = int(asked or kept.get(client["id"]) or default)
    return lengths


def from_saved(saved):
    """A saved plan as the pages show it, in its saved order."""
    stops = [
        {**s, "id": s["client_id"], "placed": s["lat"] is not None and s["lon"] is not None}
        for s in saved["stops"]
    ]
    start = {"label": saved["start_label"], "lat": saved["start_lat"], "lng": saved["start_lng"]}
    placed = [s for s in stops if s["placed"]]
    if start["lat"] is None and placed:
        start = {"label": placed[0]["name"], "lat": placed[0]["lat"], "lng": placed[0]["lon"]}
    return _plan(
        uuid=saved["uuid"],
        day=datetime.date.fromisoformat(saved["day"]),
        start=start,
        start_time=saved["start_time"],
        speed=saved["speed_kmh"],
        stops=placed,
        left_out=[s for s in stops if not s["placed"]],
        saved_at=saved["updated_at"],
        owner_name=saved.get("owner_name"),
    )


def _clock(text):
    return text if isinstance(text, str) and store.CLOCK.fullmatch(text) else None


def _plan(uuid, day, start, start_time, speed, stops, left_out, saved_at=None, owner_name=None):
    """The plan's dict: stops with leg (km, drive minutes), arrival and leaving time and a maps
    link from the place before; totals; times formatted in the user's language."""
    hours, mins = map(int, start_time.split(":"))
    begin = datetime.datetime.combine(day, datetime.time(hours, mins))
    origin = (start["lat"], start["lng"]) if start["lat"] is not None else None
    legs = route.schedule(origin, stops, begin, speed) if origin else []
    locale = formats().locale
    shown = []
    here = origin
    for stop, leg in zip(stops, legs, strict=True):
        there = (stop["lat"], stop["lon"])
        shown.append(
            {
                **stop,
                **leg,
                "arrive_text": dates.format_time(leg["arrive"], "short", locale=locale),
                "leave_text": dates.format_time(leg["leave"], "short", locale=locale),
                "maps_url": maps_link(here, there, stop["name"]),
            }
        )
        here = there
    return {
        "uuid": uuid,
        "day": day,
        "start": start,
        "start_time": start_time,
        "start_text": dates.format_time(begin, "short", locale=locale),
        "speed_kmh": speed,
        "stops": shown,
        "left_out": left_out,
        "km": sum(leg["km"] for leg in legs),
        "drive_minutes": sum(leg["drive_minutes"] for leg in legs),
        "end_text": shown[-1]["leave_text"] if shown else "",
        # A route that runs into the next day has too many or too distant stops.
        "too_long": bool(legs) and legs[-1]["leave"].date() > day,
        "saved_at": saved_at,
        "owner_name": owner_name,
    }


def maps_link(origin, there, name):
    """A link that opens the leg in the phone's maps app: a geo: link on Android (which app
    opens it is the phone's choice), Apple Maps on iOS, Google Maps elsewhere."""
    agent = request.user_agent.string if request else ""
    lat, lon = there
    if "Android" in agent:
        return f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}({quote(name)})"
    start = f"{origin[0]:.6f},{origin[1]:.6f}" if origin else ""
    if any(device in agent for device in ("iPhone", "iPad", "iPod")):
        return f"https://maps.apple.com/?saddr={start}&daddr={lat:.6f},{lon:.6f}&dirflg=d"
    return (
        f"https://www.google.com/maps/dir/?api=1&origin={start}"
        f"&destination={lat:.6f},{lon:.6f}&travelmode=driving"
    )


def operation(form):
    """The save_day_plan operation the route page's form stands for (as dayplan.js makes it)."""
    stops = []
    for value in form.getlist("stop"):
        client_id = int(value) if value.isdigit() else value
        minutes = form.get(f"m{value}", "")
        stops.append(
            {"client_id": client_id, "visit_minutes": int(minutes) if minutes.isdigit() else 0}
        )
    lat, lng = _number(form.get("start_lat"), -90, 90), _number(form.get("start_lng"), -180, 180)
    speed = _number(form.get("speed_kmh"), 0, 10_000)
    return {
        "id": form.get("op_id") or operations.new_id(),
        "kind": "save_day_plan",
        "at": timeutil.now_iso(),
        "plan_id": form.get("plan_id", ""),
        "day": form.get("day", ""),
        "start_label": form.get("start_label", ""),
        "start_lat": lat,
        "start_lng": lng,
        "start_time": form.get("start_time", ""),
        "speed_kmh": speed if speed is not None else -1,
        "stops": stops,
    }


def todays_route(db, user):
    """The user's plan for today as Today shows it, each stop marked done once checked in
    there today; None without a plan."""
    day = user_today()
    saved = store.plan_for_day(db, user, day)
    if saved is None:
        return None
    plan = from_saved(saved)
    zone = formats().zone
    begin = datetime.datetime.combine(day, datetime.time(), zone)
    end = begin + datetime.timedelta(days=1)
    done = store.checked_in(
        db,
        user.id,
        [s["id"] for s in plan["stops"]],
        timeutil.iso(begin.astimezone(timeutil.UTC)),
        timeutil.iso(end.astimezone(timeutil.UTC)),
    )
    for stop in plan["stops"]:
        stop["done"] = stop["id"] in done
        stop["url"] = url_for("field.briefing", client_id=stop["id"])
    return plan


def reviewed(db, saved, zone):
    """A saved plan for the weekly review: its stops in order, the km, and which stops the
    plan's owner checked in at on the day (in the review's time zone)."""
    plan = from_saved(saved)
    begin = datetime.datetime.combine(plan["day"], datetime.time(), zone)
    end = begin + datetime.timedelta(days=1)
    plan["visited"] = store.checked_in(
        db,
        saved["owner_id"],
        [s["client_id"] for s in saved["stops"]],
        timeutil.iso(begin.astimezone(timeutil.UTC)),
        timeutil.iso(end.astimezone(timeutil.UTC)),
    )
    return plan
