"""The Today page: my clients by due-ness, the checked-in client on top, search."""

import datetime
import html
import re
import zoneinfo

from webapp import timeutil


def test_rep_sees_own_clients_most_overdue_first(world, make, as_user):
    north, rep = world["north"], world["rep"]["id"]
    recent = make.client(north, rep, name="Recently Seen AS")
    make.visit(recent, rep, days_ago=3)
    overdue = make.client(north, rep, name="Long Ago AS", rhythm_days=14)
    make.visit(overdue, rep, days_ago=50)
    page = as_user("rep").get("/").text
    assert page.index("Long Ago AS") < page.index("Fjord Rør AS") < page.index("Recently Seen AS")
    assert "36 days overdue" in page
    assert "Last visit 3 days ago" in page
    assert "Colleague&#39;s Client AS" not in page
    assert "Southern Secret" not in page


def test_checked_in_client_is_on_top(world, make, as_user):
    make.visit(world["mine"], world["rep"]["id"], days_ago=0, open_=True)
    page = as_user("rep").get("/").text
    assert page.index("Checked in") < page.index("<h1>")


def test_manager_sees_the_whole_team(world, as_user):
    page = as_user("manager").get("/").text
    assert "Fjord Rør AS" in page and "Colleague&#39;s Client AS" in page
    assert "Southern Secret" not in page


def test_admin_sees_every_team(world, as_user):
    page = as_user("admin").get("/").text
    assert "Fjord Rør AS" in page and "Southern Secret" in page


def test_search_finds_team_clients_by_name_city_and_contact(world, make, as_user):
    make.contact(world["theirs"], name="Åse Kjærnes")
    rep = as_user("rep")
    assert "Colleague&#39;s Client AS" in rep.get("/?q=colleague").text
    assert "Colleague&#39;s Client AS" in rep.get("/?q=oslo").text
    by_contact = rep.get("/?q=åse kjær").text
    assert "Colleague&#39;s Client AS" in by_contact and "Fjord Rør AS" not in by_contact
    assert "Fjord Rør AS" in rep.get("/?q=fjord rør").text


def test_search_never_crosses_teams_and_treats_wildcards_literally(world, as_user):
    rep = as_user("rep")
    assert "Southern Secret" not in rep.get("/?q=southern").text
    assert "No client matches your search." in rep.get("/?q=%25").text
    assert "No client matches your search." in rep.get("/?q=_").text


def test_empty_today_offers_to_add_a_client(make, app, browser):
    team = make.team()
    make.user("rep", team, email="new@example.com")
    browser.login("new@example.com")
    page = browser.get("/").text
    assert "You have no clients yet." in page and "/clients/new" in page


def test_a_long_list_shows_the_most_due_and_says_how_many_more(world, make, as_user):
    for n in range(101):
        make.client(world["north"], world["colleague"]["id"], name=f"Bulk {n:03d} AS")
    page = as_user("manager").get("/").text
    assert page.count('class="client-row') == 100
    assert "Showing the 100 most due of 103 clients. Search to find the others." in page
    assert "Bulk 050 AS" in as_user("manager").get("/?q=bulk 050").text


def test_today_and_the_weekly_plan_count_due_days_alike(world, make, db, as_user, monkeypatch):
    # Friday 4 December 2026, 10:00 in Oslo. Once Today counted 24-hour blocks from the last
    # visit's hour: a client due yesterday afternoon was "Due today" while the plan said
    # "due Thu, Dec 3", and one due today at 15:00 was not due at all.
    oslo = zoneinfo.ZoneInfo("Europe/Oslo")
    now = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=oslo)
    monkeypatch.setattr(timeutil, "now", lambda: now.astimezone(datetime.UTC))
    db.execute("UPDATE users SET timezone = 'Europe/Oslo' WHERE id = ?", [world["rep"]["id"]])
    rep, north, ids = world["rep"]["id"], world["north"], {}
    for name, visited in [
        ("Due Yesterday AS", datetime.datetime(2026, 11, 19, 15, 0, tzinfo=oslo)),
        ("Due Today AS", datetime.datetime(2026, 11, 20, 15, 0, tzinfo=oslo)),
        ("Due Monday AS", datetime.datetime(2026, 11, 23, 8, 0, tzinfo=oslo)),
    ]:
        client_id = ids[name] = make.client(north, rep, name=name, rhythm_days=14)
        visit_id = make.visit(client_id, rep)
        db.execute(
            "UPDATE visits SET checked_in_at = ?, checked_out_at = ? WHERE id = ?",
            [timeutil.iso(visited), timeutil.iso(visited + datetime.timedelta(hours=1)), visit_id],
        )
    browser = as_user("rep")
    today = browser.get("/").text
    assert row_badge(today, "Due Yesterday AS") == "1 day overdue"
    assert row_badge(today, "Due Today AS") == "Due today"
    assert row_badge(today, "Due Monday AS") == ""
    plan = browser.get("/review").text
    plan = plan[plan.index('id="plan-h"') :]
    assert re.search(r"Due Yesterday AS</a>.*?1 day overdue", plan, re.S)
    assert re.search(r"Due Today AS</a>.*?due Fri, Dec 4", plan, re.S)
    assert re.search(r"Due Monday AS</a>.*?due Mon, Dec 7", plan, re.S)
    briefing = browser.get(f"/clients/{ids['Due Yesterday AS']}").text
    assert "1 day overdue" in briefing


def row_badge(page, name):
    """The due badge in the Today row of the client called `name` ('' when it has none)."""
    row = re.search(re.escape(name) + r"</strong>.*?</a>", page, re.S)[0]
    badge = re.search(r'<span class="badge[^"]*">([^<]*)</span>', row)
    return badge[1] if badge else ""


def test_search_names_the_people_found_and_says_it_is_a_search(world, make, as_user):
    north, rep = world["north"], world["rep"]["id"]
    make.contact(world["mine"], name="Kari Nordmann", title="Innkjøper")
    make.contact(world["mine"], name="Ola Nordmann", title="Daglig leder")
    make.contact(world["theirs"], name="Åse Kårstad", title="Lagerleder")
    make.client(north, rep, name="Karihaugen Bygg AS")
    page = as_user("rep").get("/?q=kari").text
    assert "<h1>Search results</h1>" in page and "<h1>Today</h1>" not in page
    assert "<title>Search results" in page
    rows = {name: people for name, people in result_rows(page)}
    assert rows == {
        "Fjord Rør AS": ["Kari Nordmann · Innkjøper"],
        "Karihaugen Bygg AS": [],  # found by its own name
    }
    by_folded_name = dict(result_rows(as_user("rep").get("/?q=ÅSE KÅR").text))
    assert by_folded_name == {"Colleague's Client AS": ["Åse Kårstad · Lagerleder"]}
    assert "<h1>Today</h1>" in as_user("rep").get("/").text


def result_rows(page):
    """(client name, [the people found there, "name · role"]) for each row of a result list."""
    found = []
    for row in re.findall(r'<a class="client-row.*?</a>', page, re.S):
        name = html.unescape(re.search(r"<strong>(.*?)</strong>", row)[1])
        people = re.findall(r'<span class="client-person small">(.*?)</span>', row)
        found.append((name, [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in people]))
    return found
