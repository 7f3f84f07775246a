"""The Today page: my clients by due-ness, the checked-in client on top, search."""


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
