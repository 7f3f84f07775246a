"""Keeping the records right: clients, their contacts and the contacts' personal topics.

These pages are what a browser without the app's scripts gets, and the desk. Each save is
an operation through webapp/sync, the phone's own write path, under the id the page carries
(op_id): a form sent twice saves once. An edit sends only the fields changed from the values
the page showed (base), so it does not undo what another device changed meanwhile: like the
phone's changes, the latest by time wins per field.
"""

import json
import uuid

from flask import Blueprint
from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_login import current_user
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms import EmailField
from wtforms import IntegerField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import TelField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import StopValidation

from webapp import clients
from webapp import timeutil
from webapp.accounts import users
from webapp.db import get_db
from webapp.plaintext import plain_line
from webapp.plaintext import plain_text
from webapp.sync import checks
from webapp.sync import fields
from webapp.sync import operations

bp = Blueprint("manage", __name__)

COUNTRIES = [
    SelectChoice("NO", _l("Norway")),
    SelectChoice("SE", _l("Sweden")),
    SelectChoice("FI", _l("Finland")),
    SelectChoice("PL", _l("Poland")),
]


#: WTForms' message for a decimal it cannot read, from its own catalogues (self.gettext).
NOT_A_DECIMAL = "Not a valid decimal value."


class CoordinateField(DecimalField):
    """A latitude or longitude: a decimal number that is finite. Decimal also reads "nan",
    "inf" and "sNaN", and comparing "sNaN" with the range's ends raises."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if valuelist and self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext(NOT_A_DECIMAL))

    def pre_validate(self, form):
        """Text that is no number says so, and not also that it is out of range. An empty
        field goes on to Optional, which clears its error."""
        if self.process_errors and (self.raw_data or [""])[0].strip():
            raise StopValidation()


class ClientForm(FlaskForm):
    """A client's name, where it is, how often to visit and who owns it."""

    name = StringField(
        _l("Name"), filters=[plain_line], validators=[DataRequired(), Length(max=120)]
    )
    address = StringField(
        _l("Street address"), filters=[plain_line], validators=[Optional(), Length(max=200)]
    )
    city = StringField(_l("City"), filters=[plain_line], validators=[Optional(), Length(max=80)])
    country = SelectField(_l("Country"), choices=COUNTRIES)
    lat = CoordinateField(_l("Latitude"), places=6, validators=[Optional(), NumberRange(-90, 90)])
    lon = CoordinateField(
        _l("Longitude"), places=6, validators=[Optional(), NumberRange(-180, 180)]
    )
    rhythm_weeks = IntegerField(
        _l("Visit every (weeks)"), default=4, validators=[InputRequired(), NumberRange(1, 52)]
    )
    access_notes = TextAreaField(
        _l("Notes on access"),
        filters=[lambda text: plain_text(text and text.replace("\r\n", "\n"))],
        validators=[Optional(), Length(max=fields.MAX_ACCESS_NOTES)],
    )
    owner_id = SelectField(_l("Owner"), coerce=int)


class ContactForm(FlaskForm):
    """A person at the client."""

    name = StringField(
        _l("Full name"), filters=[plain_line], validators=[DataRequired(), Length(max=120)]
    )
    title = StringField(
        _l("Job title"), filters=[plain_line], validators=[Optional(), Length(max=120)]
    )
    phone = TelField(
        _l("Phone"), filters=[plain_line], validators=[Optional(), Length(max=fields.MAX_PHONE)]
    )
    email = EmailField(
        _l("E-mail"), filters=[plain_line], validators=[Optional(), Length(max=fields.MAX_EMAIL)]
    )


class TopicForm(FlaskForm):
    """Something a contact cares about outside work."""

    title = StringField(
        _l("Personal topic"), filters=[plain_line], validators=[DataRequired(), Length(max=120)]
    )
    follow_up = StringField(
        _l("Follow-up question"), filters=[plain_line], validators=[Optional(), Length(max=200)]
    )
    status = SelectField(
        lazy_pgettext("personal topic", "Status"),
        default="open",
        choices=[
            SelectChoice("open", lazy_pgettext("personal topic status", "Open")),
            SelectChoice("followed_up", lazy_pgettext("personal topic status", "Followed up")),
            SelectChoice("closed", lazy_pgettext("personal topic status", "Closed")),
        ],
    )


@bp.before_request
@login_required
def require_login():
    """Managing records needs a logged-in user."""


@bp.route("/clients/new", methods=["GET", "POST"])
@bp.route("/clients/<id:client_id>/edit", methods=["GET", "POST"])
def client_form(client_id=None):
    """Create a client in my team, or edit one I can see."""
    db = get_db()
    client = clients.get_client(db, current_user, client_id) if client_id else None
    form = ClientForm(data=_client_data(client) if client else {"owner_id": current_user.id})
    team_id = client["team_id"] if client else current_user.team_id
    if team_id is None:
        abort(404)
    form.owner_id.choices = [
        SelectChoice(str(u["id"]), u["name"]) for u in users.team_members(db, team_id)
    ]
    base = _base(_client_values(client) if client else {})
    if form.validate_on_submit():
        values = _client_values(form)
        if client is None:
            site = {key: values.pop(key) for key in ("lat", "lon") if values[key] is not None}
            results = _save(form, [_operation("new_client", **values, **site)])
        else:
            changed = _changed(values, base)
            site = {key: changed.pop(key, values[key]) for key in ("lat", "lon")}
            ops = (
                [_operation("edit_client", client_id=client_id, fields=changed)] if changed else []
            )
            if _changed(site, {key: base.get(key) for key in site}):
                ops.append(_operation("site_here", client_id=client_id, id_for="site", **site))
            results = _save(form, ops)
        if results is not None:
            flash(_("Client saved."), "success")
            saved = client_id or results[0]["record_id"]
            return redirect(url_for("field.briefing", client_id=saved))
    return render_template("manage/client.html", form=form, client=client, **_page(base)), _status(
        form
    )


@bp.route("/clients/<id:client_id>/archive", methods=["POST"])
def archive(client_id):
    """Managers and admins may archive a client; it disappears from every list."""
    clients.get_client(get_db(), current_user, client_id)
    if not current_user.is_manager:
        abort(403)
    clients.archive_client(get_db(), current_user, client_id)
    flash(_("Client archived."), "success")
    return redirect(url_for("field.today"))


@bp.route("/clients/<id:client_id>/contacts/new", methods=["GET", "POST"])
@bp.route("/contacts/<id:contact_id>/edit", methods=["GET", "POST"])
def contact_form(client_id=None, contact_id=None):
    """Add a person to a client, or correct one."""
    db = get_db()
    contact = clients.get_contact(db, current_user, contact_id) if contact_id else None
    client_id = contact["client_id"] if contact else client_id
    client = clients.get_client(db, current_user, client_id)
    form = ContactForm(data=contact or {})
    base = _base({key: contact[key] for key in fields.PERSON} if contact else {})
    if form.validate_on_submit():
        values = {key: (form[key].data or "").strip() for key in fields.PERSON}
        if contact is None:
            ops = [_operation("add_person", client_id=client_id, **values)]
        else:
            changed = _changed(values, base)
            ops = (
                [_operation("edit_person", contact_id=contact_id, fields=changed)]
                if changed
                else []
            )
        if _save(form, ops) is not None:
            flash(_("Contact saved."), "success")
            return redirect(url_for("field.briefing", client_id=client_id))
    return render_template(
        "manage/contact.html", form=form, client=client, contact=contact, **_page(base)
    ), _status(form)


@bp.route("/contacts/<id:contact_id>/topics/new", methods=["GET", "POST"])
@bp.route("/topics/<topic_id>/edit", methods=["GET", "POST"])
def topic_form(contact_id=None, topic_id=None):
    """Add a personal topic to a contact, or edit or close one."""
    db = get_db()
    topic = clients.get_topic(db, current_user, topic_id) if topic_id else None
    contact = clients.get_contact(db, current_user, topic["contact_id"] if topic else contact_id)
    form = TopicForm(data=topic or {})
    if topic is None:
        del form.status  # a new topic is open
    base = _base({key: topic[key] for key in fields.TOPIC} if topic else {})
    if form.validate_on_submit():
        values = {key: (form[key].data or "").strip() for key in fields.TOPIC if key in form}
        if topic is None:
            ops = [_operation("add_topic", contact_id=contact["id"], **values)]
        else:
            changed = _changed(values, base)
            ops = [_operation("edit_topic", topic_id=topic_id, fields=changed)] if changed else []
        if _save(form, ops) is not None:
            flash(_("Personal topic saved."), "success")
            return redirect(url_for("field.briefing", client_id=contact["client_id"]))
    return render_template(
        "manage/topic.html", form=form, contact=contact, topic=topic, **_page(base)
    ), _status(form)


def _client_data(client):
    data = dict(client)
    data["rhythm_weeks"] = max(1, round(client["rhythm_days"] / 7))
    return data


def _client_values(source):
    """A client's fields as its operations hold them, from the form or from the client."""
    if isinstance(source, ClientForm):
        data = {key: source[key].data for key in CLIENT_FORM_FIELDS}
        data["rhythm_days"] = source.rhythm_weeks.data * 7
    else:
        data = {key: source[key] for key in (*CLIENT_FORM_FIELDS, "rhythm_days")}
    values = {key: (data[key] or "").strip() for key in ("name", "address", "city", "access_notes")}
    values.update(country=data["country"] or "", rhythm_days=data["rhythm_days"])
    values["owner_id"] = data["owner_id"]
    # What the form shows: six decimals (about 10 cm), so a site stored to more is unchanged.
    for key in ("lat", "lon"):
        values[key] = None if data[key] is None else round(float(data[key]), 6)
    return values


CLIENT_FORM_FIELDS = (
    "name",
    "address",
    "city",
    "country",
    "access_notes",
    "owner_id",
    "lat",
    "lon",
)


def _operation(kind, id_for=None, **values):
    """An operation made from the form, under the form's op_id; a second operation of the
    same form (the site, when the form changes it too) gets an id made from it."""
    op_id = checks.uuid_of(request.form.get("op_id")) or operations.new_id()
    if id_for:
        op_id = str(uuid.uuid5(uuid.UUID(op_id), id_for))
    return {"id": op_id, "kind": kind, "at": timeutil.now_iso(), **values}


def _save(form, ops):
    """Apply the form's operations in order: their results, or None when one was refused,
    its reasons marked on the form's fields. A record the user may not see (any more) is a
    404, like a page of it; an id taken for something else asks to send the form again."""
    results = []
    for op in ops:
        try:
            results.append(operations.run(get_db(), current_user, op))
        except operations.Rejected as rejected:
            if rejected.code == "not_found":
                abort(404)
            if rejected.code == "conflict":
                g.folka_new_op_id = True  # the form's id is taken: the next send gets another
            _mark(form, rejected)
            return None
    return results


#: The form field that shows an operation field's error, where the names differ.
FORM_FIELD = {"rhythm_days": "rhythm_weeks"}


def _mark(form, rejected):
    """Show a refused operation's reasons on the form, each at its field."""
    if not rejected.errors:
        form.form_errors.append(rejected.message)
    for key, message in rejected.errors.items():
        field = form._fields.get(FORM_FIELD.get(key, key))
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def _base(values):
    """The values the page shows, to tell later which ones the user changed: as posted back
    when the form is sent, else as the record holds them now."""
    posted = request.form.get("base")
    if posted is not None:
        try:
            found = json.loads(posted)
        except ValueError:
            found = None
        if isinstance(found, dict):
            return found
    return values


def _changed(values, base):
    """The values that differ from what the page showed."""
    return {key: value for key, value in values.items() if base.get(key) != value}


def _page(base):
    """What every form page carries: the operation id (the posted one, so a resend is the
    same operation) and the values it showed."""
    op_id = checks.uuid_of(request.form.get("op_id"))
    if op_id is None or g.get("folka_new_op_id"):
        op_id = operations.new_id()
    return {"op_id": op_id, "base": json.dumps(base, ensure_ascii=False, sort_keys=True)}


def _status(form):
    """422 when a submitted form had errors, so scripts and tests can tell."""
    return 422 if form.errors else 200
