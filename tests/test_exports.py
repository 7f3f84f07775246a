"""Exports: the week as CSV (exact rows, BOM, formula escaping) and the calendar feed (RFC
5545 text, secret per-user URL that can be rotated and revoked)."""

import csv
import hashlib
import io
import re

import pytest

from tests import review_data
from webapp import db as database
from webapp import timeutil
from webapp.accounts import users
from webapp.review import exports
from webapp.review import weeks

WEEK = "2026-W45"


@pytest.fixture
def week45(world, make, db):
    """The fixed week of field work (see tests/review_data.py)."""
    return review_data.build(world, make, db)


def read_csv(response, delimiter=","):
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    content = body[3:].decode("utf-8")
    assert "\r\n" in content and "\n" not in content.replace("\r\n", "")
    return list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))


# --- CSV ------------------------------------------------------------------------------


def test_csv_of_the_reps_week_row_by_row(week45, as_user):
    response = as_user("rep").get(f"/review/export.csv?week={WEEK}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="folka-2026-W45-rep-rep.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == exports.CSV_COLUMNS
    r, fj, be = "Rep rep", ["Fjord Rør AS", "Bergen"], ["Berg Elektro AS", "Oslo"]
    assert rows[1:] == [
        ["visit", "2026-11-02", "09:00", "10:00", "60", r, *fj, "1", "", "", "", week45["v1"]],
        ["note", "2026-11-02", "10:10", "", "", r, *fj, "", "Anna Fjord", "Golf",
         "Anna's golf is going well.", week45["n1"]],
        ["visit", "2026-11-03", "10:00", "11:30", "90", r, *be, "1", "", "", "", week45["v2"]],
        ["visit", "2026-11-03", "11:00", "12:00", "60", r, *fj, "0", "", "", "", week45["v3"]],
        ["note", "2026-11-03", "12:00", "", "", r, *be, "", "Per Berg", "Cabin trip",
         "'@channel Per is planning a cabin trip.", week45["n2"]],
        ["visit", "2026-11-05", "14:00", "", "", r, *be, "0", "", "", "", week45["v4"]],
        ["note", "2026-11-05", "14:30", "", "", r, *be, "", "", "",
         "'=1+2 price list discussed", week45["n3"]],
        ["visit", "2026-11-08", "23:30", "23:50", "20", r, *fj, "0", "", "", "", week45["v5"]],
    ]  # fmt: skip


def test_csv_for_a_manager_is_the_teams_week(week45, as_user):
    rows = read_csv(as_user("manager").get(f"/review/export.csv?week={WEEK}"))
    assert len(rows) == 1 + 8 + 3  # the rep's 8 rows; the colleague's visit and two notes
    assert {row[5] for row in rows[1:]} == {"Rep rep", "Rep colleague"}
    assert all("Southern" not in row[6] for row in rows)


def test_csv_uses_semicolons_where_decimals_have_a_comma(week45, as_user, db, world):
    db.execute("UPDATE users SET locale = 'nb' WHERE id = ?", [world["rep"]["id"]])
    rows = read_csv(as_user("rep").get(f"/review/export.csv?week={WEEK}"), delimiter=";")
    assert rows[0] == exports.CSV_COLUMNS and len(rows) == 9
    assert rows[1][6] == "Fjord Rør AS"


@pytest.mark.parametrize(
    "value,cell",
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+47 555 12 345", "'+47 555 12 345"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
        (None, ""),
        (60, "60"),
    ],
)
def test_csv_cells_that_look_like_formulas_are_defused(value, cell):
    assert exports.cell(value) == cell


def test_csv_of_a_client_name_that_is_a_formula(world, as_user, db, make):
    evil = make.client(world["north"], world["rep"]["id"], name='=HYPERLINK("http://x","y")')
    review_data.Builder(db).visit(evil, world["rep"]["id"], "11-04 08:00", "11-04 09:00")
    rows = read_csv(as_user("rep").get(f"/review/export.csv?week={WEEK}"))
    assert rows[1][6] == '\'=HYPERLINK("http://x","y")'


# --- Calendar feed --------------------------------------------------------------------


def unfold(body):
    """RFC 5545 content lines: CRLF line ends, continuation lines begin with a space."""
    text = body.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def events(lines):
    """Each VEVENT as a dict of property (with parameters) -> value."""
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def make_feed(browser):
    """Turn on the calendar link; returns the feed's path."""
    browser.get("/review/calendar")
    page = browser.post("/review/calendar", data={"action": "create"}).text
    match = re.search(r'value="http://localhost(/calendar/[A-Za-z0-9_-]+\.ics)"', page)
    assert match, "the new link is shown once"
    return match[1]


def test_calendar_feed_of_open_promises_and_planned_visits(week45, as_user, app, world):
    path = make_feed(as_user("rep"))
    response = app.test_client().get(path)  # no login: the token is the key
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfold(response.data)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    found = events(lines)
    promised = [e for e in found if e["UID"].startswith("promise-")]
    assert [(e["DTSTART;VALUE=DATE"], e["SUMMARY"]) for e in promised] == [
        ("20261106", "Promise to Fjord Rør AS: Book a demo"),
        ("20261112", "Promise to Berg Elektro AS: Bring samples"),
        ("20261120", "Promise to Berg Elektro AS: Visit with boss"),
    ]  # kept ones (P6 too, kept late) are not in the feed
    assert promised[0]["UID"] == f"promise-{week45['p4']}@folka"
    assert promised[0]["DTEND;VALUE=DATE"] == "20261107"
    assert promised[0]["URL"] == f"http://localhost/clients/{world['mine']}"
    visits = [e for e in found if e["UID"].startswith("visit-")]
    assert sorted(e["SUMMARY"] for e in visits) == [
        "Visit Berg Elektro AS", "Visit Fjord Rør AS",
        "Visit Gammel Kunde AS", "Visit Nord Trykk AS",
    ]  # fmt: skip
    for event in found:
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert re.fullmatch(r"\d{8}", event["DTSTART;VALUE=DATE"])


def test_calendar_events_on_a_fixed_day(week45, app, db, world):
    rep = users.get_user(db, world["rep"]["id"])
    now = timeutil.parse("2026-12-01T12:00:00Z")
    with app.test_request_context():
        found = exports.calendar_events(db, rep, weeks.zone("Europe/Oslo"), now)
    visits = [
        (str(e["date"]), e["summary"], e["description"])
        for e in found
        if e["uid"].startswith("visit-")
    ]
    asks = "Questions to follow up:\n"
    assert visits == [
        # Berg was due 16 Nov (V6 + 7 days), Gammel in September, Nord never visited: today.
        ("2026-12-01", "Visit Berg Elektro AS", asks + "Per Berg: Ask about the cabin"),
        ("2026-12-01", "Visit Nord Trykk AS", "No questions waiting."),
        ("2026-12-01", "Visit Gammel Kunde AS", "No questions waiting."),
        # Fjord: V5 on 8 Nov 23:30 Oslo + 28 days.
        ("2026-12-06", "Visit Fjord Rør AS", asks + "Anna Fjord: Ask how the dog is"),
    ]


def test_ics_text_is_escaped_and_folded_without_breaking_letters():
    long = "Å" * 40 + ", then; call\\back\nover"
    assert exports.ics_escape(long).endswith("Å\\, then\\; call\\\\back\\nover")
    folded = exports.fold_line("SUMMARY:" + exports.ics_escape(long))
    for line in folded.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
        line.encode("utf-8").decode("utf-8")  # each line is whole characters
    assert folded.replace("\r\n ", "") == "SUMMARY:" + exports.ics_escape(long)
    assert exports.fold_line("SHORT:x") == "SHORT:x"


def test_calendar_feed_carries_no_raw_control_characters(world, as_user, app, db):
    text = "Call\x0bback\x0cthen\x85send\u2028the\u2029offer\x01\x1b\x7f\x9b\tnow\r\nok"
    with database.transaction(db):
        db["promises"].insert(
            {
                "id": "00000000-0000-4000-a000-000000000c01",
                "client_id": world["mine"],
                "user_id": world["rep"]["id"],
                "text": text,
                "due_date": "2026-11-20",
                "made_at": "2026-11-01T08:00:00.000Z",
                "received_at": "2026-11-01T08:00:00.000Z",
            }
        )
    body = app.test_client().get(make_feed(as_user("rep"))).data.decode("utf-8")
    lines = body.replace("\r\n", "")  # the only line ends RFC 5545 allows
    assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]", lines)
    (promise,) = [e for e in events(unfold(body.encode())) if e["UID"].startswith("promise-")]
    assert promise["DESCRIPTION"] == "Call\\nback\\nthen\\nsend\\nthe\\noffer\tnow\\nok"


def test_only_a_hash_of_the_token_is_stored(world, as_user, db):
    path = make_feed(as_user("rep"))
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    row = db["calendar_tokens"].get(world["rep"]["id"])
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(row)


def test_a_wrong_rotated_or_revoked_token_is_404(world, as_user, app, db):
    rep = as_user("rep")
    anyone = app.test_client()
    first = make_feed(rep)
    assert anyone.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    second = make_feed(rep)  # making a new link ends the old one
    assert anyone.get(first).status_code == 404
    assert anyone.get(second).status_code == 200
    page = rep.post("/review/calendar", data={"action": "revoke"}).text
    assert "The calendar link is turned off" in page and "You have no calendar link" in page
    assert anyone.get(second).status_code == 404


def test_a_deactivated_users_feed_is_404(world, as_user, app, db):
    path = make_feed(as_user("rep"))
    db.execute("UPDATE users SET active = 0 WHERE id = ?", [world["rep"]["id"]])
    assert app.test_client().get(path).status_code == 404


def test_calendar_page_shows_status_and_needs_csrf(world, as_user):
    rep = as_user("rep")
    assert "You have no calendar link" in rep.get("/review/calendar").text
    make_feed(rep)
    page = rep.get("/review/calendar").text
    assert "Link made" in page and "Not read by a calendar yet" in page
    assert "/calendar/" not in page  # the link itself is shown only once
    response = rep.client.post("/review/calendar", data={"action": "create"})
    assert response.status_code == 400
