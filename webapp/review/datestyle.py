"""One date style per language across the review: a day, a day with a time, a visit's hours
and a week's span all come from the language's own CLDR patterns (Babel skeletons); a day
and a time are joined as the briefing joins them (i18n.day_and_time: Finnish says "klo").

Fixed patterns such as 'EEE d MMM' wrote "Mon 30 Nov" beside Babel's "Nov 30 – Dec 6" in
English. Here English reads "Mon, Nov 30" beside "Nov 30 – Dec 6, 2026", Norwegian
"man. 30. nov." beside "30. nov.–6. des. 2026", and Finnish, whose days write the month as
a number ("ma 30.11."), gets its weeks that way too: "30.11.–6.12.2026".
"""

import datetime
import functools
from typing import NamedTuple

from babel import Locale
from babel import dates

from webapp import i18n


class Style(NamedTuple):
    """A language's patterns, parsed once: a page writes dozens of dates."""

    day: dates.DateTimePattern
    short_day: dates.DateTimePattern
    time: dates.DateTimePattern
    #: The skeleton of a time of day, 'hm' where the language writes 12-hour clocks.
    clock: str
    #: The skeleton of a week's span: its month written as the language's days write it.
    span: str


@functools.cache
def style(locale_name):
    """The patterns of one language."""
    locale = Locale.parse(locale_name)
    day = locale.datetime_skeletons["MMMEd"]
    time = locale.time_formats["short"]
    numeric_month = "MMM" not in day.pattern and "LLL" not in day.pattern
    return Style(
        day=day,
        short_day=locale.datetime_skeletons["MMMd"],
        time=time,
        clock="hm" if "h" in time.pattern else "Hm",
        span="yMd" if numeric_month else "yMMMd",
    )


def _request():
    """The request's style, language and zone."""
    found = i18n.formats()
    return style(str(found.locale)), found.locale, found.zone


def _local(value, zone):
    """A moment in the user's zone (a naive one is UTC, as everywhere in Folka); a date as is."""
    if not isinstance(value, datetime.datetime):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(zone)


def day(value):
    """'Mon, Nov 30' (a date, or a moment in the user's zone)."""
    found, locale, zone = _request()
    return found.day.apply(_local(value, zone), locale)


def short_day(value):
    """'Nov 30', without the weekday."""
    found, locale, zone = _request()
    return found.short_day.apply(_local(value, zone), locale)


def day_time(moment):
    """'Mon, Nov 30, 9:05 AM' in the user's zone; Finnish 'ma 30.11. klo 9.05'."""
    found, locale, zone = _request()
    moment = _local(moment, zone)
    return i18n.day_and_time(found.day.apply(moment, locale), found.time.apply(moment, locale))


def hours(start, end=None):
    """A visit's day and hours, 'Mon, Nov 30, 9:05 – 10:00 AM'; only its start when it has
    no end."""
    if end is None:
        return day_time(start)
    found, locale, zone = _request()
    start, end = _local(start, zone), _local(end, zone)
    clock = dates.format_interval(start, end, found.clock, tzinfo=zone, locale=locale)
    return i18n.day_and_time(found.day.apply(start, locale), clock)


def week_span(monday, sunday):
    """'Nov 30 – Dec 6, 2026': a week's days, the year once."""
    found, locale, _zone = _request()
    return dates.format_interval(monday, sunday, found.span, locale=locale)
