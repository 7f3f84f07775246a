"""UTC timestamps as ISO 8601 text: the one format Folka stores and exchanges.

Stored as "2026-11-24T08:30:00.123Z": milliseconds, like a browser's toISOString(), and a
fixed width so that text order is time order.
"""

import datetime

UTC = datetime.UTC


def now():
    """The current time in UTC, to the millisecond."""
    return _to_ms(datetime.datetime.now(UTC))


def iso(moment):
    """Format an aware datetime as stored text."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


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
    try:
        return _to_ms(moment.astimezone(UTC))
    except OverflowError:  # "0001-01-01T00:00+05:00" is a time before year 1 in UTC
        raise ValueError("not a date-time Folka can store") from None


def _to_ms(moment):
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def parse_date(text):
    """Read a YYYY-MM-DD date; raises ValueError otherwise."""
    if not isinstance(text, str) or len(text) != 10:
        raise ValueError("not a date")
    return datetime.date.fromisoformat(text)
