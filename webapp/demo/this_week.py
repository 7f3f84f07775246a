"""The week so far, lived in: whenever the demo is loaded, each rep's current week has visits,
notes, a personal topic followed up and a promise kept, as a first look at the weekly review
should show.

The diary (diary.py) fills every working day up to now, so a week has its visits once the
first of them and its note are over. On a Monday morning before that, the rep writes up the
last visit of the week before at the desk. Desk work starts at seven (hours.DESK_HOURS): before
seven on a Monday nothing has happened yet, and the week is empty, as a real rep's is.
"""

from webapp import timeutil
from webapp.demo import history
from webapp.demo import hours
from webapp.demo.hours import DAY
from webapp.demo.hours import MINUTE

#: The least time between making a promise and keeping it.
KEEPING = 20 * MINUTE


def written_up(rng, visits, tz, now):
    """When the note of the rep's newest visit is written, when that is at the desk this
    morning (no visit of this week is over yet); else None, just after the visit."""
    monday = hours.monday(now, tz)
    if not visits or visits[-1][1] >= monday:
        return None
    return hours.at_desk(rng, monday, now, tz)


def keep_a_promise(rng, promises, notes, rep, now):
    """Have the rep keep a promise at the desk this week by now, unless one was kept already.

    An open promise not yet late is kept first (on time), else the soonest late one; without
    any, the newest note written in time gets a promise, due in the coming days, and keeps it.
    """
    tz, monday = rep["tz"], hours.monday(now, rep["tz"])
    own = [p for p in promises if p["user_id"] == rep["id"]]
    if any(p["kept_at"] and p["kept_at"] >= timeutil.iso(monday) for p in own):
        return
    first_day = monday.astimezone(tz).date().isoformat()
    waiting = sorted(
        (p for p in own if not p["kept_at"]),
        key=lambda p: (p["due_date"] < first_day, p["due_date"]),
    )
    if not waiting:
        promised, by = {p["note_id"] for p in promises}, timeutil.iso(now - KEEPING)
        unpromised = [n for n in notes if n["id"] not in promised and n["written_at"] <= by]
        if not unpromised:
            return
        note = max(unpromised, key=lambda n: n["written_at"])
        due = now.astimezone(tz).date() + rng.randint(1, 7) * DAY
        waiting = [history.make_promise(rng, note, rep, due, False, now)]
        promises.append(waiting[0])
    for promise in waiting:
        made = timeutil.parse(promise["made_at"])
        moment = hours.at_desk(rng, max(monday, made + KEEPING), now, tz)
        if moment:
            promise["kept_at"] = promise["kept_changed_at"] = timeutil.iso(moment)
            return
