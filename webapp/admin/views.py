"""The admin's pages: users (create, change, reset, deactivate), the audit log, and the
privacy desk for contacts (export everything about one person, or erase them)."""

import json

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

from webapp import audit
from webapp import replication
from webapp.accounts import session_limits
from webapp.accounts import sessions
from webapp.accounts import totp
from webapp.accounts import users
from webapp.admin import privacy
from webapp.db import get_db
from webapp.db import row_id
from webapp.db import transaction
from webapp.i18n import LANGUAGE_NAMES
from webapp.plaintext import plain_line

bp = Blueprint("admin", __name__, url_prefix="/admin")

ROLE_CHOICES = [
    SelectChoice("rep", _l("Rep")),
    SelectChoice("manager", _l("Manager")),
    SelectChoice("admin", _l("Admin")),
]


class UserForm(FlaskForm):
    """A user's name, role, team and language (the e-mail only when creating)."""

    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address.")),
        ],
    )
    name = StringField(
        _l("Full name"), filters=[plain_line], validators=[DataRequired(), Length(max=120)]
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    team_id = SelectField(_l("Team"), coerce=int)
    new_team = StringField(
        _l("Or a new team"), filters=[plain_line], validators=[Optional(), Length(max=80)]
    )
    locale = SelectField(_l("Language"))


@bp.before_request
@login_required
def admins_only():
    """Reps and managers get 403 on every admin page."""
    if not current_user.is_admin:
        abort(403)


@bp.route("/")
def index():
    """Every user, with role, team, two-step login and last login."""
    return render_template("admin/users.html", users=users.list_users(get_db()))


def _user_form(user=None):
    db = get_db()
    data = dict(user.row) if user else {"role": "rep", "locale": "en"}
    data["team_id"] = data.get("team_id") or 0
    form = UserForm(data=data)
    form.team_id.choices = [SelectChoice(0, _("No team"))] + [
        SelectChoice(team["id"], team["name"]) for team in users.list_teams(db)
    ]
    form.locale.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    if user:
        form.email.data = user.email  # the e-mail is the login name: not changed here
    return form


def _team(form):
    """The chosen or new team's id; reps and managers must have one. None with a form error."""
    db = get_db()
    if (form.new_team.data or "").strip():
        with transaction(db):
            return users.get_or_create_team(db, form.new_team.data.strip())
    if form.team_id.data:
        return form.team_id.data
    if form.role.data != "admin":
        form.team_id.errors.append(_("Reps and managers belong to a team."))
    return None


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create a user with a temporary password, shown once, to be changed at first login."""
    form = _user_form()
    db = get_db()
    if form.validate_on_submit():
        if users.email_taken(db, form.email.data):
            form.email.errors.append(_("A user with this e-mail already exists."))
        team_id = _team(form)
        if not form.errors:
            password = users.temporary_password()
            user_id = users.create_user(
                db,
                form.email.data,
                form.name.data.strip(),
                password,
                form.role.data,
                team_id,
                form.locale.data,
            )
            users.require_password_change(
                db, user_id, current_app.config["TEMPORARY_PASSWORD_HOURS"]
            )
            audit.record(db, "user_created", current_user.id, subject=f"user {user_id}")
            return _show_password(user_id, password, created=True)
    return render_template("admin/user_form.html", form=form, user=None), _status(form)


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    """Change a user's name, role, team and language; the actions on the account."""
    db = get_db()
    user = users.get_user(db, user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != user.role:
            form.role.errors.append(_("You cannot change your own role."))
        team_id = _team(form)
        if not form.errors:
            users.update_user(
                db, user_id, form.name.data.strip(), form.role.data, team_id, form.locale.data
            )
            audit.record(
                db,
                "user_updated",
                current_user.id,
                subject=f"user {user_id}",
                detail=form.role.data,
            )
            flash(_("User saved."), "success")
            return redirect(url_for("admin.index"))
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        sessions=sessions.list_open(db, user_id, **session_limits()),
    ), _status(form)


USER_ACTIONS = "any('reset-password', 'deactivate', 'reactivate', 'reset-two-step', 'end-sessions')"


@bp.route(f"/users/<id:user_id>/<{USER_ACTIONS}:action>", methods=["POST"])
def user_action(user_id, action):
    """One of the account actions; none of them may lock the admin out of their own account."""
    db = get_db()
    user = users.get_user(db, user_id)
    if user.id == current_user.id and action != "end-sessions":
        flash(_("Use your profile page for your own account."), "error")
        return redirect(url_for("admin.edit_user", user_id=user_id))
    subject = f"user {user_id}"
    if action == "reset-password":
        password = users.set_temporary_password(
            db, user_id, current_app.config["TEMPORARY_PASSWORD_HOURS"]
        )
        audit.record(db, "password_reset", current_user.id, subject=subject)
        return _show_password(user_id, password, created=False)
    if action == "deactivate" and user.team_id and _owned_clients(db, user_id):
        # Clients without an active owner drop off every Today: hand them over first.
        count = _owned_clients(db, user_id)
        flash(
            ngettext(
                "%(name)s still owns %(num)d client. Hand it over before deactivating.",
                "%(name)s still owns %(num)d clients. Hand them over before deactivating.",
                count,
                name=user.name,
            ),
            "error",
        )
        return redirect(url_for("handover.index", team=user.team_id, **{"from": user_id}))
    if action in ("deactivate", "reactivate"):
        users.set_active(db, user_id, action == "reactivate")
        audit.record(db, f"user_{action}d", current_user.id, subject=subject)
        flash(
            _("User deactivated.") if action == "deactivate" else _("User reactivated."), "success"
        )
    elif action == "reset-two-step":
        totp.disable(db, user_id)
        sessions.end_all(db, user_id)
        audit.record(db, "totp_reset", current_user.id, subject=subject)
        flash(_("Two-step login is reset. The user sets it up again."), "success")
    else:
        count = sessions.end_all(db, user_id, except_row=current_user.session_row)
        audit.record(db, "sessions_ended", current_user.id, subject=subject, detail=f"{count}")
        flash(_("The user is logged out everywhere."), "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


def _owned_clients(db, user_id):
    """How many active clients the user owns."""
    sql = "SELECT COUNT(*) FROM clients WHERE owner_id = ? AND archived = 0"
    return db.execute(sql, [user_id]).fetchone()[0]


def _show_password(user_id, password, created):
    """The temporary password, once: it is not stored in clear and cannot be shown again."""
    user = users.get_user(get_db(), user_id)
    hours = current_app.config["TEMPORARY_PASSWORD_HOURS"]
    return render_template(
        "admin/temporary_password.html", user=user, password=password, created=created, hours=hours
    )


@bp.route("/audit")
def audit_log():
    """The audit log, newest first, 50 at a time."""
    action = request.args.get("action", "")
    action = action if action in audit.ACTIONS else ""
    before = request.args.get("before", type=row_id)  # anything else: from the newest
    rows = audit.entries(get_db(), before=before, action=action or None)
    return render_template(
        "admin/audit.html",
        rows=rows,
        action=action,
        actions=audit.ACTIONS,
        older=rows[-1]["id"] if len(rows) == audit.PAGE_SIZE else None,
    )


@bp.route("/privacy")
def privacy_desk():
    """Find a contact to export or erase."""
    query = request.args.get("q", "")[:100].strip()
    found = privacy.search_contacts(get_db(), query) if query else []
    return render_template("admin/privacy.html", query=query, contacts=found)


@bp.route("/privacy/contacts/<id:contact_id>")
def contact(contact_id):
    """What Folka holds about one contact, and the export and erase buttons."""
    db = get_db()
    person = privacy.get_any_contact(db, contact_id)
    data = privacy.export_contact(db, contact_id)
    named = privacy.texts_naming(db, person["name"])
    return render_template(
        "admin/contact.html",
        contact=person,
        data=data,
        named=named,
        with_files=privacy.notes_with_files(db, contact_id, named),
    )


@bp.route("/privacy/contacts/<id:contact_id>/export", methods=["POST"])
def export_contact(contact_id):
    """Everything about the contact as a JSON download (the GDPR right of access)."""
    db = get_db()
    data = privacy.export_contact(db, contact_id)
    audit.record(db, "contact_exported", current_user.id, subject=f"contact {contact_id}")
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="contact-{contact_id}.json"'},
    )


@bp.route("/privacy/contacts/<id:contact_id>/erase", methods=["POST"])
def erase_contact(contact_id):
    """Erase the contact for good (the GDPR right to erasure), blanking the chosen texts."""
    db = get_db()
    person = privacy.get_any_contact(db, contact_id)
    if request.form.get("confirm") != person["name"]:
        flash(_("Type the contact's name exactly to confirm the erasure."), "error")
        return redirect(url_for("admin.contact", contact_id=contact_id))
    counts = privacy.erase_contact(
        db,
        contact_id,
        current_user.id,
        blank_notes=request.form.getlist("blank_note"),
        blank_promises=request.form.getlist("blank_promise"),
        delete_files=request.form.getlist("delete_files"),
        placeholder=_("(Text removed when a contact was erased.)"),
    )
    flash(
        _(
            "The contact is erased: %(topics)d personal topics deleted, %(texts)d texts blanked.",
            topics=counts["topics"],
            texts=counts["notes_blanked"] + counts["promises_blanked"],
        ),
        "success",
    )
    replicated = current_app.config.get("LITESTREAM_CONFIG")
    if replicated:
        hours = replication.retention_hours(replicated)
        flash(
            _(
                "The replica keeps its copies from before the erasure until its history ends,"
                " within %(hours)d hours.",
                hours=hours,
            ),
            "warning",
        )
    if not counts["log_emptied"]:
        flash(
            _(
                "Old copies also stay in the database's write-ahead log, which replication is"
                " reading, until later writes overwrite them, usually within minutes."
            ),
            "warning",
        )
    return redirect(url_for("admin.privacy_desk"))


def _status(form):
    return 422 if form.errors else 200
