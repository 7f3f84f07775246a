"""The manager's hand-over desk (blueprint "handover", /team/…): hand clients over from one
rep to another after a preview, arrange temporary covers, and the new owner's "introduced".

A manager works in their own team, an admin in any (?team=); a rep gets 403. A team, person,
client or cover outside the asker's reach is a 404, as everywhere in Folka.
"""

from babel import dates
from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required

from webapp import clients
from webapp import timeutil
from webapp.accounts import users
from webapp.db import get_db
from webapp.db import get_one
from webapp.db import row_id
from webapp.handover import covers
from webapp.handover import moves
from webapp.i18n import formats
from webapp.i18n import user_today
from webapp.sync import operations

bp = Blueprint("handover", __name__, url_prefix="/team")
MODES = ("all", "city", "some")


def _ids(name):
    """The row ids a form lists under `name`; anything else is left out."""
    found = []
    for text in request.form.getlist(name):
        try:
            found.append(row_id(text))
        except ValueError:
            continue
    return found


def _team():
    """The team the page works on, as a row; None when an admin has not chosen one yet."""
    if not current_user.is_manager:
        abort(403)
    text = request.values.get("team")
    if text is None and current_user.is_admin:
        return None
    try:
        team_id = row_id(text) if text is not None else current_user.team_id
    except ValueError:
        abort(404)
    if not current_user.is_admin and team_id != current_user.team_id:
        abort(404)
    return get_one(get_db(), "SELECT id, name FROM teams WHERE id = ?", [team_id])


def _person(people, text):
    """The team member whose id is `text`; a 404 for anyone else (None when left empty)."""
    if not text:
        return None
    try:
        wanted = row_id(text)
    except ValueError:
        abort(404)
    for person in people:
        if person["id"] == wanted:
            return person
    abort(404)


def _choose_team():
    """An admin first chooses a team."""
    return render_template("handover/teams.html", teams=users.list_teams(get_db()))


@bp.route("/handover")
@login_required
def index():
    """Step one: whose clients, to whom, and which (all, a city's, or chosen ones)."""
    team = _team()
    if team is None:
        return _choose_team()
    db = get_db()
    people = moves.team_people(db, team["id"])
    giver = _person(people, request.args.get("from"))
    owned = moves.owned_clients(db, team["id"], giver["id"]) if giver else []
    return render_template(
        "handover/index.html",
        team=team,
        people=people,
        giver=giver,
        owned=owned,
        cities=sorted({c["city"].strip() for c in owned if c["city"].strip()}, key=str.casefold),
        covers=covers.team_covers(db, team["id"], user_today()),
        today=user_today(),
        errors={},
        form={},
    )


def _step_one(team, giver, errors):
    """Step one again, with what was chosen and why it cannot go on."""
    return _index_with(team, giver, errors)


def _giver_and_taker(team):
    """The rep whose clients move and the active colleague who takes them, or errors."""
    people = moves.team_people(get_db(), team["id"])
    giver = _person(people, request.form.get("from"))
    if giver is None:
        abort(404)
    taker = _person(people, request.form.get("to"))
    errors = {}
    if taker is None:
        errors["to"] = _("Choose who takes the clients over.")
    elif taker["id"] == giver["id"]:
        errors["to"] = _("Choose someone other than the clients' owner.")
    elif not taker["active"]:
        errors["to"] = _(
            "%(name)s is deactivated and cannot take clients over.", name=taker["name"]
        )
    return giver, taker, errors


@bp.route("/handover/preview", methods=["POST"])
@login_required
def preview():
    """Step two: exactly what would move, to confirm."""
    team = _team()
    if team is None:
        abort(404)
    db = get_db()
    giver, taker, errors = _giver_and_taker(team)
    mode = request.form.get("mode")
    if mode not in MODES:
        errors["mode"] = _("Choose which clients move.")
    ids = moves.choose(
        db, team["id"], giver["id"], mode, request.form.get("city", "")[:200], _ids("client")
    )
    if mode in MODES and not ids:
        errors["mode"] = _("No clients of %(name)s match that choice.", name=giver["name"])
    if errors:
        return _step_one(team, giver, errors)
    found = moves.preview(db, team["id"], giver["id"], ids, user_today())
    return render_template(
        "handover/preview.html", team=team, giver=giver, taker=taker, found=found
    )


@bp.route("/handover/confirm", methods=["POST"])
@login_required
def confirm():
    """Move what the preview listed, in one step; a preview that no longer holds is shown
    again as it now stands."""
    team = _team()
    if team is None:
        abort(404)
    db = get_db()
    giver, taker, errors = _giver_and_taker(team)
    if errors:
        return _step_one(team, giver, errors)
    confirmed = {
        "clients": sorted(set(_ids("client"))),
        "promises": sorted(set(request.form.getlist("promise"))),
        "plans": sorted(set(_ids("plan"))),
    }
    try:
        moves.hand_over(
            db, current_user.id, team["id"], giver["id"], taker["id"], confirmed, user_today()
        )
    except moves.Stale:
        found = moves.preview(db, team["id"], giver["id"], confirmed["clients"], user_today())
        flash(_("Something changed since the preview. Check what moves now."), "error")
        page = render_template(
            "handover/preview.html", team=team, giver=giver, taker=taker, found=found
        )
        return page, 409
    count = len(confirmed["clients"])
    flash(
        ngettext(
            "%(num)d client handed over to %(name)s.",
            "%(num)d clients handed over to %(name)s.",
            count,
            name=taker["name"],
        ),
        "success",
    )
    return redirect(url_for("handover.index", team=team["id"]))


@bp.route("/covers", methods=["POST"])
@login_required
def add_cover():
    """Arrange a cover: one rep looks after another's clients from a first to a last day."""
    team = _team()
    if team is None:
        abort(404)
    db = get_db()
    people = moves.team_people(db, team["id"])
    covering = _person(people, request.form.get("covering"))
    covered = _person(people, request.form.get("covered"))
    errors = {}
    if covering is None or covered is None:
        errors["cover"] = _("Choose who covers whom.")
    elif covering["id"] == covered["id"]:
        errors["cover"] = _("Choose two different people.")
    elif not covering["active"]:
        errors["cover"] = _("%(name)s is deactivated.", name=covering["name"])
    try:
        first = timeutil.parse_date(request.form.get("first", ""))
        last = timeutil.parse_date(request.form.get("last", ""))
    except ValueError:
        errors.setdefault("cover", _("Enter the first and last day as dates."))
    else:
        reason = covers.check(first, last, covers.local_today(covering["timezone"]))
        if reason and "cover" not in errors:
            errors["cover"] = reason
    if errors:
        giver = _person(people, request.form.get("from"))
        return _index_with(team, giver, errors)
    covers.add_cover(db, current_user.id, team["id"], covering["id"], covered["id"], first, last)
    flash(
        _(
            "%(covering)s covers %(covered)s's clients from %(first)s to %(last)s.",
            covering=covering["name"],
            covered=covered["name"],
            first=_day(first),
            last=_day(last),
        ),
        "success",
    )
    return redirect(url_for("handover.index", team=team["id"]))


def _day(day):
    """A date in the request's language: '1 Jul 2026'."""
    return dates.format_date(day, "medium", locale=formats().locale)


def _index_with(team, giver, errors):
    """The desk again with the form as sent and why it cannot go on."""
    db = get_db()
    owned = moves.owned_clients(db, team["id"], giver["id"]) if giver else []
    return render_template(
        "handover/index.html",
        team=team,
        people=moves.team_people(db, team["id"]),
        giver=giver,
        owned=owned,
        cities=sorted({c["city"].strip() for c in owned if c["city"].strip()}, key=str.casefold),
        covers=covers.team_covers(db, team["id"], user_today()),
        today=user_today(),
        errors=errors,
        form=request.form,
    ), 422


@bp.route("/covers/<id:cover_id>/end", methods=["POST"])
@login_required
def end_cover(cover_id):
    """End a cover today: the clients go back to their owner's Today only."""
    team = _team()
    if team is None:
        abort(404)
    db = get_db()
    cover = get_one(db, "SELECT * FROM covers WHERE id = ? AND team_id = ?", [cover_id, team["id"]])
    covers.end_cover(db, current_user.id, cover, user_today())
    flash(_("The cover has ended."), "success")
    return redirect(url_for("handover.index", team=team["id"]))


@bp.route("/clients/<id:client_id>/people/<id:contact_id>/introduced", methods=["POST"])
@login_required
def introduced(client_id, contact_id):
    """The client's owner has met this person: the weekly review counts it. The same
    operation the phone's outbox sends offline (introductions.py); anyone else gets 404."""
    db = get_db()
    contact = clients.get_contact(db, current_user, contact_id)
    if contact["client_id"] != client_id:
        abort(404)
    op = {
        "id": request.form.get("op_id") or operations.new_id(),
        "kind": "mark_introduced",
        "at": timeutil.now_iso(),
        "contact_id": contact_id,
    }
    try:
        operations.apply(db, current_user, op)
    except operations.Rejected:
        abort(404)
    flash(_("%(name)s is marked as introduced.", name=contact["name"]), "success")
    return redirect(url_for("field.briefing", client_id=client_id))
