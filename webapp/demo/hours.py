"""When the demo's reps work: weekdays in office hours, in each rep's own time zone."""

import datetime

from webapp import timeutil

DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)
#: When reps work at the desk (writing up notes, e-mails that keep promises), local time.
DESK_HOURS = (datetime.time(7), datetime.time(17))


def office_hours(rng, latest, tz):
    """A weekday moment between 08:00 and 16:00 local time, no later than `latest`, for work
    done at the desk or on the phone."""
    day = latest.astimezone(tz).date()
    while True:
        if day.weekday() < 5:
            moment = local(day, datetime.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))), tz)
            if moment <= latest:
                return moment
            if local(day, datetime.time(8), tz) <= latest:
                return local(day, datetime.time(8), tz)
        day -= DAY


def at_desk(rng, since, until, tz):
    """A moment of desk work on a weekday between `since` and `until`; None when there is none."""
    spans, day = [], since.astimezone(tz).date()
    while day <= until.astimezone(tz).date():
        start = max(since, local(day, DESK_HOURS[0], tz))
        end = min(until, local(day, DESK_HOURS[1], tz))
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
    return local(today - today.weekday() * DAY, datetime.time(), tz)


def local(day, clock, tz):
    """The UTC moment of a local date and time."""
    return datetime.datetime.combine(day, clock, tzinfo=tz).astimezone(timeutil.UTC)
