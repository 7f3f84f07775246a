"""The profile's access tokens: make one (shown once, on its own page), revoke one.

Pages for people, with the session cookie and CSRF like every form; the tokens they make
are used by other systems on /api/v1/ (auth.py), where cookies count for nothing.
"""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from webapp import audit
from webapp.db import get_db
from webapp.db import transaction
from webapp.plaintext import plain_line
from webapp.restapi import tokens

bp = Blueprint("api_tokens", __name__)
# The audit log's labels of these pages' entries (kept here: audit.py lists the accounts').
audit.ACTIONS.setdefault("api_token_made", _l("Access token made"))
audit.ACTIONS.setdefault("api_token_revoked", _l("Access token revoked"))


class TokenForm(FlaskForm):
    name = StringField(
        _l("What is it for?"),
        filters=[plain_line],
        validators=[DataRequired(), Length(max=tokens.MAX_NAME)],
    )
    scope = SelectField(lazy_pgettext("what an access token may do", "Access"), default="read")
    days = SelectField(_l("Valid for"), coerce=int, default=90)


def token_form():
    """The form, with its choices in the user's language."""
    form = TokenForm(prefix="token")
    form.scope.choices = [("read", _("Read only")), ("read-write", _("Read and write"))]
    form.days.choices = [
        (days, ngettext("%(num)d day", "%(num)d days", days)) for days in tokens.LIFETIMES
    ]
    return form


def tokens_of(user):
    """For the profile page: the user's tokens and the form that makes one."""
    return {"tokens": tokens.list_for(get_db(), user.id), "form": token_form()}


@bp.route("/profile/tokens", methods=["POST"])
@login_required
def create():
    form = token_form()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for("accounts.profile", _anchor="tokens"))
    db = get_db()
    with transaction(db):
        token = tokens.create(
            db, current_user.id, form.name.data.strip(), form.scope.data, form.days.data
        )
        audit.record(db, "api_token_made", current_user.id, subject=form.name.data.strip())
    response = render_template("restapi/token_made.html", token=token, name=form.name.data)
    # Shown once: no copy may be kept by the browser or a proxy.
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/profile/tokens/<id:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    db = get_db()
    with transaction(db):
        tokens.revoke(db, current_user.id, token_id)
        audit.record(db, "api_token_revoked", current_user.id, subject=str(token_id))
    flash(_("The access token is revoked: it no longer works."), "success")
    return redirect(url_for("accounts.profile", _anchor="tokens"))
