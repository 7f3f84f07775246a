"""What happened: visits on each client's rhythm, the notes after them, how personal topics
came up and settled, and the promises made and kept."""

import datetime

from webapp import geo
from webapp import timeutil
from webapp.demo import hours
from webapp.demo import people
from webapp.demo.hours import DAY
from webapp.demo.hours import MINUTE
from webapp.demo.hours import SECOND
from webapp.demo.phrases import TEXT

#: How often a visit gets a note, and a note a promise.
NOTED = 0.85
PROMISED = 0.25
#: How often a note opens with what a person told, not with the work.
PERSONAL_FIRST = 0.3


def make_visit(rng, client, rep, start, end, now):
    """A checked-out visit with phone positions near the site, as a check-in would store it."""
    accuracy, out_accuracy = rng.randint(5, 60), rng.randint(5, 60)
    lat, lon = people.near(rng, client["lat"], client["lon"], abs(rng.gauss(0, accuracy)) + 10)
    out_lat, out_lon = people.near(rng, client["lat"], client["lon"], abs(rng.gauss(0, 30)) + 10)
    # Most check-ins sync at once; some wait for signal until after the visit.
    offline = rng.random() < 0.15
    received = end + rng.randint(5, 90) * MINUTE if offline else start + rng.randint(1, 40) * SECOND
    return {
        "id": people.new_id(rng),
        "client_id": client["id"],
        "user_id": rep["id"],
        "checked_in_at": timeutil.iso(start),
        "checked_out_at": timeutil.iso(end),
        "lat": lat,
        "lon": lon,
        "accuracy_m": float(accuracy),
        "distance_m": float(round(geo.distance_m(lat, lon, client["lat"], client["lon"]))),
        "out_lat": out_lat,
        "out_lon": out_lon,
        "out_accuracy_m": float(out_accuracy),
        "received_at": timeutil.iso(min(received, now)),
    }


def write_note(rng, rows, visit, contacts, topics, rep, now, written_up=None, follow_up=False):
    """The note written in the car after a visit (or at the desk, at `written_up`): people met,
    topics that came up (with `follow_up`, surely one followed up), a promise."""
    written = min(timeutil.parse(visit["checked_out_at"]) + rng.randint(2, 25) * MINUTE, now)
    written = written_up or written
    offline = rng.random() < 0.15  # then it syncs when the signal returns
    received = min(
        written + (rng.randint(10, 240) * MINUTE if offline else rng.randint(1, 30) * SECOND), now
    )
    note_id = people.new_id(rng)
    met = rng.sample(contacts, min(len(contacts), rng.choice((1, 1, 2, 2, 3))))
    personal = []
    if follow_up:  # someone with a topic is met first (every client has someone)
        met.sort(key=lambda person: not any(t["contact_id"] == person["id"] for t in topics))
    for n, person in enumerate(met):
        own = [t for t in topics if t["contact_id"] == person["id"]]
        followed = follow_up and n == 0
        if own and len(personal) < 2 and (followed or rng.random() < 0.6):
            topic = rng.choice(own)
            if followed:  # known from before, and this is its last mention
                topic.update(_final="followed_up", _known=True)
            topic["_mentions"].append((note_id, written, received))
            personal.append(topic["_mention"].format(name=person["name"].split()[0]))
    work = [_work_sentence(rng, rep)]
    if not personal and rng.random() < 0.4:
        work.append(_work_sentence(rng, rep))
    body = personal + work if personal and rng.random() < PERSONAL_FIRST else work + personal
    rows["notes"].append(
        {
            "id": note_id,
            "client_id": visit["client_id"],
            "user_id": rep["id"],
            "visit_id": visit["id"],
            "body": " ".join(body),
            "written_at": timeutil.iso(written),
            "received_at": timeutil.iso(received),
        }
    )
    rows["note_contacts"].extend({"note_id": note_id, "contact_id": p["id"]} for p in met)
    if rng.random() < PROMISED:
        today = now.astimezone(rep["tz"]).date()
        due = written.astimezone(rep["tz"]).date() + rng.randint(2, 14) * DAY
        kept = rng.random() < (rep["keeps"] if due < today else 0.15)
        rows["promises"].append(make_promise(rng, rows["notes"][-1], rep, due, kept, now))


def _work_sentence(rng, rep):
    """The next sentence about the work from the rep's shuffled deck: every one is used before
    any comes again, so notes do not keep opening alike."""
    deck = rep.setdefault("deck", [])
    if not deck:
        sentences = TEXT[rep["locale"]]["work"]
        deck.extend(rng.sample(sentences, len(sentences)))
        if deck[-1] == rep.get("last_sentence"):  # the old deck's last, again at once
            deck[0], deck[-1] = deck[-1], deck[0]
    rep["last_sentence"] = deck.pop()
    return rep["last_sentence"]


def settle_topic(rng, topic, rows, tz, now):
    """Give a topic the times and status its mentions imply, as the sync would have left them.

    A topic is either recorded in its first mention (then it starts open) or older than the
    window; the last later mention carries its final status.
    """
    mentions, final, known = topic.pop("_mentions"), topic.pop("_final"), topic.pop("_known")
    del topic["_mention"]
    born_here = bool(mentions) and not known and rng.random() < 0.5
    if born_here:
        created, received = mentions[0][1], mentions[0][2]
    else:
        created = hours.office_hours(rng, now - rng.uniform(60, 150) * DAY, tz)
        received = created + rng.randint(1, 60) * SECOND
    later = mentions[1:] if born_here else mentions
    statuses = ["open"] * len(mentions)
    if later:
        statuses[-1] = final
        status_at = last = mentions[-1][1]
    elif mentions:
        final, status_at, last = "open", created, created
    else:
        status_at = created
        if final != "open":
            status_at = max(
                created, hours.office_hours(rng, created + rng.uniform(4, 20) * DAY, tz)
            )
        last = status_at
    topic.update(
        status=final,
        status_at=timeutil.iso(status_at),
        last_mentioned_at=timeutil.iso(last),
        created_at=timeutil.iso(created),
        received_at=timeutil.iso(received),
    )
    rows["topics"].append(topic)
    rows["note_topics"].extend(
        {"note_id": note_id, "topic_id": topic["id"], "status": status}
        for (note_id, _, _), status in zip(mentions, statuses, strict=True)
    )


def make_promise(rng, note, rep, due, kept, now):
    """A promise made in a note; a kept one was kept some time before its due date or now."""
    made = timeutil.parse(note["written_at"])
    kept_at = None
    if kept:
        deadline = datetime.datetime.combine(due, datetime.time(16), tzinfo=rep["tz"])
        moment = made + (min(deadline, now) - made) * rng.uniform(0.3, 0.95)
        moment = hours.office_hours(rng, moment.replace(microsecond=0), rep["tz"])
        if moment <= made:
            moment = made + rng.randint(20, 120) * MINUTE
        kept_at = timeutil.iso(moment) if moment < now else None  # no time yet to keep it
    return {
        "id": people.new_id(rng),
        "client_id": note["client_id"],
        "user_id": rep["id"],
        "note_id": note["id"],
        "text": rng.choice(TEXT[rep["locale"]]["promises"]),
        "due_date": due.isoformat(),
        "made_at": note["written_at"],
        "kept_at": kept_at,
        "kept_changed_at": kept_at,
        "received_at": note["received_at"],
    }


def ensure_promises(rng, promises, notes, rep, now):
    """Give the rep at least two overdue and two upcoming open promises, so reviews show both."""
    today = now.astimezone(rep["tz"]).date()
    open_dues = [p["due_date"] for p in promises if p["user_id"] == rep["id"] and not p["kept_at"]]
    overdue = sum(due < today.isoformat() for due in open_dues)
    upcoming = sum(due > today.isoformat() for due in open_dues)
    promised = {p["note_id"] for p in promises}
    for note in sorted(notes, key=lambda n: n["written_at"], reverse=True):
        if note["id"] in promised:
            continue
        written = timeutil.parse(note["written_at"]).astimezone(rep["tz"]).date()
        gap = (today - written).days
        if upcoming < 2:
            due, upcoming = today + rng.randint(2, 9) * DAY, upcoming + 1
        elif overdue < 2 and gap >= 4:
            due, overdue = written + rng.randint(2, gap - 1) * DAY, overdue + 1
        else:
            continue
        promises.append(make_promise(rng, note, rep, due, False, now))
