"""When the demo's reps work: weekdays in office hours, in each rep's own time zone."""

import datetime

from webapp import timeutil

DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)
TRAVEL = 20 * MINUTE  # least time between two visits of one rep


def place(rng, latest, tz, busy):
    """A 30-90 minute weekday visit in local business hours, by `latest`, clear of the others."""
    # Moving visits only earlier keeps overdue clients overdue and recent ones in the past.
    length = rng.randrange(30, 95, 5) * MINUTE
    day = latest.astimezone(tz).date()
    while True:
        if day.weekday() < 5:
            for _ in range(8):
                local = datetime.time(rng.randint(8, 15), rng.choice((0, 10, 15, 30, 40, 45)))
                start = datetime.datetime.combine(day, local, tzinfo=tz).astimezone(timeutil.UTC)
                end = start + length
                if start <= latest and all(
                    end + TRAVEL <= s or e + TRAVEL <= start for s, e in busy
                ):
                    busy.append((start, end))
                    return start, end
        day -= DAY


def office_hours(rng, latest, tz):
    """A weekday business-hours moment no later than `latest`, for work done at the desk."""
    return place(rng, latest, tz, [])[0]
