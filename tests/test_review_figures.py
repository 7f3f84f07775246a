"""The weekly review's data layer: ISO weeks in the user's zone, and every figure of a fixed week.

The figures are worked out by hand in tests/review_data.py; each test repeats the sum.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests import review_data
from webapp import timeutil
from webapp.accounts import users
from webapp.db import NotFound
from webapp.review import figures
from webapp.review import kept_weeks
from webapp.review import week_ahead
from webapp.review import weeks

OSLO = ZoneInfo("Europe/Oslo")
W45 = weeks.parse_week("2026-W45", OSLO)
LATER = timeutil.parse("2026-12-01T12:00:00Z")  # "now" for a week long past


def utc(text):
    return timeutil.parse(text)


@pytest.fixture
def week45(world, make, db):
    """The fixed week of field work (see tests/review_data.py)."""
    return review_data.build(world, make, db)


@pytest.fixture
def people(db, world):
    """The world's users as the app sees them."""
    return {
        key: users.get_user(db, world[key]["id"])
        for key in ("rep", "colleague", "manager", "stranger", "admin")
    }


# --- Weeks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,monday,start,end",
    [
        # Winter time (UTC+1): the week starts Sunday 23:00 UTC.
        ("2026-W45", "2026-11-02", "2026-11-01T23:00:00.000Z", "2026-11-08T23:00:00.000Z"),
        # Summer time ends on Sunday 25 October: that week lasts 169 hours.
        ("2026-W43", "2026-10-19", "2026-10-18T22:00:00.000Z", "2026-10-25T23:00:00.000Z"),
        # ISO week 53 exists in 2026 and runs into 2027.
        ("2026-W53", "2026-12-28", "2026-12-27T23:00:00.000Z", "2027-01-03T23:00:00.000Z"),
        ("2020-W53", "2020-12-28", "2020-12-27T23:00:00.000Z", "2021-01-03T23:00:00.000Z"),
        # Week 1 of 2027 begins on Monday 4 January.
        ("2027-W01", "2027-01-04", "2027-01-03T23:00:00.000Z", "2027-01-10T23:00:00.000Z"),
    ],
)
def test_week_bounds_are_monday_midnight_in_the_users_zone(text, monday, start, end):
    week = weeks.parse_week(text, OSLO)
    assert week.monday.isoformat() == monday
    assert (timeutil.iso(week.start), timeutil.iso(week.end)) == (start, end)
    assert str(week) == text


def test_week_53_leads_to_week_1_and_back():
    w53 = weeks.parse_week("2026-W53", OSLO)
    assert str(w53.shift(1)) == "2027-W01" and str(w53.shift(-1)) == "2026-W52"
    assert str(w53.shift(1).shift(-1)) == "2026-W53"
    assert w53.sunday == datetime.date(2027, 1, 3)


@pytest.mark.parametrize(
    "text",
    ["2025-W53", "2026-W54", "2026-W00", "2026-W5", "2026-w48", "26-W48", "1999-W10", "", "x"],
)
def test_not_a_week(text):
    with pytest.raises(ValueError):
        weeks.parse_week(text, OSLO)


@pytest.mark.parametrize(
    "moment,zone,week",
    [
        ("2026-11-08T22:30:00Z", "Europe/Oslo", "2026-W45"),  # Sunday 23:30 in Oslo
        ("2026-11-08T23:00:00Z", "Europe/Oslo", "2026-W46"),  # Monday 00:00 in Oslo
        ("2026-11-08T23:30:00Z", "UTC", "2026-W45"),  # still Sunday in UTC
        ("2026-11-08T16:00:00Z", "Asia/Tokyo", "2026-W46"),  # Monday 01:00 in Tokyo
        ("2027-01-03T22:59:00Z", "Europe/Oslo", "2026-W53"),
    ],
)
def test_which_week_a_moment_is_in_depends_on_the_zone(moment, zone, week):
    assert str(weeks.week_of(utc(moment), ZoneInfo(zone))) == week


def test_a_broken_zone_setting_falls_back_to_the_default():
    assert weeks.zone("Not/AZone") == ZoneInfo("Europe/Oslo")
    assert weeks.zone("Europe/Warsaw") == ZoneInfo("Europe/Warsaw")


# --- The rep's figures ----------------------------------------------------------------


def test_rep_figures_of_the_fixed_week(week45, people, world, db):
    f = figures.figures(db, people["rep"], [world["rep"]["id"]], W45, LATER)[world["rep"]["id"]]
    assert f["visits"] == 5  # V1..V5; V0 is week 44, V6 week 46
    assert f["clients"] == 2  # Fjord, Berg
    assert f["minutes"] == 60 + 120 + 20  # V1, V2 ∪ V3 (overlap once), V5; V4 unfinished = 0
    assert f["unfinished"] == 1
    assert f["touched"] == 2 and f["rate"] == pytest.approx(2 / 5)  # V1 linked, V2 same day
    assert f["notes"] == 3  # N1 N2 N3; N4 written Monday 00:10 Oslo is week 46
    assert (f["promises_made"], f["kept_on_time"], f["kept_late"], f["overdue"]) == (4, 2, 2, 2)
    assert f["new_topics"] == 2


def test_each_visit_of_the_week(week45, people, world, db):
    rows = figures.visits(db, people["rep"], [world["rep"]["id"]], W45.start, W45.end, OSLO)
    got = [(r["id"], r["minutes"], r["personal"], r["noted"]) for r in rows]
    assert got == [
        (week45["v1"], 60, True, True),
        (week45["v2"], 90, True, True),
        (week45["v3"], 60, False, False),  # the colleague's same-day note does not count
        (week45["v4"], None, False, True),  # linked note without a topic; never checked out
        (week45["v5"], 20, False, False),  # the unlinked note came after local midnight
    ]


def test_visits_per_weekday_are_counted_by_local_day(week45, people, world, db):
    rows = figures.visits(db, people["rep"], [world["rep"]["id"]], W45.start, W45.end, OSLO)
    assert figures.by_weekday(rows, OSLO) == [1, 2, 0, 1, 0, 0, 1]


def test_the_same_data_seen_from_utc_puts_the_late_visits_in_another_week(
    week45, people, world, db
):
    w45_utc = weeks.parse_week("2026-W45", ZoneInfo("UTC"))
    rows = figures.visits(
        db, people["rep"], [world["rep"]["id"]], w45_utc.start, w45_utc.end, w45_utc.tz
    )
    # In UTC V0 (Sunday 22:59) is week 44 too, but V6 (Sunday 23:30) joins week 45.
    assert [r["id"] for r in rows] == [week45[v] for v in ("v1", "v2", "v3", "v4", "v5", "v6")]


def test_a_week_without_visits_has_no_rate(world, people, db):
    f = figures.figures(db, people["rep"], [world["rep"]["id"]], W45, LATER)[world["rep"]["id"]]
    assert f["visits"] == 0 and f["rate"] is None and f["minutes"] == 0


def test_trend_of_eight_weeks(week45, people, world, db):
    rows = figures.trend(db, people["rep"], [world["rep"]["id"]], W45)
    assert [str(r["week"]) for r in rows] == [f"2026-W{n}" for n in range(38, 46)]
    assert [r["visits"] for r in rows] == [0, 0, 0, 0, 0, 0, 1, 5]
    assert [r["rate"] for r in rows][-2:] == [0, pytest.approx(0.4)]
    assert [r["rate"] for r in rows][:6] == [None] * 6


def test_overdue_counts_as_of_now_while_the_week_runs(week45, people, world, db):
    # Wednesday 4 November, noon: P4 (due 6 Nov) is not overdue yet, P6 (due 15 Oct) is.
    wednesday = utc("2026-11-04T11:00:00Z")
    f = figures.figures(db, people["rep"], [world["rep"]["id"]], W45, wednesday)[world["rep"]["id"]]
    assert f["overdue"] == 1


def test_notes_of_the_week_grouped_by_client(week45, people, world, db):
    notes = figures.week_notes(db, people["rep"], [world["rep"]["id"]], W45)
    assert [n["id"] for n in notes] == [week45["n1"], week45["n2"], week45["n3"]]
    assert notes[0]["contacts"] == ["Anna Fjord"]
    assert [(t["title"], t["status"]) for t in notes[0]["topics"]] == [("Golf", "followed_up")]
    groups = figures.group_by_client(notes)
    assert [g["client_name"] for g in groups] == ["Berg Elektro AS", "Fjord Rør AS"]
    assert [n["id"] for n in groups[0]["notes"]] == [week45["n2"], week45["n3"]]


# --- The team -------------------------------------------------------------------------


def test_team_rows_and_totals(week45, people, world, db):
    team = figures.get_team(db, people["manager"])
    data = kept_weeks.team_week(db, people["manager"], team, W45, LATER)
    assert [r["name"] for r in data["rows"]] == ["Rep colleague", "Rep rep"]
    colleague = data["rows"][0]["figures"]
    assert (colleague["visits"], colleague["clients"], colleague["minutes"]) == (1, 1, 45)
    assert (colleague["touched"], colleague["notes"], colleague["new_topics"]) == (1, 2, 1)
    total = data["total"]
    assert (total["visits"], total["clients"], total["minutes"], total["unfinished"]) == (
        6,
        3,
        245,
        1,
    )
    assert total["rate"] == pytest.approx(3 / 6)
    assert (total["notes"], total["promises_made"], total["kept_on_time"]) == (5, 4, 2)
    assert (total["kept_late"], total["overdue"], total["new_topics"]) == (2, 2, 3)
    assert data["weekday"] == [1, 3, 0, 1, 0, 0, 1]
    assert [c["name"] for c in data["overdue_clients"]] == ["Gammel Kunde AS", "Nord Trykk AS"]
    assert [p["text"] for p in data["overdue_promises"]] == ["Fix the invoice", "Book a demo"]


def test_a_manager_who_visits_appears_in_the_team(week45, people, world, db, make):
    review_data.Builder(db).visit(
        world["mine"], world["manager"]["id"], "11-04 08:00", "11-04 09:00"
    )
    names = [m["name"] for m in figures.week_members(db, world["north"], W45)]
    assert names == ["Manager manager", "Rep colleague", "Rep rep"]


# --- The plan for the next week -------------------------------------------------------


def test_plan_for_the_week_after(week45, people, world, db):
    person = figures.get_person(db, people["rep"], world["rep"]["id"])
    p = week_ahead.next_week(db, people["rep"], person, W45, LATER)
    assert str(p["week"]) == "2026-W46" and p["ref"] == W45.end
    clients = [(c["name"], c["overdue_days"], c["days_since"]) for c in p["clients"]]
    assert clients[0] == ("Gammel Kunde AS", 41, 69)
    assert clients[1] == ("Nord Trykk AS", 28, None)  # never visited: a whole rhythm overdue
    assert clients[2][0] == "Berg Elektro AS" and len(clients) == 3
    assert p["clients"][2]["due_date"] == datetime.date(2026, 11, 12)  # V4 + 7 days
    assert p["clients"][2]["questions"] == 1
    promises = [(x["text"], x["overdue"], x["days_overdue"]) for x in p["promises"]]
    assert promises == [
        ("Fix the invoice", True, 25),
        ("Book a demo", True, 3),
        ("Bring samples", False, 0),
    ]
    assert [(t["contact_name"], t["title"]) for t in p["follow_ups"]] == [
        ("Per Berg", "Cabin"),  # at a client to visit next week: first
        ("Anna Fjord", "Dog was sick"),
    ]
    contacts = [(k["name"], k["days_since"]) for k in p["contacts"]]
    assert contacts == [("Nils Nord", None), ("Ola Fjord", None), ("Kari Gammel", 160)]


def test_plan_while_the_week_runs_is_as_of_now(week45, people, world, db):
    person = figures.get_person(db, people["rep"], world["rep"]["id"])
    thursday = utc("2026-11-05T12:00:00Z")
    p = week_ahead.next_week(db, people["rep"], person, W45, thursday)
    assert p["ref"] == thursday
    # P6 is overdue; P4 (due Friday) and P7 (due Sunday, kept only then) are still open.
    # P5 is made at 13:30, after "now"; P8 is due after next week.
    assert [(x["text"], x["overdue"]) for x in p["promises"]] == [
        ("Fix the invoice", True), ("Book a demo", False), ("Email the offer", False),
    ]  # fmt: skip


# --- Who may see whose week -----------------------------------------------------------


@pytest.mark.parametrize(
    "who,whom,allowed",
    [
        ("rep", "rep", True),
        ("rep", "colleague", False),
        ("rep", "manager", False),
        ("manager", "rep", True),
        ("manager", "manager", True),
        ("manager", "stranger", False),
        ("stranger", "rep", False),
        ("admin", "stranger", True),
    ],
)
def test_whose_week_one_may_review(world, people, db, who, whom, allowed):
    if allowed:
        assert figures.get_person(db, people[who], world[whom]["id"])["id"] == world[whom]["id"]
    else:
        with pytest.raises(NotFound):
            figures.get_person(db, people[who], world[whom]["id"])


def test_figures_never_include_another_teams_clients(week45, people, world, db):
    stranger_id = world["stranger"]["id"]
    f = figures.figures(db, people["manager"], [stranger_id], W45, LATER)[stranger_id]
    assert f["visits"] == 0
    f = figures.figures(db, people["admin"], [stranger_id], W45, LATER)[stranger_id]
    assert f["visits"] == 1


@pytest.mark.parametrize(
    "spans,minutes",
    [
        ([], 0),
        ([("08:00", "09:00")], 60),
        ([("08:00", "09:00"), ("08:30", "10:00")], 120),  # overlapping: once
        ([("08:00", "12:00"), ("09:00", "10:00")], 240),  # one inside another
        ([("08:00", "09:00"), ("09:00", "09:30")], 90),  # touching
        ([("10:00", "11:00"), ("08:00", "08:45")], 105),  # any order
        ([("08:00", "07:00")], 0),  # an end before its start counts nothing
    ],
)
def test_time_with_clients_counts_overlaps_once(spans, minutes):
    day = "2026-11-02T{}:00Z"
    moments = [(utc(day.format(a)), utc(day.format(b))) for a, b in spans]
    assert figures._union_minutes(moments) == minutes


@pytest.mark.parametrize(
    "visited,due",
    [
        ("2026-11-01 22:30", True),  # Sunday 23:30 in Oslo: due Sunday 8 November
        ("2026-11-01 23:30", False),  # Monday 00:30 in Oslo: due Monday 9 November, that day
        ("2026-11-02 08:00", False),  # an hour before the moment, seven days earlier
    ],
)
def test_a_client_is_due_when_its_rhythm_ends_on_a_day_before_the_moments(
    world, make, people, db, visited, due
):
    # Due dates are the user's calendar days: a rhythm ending at any hour of Monday makes the
    # client due on Monday, not before it, whatever the hour of the moment.
    until = utc("2026-11-09T08:00:00Z")
    client = make.client(world["north"], world["rep"]["id"], name="Edge AS", rhythm_days=7)
    review_data.Builder(db).visit(client, world["rep"]["id"], visited)
    found = week_ahead.due_clients(
        db, people["rep"], until, until, OSLO, owner_id=world["rep"]["id"]
    )
    assert (client in [c["id"] for c in found]) == due
