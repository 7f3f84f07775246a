"""A rep's diary: two to four visits on every working day of the demo's weeks, to the clients
that most need one by their rhythm, one after the other through the day.

Each client's standing today is what its category says (see BOOKS in __init__.py): a "due"
client had its last visit one rhythm ago, an "overdue" one well before that, a "never" one
none; an "ok" client is visited whenever its turn comes, which with a full book is before
its rhythm runs out. Today counts only the visits whose note can be written by now.
"""

import datetime

from webapp.demo import hours
from webapp.demo.hours import DAY
from webapp.demo.hours import MINUTE

#: Weeks of field work before today.
WEEKS = 8
#: Visits a rep makes on a working day.
PER_DAY = (2, 4)
#: The most a note is written after its visit (history.write_note).
NOTE_DELAY = 25 * MINUTE
#: The shortest visit, and the latest a visit starts (local time).
SHORTEST = 30 * MINUTE
LATEST_START = datetime.time(15, 45)
#: The least days between two visits to one client.
LEAST_GAP = 4
#: The most visits the last visits of "due" and "overdue" clients take of one day.
LAST_VISITS_A_DAY = 2


def working_days(first, last):
    """The weekdays from the date `first` to the date `last`, in order."""
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += DAY
    return days


def plan(rng, book, tz, now):
    """The visits of the rep's `book` (clients with "category" and "rhythm_days"), oldest
    first: (client, start, end) with UTC times; each client's "last_day" is set on the way."""
    today = now.astimezone(tz).date()
    days = working_days(today - WEEKS * 7 * DAY, today)
    _set_last_days(rng, book, days, today)
    # When each client was visited before the weeks shown: somewhere in its last rhythm.
    since = {c["id"]: days[0] - rng.randrange(c["rhythm_days"]) * DAY for c in book}
    visits = []
    for day in days:
        by = now - NOTE_DELAY if day == today else None
        last = sum(c["last_day"] == day for c in book)
        times = day_times(rng, day, max(rng.randint(*PER_DAY), last), tz, by)
        chosen = _choose(rng, book, day, since, len(times))  # fewer, when few may come
        for client, (start, end) in zip(chosen, times, strict=False):
            visits.append((client, start, end))
            since[client["id"]] = day
    return visits


def day_times(rng, day, count, tz, by=None):
    """Up to `count` visits of 30 to 90 minutes on `day`, from the morning on, with time to
    drive between them; with `by`, only visits over by then (shortened to fit, if need be)."""
    found = []
    start = hours.local(day, datetime.time(8), tz) + rng.randrange(0, 65, 5) * MINUTE
    if by is not None:  # today: the first visit of the day is over by now, if it can be
        start = min(start, max(hours.local(day, datetime.time(8), tz), _floor(by - SHORTEST)))
    for _ in range(count):
        end = start + rng.randrange(30, 95, 5) * MINUTE
        if by is not None:
            end = min(end, _floor(by))
        if start.astimezone(tz).time() > LATEST_START or end - start < SHORTEST:
            break
        found.append((start, end))
        start = end + rng.randrange(20, 65, 5) * MINUTE
    return found


def _floor(moment):
    """The moment rounded down to five minutes, as a diary writes times."""
    return moment - datetime.timedelta(minutes=moment.minute % 5, seconds=moment.second)


def _set_last_days(rng, book, days, today):
    """The last visit of each "due" and "overdue" client: one rhythm ago, or five to 24 days
    before that, on a working day with room left (a day takes LAST_VISITS_A_DAY of them)."""
    taken = {}
    for client in book:
        client["last_day"] = None
        rhythm = client["rhythm_days"]
        if client["category"] == "due":
            aim = today - rhythm * DAY
        elif client["category"] == "overdue":
            aim = today - (rhythm + rng.randint(5, 24)) * DAY
        else:
            continue
        free = [d for d in days if d <= aim and taken.get(d, 0) < LAST_VISITS_A_DAY]
        day = free[-1] if free else days[0]
        taken[day] = taken.get(day, 0) + 1
        client["last_day"] = day


def _choose(rng, book, day, since, count):
    """The clients visited on `day`: those whose last visit is that day, then the ones furthest
    into their rhythm (a little luck decides between close ones), none twice in LEAST_GAP
    days."""
    chosen = [c for c in book if c["last_day"] == day]
    open_ = [
        c
        for c in book
        if c["category"] != "never"
        and (c["last_day"] is None or (c["last_day"] - day).days >= LEAST_GAP)
        and (day - since[c["id"]]).days >= LEAST_GAP
        and c not in chosen
    ]
    open_.sort(key=lambda c: -((day - since[c["id"]]).days / c["rhythm_days"] + rng.random() / 4))
    return (chosen + open_)[: max(count, len(chosen))]
