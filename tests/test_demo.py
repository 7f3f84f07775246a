"""The demo loader: complete, consistent data in each rep's language, the same every run."""

import datetime
import re
import time
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import REAL_PASSWORD_METHOD
from tests.conftest import Browser
from webapp import clients
from webapp import create_app
from webapp import demo
from webapp import geo
from webapp import timeutil
from webapp.accounts import users
from webapp.db import connect
from webapp.db import migrate

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # a Tuesday morning
NOWS = [
    NOW,
    datetime.datetime(2026, 11, 28, 12, 0, tzinfo=UTC),  # Saturday
    datetime.datetime(2026, 11, 30, 5, 0, tzinfo=UTC),  # Monday before office hours
    datetime.datetime(2027, 3, 28, 20, 0, tzinfo=UTC),  # Sunday clocks went forward
    datetime.datetime(2026, 10, 26, 15, 45, tzinfo=UTC),  # Monday after clocks went back
]
EXPECTED_ACCOUNTS = {
    "rep@example.com": ("rep", "en", "Europe/Oslo"),
    "manager@example.com": ("manager", "en", "Europe/Oslo"),
    "nb@example.com": ("rep", "nb", "Europe/Oslo"),
    "sv@example.com": ("rep", "sv", "Europe/Stockholm"),
    "fi@example.com": ("rep", "fi", "Europe/Helsinki"),
    "pl@example.com": ("rep", "pl", "Europe/Warsaw"),
    "manager2@example.com": ("manager", "pl", "Europe/Warsaw"),
    "admin@example.com": ("admin", "en", "Europe/Oslo"),
}
#: Rough bounding boxes: (south, north, west, east).
BOXES = {
    "NO": (57.9, 71.3, 4.4, 31.3),
    "SE": (55.3, 69.1, 10.9, 24.2),
    "FI": (59.7, 70.1, 20.5, 31.6),
    "PL": (49.0, 54.9, 14.1, 24.2),
}
#: Where some cities really are, to check clients sit in the city they name.
REAL_CITIES = {
    "Oslo": (59.91, 10.75),
    "Bergen": (60.39, 5.32),
    "Stockholm": (59.33, 18.07),
    "Göteborg": (57.71, 11.97),
    "Helsinki": (60.17, 24.94),
    "Tampere": (61.50, 23.76),
    "Warszawa": (52.23, 21.01),
    "Kraków": (50.06, 19.94),
}
HOME_COUNTRIES = {
    "rep@example.com": {"NO", "SE"},
    "nb@example.com": {"NO"},
    "sv@example.com": {"SE"},
    "fi@example.com": {"FI"},
    "pl@example.com": {"PL"},
}
#: How each language asks its follow-up questions, letters it has and letters it lacks.
ASK = {"en": "Ask ", "nb": "Spør ", "sv": "Fråga ", "fi": "Kysy", "pl": "Zapytaj"}
LETTERS = {"nb": "æøå", "sv": "äöå", "fi": "äö", "pl": "ąćęłńóśźż"}
FOREIGN = {"nb": "äöąłś", "sv": "æøąłś", "fi": "åæøąłś", "pl": "äåæø"}


def load_at(path, now):
    """Migrate a fresh file, load the demo at `now`; returns the database and seconds taken."""
    migrate(str(path))
    db = connect(str(path))
    started = time.perf_counter()
    demo.load(db, now=now)
    return db, time.perf_counter() - started


def query(db, sql, params=()):
    """Rows as dicts."""
    return list(db.query(sql, params))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The demo loaded once at NOW with production password hashing, and how long it took."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "PASSWORD_METHOD", REAL_PASSWORD_METHOD)
        db, seconds = load_at(tmp_path_factory.mktemp("demo") / "demo.db", NOW)
    yield db, seconds
    db.conn.close()


@pytest.fixture
def demo_db(loaded):
    """The database of the demo loaded at NOW."""
    return loaded[0]


@pytest.fixture(params=NOWS, ids=lambda now: now.strftime("%a-%Y-%m-%d-%H%M"))
def at_any_time(request, tmp_path):
    """The demo loaded at one of several awkward moments, and that moment."""
    db, _ = load_at(tmp_path / "demo.db", request.param)
    yield db, request.param
    db.conn.close()


def user_ids(db):
    """E-mail -> user row."""
    return {row["email"]: row for row in query(db, "SELECT * FROM users")}


def test_loads_in_under_ten_seconds_with_real_password_hashing(loaded):
    assert loaded[1] < 10


def test_two_teams_and_the_documented_accounts(demo_db):
    teams = {row["id"]: row["name"] for row in query(demo_db, "SELECT * FROM teams")}
    assert len(teams) == 2
    people = user_ids(demo_db)
    assert {email: (u["role"], u["locale"], u["timezone"]) for email, u in people.items()} == (
        EXPECTED_ACCOUNTS
    )
    assert [(e, r, loc) for e, r, loc, _ in demo.ACCOUNTS] == [
        (e, r, loc) for e, (r, loc, _) in EXPECTED_ACCOUNTS.items()
    ]
    assert all(description for *_, description in demo.ACCOUNTS)
    nordic = people["rep@example.com"]["team_id"]
    same_team = ["manager@example.com", "nb@example.com", "sv@example.com"]
    assert all(people[email]["team_id"] == nordic for email in same_team)
    other = people["fi@example.com"]["team_id"]
    assert other != nordic and other in teams
    assert people["pl@example.com"]["team_id"] == people["manager2@example.com"]["team_id"] == other


def test_every_account_logs_in_with_the_demo_password(demo_db, real_password_hashing):
    assert demo.PASSWORD == "folka-demo"
    for email, role, _, _ in demo.ACCOUNTS:
        user = users.authenticate(demo_db, email, "folka-demo")
        assert user is not None and user.role == role, email
    assert users.authenticate(demo_db, "rep@example.com", "wrong") is None


def test_about_twenty_four_clients_a_rep_in_their_countries(demo_db):
    people = {u["id"]: u for u in query(demo_db, "SELECT * FROM users")}
    rows = query(demo_db, "SELECT * FROM clients")
    assert 110 <= len(rows) <= 130
    assert len({c["name"] for c in rows}) == len(rows)
    assert len({(c["lat"], c["lon"]) for c in rows}) == len(rows)
    for client in rows:
        south, north, west, east = BOXES[client["country"]]
        assert south < client["lat"] < north and west < client["lon"] < east, client
        assert client["rhythm_days"] in (14, 21, 28, 42, 56)
        assert client["address"] and client["city"] and not client["archived"]
        owner = people[client["owner_id"]]
        assert owner["role"] == "rep" and owner["team_id"] == client["team_id"]
        assert client["country"] in HOME_COUNTRIES[owner["email"]], client
        if client["city"] in REAL_CITIES:
            lat, lon = REAL_CITIES[client["city"]]
            assert geo.distance_m(lat, lon, client["lat"], client["lon"]) < 10_000, client
    mine = [c for c in rows if people[c["owner_id"]]["email"] == "rep@example.com"]
    assert 20 <= len(mine) <= 30
    assert {c["country"] for c in rows} == set(BOXES)


def test_every_client_has_two_to_four_named_contacts(demo_db):
    counts = query(
        demo_db,
        "SELECT c.id, COUNT(k.id) AS n, MIN(LENGTH(k.name)) AS name, MIN(LENGTH(k.title)) AS title"
        " FROM clients c LEFT JOIN contacts k ON k.client_id = c.id GROUP BY c.id",
    )
    assert all(2 <= row["n"] <= 4 and row["name"] > 3 and row["title"] > 1 for row in counts)


@pytest.mark.parametrize("email", sorted(HOME_COUNTRIES))
def test_topics_are_written_in_the_reps_language(demo_db, email):
    rep = user_ids(demo_db)[email]
    topics = query(
        demo_db,
        "SELECT t.*, c.owner_id FROM topics t JOIN contacts k ON k.id = t.contact_id "
        "JOIN clients c ON c.id = k.client_id WHERE c.owner_id = ?",
        [rep["id"]],
    )
    assert len(topics) >= 20
    assert all(t["created_by"] == rep["id"] for t in topics)
    assert len({t["title"] for t in topics}) >= 12, "topics should vary"
    questions = [t["follow_up"] for t in topics if t["follow_up"]]
    assert len(questions) >= len(topics) / 2
    assert all(q.startswith(ASK[rep["locale"]]) for q in questions), questions
    texts = [t["title"] + " " + t["follow_up"] for t in topics]
    if rep["locale"] == "en":
        assert all(text.isascii() for text in texts)
    else:
        marked = [t for t in texts if any(ch in t.lower() for ch in LETTERS[rep["locale"]])]
        assert len(marked) >= len(texts) / 2
        assert not any(ch in t.lower() for t in texts for ch in FOREIGN[rep["locale"]])


def test_topic_statuses_and_times(demo_db):
    topics = query(demo_db, "SELECT * FROM topics")
    counts = {s: sum(t["status"] == s for t in topics) for s in ("open", "followed_up", "closed")}
    assert counts["open"] > counts["followed_up"] > counts["closed"] > 0
    for topic in topics:
        for key in ("created_at", "status_at", "last_mentioned_at", "received_at"):
            assert timeutil.iso(timeutil.parse(topic[key])) == topic[key]  # "…Z" to the second
        assert topic["created_at"] <= topic["status_at"] <= timeutil.iso(NOW)
        assert topic["created_at"] <= topic["last_mentioned_at"] <= timeutil.iso(NOW)


def test_a_topics_last_mention_in_a_note_sets_its_status(demo_db):
    mentions = query(
        demo_db,
        "SELECT nt.topic_id, nt.status, n.written_at, n.client_id, k.client_id AS topic_client, "
        "t.status AS topic_status, t.last_mentioned_at FROM note_topics nt "
        "JOIN notes n ON n.id = nt.note_id JOIN topics t ON t.id = nt.topic_id "
        "JOIN contacts k ON k.id = t.contact_id ORDER BY n.written_at",
    )
    assert len(mentions) >= 30
    last = {}
    for row in mentions:
        assert row["client_id"] == row["topic_client"]
        last[row["topic_id"]] = row
    for row in last.values():
        assert row["status"] == row["topic_status"]
        assert row["written_at"] == row["last_mentioned_at"]


def test_visits_are_on_rhythm_in_office_hours_near_the_site(at_any_time):
    db, now = at_any_time
    zones = {u["id"]: ZoneInfo(u["timezone"]) for u in query(db, "SELECT * FROM users")}
    visits = query(
        db,
        "SELECT v.*, c.lat AS c_lat, c.lon AS c_lon FROM visits v "
        "JOIN clients c ON c.id = v.client_id ORDER BY v.user_id, v.checked_in_at",
    )
    assert len(visits) >= 60
    earliest = now - datetime.timedelta(weeks=8, days=7)
    previous = {}
    for visit in visits:
        start, end = timeutil.parse(visit["checked_in_at"]), timeutil.parse(visit["checked_out_at"])
        assert earliest < start and end < now
        assert 30 <= (end - start).total_seconds() / 60 <= 90
        local = start.astimezone(zones[visit["user_id"]])
        assert local.weekday() < 5 and 8 <= local.hour < 16, local
        assert 5 <= visit["accuracy_m"] <= 60
        distance = geo.distance_m(visit["lat"], visit["lon"], visit["c_lat"], visit["c_lon"])
        assert visit["distance_m"] == round(distance) and distance < 500
        assert visit["checked_in_at"] <= visit["received_at"] <= timeutil.iso(now)
        if visit["user_id"] in previous:
            assert previous[visit["user_id"]] < start, "a rep is in one place at a time"
        previous[visit["user_id"]] = end


def test_most_visits_have_a_note_written_just_after(demo_db):
    visits = query(
        demo_db,
        "SELECT v.*, n.written_at, n.body, n.client_id AS n_client, n.user_id AS n_user "
        "FROM visits v LEFT JOIN notes n ON n.visit_id = v.id",
    )
    noted = [v for v in visits if v["written_at"]]
    assert len(noted) >= 0.7 * len(visits)
    for visit in noted:
        delay = timeutil.parse(visit["written_at"]) - timeutil.parse(visit["checked_out_at"])
        assert datetime.timedelta(0) < delay <= datetime.timedelta(hours=1)
        assert (visit["n_client"], visit["n_user"]) == (visit["client_id"], visit["user_id"])
        assert 20 < len(visit["body"]) <= 1000
    wrong_people = query(
        demo_db,
        "SELECT 1 FROM note_contacts nc JOIN notes n ON n.id = nc.note_id "
        "JOIN contacts k ON k.id = nc.contact_id WHERE k.client_id != n.client_id",
    )
    assert not wrong_people
    assert query(demo_db, "SELECT COUNT(*) AS n FROM note_contacts")[0]["n"] >= len(noted)


def test_english_rep_has_overdue_and_due_clients(at_any_time):
    db, now = at_any_time
    owners = user_ids(db)
    zones = {u["id"]: ZoneInfo(u["timezone"]) for u in owners.values()}
    rows = query(
        db,
        "SELECT c.*, (SELECT MAX(v.checked_in_at) FROM visits v WHERE v.client_id = c.id)"
        " AS last_visit_at FROM clients c",
    )
    standing = {}
    for row in rows:
        client = clients.with_rhythm(row, now, zones[row["owner_id"]])
        standing.setdefault(row["owner_id"], []).append(client)
    mine = standing[owners["rep@example.com"]["id"]]
    assert sum(c["overdue_days"] >= 5 for c in mine) >= 5
    assert any(c["last_visit"] is None for c in mine)
    assert sum(0 <= c["overdue_days"] <= 3 for c in mine) >= 1
    assert any(not c["is_due"] for c in mine)
    others = [
        c
        for email in ("nb@example.com", "fi@example.com", "pl@example.com")
        for c in standing[owners[email]["id"]]
    ]
    assert sum(not c["is_due"] for c in others) > len(others) / 2


def test_every_rep_has_overdue_and_upcoming_open_promises(at_any_time):
    db, now = at_any_time
    for email in HOME_COUNTRIES:
        rep = user_ids(db)[email]
        today = now.astimezone(ZoneInfo(rep["timezone"])).date().isoformat()
        promises = query(db, "SELECT * FROM promises WHERE user_id = ?", [rep["id"]])
        open_ = [p for p in promises if p["kept_at"] is None]
        assert sum(p["due_date"] < today for p in open_) >= 2, email
        assert sum(p["due_date"] > today for p in open_) >= 2, email


def test_promises_hang_on_notes_and_kept_ones_are_consistent(demo_db):
    promises = query(
        demo_db,
        "SELECT p.*, n.client_id AS n_client, n.user_id AS n_user, n.written_at "
        "FROM promises p JOIN notes n ON n.id = p.note_id",
    )
    assert len(promises) == query(demo_db, "SELECT COUNT(*) AS n FROM promises")[0]["n"] >= 20
    kept = [p for p in promises if p["kept_at"]]
    assert 0 < len(kept) < len(promises)
    for p in promises:
        assert (p["n_client"], p["n_user"], p["written_at"]) == (
            p["client_id"],
            p["user_id"],
            p["made_at"],
        )
        assert p["made_at"][:10] <= p["due_date"]
        assert p["kept_changed_at"] == p["kept_at"]
        if p["kept_at"]:
            assert p["made_at"] < p["kept_at"] <= timeutil.iso(NOW)
    english = user_ids(demo_db)["rep@example.com"]["id"]
    assert all(p["text"].isascii() for p in promises if p["user_id"] == english)


def test_foreign_keys_hold_and_no_operations_are_invented(demo_db):
    assert list(demo_db.execute("PRAGMA foreign_key_check")) == []
    dangling = "SELECT 1 FROM notes n LEFT JOIN visits v ON v.id = n.visit_id WHERE v.id IS NULL"
    assert query(demo_db, dangling) == []  # visit_id has no foreign key to check it
    assert demo_db["operations"].count == 0


def test_same_data_every_run(tmp_path):
    first, _ = load_at(tmp_path / "a.db", NOW)
    second, _ = load_at(tmp_path / "b.db", NOW)
    for table in demo.TABLES + ["teams"]:
        assert query(first, f"SELECT * FROM {table}") == query(second, f"SELECT * FROM {table}")


def test_refuses_a_database_that_is_in_use(tmp_path):
    migrate(str(tmp_path / "used.db"))
    db = connect(str(tmp_path / "used.db"))
    users.create_user(db, "someone@example.com", "Someone", "secret", "admin")
    with pytest.raises(ValueError):
        demo.load(db, now=NOW)
    assert db["clients"].count == 0


#: Moments a newcomer may first load the demo at: its reps are in Oslo, Stockholm, Helsinki
#: and Warsaw, one or two hours ahead of UTC.
FIRST_LOOKS = [
    datetime.datetime(2026, 11, 30, 6, 15, tzinfo=UTC),  # Monday, a quarter past seven in Oslo
    datetime.datetime(2026, 11, 30, 8, 30, tzinfo=UTC),  # Monday morning, half past nine
    NOW,  # Tuesday morning
    datetime.datetime(2026, 12, 2, 13, 0, tzinfo=UTC),  # Wednesday lunchtime
    datetime.datetime(2026, 12, 4, 16, 30, tzinfo=UTC),  # Friday, after work
    datetime.datetime(2026, 12, 5, 12, 0, tzinfo=UTC),  # Saturday
    datetime.datetime(2027, 3, 28, 20, 0, tzinfo=UTC),  # Sunday the clocks went forward
    datetime.datetime(2026, 10, 26, 15, 45, tzinfo=UTC),  # Monday after the clocks went back
]


@pytest.fixture(params=FIRST_LOOKS, ids=lambda now: now.strftime("%a-%Y-%m-%d-%H%M"))
def first_look(request, tmp_path):
    """The demo loaded at one of the moments of FIRST_LOOKS, and that moment."""
    db, _ = load_at(tmp_path / "demo.db", request.param)
    yield db, request.param
    db.conn.close()


@pytest.mark.parametrize("email", sorted(HOME_COUNTRIES))
def test_every_reps_week_so_far_is_lived_in(first_look, email):
    db, now = first_look
    rep = user_ids(db)[email]
    zone = ZoneInfo(rep["timezone"])
    local = now.astimezone(zone)
    monday = datetime.datetime.combine(local.date(), datetime.time(), tzinfo=zone)
    monday -= datetime.timedelta(days=local.weekday())
    since, until = timeutil.iso(monday), timeutil.iso(now)
    week = [rep["id"], since, until]
    visits = query(
        db,
        "SELECT * FROM visits WHERE user_id = ? AND checked_in_at >= ? AND checked_out_at < ?",
        week,
    )
    notes = query(
        db, "SELECT * FROM notes WHERE user_id = ? AND written_at >= ? AND written_at < ?", week
    )
    followed_up = query(
        db,
        "SELECT nt.* FROM note_topics nt JOIN notes n ON n.id = nt.note_id WHERE n.user_id = ?"
        " AND n.written_at >= ? AND n.written_at < ? AND nt.status = 'followed_up'",
        week,
    )
    kept = query(
        db, "SELECT * FROM promises WHERE user_id = ? AND kept_at >= ? AND kept_at < ?", week
    )
    assert notes and followed_up and kept, (len(notes), len(followed_up), len(kept))
    days = {timeutil.parse(v["checked_in_at"]).astimezone(zone).date() for v in visits}
    weekdays_before_today = min(local.weekday(), 5)
    if local.weekday() == 0 and local.hour < 9:
        assert not visits  # the first visit of the week is not over yet
    elif local.weekday() < 5 and local.hour >= 9:
        assert local.date() in days, "a visit earlier today"
    assert len(days) >= min(weekdays_before_today, 3 if email == "rep@example.com" else 5)


@pytest.mark.parametrize(
    "now", [FIRST_LOOKS[0], FIRST_LOOKS[1], NOW], ids=["Mon-0715", "Mon-0930", "Tue-1030"]
)
def test_the_demo_reps_review_of_this_week_is_not_empty(tmp_path, monkeypatch, now):
    db, _ = load_at(tmp_path / "demo.db", now)
    db.conn.close()
    monkeypatch.setattr(timeutil, "now", lambda: now)
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "demo.db"), "SECRET_KEY": "t"})
    browser = Browser(app.test_client())
    assert browser.login("rep@example.com", demo.PASSWORD).status_code == 302
    page = browser.get("/review").text
    figures = dict(re.findall(r'stat-label">([^<]+)</p>\s*<p class="stat-value">([^<]+)<', page))
    kept_on_time, kept_late = [int(n) for n in re.findall(r"<dt>[^<]+</dt><dd>(\d+)</dd>", page)][
        1:3
    ]
    assert figures["Notes written"] != "0" and kept_on_time + kept_late >= 1, figures
    assert (figures["Visits"] == "0") == (now == FIRST_LOOKS[0]), figures


def test_nothing_has_happened_after_the_moment_loaded(first_look):
    db, now = first_look
    stamps = {
        "visits": ["checked_in_at", "checked_out_at", "received_at"],
        "notes": ["written_at", "received_at"],
        "topics": ["created_at", "status_at", "last_mentioned_at", "received_at"],
        "promises": ["made_at", "kept_at", "kept_changed_at", "received_at"],
    }
    for table, columns in stamps.items():
        latest = query(db, f"SELECT {', '.join(f'MAX({c}) AS {c}' for c in columns)} FROM {table}")
        assert all(stamp <= timeutil.iso(now) for stamp in latest[0].values() if stamp), table
    late = query(
        db,
        "SELECT n.written_at, v.checked_out_at FROM notes n JOIN visits v ON v.id = n.visit_id"
        " WHERE n.written_at <= v.checked_out_at OR n.received_at < n.written_at",
    )
    assert late == []


def test_every_rep_makes_two_to_four_visits_each_working_day(at_any_time):
    db, now = at_any_time
    for email in HOME_COUNTRIES:
        rep = user_ids(db)[email]
        zone = ZoneInfo(rep["timezone"])
        today = now.astimezone(zone).date()
        per_day = {}
        for visit in query(db, "SELECT * FROM visits WHERE user_id = ?", [rep["id"]]):
            day = timeutil.parse(visit["checked_in_at"]).astimezone(zone).date()
            per_day[day] = per_day.get(day, 0) + 1
        days = [today - datetime.timedelta(days=n) for n in range(1, 7 * 8)]
        for day in (d for d in days if d.weekday() < 5):
            assert 2 <= per_day.get(day, 0) <= 4, (email, day, per_day.get(day))
        assert per_day.get(today, 0) <= 4


def test_a_client_not_visited_yet_is_new_and_has_no_history(demo_db):
    new = query(
        demo_db,
        "SELECT c.* FROM clients c WHERE NOT EXISTS"
        " (SELECT 1 FROM visits v WHERE v.client_id = c.id)",
    )
    assert new, "the demo shows a client not visited yet"
    for client in new:
        assert timeutil.parse(client["created_at"]) > NOW - datetime.timedelta(days=30)
        people = [k["id"] for k in query(demo_db, "SELECT id FROM contacts WHERE client_id = ?",
                                          [client["id"]])]  # fmt: skip
        assert people
        topics = (
            f"SELECT COUNT(*) AS n FROM topics WHERE contact_id IN ({','.join('?' * len(people))})"
        )
        assert query(demo_db, topics, people)[0]["n"] == 0, client["name"]
        for table in ("notes", "promises"):
            rows = query(demo_db, f"SELECT 1 FROM {table} WHERE client_id = ?", [client["id"]])
            assert rows == [], (client["name"], table)


@pytest.mark.parametrize("email", sorted(HOME_COUNTRIES))
def test_notes_seldom_open_alike(demo_db, email):
    rep = user_ids(demo_db)[email]
    notes = query(
        demo_db, "SELECT body FROM notes WHERE user_id = ? ORDER BY written_at", [rep["id"]]
    )
    openings = [re.split(r"(?<=[.;])\s", note["body"])[0] for note in notes]
    assert len(notes) >= 80
    most = max(openings.count(opening) for opening in openings)
    assert most <= 0.06 * len(notes), most
    assert all(a != b for a, b in zip(openings, openings[1:], strict=False))
