"""The weekly review at the desk: one ISO week looked back on, the next one planned.

A rep sees their own week; a manager their team (one row per member) and any member's
week; an admin any team. Anything else is a 404. The week's visits and notes export as CSV,
and the user's promises and planned visits as a calendar feed at a secret, revocable URL.
"""

import functools
import re

from babel import units
from flask import Blueprint
from flask import Response
from flask import abort
from flask import make_response
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import force_locale
from flask_babel import format_decimal
from flask_babel import format_percent
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required
from markupsafe import Markup
from markupsafe import escape

from webapp import timeutil
from webapp.accounts import users
from webapp.db import get_db
from webapp.errors import render_error
from webapp.handover import risk
from webapp.review import charts
from webapp.review import datestyle
from webapp.review import exports
from webapp.review import figures
from webapp.review import kept_weeks
from webapp.review import weeks

bp = Blueprint("review", __name__)


def _unit(part):
    """'3 hr' for (3, 'duration-hour'), in the request's language."""
    value, unit = part
    return units.format_unit(value, unit, "short", locale=get_locale())


def _duration_parts(minutes, unit=_unit):
    """[(number, '3 hr'), (number, '45 min')] in the request's language."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append((hours, "duration-hour"))
    if rest or not hours:
        parts.append((rest, "duration-minute"))
    return [(value, unit((value, name))) for value, name in parts]


def duration(minutes, unit=_unit):
    """'3 hr 45 min' in the request's language; a narrow column breaks it only between its
    hours and its minutes (each keeps its number and unit together)."""
    if minutes is None:
        return ""
    return " ".join(text.replace(" ", "\u00a0") for _value, text in _duration_parts(minutes, unit))


def duration_figure(minutes):
    """A duration for a stat card: the numbers large, the units small."""
    pieces = []
    for value, text in _duration_parts(minutes):
        before, number, after = text.partition(format_decimal(value))
        if not number:
            pieces.append(escape(text))
            continue
        pieces.append(
            Markup('<span class="part">{}{}<span class="unit">{}</span></span>').format(
                before, number, after.strip()
            )
        )
    return Markup(" ").join(pieces)


def percent(rate):
    """A share as a percentage, or a dash when there is nothing to divide by."""
    return "–" if rate is None else format_percent(rate)


def week_label(week):
    """'Week 48, Nov 23 – 29, 2026' in the request's language."""
    span = datestyle.week_span(week.monday, week.sunday)
    return _("Week %(num)d, %(dates)s", num=week.number, dates=span)


@bp.context_processor
def helpers():
    """Formatting helpers for the review's templates, for one page in one language."""
    unit = functools.cache(_unit)  # one page in one language: its units, formatted once
    return {
        "count": charts.counter(),
        "duration": lambda minutes: duration(minutes, unit),
        "duration_figure": duration_figure,
        "percent": percent,
        "week_label": week_label,
        "day": datestyle.day,
        "short_day": datestyle.short_day,
        "day_time": datestyle.day_time,
        "hours": datestyle.hours,
    }


def _int_arg(name):
    """An integer query argument, None when absent; anything else is a 404."""
    value = request.args.get(name)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{1,9}", value):
        abort(404)
    return int(value)


def _subject(db):
    """Whose week is asked for: (person, None) for one rep's, (None, team) for a team's.

    A rep only ever gets their own week; a rep or team outside the user's reach is a 404.
    """
    rep_id, team_id = _int_arg("rep"), _int_arg("team")
    if rep_id is not None or current_user.role == "rep":
        if team_id is not None:
            abort(404)
        return figures.get_person(db, current_user, rep_id or current_user.id), None
    return None, figures.get_team(db, current_user, team_id)


def _week(now):
    """The week asked for (default: this week in the user's zone); a 400 when it is none."""
    tz = weeks.zone(current_user.timezone)
    text = request.args.get("week")
    if not text:
        return weeks.week_of(now, tz)
    try:
        return weeks.parse_week(text, tz)
    except ValueError:
        message = _("That is not a week we can show. Weeks are written like 2026-W48.")
        abort(make_response(render_error(400, message)))


def _navigation(week, now, **args):
    """Links to the previous, next and current week, keeping the rep or team chosen."""
    current = weeks.week_of(now, week.tz)
    args = {key: value for key, value in args.items() if value is not None}

    def link(other):
        return url_for("review.week", week=str(other), **args)

    return {
        "previous": link(week.shift(-1)),
        "next": link(week.shift(1)) if week.start < current.start else None,
        "current": link(current) if week != current else None,
        "is_current": week == current,
        "today": now.astimezone(week.tz).date(),
    }


@bp.route("/review")
@login_required
def week():
    """A rep's week (their own, or a team member's for a manager) or a team's week."""
    db, now = get_db(), timeutil.now()
    chosen = _week(now)
    person, team = _subject(db)
    if person:
        data = kept_weeks.rep_week(db, current_user, person, chosen, now)
        nav = _navigation(chosen, now, rep=_int_arg("rep"))
        return render_template(
            "review/rep.html",
            week=chosen,
            nav=nav,
            data=data,
            weekday_chart=charts.weekday_chart(data["weekday"], chosen, nav["today"]),
            trend_chart=charts.trend_chart(data["trend"]),
            calendar=exports.token_status(db, current_user.id)
            if person["id"] == current_user.id
            else None,
        )
    data = kept_weeks.team_week(db, current_user, team, chosen, now)
    nav = _navigation(chosen, now, team=_int_arg("team"))
    return render_template(
        "review/team.html",
        week=chosen,
        nav=nav,
        data=data,
        teams=figures.reviewable_teams(db, current_user),
        weekday_chart=charts.weekday_chart(data["weekday"], chosen, nav["today"]),
        trend_chart=charts.trend_chart(data["trend"]),
        # As things stand now, whichever week is shown (webapp/handover/risk.py).
        risk=risk.for_team(db, team["id"], now),
    )


@bp.route("/review/export.csv")
@login_required
def export_csv():
    """The week's visits and notes as CSV: a rep's (?rep=) or, for a manager, the team's."""
    db, now = get_db(), timeutil.now()
    chosen = _week(now)
    person, team = _subject(db)
    if person:
        ids, who = [person["id"]], person["name"]
    else:
        ids = [m["id"] for m in figures.week_members(db, team["id"], chosen)]
        who = team["name"]
    visits = figures.visits(db, current_user, ids, chosen.start, chosen.end, chosen.tz)
    notes = figures.week_notes(db, current_user, ids, chosen)
    body = exports.week_csv(visits, notes, chosen.tz, exports.delimiter(get_locale()))
    name = f"folka-{chosen}-{_slug(who)}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _slug(text):
    """ASCII letters and digits of a name, for a file name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().encode("ascii", "ignore").decode()).strip("-")


@bp.route("/review/calendar", methods=["GET", "POST"])
@login_required
def calendar():
    """Make, replace or turn off the secret link of the user's calendar feed."""
    db, token = get_db(), None
    if request.method == "POST":
        action = request.form.get("action")
        if action == "create":
            token = exports.create_token(db, current_user.id)
        elif action == "revoke":
            exports.revoke_token(db, current_user.id)
        else:
            abort(400)
    feed = url_for("review.calendar_feed", token=token, _external=True) if token else None
    return render_template(
        "review/calendar.html",
        status=exports.token_status(db, current_user.id),
        feed=feed,
        webcal=feed.replace("https://", "webcal://").replace("http://", "webcal://")
        if feed
        else None,
        revoked=request.method == "POST" and token is None,
    )


@bp.route("/calendar/<token>.ics")
def calendar_feed(token):
    """The calendar feed; public, but only with the secret token (else 404)."""
    db, now = get_db(), timeutil.now()
    user = users.get_user(db, exports.user_for_token(db, token))
    tz = weeks.zone(user.timezone)
    with force_locale(user.locale):
        events = exports.calendar_events(db, user, tz, now)
        text = exports.ics(
            events,
            _("Folka — %(name)s", name=user.name),
            now,
            lambda client_id: url_for("field.briefing", client_id=client_id, _external=True),
        )
    return Response(
        text.encode("utf-8"),
        mimetype="text/calendar",
        headers={"Cache-Control": "no-store", "Content-Disposition": "inline; filename=folka.ics"},
    )
