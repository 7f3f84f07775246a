"""The admin's webhook pages: endpoints (URL, events, secret, on or off) and the log of
every delivery with its attempts, where one can be sent again."""

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
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


def _form():
    form = EndpointForm()
    form.events.choices = list(event_labels().items())
    return form


@bp.before_request
@login_required
def admins_only():
    if not current_user.is_admin:
        abort(403)


@bp.route("/", methods=["GET", "POST"])
def index():
    db = get_db()
    form = _form()
    if form.validate_on_submit():
        try:
            targets.check(form.url.data, current_app.config)
        except targets.Refused as refused:
            form.url.errors.append(str(refused))
        else:
            with transaction(db):
                endpoint_id = store.add_endpoint(
                    db,
                    form.url.data.strip(),
                    form.description.data.strip(),
                    form.events.data,
                    current_user.id,
                )
                audit.record(db, "webhook_added", current_user.id, subject=str(endpoint_id))
            flash(_("The webhook is added. Its secret is on its page."), "success")
            return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint_id))
    return render_template(
        "webhooks/index.html",
        form=form,
        endpoints=store.endpoints(db),
        labels=event_labels(),
        types=events.EVENT_TYPES,
    ), 422 if form.errors else 200


@bp.route("/<id:endpoint_id>")
def endpoint(endpoint_id):
    db = get_db()
    row = get_one(db, "SELECT * FROM webhook_endpoints WHERE id = ?", [endpoint_id])
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
