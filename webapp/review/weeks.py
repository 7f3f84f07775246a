"""ISO weeks in a time zone: what "week 48" means for someone in Oslo, Helsinki or Tokyo.

A week runs from Monday 00:00 to the next Monday 00:00 local time; its bounds are UTC
moments, ready to compare with stored times. ISO week 53 exists in some years (2026-W53
runs from 28 December 2026 to 3 January 2027) and not in others (2025-W53 is not a week).
"""

import dataclasses
import datetime
import re
from zoneinfo import ZoneInfo

from webapp import timeutil

#: Years the review accepts; anything else is not a week it can show.
YEARS = range(2000, 2100)
DEFAULT_ZONE = "Europe/Oslo"
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)
_WEEK_RE = re.compile(r"(\d{4})-W(\d{2})")


def zone(name):
    """The time zone with this name; a broken setting falls back to the default zone."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, TypeError, OSError):
        return ZoneInfo(DEFAULT_ZONE)


def midnight(day, tz):
    """The UTC moment a local calendar day begins."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=tz).astimezone(timeutil.UTC)


@dataclasses.dataclass(frozen=True)
class Week:
    """One ISO week in one time zone; `start` and `end` are the UTC moments of its Mondays."""

    year: int
    number: int
    tz: datetime.tzinfo

    @property
    def monday(self):
        """The week's first day."""
        return datetime.date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self):
        """The week's last day."""
        return self.monday + 6 * DAY

    @property
    def days(self):
        """Monday to Sunday."""
        return [self.monday + i * DAY for i in range(7)]

    @property
    def start(self):
        """Monday 00:00 local time, in UTC."""
        return midnight(self.monday, self.tz)

    @property
    def end(self):
        """The next Monday 00:00 local time, in UTC."""
        return midnight(self.monday + WEEK, self.tz)

    def shift(self, weeks):
        """The week `weeks` later (or earlier, when negative)."""
        year, number, _ = (self.monday + weeks * WEEK).isocalendar()
        return Week(year, number, self.tz)

    def reference(self, now):
        """The moment the week's standing figures are taken at: its end, or now while it runs."""
        return min(now, self.end)

    def __str__(self):
        return f"{self.year}-W{self.number:02d}"


def parse_week(text, tz):
    """The week written as "2026-W48"; raises ValueError for anything else, e.g. 2025-W53."""
    match = _WEEK_RE.fullmatch(text or "")
    if not match or int(match[1]) not in YEARS:
        raise ValueError(f"not a week: {text!r}")
    year, number = int(match[1]), int(match[2])
    datetime.date.fromisocalendar(year, number, 1)  # raises for week 0, 54, or 53 in a short year
    return Week(year, number, tz)


def week_of(moment, tz):
    """The week a UTC moment falls in, seen from the time zone `tz`."""
    year, number, _ = moment.astimezone(tz).isocalendar()
    return Week(year, number, tz)
