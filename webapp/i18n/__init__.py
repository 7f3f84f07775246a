"""Language and time zone per request, and Babel formatting for templates.

The language is the user's saved choice, else the one picked on the login page, else the
browser's Accept-Language, else English. Times are stored in UTC and shown in the user's zone.
"""

import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates
from babel import numbers
from babel import support
from babel import units
from flask import Blueprint
from flask import current_app
from flask import g
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask_babel import Babel
from flask_babel import format_timedelta
from flask_babel import get_locale
from flask_babel import get_timezone
from flask_babel import get_translations
from flask_babel import gettext
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

from webapp import timeutil
from webapp.accounts import users
from webapp.db import get_db
from webapp.i18n import jsmessages
from webapp.security import safe_next

bp = Blueprint("i18n", __name__)
#: Templates translate with template_gettext(), not with Flask-Babel's Jinja set-up.
babel = Babel(configure_jinja=False)

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
    return redirect(safe_next(request.form.get("next"), url_for("accounts.login")))


def formats():
    """The request's language, catalogue, time zone and clock, looked up once per request: a
    page translates and formats a few hundred texts, dates and numbers, and Flask-Babel's
    lookups cost more than Babel's formatting (make bench). One language per request: code
    that translates or formats inside flask_babel.force_locale() uses Flask-Babel's own."""
    found = g.get("_folka_formats")
    if found is None:
        locale = get_locale()
        found = g._folka_formats = Formats(
            locale=locale,
            translations=get_translations(),
            zone=ZoneInfo(str(get_timezone())),
            now=timeutil.now(),
            plain_counts=numbers.format_decimal(999, locale=locale) == "999",
            day=locale.datetime_skeletons["MMMEd"],
            day_of_year=locale.datetime_skeletons["yMMMEd"],
            clock=locale.time_formats["short"],
        )
    return found


class Formats(NamedTuple):
    """What translating and formatting need to know about the request; see formats()."""

    locale: Locale
    translations: support.NullTranslations
    #: The user's zone, as zoneinfo: Babel converts with it ten times faster than with pytz.
    zone: ZoneInfo
    #: One 'now' for all the relative times of a page.
    now: datetime.datetime
    #: Whether the language writes 0 to 999 as Python does, so that counts can skip Babel.
    plain_counts: bool
    #: A day as the language writes it with its weekday and month (CLDR skeleton MMMEd):
    #: "Tue, Nov 24", "tir. 24. nov.", "ti 24.11.", "wt., 24 lis"; with the year, yMMMEd.
    day: dates.DateTimePattern
    day_of_year: dates.DateTimePattern
    #: The language's short time of day: "2:05 PM", "14:05", "14.05".
    clock: dates.DateTimePattern


#: How close to now a moment reads "just now": Babel would say "in 0 seconds" ("za 0 sekund").
JUST_NOW = datetime.timedelta(minutes=1)


def ago(moment):
    """'3 weeks ago' in the user's language; 'just now' within a minute either way."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = timeutil.parse(moment)
    found = formats()
    if abs(moment - found.now) < JUST_NOW:
        return gettext("just now")
    return dates.format_timedelta(
        moment - found.now, add_direction=True, threshold=1.1, locale=found.locale
    )


def user_today():
    """The user's own date now, in their time zone."""
    found = formats()
    return found.now.astimezone(found.zone).date()


def until(day, today=None):
    """'today', 'tomorrow', 'in 3 days', '2 days ago' for a due date, in the user's language,
    counted from the user's own date (`today`, by default the date in their time zone)."""
    today = today or user_today()
    days = (day - today).days
    if days == -1:
        return gettext("yesterday")
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    return format_timedelta(day - today, granularity="day", add_direction=True, threshold=1.1)


def distance(metres):
    """'850 m', '3,2 km' or '305 km', with the locale's decimal separator and a no-break
    space, so that a number never ends a line without its unit."""
    if metres is None:
        return ""
    if metres < 1000:
        value, unit = round(metres), "length-meter"
    elif metres < 10_000:
        value, unit = round(metres / 1000, 1), "length-kilometer"
    else:
        value, unit = round(metres / 1000), "length-kilometer"
    return _unit(value, unit)


def minutes(count):
    """'42 min' in the user's language (the browser writes the same with Intl)."""
    return _unit(count, "duration-minute")


def _unit(value, unit):
    """A number with its short unit from CLDR; CLDR's plain space made a no-break one."""
    text = units.format_unit(value, unit, length="short", locale=formats().locale)
    return text.replace(" ", "\u00a0")


def number(value, format=None):
    """A number in the user's language: '1 234,5'. A count up to 999 is written without
    Babel where the language writes it as Python does: a team's review shows hundreds."""
    found = formats()
    if found.plain_counts and format is None and type(value) is int and 0 <= value <= 999:
        return str(value)
    return numbers.format_decimal(value, format=format, locale=found.locale)


def percent(rate):
    """A share as a percentage in the user's language, '45 %', or a dash without one."""
    if rate is None:
        return "–"
    return numbers.format_percent(rate, locale=formats().locale)


def date(value, format="medium"):
    """A date in the user's language ('medium', 'full'… or a Babel pattern); a datetime is
    first put in the user's zone."""
    found = formats()
    if isinstance(value, datetime.datetime):
        value = _local(value, found.zone)
    return dates.format_date(value, format, locale=found.locale)


def time(value, format="medium"):
    """A time of day in the user's zone and language."""
    found = formats()
    return dates.format_time(_local(value, found.zone), format, locale=found.locale)


def date_time(value, format="medium"):
    """A date and time in the user's zone and language."""
    found = formats()
    return dates.format_datetime(_local(value, found.zone), format, locale=found.locale)


def day(value):
    """A day with its weekday, 'Tue, Nov 24' (the year too when it is not this year), from the
    language's own CLDR pattern rather than a fixed one: Norwegian "tir. 24. nov.", Finnish
    "ti 24.11.", Polish "wt., 24 lis". A datetime is first put in the user's zone."""
    found = formats()
    if isinstance(value, datetime.datetime):
        value = _local(value, found.zone)
    this_year = found.now.astimezone(found.zone).year
    pattern = found.day if value.year == this_year else found.day_of_year
    return pattern.apply(value, found.locale)


def day_and_time(day_text, time_text):
    """A day and a time of day joined as the language writes them: English "Tue, Nov 24,
    2:05 PM", Finnish "ti 24.11. klo 14.05" (the catalogue holds the joining words)."""
    # Translators: a day and a time of day, as in "Tue, Nov 24, 2:05 PM". Write the words
    # your language puts between them ("klo", "kl."), with a no-break space after a word.
    joined = pgettext("a day and its time", "%(day)s, %(time)s")
    return joined % {"day": day_text, "time": time_text}


def pgettext(context, string):
    """A text with a context from the request's catalogue (see formats()); named so that
    extraction finds its texts."""
    return formats().translations.upgettext(context, string)


def when(moment):
    """A moment as its day and short time, 'Tue, Nov 24, 2:05 PM', in the user's zone."""
    found = formats()
    local = _local(moment, found.zone)
    return day_and_time(day(local), found.clock.apply(local, found.locale))


def _local(moment, zone):
    """An aware datetime in `zone`; a naive one is taken as UTC, as everywhere in Folka."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(zone)


@pass_eval_context
def template_gettext(eval_ctx, string, **variables):
    """_() and gettext() in templates, as Jinja's i18n extension has them ("newstyle":
    escaped, always %-formatted) with the catalogue of formats(). Flask-Babel's own look the
    catalogue up again on every call: Today took 40% longer with them, a briefing 30%
    (bench/inprocess.py --babel-gettext)."""
    text = formats().translations.ugettext(string)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


@pass_eval_context
def template_ngettext(eval_ctx, singular, plural, num, **variables):
    """ngettext() in templates, as template_gettext(); `num` is a variable too."""
    variables.setdefault("num", num)
    text = formats().translations.ungettext(singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


@pass_eval_context
def template_pgettext(eval_ctx, context, string, **variables):
    """pgettext() in templates: a text whose English is used elsewhere for something else
    ("Overdue" as a badge and as a heading) carries a context, so it is translated apart."""
    text = formats().translations.upgettext(context, string)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


@pass_eval_context
def template_npgettext(eval_ctx, context, singular, plural, num, **variables):
    """npgettext() in templates, as template_pgettext() with plural forms."""
    variables.setdefault("num", num)
    text = formats().translations.unpgettext(context, singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


def init_app(app):
    """Bind Flask-Babel and make gettext and the formatters available in every template."""
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
        day=day,
        date=date,
        datetime=date_time,
        time=time,
        number=number,
        percent=percent,
    )
    app.jinja_env.globals.update(
        _=template_gettext,
        gettext=template_gettext,
        ngettext=template_ngettext,
        pgettext=template_pgettext,
        npgettext=template_npgettext,
        get_locale=get_locale,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        now=lambda: timeutil.now(),  # looked up at each call: a test may fix the clock
        js_messages=jsmessages.catalogue,
    )
    app.register_blueprint(bp)
