"""The pages that plan the day (blueprint "plan"): the map of clients and the day's route.

The map page lists every client it marks, so the list is the page and the map an addition
(static/js/daymap.js draws it when Leaflet and the tiles can be had). The route page picks
clients, orders them (route.py) and shows each leg; saving is the operation save_day_plan
(store.py), posted by the form or sent from the phone's outbox (static/js/dayplan.js).
"""

import datetime

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from webapp.db import get_db
from webapp.i18n import user_today
from webapp.plan import places
from webapp.plan import routeplan
from webapp.plan import store
from webapp.review import views as review_views
from webapp.sync import operations

bp = Blueprint("plan", __name__)


@bp.before_request
@login_required
def require_login():
    """Planning is for logged-in users."""


@bp.route("/map")
def day_map():
    """The clients on a map and in a list; a manager picks one rep or sees the team."""
    db = get_db()
    reps = places.team_reps(db, current_user)
    rep_id = request.args.get("rep", type=int)
    if rep_id and rep_id not in {rep["id"] for rep in reps}:
        abort(404)
    found = places.for_user(db, current_user, rep_id=rep_id, today=user_today())
    config = current_app.config
    return render_template(
        "plan/map.html",
        clients=found,
        reps=reps,
        rep_id=rep_id,
        states=places.STATES,
        tiles={
            "url": config["MAP_TILE_URL"],
            "attribution": config["MAP_ATTRIBUTION"],
            "attribution_url": config["MAP_ATTRIBUTION_URL"],
        },
    )


@bp.route("/plan")
def day_route():
    """Pick the day's clients (suggested: overdue and promises due near the start), then see
    them ordered with each leg, the drive and the planned arrivals; save the plan."""
    db = get_db()
    args = request.args
    day = _day(args.get("day"))
    start = routeplan.start_of(args)
    saved = store.plan_for_day(db, current_user, day)
    candidates = places.for_user(db, current_user, today=day)
    chosen = [int(v) for v in args.getlist("c") if v.isdigit()]
    if chosen:
        plan = routeplan.build(db, current_user, day, start, chosen, args)
    elif saved and "pick" not in args:
        plan = routeplan.from_saved(saved)
    else:
        plan = None
    return render_template(
        "plan/route.html",
        day=day,
        start=start,
        plan=plan,
        saved=saved,
        candidates=candidates,
        suggested=routeplan.suggest(candidates, start),
        op_id=operations.new_id(),
        defaults=routeplan.defaults(),
        visit_lengths=routeplan.visit_lengths(args, saved, candidates),
        visit_range=store.VISIT_MINUTES,
    )


@bp.route("/plan/save", methods=["POST"])
def save_route():
    """Save the plan the route page shows (without the phone's outbox: the same operation)."""
    op = routeplan.operation(request.form)
    try:
        operations.apply(get_db(), current_user, op)
    except operations.Rejected as rejected:
        flash(rejected.message, "error")
        day = request.form.get("day", "")
        return redirect(url_for("plan.day_route", day=day if _is_day(day) else None))
    flash(_("Route saved."), "success")
    return redirect(url_for("field.today"))


def _is_day(text):
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _day(text):
    """The day asked for, else the user's today; a day that is no date answers 404."""
    if not text:
        return user_today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        abort(404)


@bp.app_template_global()
def todays_route():
    """The logged-in user's plan for today, for Today's "Today's route" (None without one)."""
    if not current_user.is_authenticated:
        return None
    return routeplan.todays_route(get_db(), current_user)


@bp.app_template_filter("plan_duration")
def plan_duration(minutes):
    """'1 hr 35 min' in the user's language, as the weekly review writes durations."""
    return review_views.duration(minutes)


@bp.app_template_global()
def week_plans(team_id, week):
    """The team's day plans in a week of the weekly review (review/team.html), each with its
    stops, distance and how many of them were checked in at on the day."""
    db = get_db()
    found = store.team_plans(db, team_id, week.monday.isoformat(), week.sunday.isoformat())
    return [routeplan.reviewed(db, saved, week.tz) for saved in found]
