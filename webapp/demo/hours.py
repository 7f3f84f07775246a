"""When the demo's reps work: weekdays in office hours, in each rep's own time zone."""

import datetime

from webapp import timeutil

DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)
TRAVEL = 20 * MINUTE  # least time between two visits of one rep
#: When visits start: 08:00 to 15:45 local time, on a grid a diary would use.
STARTS = [
    datetime.time(hour, minute) for hour in range(8, 16) for minute in (0, 10, 15, 30, 40, 45)
]
LENGTHS = [minutes * MINUTE for minutes in range(30, 95, 5)]
#: When reps work at the desk (writing up notes, e-mails that keep promises), local time.
DESK_HOURS = (datetime.time(7), datetime.time(17))


def place(rng, latest, tz, busy):
    """A 30-90 minute weekday visit in local business hours, by `latest`, clear of the others."""
    # Moving visits only earlier keeps overdue clients overdue and recent ones in the past.
    length = rng.randrange(30, 95, 5) * MINUTE
    day = latest.astimezone(tz).date()
    while True:
        if day.weekday() < 5:
            for _ in range(8):
                local = datetime.time(rng.randint(8, 15), rng.choice((0, 10, 15, 30, 40, 45)))
                start = _moment(day, local, tz)
                end = start + length
                if start <= latest and _clear(start, end, busy):
                    busy.append((start, end))
                    return start, end
        day -= DAY


def place_on(rng, day, tz, busy, by):
    """A visit on the weekday `day` that is over by `by`, clear of the others; or None."""
    if day.weekday() >= 5:
        return None
    fits = []
    for local in STARTS:
        start = _moment(day, local, tz)
        fits += [(start, start + n) for n in LENGTHS if start + n <= by]
    fits = [(start, end) for start, end in fits if _clear(start, end, busy)]
    if not fits:
        return None
    busy.append(rng.choice(fits))
    return busy[-1]


def office_hours(rng, latest, tz):
    """A weekday business-hours moment no later than `latest`, for work done at the desk."""
    return place(rng, latest, tz, [])[0]


def at_desk(rng, since, until, tz):
    """A moment of desk work on a weekday between `since` and `until`; None when there is none."""
    spans, day = [], since.astimezone(tz).date()
    while day <= until.astimezone(tz).date():
        start = max(since, _moment(day, DESK_HOURS[0], tz))
        end = min(until, _moment(day, DESK_HOURS[1], tz))
        if day.weekday() < 5 and end - start >= MINUTE:
            spans.append((start, end))
        day += DAY
    if not spans:
        return None
    start, end = rng.choice(spans)
    return start + SECOND * rng.randrange(int((end - start) / SECOND))


def monday(now, tz):
    """The moment the week of `now` began: Monday 00:00 local time."""
    today = now.astimezone(tz).date()
    return _moment(today - today.weekday() * DAY, datetime.time(), tz)


def _moment(day, local, tz):
    """The UTC moment of a local date and time."""
    return datetime.datetime.combine(day, local, tzinfo=tz).astimezone(timeutil.UTC)


def _clear(start, end, busy):
    """Whether a visit from `start` to `end` leaves time to travel to and from the others."""
    return all(end + TRAVEL <= s or e + TRAVEL <= start for s, e in busy)
