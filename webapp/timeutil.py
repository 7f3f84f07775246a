"""UTC timestamps as ISO 8601 text: the one format Folka stores and exchanges."""

import datetime

UTC = datetime.UTC
FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def now():
    """The current time in UTC, to the second."""
    return datetime.datetime.now(UTC).replace(microsecond=0)


def iso(moment):
    """Format an aware datetime as stored text."""
    return moment.astimezone(UTC).strftime(FORMAT)


def now_iso():
    """The current time as stored text."""
    return iso(now())


def parse(text):
    """Read stored or phone-sent ISO 8601 text; naive times are taken as UTC.

    Raises ValueError for anything that is not a date-time.
    """
    if not isinstance(text, str) or not 10 <= len(text) <= 40:
        raise ValueError("not an ISO 8601 date-time")
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def parse_date(text):
    """Read a YYYY-MM-DD date; raises ValueError otherwise."""
    if not isinstance(text, str) or len(text) != 10:
        raise ValueError("not a date")
    return datetime.date.fromisoformat(text)
