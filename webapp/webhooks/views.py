"""The admin's webhook pages: endpoints (URL, events, secret, on or off) and the log of
every delivery with its attempts, where one can be sent again. An endpoint can be changed,
turned off and on, deleted (after a page that says what goes with it) and given a new
secret; a secret is shown once, when it is made, and every change is in the audit log."""

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from webapp import audit
from webapp.db import get_db
from webapp.db import get_one
from webapp.db import transaction
from webapp.plaintext import plain_line
from webapp.webhooks import events
from webapp.webhooks import store
from webapp.webhooks import targets

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")
audit.ACTIONS.setdefault("webhook_added", _l("Webhook added"))
audit.ACTIONS.setdefault("webhook_changed", _l("Webhook turned on or off"))
audit.ACTIONS.setdefault("webhook_edited", _l("Webhook changed"))
audit.ACTIONS.setdefault("webhook_deleted", _l("Webhook deleted"))
audit.ACTIONS.setdefault("webhook_secret_rotated", _l("Webhook secret replaced"))


def event_labels():
    """Each event type with what it means, in the admin's language."""
    return {
        "visit.checked_out": _("A visit is checked out"),
        "note.written": _("A note is written"),
        "promise.made": _("A promise is made"),
        "promise.kept": _("A promise is kept"),
        "person.added": _("A person is added"),
        "import.finished": _("An import has finished"),
    }


class EndpointForm(FlaskForm):
    url = StringField(
        _l("Address (URL)"), filters=[plain_line], validators=[DataRequired(), Length(max=500)]
    )
    description = StringField(
        _l("What is it for?"), filters=[plain_line], validators=[Length(max=120)]
    )
    events = SelectMultipleField(
        _l("Send these events"),
        validators=[DataRequired(message=_l("Choose at least one event."))],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )


def _form(**values):
    form = EndpointForm(**values)
    form.events.choices = list(event_labels().items())
    return form


def _valid(form):
    """The form is valid and its address one Folka may send to (targets.py: no address
    inside the network); a refused address is told under its field."""
    if not form.validate_on_submit():
        return False
    try:
        targets.check(form.url.data, current_app.config)
    except targets.Refused as refused:
        form.url.errors.append(str(refused))
        return False
    return True


@bp.before_request
@login_required
def admins_only():
    if not current_user.is_admin:
        abort(403)


@bp.route("/", methods=["GET", "POST"])
def index():
    db = get_db()
    form = _form()
    if _valid(form):
        with transaction(db):
            endpoint_id = store.add_endpoint(
                db,
                form.url.data.strip(),
                form.description.data.strip(),
                form.events.data,
                current_user.id,
            )
            audit.record(db, "webhook_added", current_user.id, subject=str(endpoint_id))
            secret = _endpoint(db, endpoint_id)["secret"]
        return _secret_page(endpoint_id, secret, added=True)
    return render_template(
        "webhooks/index.html",
        form=form,
        endpoints=store.endpoints(db),
        labels=event_labels(),
        types=events.EVENT_TYPES,
    ), 422 if form.errors else 200


def _endpoint(db, endpoint_id):
    """The endpoint, or NotFound (404)."""
    return get_one(db, "SELECT * FROM webhook_endpoints WHERE id = ?", [endpoint_id])


def _secret_page(endpoint_id, secret, added=False):
    """The secret, this once: the page is not kept by the browser or a proxy, and the
    endpoint's own page shows only its last characters."""
    page = render_template(
        "webhooks/secret.html",
        endpoint=_endpoint(get_db(), endpoint_id),
        secret=secret,
        added=added,
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/<id:endpoint_id>")
def endpoint(endpoint_id):
    db = get_db()
    row = _endpoint(db, endpoint_id)
    return render_template(
        "webhooks/endpoint.html",
        endpoint=row,
        deliveries=store.deliveries(db, endpoint_id),
        labels=event_labels(),
    )


@bp.route("/<id:endpoint_id>/switch", methods=["POST"])
def switch(endpoint_id):
    db = get_db()
    with transaction(db):
        row = get_one(db, "SELECT active FROM webhook_endpoints WHERE id = ?", [endpoint_id])
        db.execute(
            "UPDATE webhook_endpoints SET active = ? WHERE id = ?",
            [0 if row["active"] else 1, endpoint_id],
        )
        audit.record(db, "webhook_changed", current_user.id, subject=str(endpoint_id))
    flash(_("The webhook is turned off.") if row["active"] else _("The webhook is on."), "success")
    return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint_id))


@bp.route("/deliveries/<id:delivery_id>/again", methods=["POST"])
def send_again(delivery_id):
    db = get_db()
    with transaction(db):
        endpoint_id = store.send_again(db, delivery_id)
    flash(_("It will be sent again in a moment."), "success")
    return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint_id))


@bp.route("/<id:endpoint_id>/edit", methods=["GET", "POST"])
def edit(endpoint_id):
    """Change the address, the description or the events; checked like a new address."""
    db = get_db()
    row = _endpoint(db, endpoint_id)
    form = _form(url=row["url"], description=row["description"], events=row["events"].split())
    if _valid(form):
        with transaction(db):
            store.change_endpoint(
                db, endpoint_id, form.url.data.strip(), form.description.data.strip(),
                form.events.data,
            )  # fmt: skip
            audit.record(
                db,
                "webhook_edited",
                current_user.id,
                subject=str(endpoint_id),
                detail=f"{form.url.data.strip()} {' '.join(form.events.data)}",
            )
        flash(_("The webhook is saved."), "success")
        return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint_id))
    page = render_template("webhooks/edit.html", form=form, endpoint=row)
    return page, 422 if form.errors else 200


@bp.route("/<id:endpoint_id>/delete", methods=["GET", "POST"])
def delete(endpoint_id):
    """Asks first (what goes with it), then deletes the endpoint and all its deliveries."""
    db = get_db()
    row = _endpoint(db, endpoint_id)
    if request.method == "POST":
        with transaction(db):
            store.delete_endpoint(db, endpoint_id)
            audit.record(
                db, "webhook_deleted", current_user.id, subject=str(endpoint_id), detail=row["url"]
            )
        flash(_("The webhook is deleted."), "success")
        return redirect(url_for("webhooks.index"))
    return render_template(
        "webhooks/delete.html", endpoint=row, waiting=store.waiting(db, endpoint_id)
    )


@bp.route("/<id:endpoint_id>/secret", methods=["POST"])
def rotate(endpoint_id):
    """A new secret, shown once; the old one signs nothing from now on."""
    db = get_db()
    _endpoint(db, endpoint_id)
    with transaction(db):
        secret = store.rotate_secret(db, endpoint_id)
        audit.record(db, "webhook_secret_rotated", current_user.id, subject=str(endpoint_id))
    return _secret_page(endpoint_id, secret)
