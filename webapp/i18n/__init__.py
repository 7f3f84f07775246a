"""Language and time zone per request, and Babel formatting for templates.

The language is the user's saved choice, else the one picked on the login page, else the
browser's Accept-Language, else English. Times are stored in UTC and shown in the user's zone.
"""

import datetime
import functools

from babel.dates import format_timedelta as babel_timedelta
from flask import Blueprint
from flask import current_app
from flask import g
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
from flask_babel import get_translations
from flask_babel import gettext
from flask_babel import to_user_timezone
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

from webapp import timeutil
from webapp.accounts import users
from webapp.db import get_db
from webapp.i18n import jsmessages

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
        target = url_for("accounts.login")
    return redirect(target)


def ago(moment, now=None):
    """'3 weeks ago' in the user's language."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = timeutil.parse(moment)
    seconds = (moment - (now or _page_time())).total_seconds()
    if abs(seconds) >= 86_400:
        # Days or more are shown in whole days at best: to the minute is exact enough, and
        # a list of a hundred clients then reuses the few texts it needs (make bench).
        seconds = round(seconds / 60) * 60
    return _relative(str(get_locale()), int(seconds))


def _page_time():
    """One 'now' for all the relative times of a page (a list of 100 asks 100 times)."""
    if "page_time" not in g:
        g.page_time = timeutil.now()
    return g.page_time


@functools.lru_cache(maxsize=4096)
def _relative(locale, seconds):
    return babel_timedelta(
        datetime.timedelta(seconds=seconds), add_direction=True, threshold=1.1, locale=locale
    )


def until(day, today=None):
    """'today', 'tomorrow', 'in 3 days', '2 days ago' for a due date, in the user's language,
    counted from the user's own date (`today`, by default the date in their time zone)."""
    today = today or to_user_timezone(timeutil.now()).date()
    days = (day - today).days
    if days == -1:
        return gettext("yesterday")
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
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


def translations():
    """The request's catalogue, found once per request and language rather than on every
    text: a page calls gettext a few hundred times (make bench)."""
    locale = get_locale()
    found = g.get("_folka_translations")
    if found is None or found[0] is not locale:  # force_locale() gives another Locale
        found = g._folka_translations = (locale, get_translations())
    return found[1]


@pass_eval_context
def template_gettext(eval_ctx, string, **variables):
    """gettext for templates, as Jinja's newstyle gettext: escaped, always %-formatted."""
    text = translations().ugettext(string)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


@pass_eval_context
def template_ngettext(eval_ctx, singular, plural, num, **variables):
    """ngettext for templates, as Jinja's newstyle ngettext; `num` is a variable too."""
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


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
        # Instead of Flask-Babel's, which look the catalogue up again on every call.
        _=template_gettext,
        gettext=template_gettext,
        ngettext=template_ngettext,
        get_locale=get_locale,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        now=timeutil.now,
        js_messages=jsmessages.catalogue,
    )
    app.register_blueprint(bp)
