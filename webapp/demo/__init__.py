"""Demo data: two teams, reps writing in five languages, and eight weeks of their field work.

`load(db)` fills an empty, migrated database with clients and their people, two to four
visits a rep on every working day, notes, personal topics and promises, each written in the
rep's language. A fixed seed makes the data the same on every run (relative to `now`), so
screenshots, manual tests and a first look at the app all start from something believable,
whatever day it is: each rep's current week so far is lived in (this_week.py). Who and where
is made in people.py (in the places of places.py), the days' visits in diary.py, what happened
in history.py, when reps work in hours.py; what reps write is in phrases/.
"""

import itertools
import random
from zoneinfo import ZoneInfo

from webapp import timeutil
from webapp.accounts.users import create_user
from webapp.accounts.users import get_or_create_team
from webapp.db import is_empty
from webapp.db import transaction
from webapp.demo import diary
from webapp.demo import history
from webapp.demo import people
from webapp.demo import this_week
from webapp.demo.places import COUNTRIES

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

# Whose clients are where, and how many stand how today: "ok" (seen on rhythm), "due" (due
# about today), "overdue" (last visit well past the rhythm), "never" (new, not visited yet).
# About 24 clients a rep fill two to four visits a working day (diary.py).
BOOKS = [
    ("rep@example.com", "NO", {"ok": 7, "due": 1, "overdue": 3, "never": 1}),
    ("rep@example.com", "SE", {"ok": 8, "due": 1, "overdue": 3}),
    ("nb@example.com", "NO", {"ok": 20, "due": 2, "overdue": 2}),
    ("sv@example.com", "SE", {"ok": 20, "due": 2, "overdue": 2}),
    ("fi@example.com", "FI", {"ok": 21, "due": 1, "overdue": 1, "never": 1}),
    ("pl@example.com", "PL", {"ok": 21, "due": 1, "overdue": 2}),
]
#: How likely a rep keeps a promise by its due date: Emma lets some slip, to show them.
KEEPS = {"rep@example.com": 0.75}
KEEPS_USUALLY = 0.9
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
    names, seen, books = set(), set(), {}
    for email, country, counts in BOOKS:
        rep = users[email]
        rep.setdefault("keeps", KEEPS.get(email, KEEPS_USUALLY))
        for category, count in counts.items():
            for _ in range(count):
                client = people.make_client(
                    rng, rep, country, next(cities[country]), category, names, now
                )
                client["id"] = len(rows["clients"]) + 1
                contacts = people.make_contacts(
                    rng, client, rep, len(rows["contacts"]) + 1, seen, now
                )
                # A new client's people have told nothing personal yet.
                topics = [] if category == "never" else people.make_topics(rng, contacts, rep)
                rows["clients"].append(client)
                rows["contacts"].extend(contacts)
                books.setdefault(email, []).append(
                    {
                        "id": client["id"],
                        "row": client,
                        "category": category,
                        "rhythm_days": client["rhythm_days"],
                        "contacts": contacts,
                        "topics": topics,
                    }
                )
    for email, book in books.items():
        rep = users[email]
        notes = _field_work(rng, rows, book, rep, now)
        for client in book:
            for topic in client["topics"]:
                history.settle_topic(rng, topic, rows, rep["tz"], now)
        this_week.keep_a_promise(rng, rows["promises"], notes, rep, now)
        history.ensure_promises(rng, rows["promises"], notes, rep, now)
    return rows


def _field_work(rng, rows, book, rep, now):
    """The rep's visits by the diary, each mostly with its note; the newest note follows up
    a personal topic, so the week so far has one. Returns the rep's notes."""
    visits = diary.plan(rng, book, rep["tz"], now)
    desk = this_week.written_up(rng, visits, rep["tz"], now)
    notes = []
    for n, (client, start, end) in enumerate(visits):
        visit = history.make_visit(rng, client["row"], rep, start, end, now)
        rows["visits"].append(visit)
        newest = n == len(visits) - 1
        if newest or rng.random() < history.NOTED:
            history.write_note(
                rng,
                rows,
                visit,
                client["contacts"],
                client["topics"],
                rep,
                now,
                desk if newest else None,
                follow_up=newest,
            )
            notes.append(rows["notes"][-1])
    return notes
