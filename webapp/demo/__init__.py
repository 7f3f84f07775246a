"""Demo data: two teams, reps writing in five languages, and eight weeks of their field work.

`load(db)` fills an empty, migrated database with clients and their people, visits on each
client's rhythm, notes, personal topics and promises, each written in the rep's language.
A fixed seed makes the data the same on every run (relative to `now`), so screenshots,
manual tests and a first look at the app all start from something believable, whatever day
it is: each rep's current week so far is lived in (this_week.py). Who and where is made in
people.py, what happened in history.py, when reps work in hours.py; the words and places
live in text.py.
"""

import itertools
import random
from zoneinfo import ZoneInfo

from webapp import timeutil
from webapp.accounts.users import create_user
from webapp.accounts.users import get_or_create_team
from webapp.db import is_empty
from webapp.db import transaction
from webapp.demo import history
from webapp.demo import hours
from webapp.demo import people
from webapp.demo import this_week
from webapp.demo.text import COUNTRIES

#: The password of every demo account.
PASSWORD = "folka-demo"
SEED = 2026
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
    names, diaries, notes_by_rep = set(), {}, {}
    for email, country, plan in BOOKS:
        rep = users[email]
        diary = diaries.setdefault(email, _diary(rep, now))
        notes = notes_by_rep.setdefault(email, [])
        for category in plan:
            client = people.make_client(
                rng, rep, country, next(cities[country]), category, names, now
            )
            client["id"] = len(rows["clients"]) + 1
            contacts = people.make_contacts(rng, client, rep, len(rows["contacts"]) + 1)
            topics = people.make_topics(rng, contacts, rep)
            _visits(rng, rows, notes, client, category, contacts, topics, rep, diary, now)
            for topic in topics:
                history.settle_topic(rng, topic, rows, rep["tz"], now)
            rows["clients"].append(client)
            rows["contacts"].extend(contacts)
    for email, notes in notes_by_rep.items():
        this_week.keep_a_promise(rng, rows["promises"], notes, users[email], now)
        history.ensure_promises(rng, rows["promises"], notes, users[email], now)
    return rows


def _diary(rep, now):
    """A rep's times taken by visits, the days of this week still free, and whether a client
    seen on rhythm has come yet."""
    return {"busy": [], "days": this_week.visit_days(now, rep["tz"]), "first": True}


def _visits(rng, rows, notes, client, category, contacts, topics, rep, diary, now):
    """A client's visits on its rhythm and most of the notes after them; a client seen on
    rhythm has its newest visit this week, while the week has days for it (this_week.py)."""
    newest = written_up = follow_up = None
    if category == "ok":
        newest, written_up = this_week.newest_visit(
            rng, diary["days"], diary["first"], rep["tz"], diary["busy"], now
        )
        follow_up, diary["first"] = diary["first"], False
    moments = history.visit_times(
        rng, client["rhythm_days"], category, now, newest[0] if newest else None
    )
    starts = [hours.place(rng, moment, rep["tz"], diary["busy"]) for moment in moments]
    for start, end in sorted(starts + ([newest] if newest else [])):
        visit = history.make_visit(rng, client, rep, start, end, now)
        rows["visits"].append(visit)
        latest = (start, end) == newest
        if latest or rng.random() < 0.85:
            written = written_up if latest else None
            history.write_note(
                rng, rows, visit, contacts, topics, rep, now, written, latest and follow_up
            )
            notes.append(rows["notes"][-1])
