"""Demo data: two teams, reps writing in five languages, and eight weeks of their field work.

`load(db)` fills an empty, migrated database with clients and their people, visits on each
client's rhythm, notes, personal topics and promises, each written in the rep's language.
A fixed seed makes the data the same on every run (relative to `now`), so screenshots,
manual tests and a first look at the app all start from something believable. The words
and places live in `demo_text`.
"""

import datetime
import itertools
import math
import random
import uuid
from zoneinfo import ZoneInfo

from webapp import geo
from webapp import timeutil
from webapp.accounts.users import create_user
from webapp.accounts.users import get_or_create_team
from webapp.db import is_empty
from webapp.db import transaction
from webapp.demo.text import COUNTRIES
from webapp.demo.text import TEXT

#: The password of every demo account.
PASSWORD = "folka-demo"
SEED = 2026
WEEKS = 8
TEAMS = ("Nordic", "Finland & Poland")

#: (e-mail, name, role, index into TEAMS, locale, time zone) of each demo user.
USERS = [
    ("rep@example.com", "Emma Clarke", "rep", 0, "en", "Europe/Oslo"),
    ("manager@example.com", "Lars Haugen", "manager", 0, "en", "Europe/Oslo"),
    ("nb@example.com", "Ingrid Solheim", "rep", 0, "nb", "Europe/Oslo"),
    ("sv@example.com", "Johan Lindqvist", "rep", 0, "sv", "Europe/Stockholm"),
    ("fi@example.com", "Aino Koskinen", "rep", 1, "fi", "Europe/Helsinki"),
    ("pl@example.com", "Tomasz Wróbel", "rep", 1, "pl", "Europe/Warsaw"),
    ("manager2@example.com", "Katarzyna Lewandowska", "manager", 1, "pl", "Europe/Warsaw"),
    ("admin@example.com", "Nora Berg", "admin", 0, "en", "Europe/Oslo"),
]
DESCRIPTIONS = {
    "rep@example.com": "Emma Clarke, rep in Norway and Sweden: overdue clients and promises",
    "manager@example.com": "Lars Haugen, manager of the Nordic team",
    "nb@example.com": "Ingrid Solheim, rep in Norway, writes Norwegian",
    "sv@example.com": "Johan Lindqvist, rep in Sweden, writes Swedish",
    "fi@example.com": "Aino Koskinen, rep in Finland, writes Finnish",
    "pl@example.com": "Tomasz Wróbel, rep in Poland, writes Polish",
    "manager2@example.com": "Katarzyna Lewandowska, manager of the Finland & Poland team",
    "admin@example.com": "Nora Berg, admin: all teams, users, export and erasure",
}
#: (e-mail, role, locale, description) of each demo account, for the README and the CLI.
ACCOUNTS = [(user[0], user[2], user[4], DESCRIPTIONS[user[0]]) for user in USERS]

# Whose clients are where, and how each client stands today: "ok" (visited on rhythm),
# "due" (due about today), "overdue" (last visit well past the rhythm), "never" (no visit).
BOOKS = [
    ("rep@example.com", "NO", ["never", "overdue", "overdue", "due", "ok"]),
    ("rep@example.com", "SE", ["overdue", "overdue", "due", "ok", "ok"]),
    ("nb@example.com", "NO", ["ok"] * 6 + ["due", "overdue"]),
    ("sv@example.com", "SE", ["ok"] * 6 + ["due", "overdue"]),
    ("fi@example.com", "FI", ["ok"] * 6 + ["overdue"]),
    ("pl@example.com", "PL", ["ok"] * 6 + ["overdue"]),
]
RHYTHMS = (14, 21, 28, 28, 42, 56)
SHORT_RHYTHMS = (14, 21, 28)  # so a due or overdue client still has a visit in the window
STATUSES = ("open", "followed_up", "closed")
STATUS_WEIGHTS = (65, 25, 10)
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)
TRAVEL = 20 * MINUTE  # least time between two visits of one rep
TABLES = "clients contacts topics visits notes note_contacts note_topics promises".split()


def load(db, now=None):
    """Fill an empty, migrated database with the demo; returns the rows added per table."""
    if not is_empty(db):
        raise ValueError("The demo loads only into an empty database.")
    now = (now or timeutil.now()).astimezone(timeutil.UTC).replace(microsecond=0)
    with transaction(db):
        team_ids = [get_or_create_team(db, name) for name in TEAMS]
    users = {}
    for email, name, role, team, locale, tz in USERS:
        user_id = create_user(db, email, name, PASSWORD, role, team_ids[team], locale, tz)
        users[email] = dict(id=user_id, team_id=team_ids[team], locale=locale, tz=ZoneInfo(tz))
    rows = build(random.Random(SEED), users, now)
    with transaction(db):
        for table in TABLES:
            db[table].insert_all(rows[table])
    return {table: len(rows[table]) for table in TABLES}


def build(rng, users, now):
    """Every demo row by table, for users already stored (e-mail -> id, team, locale, tz)."""
    rows = {table: [] for table in TABLES}
    cities = {
        code: itertools.cycle(rng.sample(c["cities"], len(c["cities"])))
        for code, c in COUNTRIES.items()
    }
    names, busy, notes_by_rep = set(), {}, {}
    for email, country, plan in BOOKS:
        rep = users[email]
        for category in plan:
            client = _client(rng, rep, country, next(cities[country]), category, names, now)
            client["id"] = len(rows["clients"]) + 1
            contacts = _contacts(rng, client, rep, len(rows["contacts"]) + 1)
            topics = _topics(rng, contacts, rep)
            starts = sorted(
                _place(rng, moment, rep["tz"], busy.setdefault(rep["id"], []))
                for moment in _visit_times(rng, client["rhythm_days"], category, now)
            )
            for start, end in starts:
                visit = _visit(rng, client, rep, start, end, now)
                rows["visits"].append(visit)
                if rng.random() < 0.85:
                    _note(rng, rows, visit, contacts, topics, rep, now)
                    notes_by_rep.setdefault(email, []).append(rows["notes"][-1])
            for topic in topics:
                _settle(rng, topic, rows, rep["tz"], now)
            rows["clients"].append(client)
            rows["contacts"].extend(contacts)
    for email, notes in notes_by_rep.items():
        _ensure_promises(rng, rows["promises"], notes, users[email], now)
    return rows


def _client(rng, rep, country, city, category, names, now):
    """A company near a real city, owned by the rep, with a rhythm that fits its category."""
    data = COUNTRIES[country]
    surname = None
    while surname is None or (country, surname) in names:  # one family firm per surname
        surname = _pick_surname(rng, data, "male")
    names.add((country, surname))
    trade = rng.choice(data["trades"]) if data["trades"] else ""
    name = rng.choice(data["companies"]).format(surname=surname, trade=trade)
    lat, lon = _near(rng, city[1], city[2], rng.uniform(300, 4000))
    rhythms = RHYTHMS if category in ("ok", "never") else SHORT_RHYTHMS
    return {
        "id": None,
        "team_id": rep["team_id"],
        "owner_id": rep["id"],
        "name": name,
        "address": f"{rng.choice(data['streets'])} {rng.randint(1, 120)}",
        "city": city[0],
        "country": country,
        "lat": lat,
        "lon": lon,
        "rhythm_days": rng.choice(rhythms),
        "archived": 0,
        "created_at": timeutil.iso(
            _office_hours(rng, now - rng.uniform(200, 900) * DAY, rep["tz"])
        ),
    }


def _pick_surname(rng, data, gender):
    """A surname in the person's form: "Kowalski/Kowalska" lists the male and female forms."""
    forms = rng.choice(data["surnames"]).split("/")
    return forms[-1] if gender == "female" else forms[0]


def _contacts(rng, client, rep, first_id):
    """Two to four people with distinct local names and job titles."""
    data = COUNTRIES[client["country"]]
    count = rng.randint(2, 4)
    people, seen = [], set()
    for title in rng.sample(data["titles"], count):
        name = None
        while name is None or name in seen:
            gender = rng.choice(("male", "female"))
            name = f"{rng.choice(data[gender])} {_pick_surname(rng, data, gender)}"
        seen.add(name)
        created = timeutil.parse(client["created_at"]) + rng.uniform(0, 30) * DAY
        created = max(_office_hours(rng, created, rep["tz"]), timeutil.parse(client["created_at"]))
        people.append(
            {
                "id": first_id + len(people),
                "client_id": client["id"],
                "name": name,
                "title": title,
                "created_at": timeutil.iso(created),
            }
        )
    return people


def _topics(rng, contacts, rep):
    """One to three personal topics per contact, in the rep's language, none twice per client."""
    templates = iter(rng.sample(TEXT[rep["locale"]]["topics"], len(TEXT[rep["locale"]]["topics"])))
    topics = []
    for contact in contacts:
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3))):
            title, follow_up, mention = next(templates)
            topics.append(
                {
                    "id": _uuid(rng),
                    "contact_id": contact["id"],
                    "title": title,
                    "follow_up": follow_up if rng.random() < 0.8 else "",
                    "created_by": rep["id"],
                    # Working fields, removed by _settle:
                    "_mention": mention,
                    "_mentions": [],
                    "_final": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                }
            )
    return topics


def _visit_times(rng, rhythm, category, now):
    """Latest check-in moments, newest first: on the rhythm with jitter, back over the window."""
    if category == "never":
        return []
    since = {
        "ok": rng.uniform(0.15, 0.7) * rhythm,
        "due": rhythm + 1 / 24,
        "overdue": rhythm + rng.uniform(5, 24),
    }[category]
    moment, window_start = now - since * DAY, now - WEEKS * 7 * DAY
    moments = []
    while moment > window_start:
        moments.append(moment)
        moment -= rng.uniform(0.85, 1.15) * rhythm * DAY
    return moments


def _place(rng, latest, tz, busy):
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


def _office_hours(rng, latest, tz):
    """A weekday business-hours moment no later than `latest`, for work done at the desk."""
    return _place(rng, latest, tz, [])[0]


def _near(rng, lat, lon, metres):
    """A point about `metres` from (lat, lon) in a random direction."""
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(bearing) / 111_320
    dlon = metres * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def _visit(rng, client, rep, start, end, now):
    """A checked-out visit with phone positions near the site, as a check-in would store it."""
    accuracy, out_accuracy = rng.randint(5, 60), rng.randint(5, 60)
    lat, lon = _near(rng, client["lat"], client["lon"], abs(rng.gauss(0, accuracy)) + 10)
    out_lat, out_lon = _near(rng, client["lat"], client["lon"], abs(rng.gauss(0, 30)) + 10)
    # Most check-ins sync at once; some wait for signal until after the visit.
    offline = rng.random() < 0.15
    received = end + rng.randint(5, 90) * MINUTE if offline else start + rng.randint(1, 40) * SECOND
    return {
        "id": _uuid(rng),
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


def _note(rng, rows, visit, contacts, topics, rep, now):
    """The note written in the car after a visit: people met, topics that came up, a promise."""
    text = TEXT[rep["locale"]]
    written = min(timeutil.parse(visit["checked_out_at"]) + rng.randint(2, 25) * MINUTE, now)
    offline = rng.random() < 0.15  # then it syncs when the signal returns
    received = min(
        written + (rng.randint(10, 240) * MINUTE if offline else rng.randint(1, 30) * SECOND), now
    )
    note_id = _uuid(rng)
    met = rng.sample(contacts, min(len(contacts), rng.choice((1, 1, 2, 2, 3))))
    body = [rng.choice(text["work"])]
    for person in met:
        own = [t for t in topics if t["contact_id"] == person["id"]]
        if len(body) < 3 and rng.random() < 0.6:
            topic = rng.choice(own)
            topic["_mentions"].append((note_id, written, received))
            body.append(topic["_mention"].format(name=person["name"].split()[0]))
    if len(body) == 1 and rng.random() < 0.4:
        body.append(rng.choice([s for s in text["work"] if s != body[0]]))
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
    if rng.random() < 0.35:
        today = now.astimezone(rep["tz"]).date()
        due = written.astimezone(rep["tz"]).date() + rng.randint(2, 14) * DAY
        kept = rng.random() < (0.65 if due < today else 0.15)
        rows["promises"].append(_promise(rng, rows["notes"][-1], rep, due, kept, now))


def _settle(rng, topic, rows, tz, now):
    """Give a topic the times and status its mentions imply, as the sync would have left them.

    A topic is either recorded in its first mention (then it starts open) or older than the
    window; the last later mention carries its final status.
    """
    mentions, final = topic.pop("_mentions"), topic.pop("_final")
    del topic["_mention"]
    born_here = bool(mentions) and rng.random() < 0.5
    if born_here:
        created, received = mentions[0][1], mentions[0][2]
    else:
        created = _office_hours(rng, now - rng.uniform(60, 150) * DAY, tz)
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
            status_at = max(created, _office_hours(rng, created + rng.uniform(4, 20) * DAY, tz))
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


def _promise(rng, note, rep, due, kept, now):
    """A promise made in a note; a kept one was kept some time before its due date or now."""
    made = timeutil.parse(note["written_at"])
    kept_at = None
    if kept:
        deadline = datetime.datetime.combine(due, datetime.time(16), tzinfo=rep["tz"])
        moment = made + (min(deadline, now) - made) * rng.uniform(0.3, 0.95)
        moment = _office_hours(rng, moment.replace(microsecond=0), rep["tz"])
        if moment <= made:
            moment = min(made + rng.randint(20, 120) * MINUTE, now)
        kept_at = timeutil.iso(moment)
    return {
        "id": _uuid(rng),
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


def _ensure_promises(rng, promises, notes, rep, now):
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
        promises.append(_promise(rng, note, rep, due, False, now))


def _uuid(rng):
    """A random (version 4) UUID drawn from the seeded generator, so ids repeat run to run."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
