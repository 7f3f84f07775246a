"""The weekly review page through HTTP: each figure of the fixed week, charts, plan, notes,
week navigation (ISO week 53 included), time zones, and who may see whose week."""

import html
import re

import pytest
from flask_babel import force_locale
from flask_babel import format_decimal

from tests import review_data
from webapp.review import charts

WEEK = "/review?week=2026-W45"


@pytest.fixture
def week45(world, make, db):
    """The fixed week of field work (see tests/review_data.py)."""
    return review_data.build(world, make, db)


def text(fragment):
    """A piece of HTML as plain text, whitespace squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def stat(page, label):
    """The value of the stat card with this label."""
    match = re.search(
        r'<p class="stat-label">' + re.escape(label) + r'</p>\s*<p class="stat-value">(.*?)</p>'
        r'(?:\s*<p class="stat-note">([^<]*)</p>)?',
        page,
    )
    assert match, f"no stat card {label!r}"
    return text(match[1]), html.unescape(match[2] or "")


def promises(page):
    """The four promise figures: made, kept on time, kept late, overdue."""
    return [int(n) for n in re.findall(r"<dt>[^<]+</dt><dd>(\d+)</dd>", page)]


def section(page, marker, end="</section>"):
    start = page.index(marker)
    return page[start : page.index(end, start)]


def test_rep_sees_every_figure_of_the_week(week45, as_user):
    page = as_user("rep").get(WEEK).text
    assert "Week 45, Nov 2\u2009–\u20098, 2026" in html.unescape(page)  # thin spaces
    assert stat(page, "Visits") == ("5", "4 more than week 44")
    assert stat(page, "Clients met")[0] == "2"
    assert stat(page, "Time with clients") == ("3 hr 20 min", "1 visit not checked out")
    assert stat(page, "Personal touch") == ("40%", "in 2 of 5 visits")
    assert stat(page, "Notes written")[0] == "3"
    assert promises(page) == [4, 2, 2, 2]
    assert stat(page, "New personal topics")[0] == "2"


def test_visits_are_listed_in_the_users_time_zone_with_the_unfinished_marked(week45, as_user):
    visits = text(section(as_user("rep").get(WEEK).text, 'id="visits-h"'))
    # Thin and narrow spaces in Babel's times read as spaces here (text() squeezes them).
    assert "Mon, Nov 2, 9:00 – 10:00 AM Fjord Rør AS Bergen 1 hr ✓ yes" in visits
    assert "Tue, Nov 3, 10:00 – 11:30 AM Berg Elektro AS Oslo 1 hr 30 min ✓ yes" in visits
    assert "Tue, Nov 3, 11:00 AM – 12:00 PM Fjord Rør AS Bergen 1 hr no note" in visits
    assert "Thu, Nov 5, 2:00 PM Berg Elektro AS Oslo not checked out note, no topic" in visits
    assert "Sun, Nov 8, 11:30 – 11:50 PM Fjord Rør AS Bergen 20 min no note" in visits
    assert "Sun, Nov 1" not in visits and "Mon, Nov 9" not in visits
    assert "1 visit has no check-out; it counts as no time with the client." in visits


def test_another_time_zone_moves_the_week_and_the_clock(week45, as_user, db, world):
    db.execute("UPDATE users SET timezone = 'America/New_York' WHERE id = ?", [world["rep"]["id"]])
    page = as_user("rep").get(WEEK).text
    # New York week 45: 2 Nov 05:00 UTC to 9 Nov 05:00 UTC, so V6 joins and V0 stays out.
    assert stat(page, "Visits")[0] == "6"
    assert "Mon, Nov 2, 3:00 – 4:00 AM" in text(section(page, 'id="visits-h"'))


def test_charts_are_svg_with_title_description_and_the_same_figures_as_a_table(week45, as_user):
    page = as_user("rep").get(WEEK).text
    weekday = section(page, 'id="chart-weekday"', "</figure>")
    assert (
        'role="img"' in weekday
        and 'aria-labelledby="chart-weekday-title chart-weekday-desc"' in weekday
    )
    assert '<title id="chart-weekday-title">Visits per weekday</title>' in weekday
    assert (
        "Visits per weekday in week 45: Monday 1, Tuesday 2, Wednesday 0, Thursday 1, "
        "Friday 0, Saturday 0, Sunday 1. In all: 5."
    ) in html.unescape(weekday)
    assert text(section(weekday, "<tbody>", "</tbody>")) == "Visits 1 2 0 1 0 0 1"
    assert weekday.count('<rect class="chart-bar') == 7
    trend = section(page, 'id="chart-trend"', "</figure>")
    rows = text(section(trend, "<tbody>", "</tbody>"))
    assert rows == "Visits 0 0 0 0 0 0 1 5 Personal touch – – – – – – 0% 40%"
    assert "week 45: 5 visits, personal touch 40%" in html.unescape(trend)
    assert "week 44: 1 visit, personal touch 0%" in html.unescape(trend)


@pytest.mark.parametrize(
    ("locale", "week", "visit", "due"),
    [
        ("en", "Week 45, Nov 2 – 8, 2026", "Mon, Nov 2, 9:00 – 10:00 AM", "due Thu, Nov 12"),
        ("nb", "Uke 45, 2.–8. nov. 2026", "man. 2. nov. kl. 09:00–10:00", "frist tor. 12. nov."),
        ("sv", "Vecka 45, 2–8 nov. 2026", "mån 2 nov. kl. 09:00–10:00", "senast tors 12 nov."),
        ("fi", "Viikko 45, 2.–8.11.2026", "ma 2.11. klo 9.00–10.00", "määräpäivä to 12.11."),
        ("pl", "Tydzień 45, 2–8 lis 2026", "pon., 2 lis, 09:00–10:00", "termin: czw., 12 lis"),
    ],
)
def test_the_review_writes_its_dates_in_one_style_per_language(
    week45, as_user, db, world, locale, week, visit, due
):
    # English once wrote "Nov 2 – 8" in the title and "Mon 2 Nov" in the lists.
    db.execute("UPDATE users SET locale = ? WHERE id = ?", [locale, world["rep"]["id"]])
    page = as_user("rep").get(WEEK).text
    assert text(re.search(r"<h1>(.*?)</h1>", page)[1]) == week
    assert visit in text(section(page, 'id="visits-h"'))
    assert due in text(section(page, 'id="plan-h"', "</aside>"))


def test_weekday_names_follow_the_language(week45, as_user, db, world):
    db.execute("UPDATE users SET locale = 'nb' WHERE id = ?", [world["rep"]["id"]])
    page = as_user("rep").get(WEEK).text
    head = section(page, 'id="chart-weekday"', "</thead>")
    assert 'title="mandag"' in head and 'title="søndag"' in head


def test_plan_for_next_week(week45, as_user):
    plan = text(section(as_user("rep").get(WEEK).text, 'id="plan-h"', "</aside>"))
    assert "Plan for week 46" in plan and "As it stood at the end of week 45" in plan
    assert (
        "Clients to visit 3 Gammel Kunde AS Molde · last visit 69 days ago 41 days overdue "
        "Nord Trykk AS Tromsø · not visited yet New "
        "Berg Elektro AS Oslo · last visit 4 days ago · 1 question waiting due Thu, Nov 12"
    ) in plan
    assert (
        "Promises due 3 Fix the invoice Fjord Rør AS 25 days overdue "
        "Book a demo Fjord Rør AS 3 days overdue Bring samples Berg Elektro AS due Thu, Nov 12"
    ) in plan
    assert "Per Berg · Cabin Ask about the cabin Berg Elektro AS" in plan
    assert plan.index("Ask about the cabin") < plan.index("Ask how the dog is")
    assert "Ask about the handicap" not in plan  # followed up already
    assert (
        "Not met for a long time 3 Nils Nord · Buyer Nord Trykk AS never met "
        "Ola Fjord · Buyer Fjord Rør AS never met Kari Gammel · Buyer Gammel Kunde AS 160 days"
    ) in plan
    assert "Archived Old AS" not in plan


def test_plan_links_to_the_briefings(week45, as_user, world):
    plan = section(as_user("rep").get(WEEK).text, 'id="plan-h"', "</aside>")
    assert (
        f'href="/clients/{week45["gammel"]}"' in plan and f'href="/clients/{world["mine"]}"' in plan
    )


def test_notes_grouped_by_client(week45, as_user):
    notes = text(section(as_user("rep").get(WEEK).text, 'id="notes-h"'))
    assert notes.index("Berg Elektro AS") < notes.index("Fjord Rør AS")
    assert notes.index("@channel Per is planning a cabin trip.") < notes.index("=1+2 price list")
    assert "Met: Per Berg" in notes and "Golf · followed up" in notes
    assert "Late note." not in notes  # written Monday 00:10 in Oslo: week 46


def test_week_navigation_links(week45, as_user):
    page = as_user("rep").get(WEEK).text
    assert 'href="/review?week=2026-W44" rel="prev"' in page
    assert 'href="/review?week=2026-W46" rel="next"' in page
    assert ">This week</a>" in page


def test_iso_week_53(as_user, world, db):
    b = review_data.Builder(db)
    b.visit(world["mine"], world["rep"]["id"], "2020-12-27 22:45", "2020-12-27 22:55")  # Sun 23:45
    b.visit(world["mine"], world["rep"]["id"], "2020-12-27 23:15", "2020-12-27 23:45")  # Mon 00:15
    b.visit(world["mine"], world["rep"]["id"], "2021-01-03 21:30", "2021-01-03 22:00")  # Sun 22:30
    rep = as_user("rep")
    page = rep.get("/review?week=2020-W53").text
    assert "Week 53, Dec 28, 2020\u2009–\u2009Jan 3, 2021" in html.unescape(page)
    assert stat(page, "Visits")[0] == "2" and stat(page, "Time with clients")[0] == "1 hr"
    assert 'href="/review?week=2020-W52" rel="prev"' in page
    assert 'href="/review?week=2021-W01" rel="next"' in page
    assert stat(rep.get("/review?week=2020-W52").text, "Visits")[0] == "1"
    assert stat(rep.get("/review?week=2021-W01").text, "Visits")[0] == "0"


@pytest.mark.parametrize(
    "week", ["2025-W53", "2026-W54", "2026-W0", "banana", "<b>x</b>", "9999-W01"]
)
def test_a_bad_week_is_a_friendly_400(world, as_user, week):
    response = as_user("rep").get("/review", query_string={"week": week})
    assert response.status_code == 400
    assert "Weeks are written like 2026-W48" in response.text and "<b>x" not in response.text


def test_this_week_is_the_default(world, as_user):
    page = as_user("rep").get("/review").text
    assert "Plan for week" in page and "As of" in page
    assert 'rel="next"' not in page  # nothing to see after this week


def test_team_review_one_row_per_rep(week45, as_user, world):
    page = as_user("manager").get(WEEK).text
    assert "Team North" in page
    assert stat(page, "Visits")[0] == "6" and stat(page, "Personal touch")[0] == "50%"
    assert stat(page, "Time with clients")[0] == "4 hr 5 min" and promises(page) == [4, 2, 2, 2]
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</tr>", section(page, "<tbody>", "</tbody>"), re.S
    )
    assert [text(r) for r in rows] == [
        "Rep colleague 1 1 45 min 100% 2 0 0 0 0 1",
        "Rep rep 5 1 2 3 hr 20 min 40% 3 4 2 2 2 2",  # 5 visits, 1 unfinished, 2 clients
    ]
    assert f'href="/review?week=2026-W45&amp;rep={world["rep"]["id"]}"' in page
    assert text(section(page, "<tfoot>", "</tfoot>")) == "Team 6 3 4 hr 5 min 50% 5 4 2 2 2 3"
    assert "Southern" not in page and "Rep stranger" not in page


def test_team_review_lists_what_is_overdue(week45, as_user):
    overdue = text(section(as_user("manager").get(WEEK).text, 'id="overdue-h"', "</aside>"))
    assert "Gammel Kunde AS Molde · Rep rep · last visit 69 days ago 41 days overdue" in overdue
    assert "Fix the invoice Fjord Rør AS · Rep rep 25 days overdue" in overdue
    assert "Bring samples" not in overdue  # not due yet


def test_manager_clicks_through_to_a_reps_week(week45, as_user, world):
    page = as_user("manager").get(f"{WEEK}&rep={world['rep']['id']}").text
    assert "Weekly review · Rep rep" in page and stat(page, "Visits")[0] == "5"
    assert "Plan for week 46" in page and "Calendar feed" not in section(
        page, "review-tools", "</header>"
    )


def test_review_pages_keep_to_the_content_security_policy(week45, as_user):
    for who in ("rep", "manager"):
        page = as_user(who).get(WEEK).text
        assert " style=" not in page
        assert all(
            "src=" in tag or "application/json" in tag for tag in re.findall(r"<script[^>]*>", page)
        )


def test_header_links_to_the_weekly_review(world, as_user):
    page = as_user("rep").get("/").text
    assert 'href="/review"' in page and ">Weekly review</a>" in page


# --- Access ---------------------------------------------------------------------------

ACCESS = [
    ("rep", "rep={rep}", 200),
    ("rep", "rep={colleague}", 404),
    ("rep", "rep={manager}", 404),
    ("rep", "team={north}", 404),
    ("rep", "rep=banana", 404),
    ("manager", "rep={rep}", 200),
    ("manager", "team={north}", 200),
    ("manager", "rep={stranger}", 404),
    ("manager", "team={south}", 404),
    ("manager", "rep=99999", 404),
    ("stranger", "rep={rep}", 404),
    ("stranger", "team={north}", 404),
    ("admin", "team={south}", 200),
    ("admin", "rep={stranger}", 200),
    ("admin", "team=99999", 404),
]


def _ids(world):
    return {k: (v["id"] if isinstance(v, dict) else v) for k, v in world.items()}


@pytest.mark.parametrize("path", ["/review", "/review/export.csv"])
@pytest.mark.parametrize("who,query,status", ACCESS)
def test_who_sees_whose_week(week45, world, as_user, path, who, query, status):
    response = as_user(who).get(f"{path}?week=2026-W45&{query.format(**_ids(world))}")
    assert response.status_code == status
    if status == 404:
        assert "Fjord" not in response.text and "Southern" not in response.text


def test_a_stranger_sees_only_their_own_week(week45, as_user):
    page = as_user("stranger").get(WEEK).text
    assert stat(page, "Visits")[0] == "1"
    assert "Fjord" not in page and "Berg Elektro" not in page and "Rep rep" not in page


@pytest.mark.parametrize("url", ["/review", "/review/export.csv", "/review/calendar"])
def test_review_needs_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_admin_picks_a_team(week45, as_user, world):
    admin = as_user("admin")
    page = admin.get(WEEK).text
    assert "Team North" in page and stat(page, "Visits")[0] == "6"
    assert '<select id="team-select" name="team">' in page and ">South</option>" in page
    page = admin.get(f"{WEEK}&team={world['south']}").text
    assert "Team South" in page and stat(page, "Visits")[0] == "1" and "Fjord" not in page


def test_long_overdue_lists_render_twenty_and_count_the_rest(world, make, as_user):
    for n in range(60):
        make.client(world["north"], world["colleague"]["id"], name=f"Never Seen {n:02d} AS")
    page = as_user("manager").get("/review").text
    assert "Show 14 more" in page  # 62 never-visited clients: 6 shown, 14 folded,
    assert "and 42 more" in page  # 42 counted
    assert page.count("Never Seen ") <= 20


@pytest.mark.parametrize("locale", ["en", "nb", "sv", "fi", "pl", "tok"])
def test_counts_are_written_as_babel_writes_them(app, locale):
    with app.test_request_context("/"), force_locale(locale):
        count = charts.counter()
        for n in [0, 1, 7, 42, 99, 999, 1000, 12345, 2.5]:
            assert count(n) == format_decimal(n), n  # "tok" groups 999 as "9 99"
