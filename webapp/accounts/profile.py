"""The account pages: profile, password, two-step login and where I am logged in."""

from babel.dates import get_timezone_location
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import PasswordField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import EqualTo
from wtforms.validators import Length

from webapp import audit
from webapp.accounts import bp
from webapp.accounts import session_limits
from webapp.accounts import sessions
from webapp.accounts import throttle
from webapp.accounts import totp
from webapp.accounts import totp_required_roles
from webapp.accounts import users
from webapp.db import get_db
from webapp.i18n import LANGUAGE_NAMES

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


class PasswordForm(FlaskForm):
    """Change the password: the current one, then the new one twice."""

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=users.PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=users.PASSWORD_MAX)],
        render_kw={"autocomplete": "new-password", "minlength": users.PASSWORD_MIN},
    )
    repeat = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(),
            Length(max=users.PASSWORD_MAX),
            EqualTo("new", message=_l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmForm(FlaskForm):
    """The password again, before changing how the account is protected.

    Several of these share a page, told apart by a prefix; CSRFProtect checks every POST
    already, so the forms do not add prefixed tokens of their own.
    """

    class Meta:
        csrf = False

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=users.PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


class TwoStepForm(ConfirmForm):
    """Turn on two-step login: a first code from the app and the password."""

    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ProfileForm(FlaskForm):
    """The user's language and time zone."""

    locale = SelectField(_l("Language"))
    timezone = SelectField(_l("Time zone"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Who I am, the language and time zone Folka uses for me, and how my account is kept safe."""
    form = ProfileForm(data={"locale": current_user.locale, "timezone": current_user.timezone})
    form.locale.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    form.timezone.choices = [
        SelectChoice(zone, get_timezone_location(zone, locale=get_locale())) for zone in TIME_ZONES
    ]
    db = get_db()
    if form.validate_on_submit():
        users.update_preferences(db, current_user.id, form.locale.data, form.timezone.data)
        session["lang"] = form.locale.data
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        sessions=sessions.list_open(db, current_user.id, **session_limits()),
        end_form=ConfirmForm(prefix="end"),
    ), 422 if form.errors else 200


@bp.route("/profile/sessions/end", methods=["POST"])
@login_required
def end_other_sessions():
    """Log out every other device, after the password again."""
    form = ConfirmForm(prefix="end")
    db = get_db()
    if form.validate_on_submit() and _password_confirmed(db, form.password.data, "sessions"):
        count = sessions.end_all(db, current_user.id, except_row=current_user.session_row)
        audit.record(db, "sessions_ended", current_user.id, detail=f"{count} by the user")
        flash(
            ngettext(
                "%(num)d other device logged out.", "%(num)d other devices logged out.", count
            ),
            "success",
        )
    else:
        flash(_("The password is not right."), "error")
    return redirect(url_for("accounts.profile"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Choose a new password; every other session of the user ends."""
    form = PasswordForm()
    db = get_db()
    if form.validate_on_submit():
        if not _password_confirmed(db, form.current.data, "password"):
            form.current.errors.append(_("The current password is not right."))
        elif form.new.data == form.current.data:
            form.new.errors.append(_("Choose a password different from the current one."))
        else:
            problems = users.password_problems(form.new.data, current_user.email, current_user.name)
            form.new.errors.extend(problems)
        if not form.errors:
            remember = sessions.remembered(db, current_user.session_row)
            users.change_password(db, current_user.id, form.new.data)
            audit.record(db, "password_changed", current_user.id)
            _renew_session(db, remember)
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(url_for("field.today"))
    return render_template(
        "accounts/password.html", form=form, min_length=users.PASSWORD_MIN
    ), 422 if form.errors else 200


@bp.route("/profile/two-step", methods=["GET", "POST"])
@login_required
def two_step():
    """Turn two-step login on (secret, QR code, first code), renew recovery codes, or off."""
    db = get_db()
    action = request.form.get("action", "")
    forms = {
        "enable": TwoStepForm(prefix="enable"),
        "codes": ConfirmForm(prefix="codes"),
        "disable": ConfirmForm(prefix="disable"),
    }
    form = forms.get(action, forms["codes"])
    if action in forms and form.validate_on_submit():
        if not _password_confirmed(db, form.password.data, f"two-step {action}"):
            form.password.errors.append(_("The password is not right."))
        elif action == "enable" and not current_user.has_totp:
            codes = totp.confirm_setup(db, current_user.id, form.code.data)
            if codes is None:
                form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
            else:
                audit.record(db, "totp_enabled", current_user.id)
                _end_other_sessions(db)
                return render_template("accounts/recovery_codes.html", codes=codes, new=True)
        elif action == "codes" and current_user.has_totp:
            codes = totp.replace_recovery_codes(db, current_user.id)
            audit.record(db, "recovery_codes_renewed", current_user.id)
            return render_template("accounts/recovery_codes.html", codes=codes, new=False)
        elif action == "disable" and current_user.has_totp:
            if current_user.role in totp_required_roles():
                form.password.errors.append(_("Your account must keep two-step login on."))
            else:
                totp.disable(db, current_user.id)
                audit.record(db, "totp_disabled", current_user.id)
                _end_other_sessions(db)
                flash(_("Two-step login is off."), "success")
                return redirect(url_for("accounts.profile"))
    secret = uri = None
    if not current_user.has_totp:
        secret = current_user.row["totp_pending_secret"] or totp.start_setup(db, current_user.id)
        uri = totp.provisioning_uri(secret, current_user.email)
    return render_template(
        "accounts/two_step.html",
        forms=forms,
        secret=secret,
        uri=uri,
        qr=Markup(totp.qr_svg(uri)) if uri else None,
        codes_left=totp.recovery_codes_left(db, current_user.id),
        required=current_user.role in totp_required_roles(),
    ), 422 if form.errors else 200


def _password_confirmed(db, password, purpose):
    """The password typed again before a change to the account, counted with the failed
    logins: a stolen session must not guess the password at full speed. Past the limit the
    session ends and the user logs in again (also throttled)."""
    attempt = throttle.begin(db, current_user.email, request.remote_addr)
    if attempt.wait:
        audit.record(db, "password_check_throttled", current_user.id, detail=purpose)
        sessions.end(db, current_user.session_row)
        logout_user()
        session.clear()
        flash(_("Too many wrong passwords. Log in again to go on."), "error")
        abort(redirect(url_for("accounts.login")))
    if users.check_password(db, current_user.id, password):
        throttle.forgive(db, attempt)
        return True
    audit.record(db, "password_check_failed", current_user.id, detail=purpose)
    return False


def _renew_session(db, remember):
    """After every session ended: a new one for this device, so the user stays in."""
    user = users.get_user(db, current_user.id)
    session.clear()
    sessions.start(db, user, remember, request.user_agent.string, request.remote_addr or "")
    login_user(user, remember=remember)


def _end_other_sessions(db):
    """Other devices log in again after the second step changed (ASVS 7.4.3)."""
    sessions.end_all(db, current_user.id, except_row=current_user.session_row)


_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_name(user_agent):
    """A short name for a browser's User-Agent, e.g. "Chrome · Android", for the session list."""
    user_agent = user_agent or ""
    browser = next((name for key, name in _BROWSERS if key in user_agent), None)
    system = next((name for key, name in _SYSTEMS if key in user_agent), None)
    if browser or system:
        return " · ".join(part for part in (browser, system) if part)
    return user_agent[:40]
