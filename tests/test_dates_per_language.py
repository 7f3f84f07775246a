"""Each language writes its dates and times as CLDR has them for it, on the briefing, Today
and the weekly review: a day from the skeleton MMMEd ("tir. 24. nov.", "ti 24.11.", "wt., 24
lis"), the language's short time ("14.05" in Finnish), a week's span and a visit's hours
from Babel's intervals. Fixed patterns such as 'd MMM' once wrote "tir. 24 nov." for
Norwegian and "ti 24 marras" for Finnish.

The clock is fixed at Tuesday 24 November 2026, 14:05 in Oslo.
"""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel import dates

from tests import review_data
from tests.conftest import Browser
from webapp import timeutil
from webapp.i18n.translate import LOCALES

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2026, 11, 24, 13, 5, tzinfo=datetime.UTC)  # 14:05 in Oslo
#: How each language joins a day and a time (the catalogue's "a day and its time"): CLDR's
#: own words, "kl." and "klo", with a no-break space so that the time stays with them.
JOIN = {
    "en": "{day}, {time}",
    "nb": "{day} kl.\u00a0{time}",
    "sv": "{day} kl.\u00a0{time}",
    "fi": "{day} klo\u00a0{time}",
    "pl": "{day}, {time}",
}


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(timeutil, "now", lambda: NOW)


@pytest.fixture
def dated(world, make, db, fixed_clock):
    """A note, two visits (one still open) and a promise at known times on the rep's client."""
    b = review_data.Builder(db)
    rep, client = world["rep"]["id"], world["mine"]
    b.visit(client, rep, "11-19 08:00", "11-19 09:10")  # Thu 09:00–10:10 in Oslo
    b.note(client, rep, "11-20 09:30", "Talked about the spring order.")  # Fri 10:30
    b.visit(client, rep, "11-24 12:40")  # today 13:40, still checked in
    b.promise(client, rep, "Send the price list", "11-20 09:30", "2026-12-04")
    b.promise(client, rep, "Call back", "11-20 09:30", "2027-01-15")
    return {"rep": rep, "client": client}


def _as(app, db, world, locale):
    db.execute("UPDATE users SET locale = ? WHERE id = ?", [locale, world["rep"]["id"]])
    browser = Browser(app.test_client())
    assert browser.login(world["rep"]["email"]).status_code == 302
    return browser


def _text(page):
    """The page's text, tags removed, entities read; no-break spaces are kept."""
    return re.sub(r"[ \t\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _oslo(text):
    return timeutil.parse(review_data.at(text)).astimezone(OSLO)


def _day(moment, locale):
    return dates.format_skeleton("MMMEd", moment, locale=locale)


def _time(moment, locale):
    return dates.format_time(moment, "short", locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_briefing_writes_days_and_times_as_cldr_has_them(app, db, world, dated, locale):
    page = _text(_as(app, db, world, locale).get(f"/clients/{dated['client']}").text)
    note = _oslo("11-20 09:30")
    assert JOIN[locale].format(day=_day(note, locale), time=_time(note, locale)) in page
    visit = _oslo("11-19 08:00")
    assert JOIN[locale].format(day=_day(visit, locale), time=_time(visit, locale)) in page
    # A promise due this year: its day; next year's: with the year (yMMMEd).
    assert _day(datetime.date(2026, 12, 4), locale) in page
    next_year = dates.format_skeleton("yMMMEd", datetime.date(2027, 1, 15), locale=locale)
    assert next_year in page
    # Checked in since 13:40, the language's short time.
    assert _time(_oslo("11-24 12:40"), locale) in page


@pytest.mark.parametrize("locale", LOCALES)
def test_today_writes_its_day_and_the_check_in_time_as_cldr_has_them(app, db, world, dated, locale):
    page = _text(_as(app, db, world, locale).get("/").text)
    assert dates.format_date(NOW.astimezone(OSLO), "full", locale=locale) in page
    assert _time(_oslo("11-24 12:40"), locale) in page


@pytest.mark.parametrize("locale", LOCALES)
def test_review_writes_its_week_and_visits_as_cldr_has_them(app, db, world, dated, locale):
    page = _text(_as(app, db, world, locale).get("/review?week=2026-W47").text)
    # A week's span writes its month as the language's days do: Finnish "16.–22.11.2026".
    day_pattern = Locale.parse(locale).datetime_skeletons["MMMEd"].pattern
    span_skeleton = "yMMMd" if "MMM" in day_pattern or "LLL" in day_pattern else "yMd"
    monday, sunday = datetime.date(2026, 11, 16), datetime.date(2026, 11, 22)
    span = dates.format_interval(monday, sunday, span_skeleton, locale=locale)
    assert span in page
    start, end = _oslo("11-19 08:00"), _oslo("11-19 09:10")
    clock = "hm" if "h" in dates.get_time_format("short", locale=locale).pattern else "Hm"
    hours = dates.format_interval(start, end, clock, tzinfo=OSLO, locale=locale)
    assert JOIN[locale].format(day=_day(start, locale), time=hours) in page


def test_the_days_differ_where_the_languages_do(app, db, world, dated):
    """What the issue's reviewers asked for, spelled out once."""
    tuesday = NOW.astimezone(OSLO)
    assert _day(tuesday, "nb") == "tir. 24. nov."
    assert _day(tuesday, "fi") == "ti 24.11."
    assert _day(tuesday, "pl") == "wt., 24 lis"
    assert JOIN["fi"].format(day=_day(tuesday, "fi"), time=_time(tuesday, "fi")) == (
        "ti 24.11. klo\u00a014.05"
    )
