"""Keeping the records right: clients, their contacts and the contacts' personal topics."""

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms import IntegerField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import StopValidation

from webapp import clients
from webapp.accounts import users
from webapp.db import get_db
from webapp.plaintext import plain_line

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
    owner_id = SelectField(_l("Owner"), coerce=int)


class ContactForm(FlaskForm):
    """A person at the client."""

    name = StringField(
        _l("Full name"), filters=[plain_line], validators=[DataRequired(), Length(max=120)]
    )
    title = StringField(
        _l("Job title"), filters=[plain_line], validators=[Optional(), Length(max=120)]
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
        _l("Status"),
        choices=[
            SelectChoice("open", _l("Open")),
            SelectChoice("followed_up", _l("Followed up")),
            SelectChoice("closed", _l("Closed")),
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
    if form.validate_on_submit():
        values = {
            "name": form.name.data.strip(),
            "address": (form.address.data or "").strip(),
            "city": (form.city.data or "").strip(),
            "country": form.country.data,
            "lat": float(form.lat.data) if form.lat.data is not None else None,
            "lon": float(form.lon.data) if form.lon.data is not None else None,
            "rhythm_days": form.rhythm_weeks.data * 7,
            "owner_id": form.owner_id.data,
            "team_id": team_id,
        }
        saved = clients.save_client(db, current_user, values, client_id)
        flash(_("Client saved."), "success")
        return redirect(url_for("field.briefing", client_id=saved))
    return render_template("manage/client.html", form=form, client=client), _status(form)


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
    if form.validate_on_submit():
        values = {"name": form.name.data.strip(), "title": (form.title.data or "").strip()}
        clients.save_contact(db, current_user, client_id, values, contact_id)
        flash(_("Contact saved."), "success")
        return redirect(url_for("field.briefing", client_id=client_id))
    return render_template(
        "manage/contact.html", form=form, client=client, contact=contact
    ), _status(form)


@bp.route("/contacts/<id:contact_id>/topics/new", methods=["GET", "POST"])
@bp.route("/topics/<topic_id>/edit", methods=["GET", "POST"])
def topic_form(contact_id=None, topic_id=None):
    """Add a personal topic to a contact, or edit or close one."""
    db = get_db()
    topic = clients.get_topic(db, current_user, topic_id) if topic_id else None
    contact = clients.get_contact(db, current_user, topic["contact_id"] if topic else contact_id)
    form = TopicForm(data=topic or {})
    if form.validate_on_submit():
        values = {
            "title": form.title.data.strip(),
            "follow_up": (form.follow_up.data or "").strip(),
            "status": form.status.data,
        }
        clients.save_topic(db, current_user, contact["id"], values, topic_id)
        flash(_("Personal topic saved."), "success")
        return redirect(url_for("field.briefing", client_id=contact["client_id"]))
    return render_template("manage/topic.html", form=form, contact=contact, topic=topic), _status(
        form
    )


def _client_data(client):
    data = dict(client)
    data["rhythm_weeks"] = max(1, round(client["rhythm_days"] / 7))
    return data


def _status(form):
    """422 when a submitted form had errors, so scripts and tests can tell."""
    return 422 if form.errors else 200
