"""Language and time zone per request, and Babel formatting for templates.

The language is the user's saved choice, else the one picked on the login page, else the
browser's Accept-Language, else English. Times are stored in UTC and shown in the user's zone.
"""

import datetime

from flask import Blueprint
from flask import current_app
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask_babel import Babel
from flask_babel import format_date
from flask_babel import format_datetime
from flask_babel import format_decimal
from flask_babel import format_time
from flask_babel import format_timedelta
from flask_babel import get_locale
from flask_login import current_user

from webapp import jsmessages
from webapp import timeutil
from webapp import users
from webapp.db import get_db

bp = Blueprint("i18n", __name__)
babel = Babel()

#: Each language named in itself, for the switcher.
LANGUAGE_NAMES = {
    "en": "English",
    "nb": "Norsk bokmål",
    "sv": "Svenska",
    "fi": "Suomi",
    "pl": "Polski",
}


def select_locale():
    """The language for this request."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or "en"


def select_timezone():
    """The user's time zone, else the app default."""
    if current_user and current_user.is_authenticated:
        return current_user.timezone
    return None


@bp.route("/language", methods=["POST"])
def choose_language():
    """Switch language: remembered in the session and, when logged in, on the user."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            users.set_locale(get_db(), current_user.id, lang)
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("auth.login")
    return redirect(target)


def ago(moment, now=None):
    """'3 weeks ago' in the user's language."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = timeutil.parse(moment)
    delta = moment - (now or timeutil.now())
    return format_timedelta(delta, add_direction=True, threshold=1.1)


def until(day, today=None):
    """'in 3 days' / '2 days ago' for a due date, in the user's language."""
    today = today or datetime.date.today()
    return format_timedelta(day - today, granularity="day", add_direction=True, threshold=1.1)


def distance(metres):
    """'850 m', '3,2 km' or '305 km', with the locale's decimal separator."""
    if metres is None:
        return ""
    if metres < 1000:
        return f"{format_decimal(round(metres))} m"
    if metres < 10_000:
        return f"{format_decimal(round(metres / 1000, 1))} km"
    return f"{format_decimal(round(metres / 1000))} km"


def when(moment):
    """A date with a short time, '8 Oct 2026, 09:11', in the user's zone and language."""
    return f"{format_date(moment, 'medium')}, {format_time(moment, 'short')}"


def init_app(app):
    """Bind Flask-Babel and make the formatters available in every template."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=app.config["PROJECT_ROOT"] + "/translations",
    )
    app.jinja_env.filters.update(
        ago=ago,
        until=until,
        distance=distance,
        when=when,
        date=format_date,
        datetime=format_datetime,
        time=format_time,
        number=format_decimal,
    )
    app.jinja_env.globals.update(
        get_locale=get_locale,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        now=timeutil.now,
        js_messages=jsmessages.catalogue,
    )
    app.register_blueprint(bp)
