"""The rep's day: Today, the client briefing, check in/out, the visit note, promises kept."""

import math

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
from werkzeug.datastructures import MultiDict

from webapp import clients
from webapp import notes
from webapp import timeutil
from webapp import visits
from webapp.db import get_db
from webapp.handover import introduction
from webapp.i18n import distance
from webapp.i18n import minutes
from webapp.i18n import user_today
from webapp.sync import checks
from webapp.sync import history
from webapp.sync import operations

bp = Blueprint("field", __name__)
#: Most clients listed on Today: a manager's team can have thousands; search finds the rest.
TODAY_LIMIT = 100


@bp.before_request
@login_required
def require_login():
    """Every page of the field work needs a logged-in user."""


@bp.route("/")
def today():
    """My clients, checked-in one on top, the most overdue by visit rhythm next; with search,
    which also names the people found at each client."""
    db = get_db()
    query = request.args.get("q", "")[:100]
    found = clients.list_for_today(db, current_user, query)
    shown = found[:TODAY_LIMIT]
    return render_template(
        "field/today.html",
        clients=shown,
        people=clients.people_matching(db, [c["id"] for c in shown], query),
        total=len(found),
        current=visits.current_visit(db, current_user),
        query=query,
    )


@bp.route("/clients/<id:client_id>")
def briefing(client_id):
    """The 30-second read at the client's door."""
    db = get_db()
    client = clients.get_client(db, current_user, client_id)
    current = visits.current_visit(db, current_user)
    here = current if current and current["client_id"] == client_id else None
    contacts = clients.contacts_with_topics(db, client_id)
    topic_ids = [topic["id"] for contact in contacts for topic in contact["topics"]]
    return render_template(
        "field/briefing.html",
        client=client,
        contacts=contacts,
        # Who changed a topic last, when it was someone else: two reps share a client.
        topic_changes=history.last_changes(db, "topic", topic_ids),
        promises=notes.open_promises(db, client_id, user_today()),
        notes=notes.recent_notes(db, client_id),
        visits=visits.recent_visits(db, client_id),
        current=current,
        here=here,
        here_noted=here is not None and notes.visit_has_note(db, here),
        op_id=operations.new_id(),
        # Who knew the client before a hand-over, and the new owner's introduction.
        handover=introduction.for_briefing(db, client),
    )


@bp.route("/clients/<id:client_id>/check-in", methods=["POST"])
def check_in(client_id):
    """Check in now, with the position when the phone gave one."""
    op = _operation("check_in", client_id=client_id, **_position(request.form))
    status = _apply_or_404(op)
    if status == "applied":
        visit = get_db()["visits"].get(op["id"])
        if visit["lat"] is None:
            # Said now: a manager who later finds no distance should not be the first to know.
            flash(_("Checked in — location not recorded."), "warning")
        else:
            flash(_("Checked in."), "success")
        if (visit["distance_m"] or 0) > current_app.config["FAR_FROM_SITE_METRES"]:
            flash(
                _(
                    "You seem to be %(distance)s from the client's site. Checked in anyway.",
                    distance=distance(visit["distance_m"]),
                ),
                "warning",
            )
    return redirect(url_for("field.briefing", client_id=client_id))


@bp.route("/visits/<visit_id>/check-out", methods=["POST"])
def check_out(visit_id):
    """End the visit now; then on to the note, unless the visit has one (written while checked
    in) or the check-out was refused."""
    db = get_db()
    visit = visits.get_own_visit(db, current_user, visit_id)
    op = _operation("check_out", visit_id=visit_id, **_position(request.form))
    status = _apply_or_404(op)
    briefing = url_for("field.briefing", client_id=visit["client_id"])
    if status == "applied":
        visit = visits.get_own_visit(db, current_user, visit_id)
        if notes.visit_has_note(db, visit):
            length = minutes(visits.length_minutes(visit))
            flash(_("Checked out · %(duration)s · note saved.", duration=length), "success")
            return redirect(briefing)
        flash(_("Checked out. How did it go? Write a short note."), "success")
    elif status == "duplicate" and visit["checked_out"]:
        # The same form sent again (a reload, a double tap): it changed nothing.
        flash(_("This visit is already checked out."), "info")
        if notes.visit_has_note(db, visit):
            return redirect(briefing)
    else:
        return redirect(briefing)
    return redirect(url_for("field.note", client_id=visit["client_id"], visit=visit_id))


@bp.route("/clients/<id:client_id>/note", methods=["GET", "POST"])
def note(client_id):
    """One form for the note after a visit: text, people met, topics, new topic, promise."""
    db = get_db()
    client = clients.get_client(db, current_user, client_id)
    form = request.form if request.method == "POST" else MultiDict()
    errors = {}
    if request.method == "POST":
        op = note_operation(form, client_id)
        try:
            operations.apply(db, current_user, op)
        except operations.Rejected as rejected:
            errors = rejected.errors or {"form": rejected.message}
        else:
            flash(_("Note saved."), "success")
            return redirect(url_for("field.briefing", client_id=client_id))
    visit_id = form.get("visit_id") or request.args.get("visit", "")
    return (
        render_template(
            "field/note.html",
            client=client,
            contacts=clients.contacts_with_topics(db, client_id),
            form=form,
            errors=errors,
            visit_id=visit_id,
            ids={
                key: form.get(key) or operations.new_id()
                for key in ("op_id", "new_topic_id", "promise_id")
            },
            max_length=current_app.config["NOTE_MAX_LENGTH"],
            due_range=checks.due_date_range(timeutil.now()),
            due_days=(checks.DUE_DAYS_BEFORE, checks.DUE_DAYS_AFTER),
        ),
        422 if errors else 200,
    )


@bp.route("/promises/<promise_id>/kept", methods=["POST"])
def promise_kept(promise_id):
    """Mark a promise kept (or, with kept=0, not kept after all)."""
    promise = notes.get_visible_promise(get_db(), current_user, promise_id)
    op = _operation("promise_kept", promise_id=promise_id, kept=request.form.get("kept") != "0")
    if _apply_or_404(op) == "applied":
        flash(_("Promise marked as kept.") if op["kept"] else _("Promise reopened."), "success")
    return redirect(url_for("field.briefing", client_id=promise["client_id"]))


def note_operation(form, client_id):
    """Turn the note form into a note operation, the same shape the outbox sends."""
    topics = []
    for topic_id in form.getlist("topic"):
        topics.append(
            {
                "id": topic_id,
                "status": form.get(f"status-{topic_id}", "open"),
                "follow_up": form.get(f"follow_up-{topic_id}"),
            }
        )
    op = _operation(
        "note",
        client_id=client_id,
        body=form.get("body", ""),
        contacts_met=[_int(value) for value in form.getlist("contact")],
        topics=topics,
        new_topics=[],
        promises=[],
    )
    if form.get("visit_id"):
        op["visit_id"] = form["visit_id"]
    if form.get("new_topic_title", "").strip() or form.get("new_topic_follow_up", "").strip():
        op["new_topics"].append(
            {
                "id": form.get("new_topic_id"),
                "contact_id": _int(form.get("new_topic_contact")),
                "title": form.get("new_topic_title", ""),
                "follow_up": form.get("new_topic_follow_up", ""),
            }
        )
    if form.get("promise_text", "").strip() or form.get("promise_due", "").strip():
        op["promises"].append(
            {
                "id": form.get("promise_id"),
                "text": form.get("promise_text", ""),
                "due_date": form.get("promise_due", ""),
            }
        )
    return op


def _operation(kind, **fields):
    """An operation made from a form post; its id comes from the form so a resend is a no-op."""
    op_id = request.form.get("op_id") or operations.new_id()
    return {"id": op_id, "kind": kind, "at": timeutil.now_iso(), **fields}


def _apply_or_404(op):
    """Apply a one-button operation. An id the user may not touch is a 404, and so is an
    operation id already used for anything but this very operation (kind, target and user):
    answering it as a resend would show the page of whatever that id changed."""
    try:
        return operations.apply(get_db(), current_user, op)
    except operations.Rejected as rejected:
        if rejected.code in ("not_found", "conflict"):
            abort(404)
        flash(rejected.message, "error")
        return "rejected"


def _position(form):
    """Latitude, longitude and accuracy from hidden fields filled by the page's script; none
    when one is not a finite number ("nan", "inf" and "1e999" read as floats)."""
    values = {}
    for key in ("lat", "lon", "accuracy"):
        try:
            values[key] = float(form.get(key, ""))
        except ValueError:
            return {}
        if not math.isfinite(values[key]):
            return {}
    return values


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
