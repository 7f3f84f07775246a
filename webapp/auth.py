"""Logging in and out, and the Flask-Login wiring that loads the user on each request."""

from urllib.parse import urlsplit

from babel.dates import get_timezone_location
from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from webapp import users
from webapp.db import NotFound
from webapp.db import get_db
from webapp.i18n import LANGUAGE_NAMES

bp = Blueprint("auth", __name__)
#: Time zones offered on the profile page: where Folka's users work.
TIME_ZONES = (
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Helsinki",
    "Europe/Warsaw",
    "Europe/Copenhagen",
    "Europe/Berlin",
    "Europe/London",
    "UTC",
)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to continue.")
login_manager.login_message_category = "info"
# "basic", not "strong": strong would log reps out whenever the phone changes network.
login_manager.session_protection = "basic"


class LoginForm(FlaskForm):
    """E-mail and password, with "remember me" for the rep's own phone."""

    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "inputmode": "email"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Remember me on this device"))


@login_manager.user_loader
def load_user(user_id):
    """The session's user, or None when they were removed or deactivated."""
    try:
        user = users.get_user(get_db(), int(user_id))
    except (NotFound, ValueError):
        return None
    return user if user.is_active else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; on success go where the user was heading."""
    if current_user.is_authenticated:
        return redirect(url_for("field.today"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(get_db(), form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("E-mail or password is wrong."))
        else:
            session.clear()
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session; the page tells the service worker to forget this user's pages."""
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


class ProfileForm(FlaskForm):
    """The user's language and time zone."""

    locale = SelectField(_l("Language"))
    timezone = SelectField(_l("Time zone"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Who I am, and the language and time zone Folka uses for me."""
    form = ProfileForm(data={"locale": current_user.locale, "timezone": current_user.timezone})
    form.locale.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    form.timezone.choices = [
        SelectChoice(zone, get_timezone_location(zone, locale=get_locale())) for zone in TIME_ZONES
    ]
    if form.validate_on_submit():
        users.update_preferences(get_db(), current_user.id, form.locale.data, form.timezone.data)
        session["lang"] = form.locale.data
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form), 422 if form.errors else 200


def _safe_next(target):
    """Only same-site paths: an open redirect would let a link send reps elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("field.today")


def init_app(app):
    """Bind Flask-Login to the app."""
    login_manager.init_app(app)
