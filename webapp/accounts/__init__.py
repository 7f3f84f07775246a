"""Who is logged in: the login itself, the account pages, and the Flask-Login wiring.

Every login is a row in the sessions table (see sessions.py); the cookies only point at it,
so logging out, a password change or deactivation ends the login wherever a cookie was copied.
The package has two halves: login.py (log in, second step, log out) and profile.py (profile,
password, two-step login set-up, open sessions).
"""

import datetime

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from flask_login import current_user

from webapp.accounts import sessions
from webapp.accounts import users
from webapp.db import get_db
from webapp.errors import json_error

bp = Blueprint("accounts", __name__)
#: Pages a user may still open while Folka insists on a new password or on two-step login.
ALWAYS_ALLOWED = {
    "static",
    "accounts.logout",
    "accounts.password",
    "accounts.two_step",
    "i18n.choose_language",
}
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to continue.")
login_manager.login_message_category = "info"
# "basic", not "strong": strong would log reps out whenever the phone changes network.
login_manager.session_protection = "basic"


def session_limits():
    """The longest life of a session, and the longest time it may go unused."""
    config = current_app.config
    return {
        "max_age": datetime.timedelta(days=config["SESSION_DAYS"]),
        "idle": datetime.timedelta(days=config["SESSION_IDLE_DAYS"]),
    }


def totp_required_roles():
    """The roles that may not work without two-step login (always admins)."""
    configured = str(current_app.config["TOTP_REQUIRED_ROLES"] or "")
    return {"admin"} | {role.strip() for role in configured.split(",") if role.strip()}


@login_manager.user_loader
def load_user(session_key):
    """The user of a live server-side session, or None (logged out, expired, deactivated)."""
    row = sessions.load(get_db(), session_key, **session_limits())
    if row is None:
        return None
    user = users.User(row, session_key)
    user.session_row = row["session_row"]
    return user


@bp.before_app_request
def insist_on_account_steps():
    """A temporary password must be replaced, and an admin must turn on two-step login,
    before anything else."""
    user = current_user._get_current_object()  # asked up to four times: look it up once
    if not user.is_authenticated or request.endpoint in ALWAYS_ALLOWED:
        return None
    if request.blueprint == "pwa":
        return None  # the manifest and service worker must load whatever the account state
    if user.must_change_password:
        target, message = "accounts.password", _("Please choose your own password first.")
    elif not user.has_totp and user.role in totp_required_roles():
        target = "accounts.two_step"
        message = _("Your account must use two-step login. Please turn it on first.")
    else:
        return None
    if request.path.startswith("/api/"):
        return json_error(403, "account_action_required", message)
    flash(message, "warning")
    return redirect(url_for(target))


def init_app(app):
    """Bind Flask-Login to the app; the device filter for session lists."""
    login_manager.init_app(app)
    app.jinja_env.filters["device"] = profile.device_name


from webapp.accounts import login  # noqa: E402,F401
from webapp.accounts import profile  # noqa: E402,F401  (registers the routes on bp)
