"""A large synthetic Folka organisation, generated fast: the data side of `make bench`.

At scale 1.0: 200 reps in teams of 50 (each team with a manager), one admin, 19,720
clients (100 per rep; the second rep of each team is newer and has 30), 59,160 contacts,
147,900 personal topics, 295,800 visits, 986,000 notes with the people met and topics
mentioned, 98,600 promises, and the sync log of every check-out (notes and visits are
their own record). Scale 0.01 is the small organisation: the same per-rep and per-client
depth, 1% of everything. Text comes from the demo's phrases (webapp/demo/phrases/), in
five languages.

Speed is part of the benchmark: rows stream from generators into executemany() in one
transaction with journaling and syncing off and the secondary indexes dropped; the indexes
are rebuilt at the end (a sort, faster than a million random inserts) and the file is put
back into WAL mode. Ids are UUID-shaped but sequential, so the primary keys fill in order.
One password hash serves every account. No ANALYZE: the app runs without statistics, so the
benchmark does too.

    .venv/bin/python bench/generate.py bench/data/large.db --scale 1
"""

import argparse
import itertools
import json
import math
import os
import random
import sqlite3
import sys
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from werkzeug.security import generate_password_hash  # noqa: E402

from webapp import db as database  # noqa: E402
from webapp.accounts import users  # noqa: E402
from webapp.demo.phrases import TEXT  # noqa: E402
from webapp.demo.places import COUNTRIES  # noqa: E402

#: The password of every generated account.
PASSWORD = "folka-bench"
#: The e-mail domain of generated accounts; rep7@bench.example, manager2@…, admin@….
DOMAIN = "bench.example"
SEED = 7
REPS = 200
TEAM_SIZE = 50
CLIENTS_PER_REP = 100
#: The second rep of each team is newer, with fewer clients: Today is measured for both.
NEW_REP_CLIENTS = 30
CONTACTS_PER_CLIENT = 3
TOPICS_PER_CONTACT = (3, 2)  # alternating: 2.5 on average
VISITS_PER_CLIENT = 15
NOTES_PER_CLIENT = 50
PROMISES_PER_CLIENT = 5
#: Share of notes that mention one of the contact's personal topics.
TOPIC_MENTION_SHARE = 0.3
RHYTHMS = (14, 21, 28, 28, 42, 56)
LOCALES = ("en", "nb", "sv", "fi", "pl")
TEAM_COUNTRIES = (("NO", "Europe/Oslo"), ("SE", "Europe/Stockholm"), ("FI", "Europe/Helsinki"))
TEAM_COUNTRIES += (("PL", "Europe/Warsaw"),)
BODIES_PER_LOCALE = 400
HISTORY_DAYS = 1500
# Second group of each UUID-shaped id: which table it belongs to.
ID_TAGS = {
    "topics": "0701",
    "visits": "0715",
    "notes": "0e7e",
    "promises": "0b1e",
    "operations": "0c0d",
}


def plan(scale):
    """How many of each thing the organisation has at this scale."""
    reps = max(1, round(REPS * scale))
    teams = math.ceil(reps / TEAM_SIZE)
    return {"teams": teams, "reps": reps}


def uid(table, number):
    """A UUID-shaped id, unique per table and number, ascending with the number."""
    return f"{number:08x}-{ID_TAGS[table]}-4000-8000-000000000000"


class Clock:
    """ISO timestamps from whole days and minutes before now, without datetime per row."""

    def __init__(self, now):
        today = now.date()
        self.now = now
        self.days = [(today - timedelta(days=d)).isoformat() for d in range(HISTORY_DAYS + 1)]
        self.minutes = [f"T{m // 60:02d}:{m % 60:02d}:00.000Z" for m in range(24 * 60)]
        self.now_minute = now.hour * 60 + now.minute

    def at(self, days_ago, minute):
        """The moment `minute` after midnight UTC, `days_ago` days ago (never in the future)."""
        if days_ago <= 0:
            days_ago, minute = 0, min(minute, max(self.now_minute - 1, 0))
        return self.days[min(days_ago, HISTORY_DAYS)] + self.minutes[min(minute, 1439)]

    def date(self, days_ago):
        """The date `days_ago` days ago; negative is in the future (due dates)."""
        return (self.now.date() - timedelta(days=days_ago)).isoformat()


def note_bodies(rng):
    """Paragraph-long note texts per locale, made from the demo's sentences."""
    bodies = {}
    for locale in LOCALES:
        work = TEXT[locale]["work"]
        mentions = [topic[2] for topic in TEXT[locale]["topics"]]
        names = [n for c in COUNTRIES.values() for n in c["male"] + c["female"]]
        made = []
        for _ in range(BODIES_PER_LOCALE):
            parts = rng.sample(work, rng.choice((1, 2, 2, 3)))
            parts.insert(1, rng.choice(mentions).format(name=rng.choice(names)))
            made.append(" ".join(parts))
        bodies[locale] = made
    return bodies


def people(rng, country, count):
    """`count` person names of a country."""
    data = COUNTRIES[country]
    names = []
    for _ in range(count):
        gender = rng.choice(("male", "female"))
        surname = rng.choice(data["surnames"]).split("/")
        family = surname[-1] if gender == "female" else surname[0]
        names.append(f"{rng.choice(data[gender])} {family}")
    return names


def org_rows(rng, counts, password_hash, created):
    """Teams and users: per team a manager and up to TEAM_SIZE reps; one admin in team 1."""
    teams = [(t + 1, f"Team {t + 1} {TEAM_COUNTRIES[t % 4][0]}") for t in range(counts["teams"])]
    users_ = [
        (
            1,
            f"admin@{DOMAIN}",
            "Admin Bench",
            password_hash,
            "admin",
            1,
            "en",
            "Europe/Oslo",
            1,
            created,
        )
    ]
    reps = []
    for team_id, _ in teams:
        country, tz = TEAM_COUNTRIES[(team_id - 1) % 4]
        members = min(TEAM_SIZE, counts["reps"] - (team_id - 1) * TEAM_SIZE)
        names = people(rng, country, members + 1)
        users_.append(
            (
                len(users_) + 1,
                f"manager{team_id}@{DOMAIN}",
                names[0],
                password_hash,
                "manager",
                team_id,
                "en",
                tz,
                1,
                created,
            )
        )
        for i in range(members):
            number = len(reps) + 1
            user_id = len(users_) + 1
            locale = LOCALES[number % len(LOCALES)]
            users_.append(
                (
                    user_id,
                    f"rep{number}@{DOMAIN}",
                    names[i + 1],
                    password_hash,
                    "rep",
                    team_id,
                    locale,
                    tz,
                    1,
                    created,
                )
            )
            reps.append(
                {
                    "id": user_id,
                    "team_id": team_id,
                    "country": country,
                    "locale": locale,
                    "clients": NEW_REP_CLIENTS if i == 1 else CLIENTS_PER_REP,
                }
            )
    return teams, users_, reps


def field_rows(rng, reps, clock):
    """Every client-side row, streamed per table by one pass over the reps' books.

    Returns generators keyed by table. They are consumed in the order of the dict, and
    later tables read what earlier ones left in `state` (clients before their visits…).
    """
    state = {}

    def clients():
        client_id = 0
        state["clients"] = []
        for rep in reps:
            data = COUNTRIES[rep["country"]]
            for _ in range(rep["clients"]):
                client_id += 1
                city, lat, lon = rng.choice(data["cities"])
                surname = rng.choice(data["surnames"]).split("/")[0]
                trade = rng.choice(data["trades"]) if data["trades"] else ""
                rhythm = rng.choice(RHYTHMS)
                state["clients"].append((client_id, rep, rhythm))
                yield (
                    client_id,
                    rep["team_id"],
                    rep["id"],
                    rng.choice(data["companies"]).format(surname=surname, trade=trade),
                    f"{rng.choice(data['streets'])} {rng.randint(1, 120)}",
                    city,
                    rep["country"],
                    round(lat + rng.uniform(-0.05, 0.05), 6),
                    round(lon + rng.uniform(-0.08, 0.08), 6),
                    rhythm,
                    0,
                    clock.at(rng.randint(800, 1400), 540),
                )

    def contacts():
        contact_id = 0
        state["contacts"] = {}
        for client_id, rep, _ in state["clients"]:
            titles = rng.sample(COUNTRIES[rep["country"]]["titles"], CONTACTS_PER_CLIENT)
            names = people(rng, rep["country"], CONTACTS_PER_CLIENT)
            ids = []
            for name, title in zip(names, titles, strict=True):
                contact_id += 1
                ids.append(contact_id)
                yield contact_id, client_id, name, title, clock.at(rng.randint(700, 800), 600)
            state["contacts"][client_id] = ids

    def topics():
        number = 0
        state["topics"] = {}
        statuses = ("open",) * 13 + ("followed_up",) * 5 + ("closed",) * 2
        for client_id, rep, _ in state["clients"]:
            pool = TEXT[rep["locale"]]["topics"]
            for contact_id in state["contacts"][client_id]:
                ids = []
                for title, follow_up, _ in rng.sample(pool, TOPICS_PER_CONTACT[contact_id % 2]):
                    number += 1
                    topic_id = uid("topics", number)
                    ids.append(topic_id)
                    mentioned = clock.at(rng.randint(1, 400), rng.randint(420, 960))
                    yield (
                        topic_id,
                        contact_id,
                        title,
                        follow_up,
                        rng.choice(statuses),
                        mentioned,
                        mentioned,
                        rep["id"],
                        clock.at(500, 600),
                        clock.at(500, 601),
                    )
                state["topics"][contact_id] = ids

    def visits():
        number = 0
        state["visits"] = {}
        for client_id, rep, rhythm in state["clients"]:
            phase = rng.randint(1, rhythm * 3 // 2)
            days = []
            for k in range(VISITS_PER_CLIENT):
                number += 1
                day = max(1, phase + k * rhythm + rng.randint(-2, 2))
                start = rng.randint(420, 900)
                end = start + rng.randrange(30, 95, 5)
                days.append((day, end, uid("visits", number)))
                yield (
                    uid("visits", number),
                    client_id,
                    rep["id"],
                    clock.at(day, start),
                    clock.at(day, end),
                    None,
                    None,
                    float(rng.randint(5, 60)),
                    float(rng.randint(10, 400)),
                    None,
                    None,
                    None,
                    0,
                    clock.at(day, end + 1),
                )
            state["visits"][client_id] = days

    def notes():
        number = 0
        state["notes"] = []
        bodies = state["bodies"]
        for client_id, rep, rhythm in state["clients"]:
            visits_ = state["visits"][client_id]
            span = visits_[-1][0] + rhythm
            texts = bodies[rep["locale"]]
            first = number + 1
            for k in range(NOTES_PER_CLIENT):
                number += 1
                if k < len(visits_):  # the note after each visit …
                    day, minute, visit_id = visits_[k]
                    minute += rng.randint(2, 25)
                else:  # … and notes about the client between visits (calls, e-mails)
                    day, minute, visit_id = rng.randint(1, span), rng.randint(420, 1000), None
                written = clock.at(day, minute)
                yield (
                    uid("notes", number),
                    client_id,
                    rep["id"],
                    visit_id,
                    rng.choice(texts),
                    written,
                    clock.at(day, minute + 1),
                )
            state["notes"].append((client_id, rep, first, number))

    def note_links():
        """One contact met per note; some notes also mention one of that contact's topics."""
        state["note_topics"] = []
        for client_id, _, first, last in state["notes"]:
            contacts_ = state["contacts"][client_id]
            for number in range(first, last + 1):
                contact_id = rng.choice(contacts_)
                if rng.random() < TOPIC_MENTION_SHARE:
                    topic_id = rng.choice(state["topics"][contact_id])
                    state["note_topics"].append((uid("notes", number), topic_id, "open"))
                yield uid("notes", number), contact_id

    def note_topics():
        yield from state.pop("note_topics")

    def promises():
        """Five per client: most kept, about one open, some of those overdue."""
        number = 0
        for client_id, rep, first, _ in state["notes"]:
            for k in range(PROMISES_PER_CLIENT):
                number += 1
                note_number = first + k * 7
                made_days = rng.randint(1, 300) if k else rng.randint(1, 20)
                kept = k > 0 and rng.random() < 0.9
                due = made_days - rng.randint(2, 14)
                made = clock.at(made_days, 720)
                kept_at = clock.at(max(made_days - 1, 1), 780) if kept else None
                yield (
                    uid("promises", number),
                    client_id,
                    rep["id"],
                    uid("notes", note_number),
                    rng.choice(TEXT[rep["locale"]]["promises"]),
                    clock.date(due),
                    made,
                    kept_at,
                    kept_at,
                    made,
                )

    def operations():
        """The sync log: every visit was checked out by an operation of its own. Notes and
        check-ins arrived as operations too, but their rows are the record of them."""
        number = 0
        for client_id, rep, _first, _last in state["notes"]:
            for day, end, _visit_id in state["visits"][client_id]:
                number += 1
                yield uid("operations", number), rep["id"], "check_out", clock.at(day, end + 1)

    state["bodies"] = note_bodies(rng)
    return state, {
        "clients": clients(),
        "contacts": contacts(),
        "topics": topics(),
        "visits": visits(),
        "notes": notes(),
        "note_contacts": note_links(),
        "note_topics": note_topics(),
        "promises": promises(),
        "operations": operations(),
    }


COLUMNS = {
    "teams": "id, name",
    "users": "id, email, name, password_hash, role, team_id, locale, timezone, active, created_at",
    "clients": "id, team_id, owner_id, name, address, city, country, lat, lon, rhythm_days, "
    "archived, created_at",
    "contacts": "id, client_id, name, title, created_at",
    "topics": "id, contact_id, title, follow_up, status, status_at, last_mentioned_at, "
    "created_by, created_at, received_at",
    "visits": "id, client_id, user_id, checked_in_at, checked_out_at, lat, lon, accuracy_m, "
    "distance_m, out_lat, out_lon, out_accuracy_m, closed_by_check_in, received_at",
    "notes": "id, client_id, user_id, visit_id, body, written_at, received_at",
    "note_contacts": "note_id, contact_id",
    "note_topics": "note_id, topic_id, status",
    "promises": "id, client_id, user_id, note_id, text, due_date, made_at, kept_at, "
    "kept_changed_at, received_at",
    "operations": "id, user_id, kind, received_at",
}


def insert(conn, table, rows):
    """Stream rows into a table; returns how many went in."""
    columns = COLUMNS[table]
    marks = ", ".join("?" * (columns.count(",") + 1))
    counter = itertools.count()
    counted = (row for row, _ in zip(rows, counter, strict=False))
    conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", counted)
    return next(counter)


def generate(path, scale=1.0, seed=SEED, now=None):
    """Create a fresh database at `path` holding the organisation; returns what was made."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    started = time.perf_counter()
    database.migrate(path)  # the real schema, every migration of this checkout
    rng = random.Random(seed)
    now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    clock = Clock(now)
    counts = plan(scale)
    hashed = time.perf_counter()
    password_hash = generate_password_hash(PASSWORD, method=users.PASSWORD_METHOD)
    hashed = time.perf_counter() - hashed

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB
    conn.execute("PRAGMA temp_store = MEMORY")
    # Indexes and triggers (the teams' data versions, the audit log's guard) are set aside
    # while loading and made again afterwards: a fresh organisation starts at version 0.
    indexes = conn.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type"
    ).fetchall()
    rows = {}
    conn.execute("BEGIN")
    for kind, name, _ in indexes:
        conn.execute(f"DROP {kind.upper()} {name}")
    teams, users_, reps = org_rows(rng, counts, password_hash, clock.at(1400, 480))
    rows["teams"] = insert(conn, "teams", teams)
    rows["users"] = insert(conn, "users", users_)
    _, tables = field_rows(rng, reps, clock)
    for table, generator in tables.items():
        rows[table] = insert(conn, table, generator)
    loaded = time.perf_counter()
    for _, _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    indexed = time.perf_counter()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    elapsed = time.perf_counter() - started
    total = sum(rows.values())
    return {
        "path": path,
        "scale": scale,
        "rows": rows,
        "total_rows": total,
        "seconds": round(elapsed, 2),
        "load_seconds": round(loaded - started - hashed, 2),
        "index_seconds": round(indexed - loaded, 2),
        "password_hash_seconds": round(hashed, 2),
        "rows_per_second": round(total / elapsed),
        "megabytes": round(os.path.getsize(path) / 1e6, 1),
        "teams": counts["teams"],
        "reps": counts["reps"],
    }


def main():
    """Command line: generate one database and print what was made as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 200 reps, 1M notes")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.path)), exist_ok=True)
    print(json.dumps(generate(args.path, args.scale, args.seed), indent=2))


if __name__ == "__main__":
    main()
