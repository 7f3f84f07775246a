"""Logging in with the password, then the second step when it is on; logging out."""

import math

from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from webapp import audit
from webapp import metrics
from webapp.accounts import bp
from webapp.accounts import pending
from webapp.accounts import sessions
from webapp.accounts import throttle
from webapp.accounts import totp
from webapp.accounts import users
from webapp.db import NotFound
from webapp.db import get_db
from webapp.security import safe_next


class LoginForm(FlaskForm):
    """E-mail and password, with "remember me" for the rep's own phone."""

    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "inputmode": "email"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=users.PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Remember me on this device"))


class CodeForm(FlaskForm):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "off",
            "spellcheck": "false",
            "autofocus": True,
        },
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; on success go where the user was heading (via the second step)."""
    if current_user.is_authenticated:
        return redirect(landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        db = get_db()
        email = form.email.data
        attempt = throttle.begin(db, email, request.remote_addr)
        if attempt.wait:
            audit.record(db, "login_throttled", subject=throttle.account_key(email))
            return _too_many(form, attempt.wait)
        try:
            user = users.authenticate(db, email, form.password.data)
        except users.PasswordExpired:
            throttle.forgive(db, attempt)
            form.password.errors.append(
                _("This temporary password has expired. Ask your admin for a new one.")
            )
            return render_template("accounts/login.html", form=form)
        target = _safe_next(request.args.get("next"), user)
        if user is None:
            audit.record(db, "login_failed", subject=throttle.account_key(email))
            metrics.count_login_failure("password")
            form.password.errors.append(_("E-mail or password is wrong."))
        elif user.has_totp:
            throttle.forgive(db, attempt)
            session.clear()
            session["second_step"] = pending.start(db, user.id, form.remember.data, target)
            return redirect(url_for("accounts.second_step"))
        else:
            throttle.forgive(db, attempt)
            return _finish_login(user, form.remember.data, target)
    return render_template("accounts/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def second_step():
    """The code from the authenticator app (or a recovery code) after the right password."""
    db = get_db()
    token = session.get("second_step")
    waiting = pending.load(db, token)
    if waiting is None:
        session.pop("second_step", None)
        flash(_("Please log in again."), "info")
        return redirect(url_for("accounts.login"))
    try:
        user = users.get_user(db, waiting["user_id"])
    except NotFound:
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        attempt = throttle.begin(db, user.email, request.remote_addr)
        if attempt.wait:
            audit.record(db, "login_throttled", user.id, subject=user.email)
            return _too_many(form, attempt.wait, "accounts/second_step.html")
        method = totp.verify(db, user.id, form.code.data) if user.is_active else None
        if method is None:
            audit.record(db, "second_step_failed", user.id, subject=user.email)
            metrics.count_login_failure("second_step")
            form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
        elif not pending.take(db, token):
            # Another request with a copy of this cookie used the step first.
            throttle.forgive(db, attempt)
            session.pop("second_step", None)
            flash(_("Please log in again."), "info")
            return redirect(url_for("accounts.login"))
        else:
            throttle.forgive(db, attempt)
            notice = None
            if method == "recovery":
                left = totp.recovery_codes_left(db, user.id)
                audit.record(db, "recovery_code_used", user.id, detail=f"{left} left")
                notice = ngettext(
                    "You used a recovery code. %(num)d is left.",
                    "You used a recovery code. %(num)d are left.",
                    left,
                )
            return _finish_login(user, waiting["remember"], waiting["next"], method, notice)
    return render_template("accounts/second_step.html", form=form)


def _too_many(form, wait, template="accounts/login.html"):
    """429 with the same words for every account, known or not."""
    if wait < 60:
        message = ngettext(
            "Too many failed attempts. Wait %(num)d second and try again.",
            "Too many failed attempts. Wait %(num)d seconds and try again.",
            wait,
        )
    else:
        message = ngettext(
            "Too many failed attempts. Wait %(num)d minute and try again.",
            "Too many failed attempts. Wait %(num)d minutes and try again.",
            math.ceil(wait / 60),
        )
    field = form.password if hasattr(form, "password") else form.code
    field.errors = [*field.errors, message]
    response = current_app.make_response((render_template(template, form=form), 429))
    response.headers["Retry-After"] = str(wait)
    return response


def _finish_login(user, remember, target, method="password", notice=None):
    """Open a new server-side session (never reuse the old cookie's) and go on."""
    db = get_db()
    throttle.clear_account(db, user.email)
    session.clear()
    sessions.start(db, user, remember, request.user_agent.string, request.remote_addr or "")
    login_user(user, remember=remember)
    audit.record(db, "login", user.id, detail=method)
    if notice:
        flash(notice, "warning")
    return redirect(target)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End this device's session on the server, and tell the browser to drop cached pages.

    This one only: logging out at the desk after the weekly review must not log out the
    phone a rep needs at tomorrow's first client, perhaps without signal. Every other device
    is ended from the profile page ("Log out other devices"), after the password again.
    """
    db = get_db()
    sessions.end(db, current_user.session_row)
    audit.record(db, "logout", current_user.id)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    response = redirect(url_for("accounts.login"))
    # "cache" only: "storage" would also wipe IndexedDB, where the outbox keeps notes not
    # yet synced, and those must survive a logout until their author logs in again. The
    # service worker's own caches of pages are cleared by the page script on logout.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


def landing(user):
    """The page a user starts on: a manager the team's week, the page they log in for; a rep
    (and an admin) Today."""
    return url_for("review.week") if user.role == "manager" else url_for("field.today")


def _safe_next(target, user):
    """Only same-site paths (security.safe_next); else, and for Today itself, where opening
    the app asks to go, the user's own start page."""
    today = url_for("field.today")
    start = landing(user) if user is not None else today
    found = safe_next(target, start)
    return start if found == today else found
