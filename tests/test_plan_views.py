"""Planning the day through HTTP: the map and route pages, saving a plan, who sees what."""

import datetime
import re
import uuid

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import flashes
from webapp import create_app
from webapp import timeutil


def _save(browser, world, stops, plan_id=None, day="2026-12-07", **fields):
    data = {
        "op_id": str(uuid.uuid4()),
        "plan_id": plan_id or str(uuid.uuid4()),
        "day": day,
        "start_label": "Home",
        "start_lat": "60.39",
        "start_lng": "5.32",
        "start_time": "08:30",
        "speed_kmh": "40",
        **fields,
    }
    form = list(data.items())
    for client_id, minutes in stops:
        form += [("stop", str(client_id)), (f"m{client_id}", str(minutes))]
    browser.get("/plan")
    return browser.client.post("/plan/save", data=MultiDict([("csrf_token", browser.token), *form]))


def _plans(db):
    return list(db.query("SELECT * FROM day_plans ORDER BY id"))


def _stops(db, plan_id):
    return list(
        db.query("SELECT * FROM day_plan_stops WHERE plan_id = ? ORDER BY position", [plan_id])
    )


def test_map_lists_every_client_of_the_rep_with_its_state(world, make, as_user):
    make.client(world["north"], world["rep"]["id"], name="Nowhere AS", lat=None, lon=None)
    rep = as_user("rep")
    page = rep.get("/map").text
    assert "Fjord Rør AS" in page and "Nowhere AS" in page
    assert "Colleague&#39;s Client AS" not in page  # a rep's map shows their own clients
    assert 'data-state="never"' in page
    assert "No position on the map yet." in page
    assert page.count('class="map-row"') == 2


def test_manager_sees_the_team_and_filters_by_rep(world, as_user):
    manager = as_user("manager")
    page = manager.get("/map").text
    assert "Fjord Rør AS" in page and "Colleague&#39;s Client AS" in page
    assert "Southern Secret" not in page
    page = manager.get(f"/map?rep={world['colleague']['id']}").text
    assert "Colleague&#39;s Client AS" in page and "Fjord Rør AS" not in page
    assert manager.get(f"/map?rep={world['stranger']['id']}").status_code == 404


def test_map_allows_the_tile_server_and_no_other(as_user):
    rep = as_user("rep")
    policy = rep.get("/map").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org;" in policy


def test_route_orders_the_chosen_clients_and_saves_them(world, make, db, as_user):
    north, rep_id = world["north"], world["rep"]["id"]
    far = make.client(north, rep_id, name="Far AS", lat=60.60, lon=5.32)
    near = make.client(north, rep_id, name="Near AS", lat=60.40, lon=5.32)
    rep = as_user("rep")
    page = rep.get(
        f"/plan?day=2026-12-07&start_lat=60.39&start_lng=5.32&start_label=Home&c={far}&c={near}"
        f"&m{near}=45&start_time=09:00&speed_kmh=40"
    ).text
    assert page.index("Near AS") < page.index("Far AS")
    assert "9:02\u202fAM" in page or "9:02 AM" in page  # ~1.1 km at 40 km/h from 9:00
    # Near AS's 45 minutes are shown with it and move the arrival at Far AS (22 km on).
    assert "45\xa0min visit" in page and "30\xa0min visit" in page
    assert "10:20\u202fAM" in page or "10:20 AM" in page  # 9:02 + 45 min + 33 min
    response = _save(rep, world, [(near, 45), (far, 30)])
    assert response.status_code == 302 and response.headers["Location"] == "/"
    [plan] = _plans(db)
    assert (plan["owner_id"], plan["day"], plan["start_label"]) == (rep_id, "2026-12-07", "Home")
    assert [(s["client_id"], s["visit_minutes"]) for s in _stops(db, plan["id"])] == [
        (near, 45),
        (far, 30),
    ]


def test_the_pick_form_offers_each_clients_visit_length(world, make, db, as_user):
    rep_id = world["rep"]["id"]
    first = make.client(world["north"], rep_id, name="First AS", lat=60.40, lon=5.32)
    second = make.client(world["north"], rep_id, name="Second AS", lat=60.41, lon=5.32)
    rep = as_user("rep")

    def offered(query=""):
        page = rep.get(f"/plan?day=2026-12-07&pick=1{query}").text
        return {int(i): int(v) for i, v in re.findall(r'name="m(\d+)" value="(\d+)"', page)}

    assert offered()[first] == offered()[second] == 30  # the default
    _save(rep, world, [(first, 50), (second, 20)])
    assert (offered()[first], offered()[second]) == (50, 20)  # the saved plan's
    # The rep's last choice in the address wins; one out of range is not taken.
    assert (offered(f"&m{first}=75&m{second}=9999")[first], offered()[second]) == (75, 20)


def test_saving_the_same_plan_again_replaces_it(world, make, db, as_user):
    rep = as_user("rep")
    plan_id = str(uuid.uuid4())
    _save(rep, world, [(world["mine"], 30)], plan_id=plan_id)
    other = make.client(world["north"], world["rep"]["id"], name="Second AS")
    _save(rep, world, [(other, 20), (world["mine"], 30)], plan_id=plan_id)
    [plan] = _plans(db)
    assert [s["client_id"] for s in _stops(db, plan["id"])] == [other, world["mine"]]


def test_todays_route_shows_on_today_and_ticks_a_visited_stop(world, make, db, as_user):
    rep = as_user("rep")
    today = rep.get("/plan").text.split('type="date" name="day" value="')[1][:10]
    second = make.client(world["north"], world["rep"]["id"], name="Second AS", lat=60.5, lon=5.3)
    _save(rep, world, [(world["mine"], 30), (second, 30)], day=today)
    page = rep.get("/").text
    assert "Today’s route" in page and page.count('class="route-stop') == 2
    rep.post(f"/clients/{world['mine']}/check-in")
    page = rep.get("/").text
    assert page.count('class="route-stop done"') == 1
    assert "Visited:" in page


@pytest.mark.parametrize("who", ["rep", "stranger"])
def test_a_client_of_another_team_cannot_be_planned(world, db, as_user, who):
    browser = as_user(who)
    target = world["other_team"] if who == "rep" else world["mine"]
    response = _save(browser, world, [(target, 30)])
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).text
    assert ("error", "This client was not found.") in flashes(page)
    assert _plans(db) == []


def test_another_users_plan_cannot_be_overwritten(world, db, as_user):
    plan_id = str(uuid.uuid4())
    _save(as_user("rep"), world, [(world["mine"], 30)], plan_id=plan_id)
    colleague = as_user("colleague")
    response = _save(colleague, world, [(world["theirs"], 30)], plan_id=plan_id)
    page = colleague.get(response.headers["Location"]).text
    assert ("error", "This plan belongs to someone else.") in flashes(page)
    [plan] = _plans(db)
    assert plan["owner_id"] == world["rep"]["id"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("day", "someday", "The plan’s day is not a date."),
        ("start_time", "25:00", "The start time is not a time of day."),
        ("speed_kmh", "0", "The average speed must be 5 to 150 km/h."),
    ],
)
def test_bad_input_is_refused_with_a_reason(world, db, as_user, field, value, message):
    rep = as_user("rep")
    response = _save(rep, world, [(world["mine"], 30)], **{field: value})
    page = rep.get(response.headers["Location"]).text
    assert ("error", message) in flashes(page)
    assert _plans(db) == []


def test_a_visit_too_long_is_refused(world, db, as_user):
    rep = as_user("rep")
    response = _save(rep, world, [(world["mine"], 600)])
    page = rep.get(response.headers["Location"]).text
    assert ("error", "A visit lasts 5 to 480 minutes.") in flashes(page)


def test_the_plan_page_is_for_logged_in_users(client):
    assert client.get("/plan").status_code == 302
    assert client.get("/map").status_code == 302
    assert client.get("/plan?day=never").status_code == 302


def test_a_day_that_is_no_date_is_not_found(as_user):
    assert as_user("rep").get("/plan?day=2026-13-40").status_code == 404


def _sync(browser, user, ops):
    token = browser.client.get("/api/session").json["csrf_token"]
    response = browser.client.post(
        "/api/sync",
        json={"user_id": user["id"], "operations": ops},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200, response.text
    return [(r["status"], r.get("code")) for r in response.json["results"]]


def _ago(minutes):
    return timeutil.iso(timeutil.now() - datetime.timedelta(minutes=minutes))


def _plan_op(stops, plan_id, at=None, **fields):
    return {
        "id": str(uuid.uuid4()),
        "kind": "save_day_plan",
        "v": 2,
        "at": at or _ago(10),
        "plan_id": plan_id,
        "day": "2026-12-07",
        "start_label": "",
        "start_lat": None,
        "start_lng": None,
        "start_time": "08:00",
        "speed_kmh": 40,
        "stops": [{"client_id": c, "visit_minutes": 30} for c in stops],
        **fields,
    }


def test_a_plan_from_the_phone_is_saved_once_and_the_latest_edit_wins(world, make, db, as_user):
    rep = as_user("rep")
    plan_id = str(uuid.uuid4())
    second = make.client(world["north"], world["rep"]["id"], name="Second AS")
    first = _plan_op([world["mine"]], plan_id, at=_ago(10))
    later = _plan_op([second, world["mine"]], plan_id, at=_ago(5))
    assert _sync(rep, world["rep"], [first, later, first]) == [
        ("applied", None),
        ("applied", None),
        ("duplicate", None),
    ]
    # The older edit, sent again under a new id after the later one, changes nothing.
    assert _sync(rep, world["rep"], [{**first, "id": str(uuid.uuid4())}]) == [("applied", None)]
    [plan] = _plans(db)
    assert [s["client_id"] for s in _stops(db, plan["id"])] == [second, world["mine"]]


def test_a_plan_from_the_phone_naming_another_teams_client_is_refused(world, db, as_user):
    rep = as_user("rep")
    op = _plan_op([world["other_team"]], str(uuid.uuid4()))
    assert _sync(rep, world["rep"], [op]) == [("rejected", "not_found")]
    op = _plan_op([world["mine"]], "not-a-uuid")
    assert _sync(rep, world["rep"], [op]) == [("rejected", "invalid")]
    assert _plans(db) == []


def test_the_weekly_review_shows_the_teams_plans(world, make, db, as_user):
    rep = as_user("rep")
    today = rep.get("/plan").text.split('type="date" name="day" value="')[1][:10]
    _save(rep, world, [(world["mine"], 30)], day=today)
    _save(as_user("stranger"), world, [(world["other_team"], 30)], day=today)
    rep.post(f"/clients/{world['mine']}/check-in")
    page = as_user("manager").get("/review").text
    section = page[page.index('id="day-plans"') :]
    assert "Fjord Rør AS</a> ✓" in section and "1 visited" in section
    assert "Southern Secret" not in section


def test_the_calendar_feed_carries_the_planned_visits(world, make, as_user, app):
    rep = as_user("rep")
    second = make.client(world["north"], world["rep"]["id"], name="Second AS", lat=60.48, lon=5.32)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    _save(rep, world, [(world["mine"], 30), (second, 45)], day=tomorrow, start_time="09:00")
    rep.get("/review/calendar")
    page = rep.post("/review/calendar", data={"action": "create"}).text
    path = re.search(r'value="http://localhost(/calendar/[A-Za-z0-9_-]+\.ics)"', page)[1]
    text = app.test_client().get(path).data.decode().replace("\r\n ", "")
    planned = [block for block in text.split("BEGIN:VEVENT") if "UID:plan-" in block]
    assert [re.search(r"SUMMARY:(.*)\r", block)[1] for block in planned] == [
        "Planned visit: Fjord Rør AS",
        "Planned visit: Second AS",
    ]
    day = tomorrow.replace("-", "")
    # Oslo in winter is UTC+1: 09:00 at home (60.39, 5.32), 09:00 at Fjord Rør (next door),
    # 09:30 off to Second AS, 10 km at 40 km/h: 15 minutes; 45 minutes there.
    assert f"DTSTART:{day}T080000Z" in planned[0] and f"DTEND:{day}T083000Z" in planned[0]
    assert f"DTSTART:{day}T084500Z" in planned[1] and f"DTEND:{day}T093000Z" in planned[1]


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.net:8443/{z}/{x}/{y}.png", "https://*.tiles.example.net:8443"),
        ("", ""),
        ("/tiles/{z}/{x}/{y}.png", ""),  # the app's own host: 'self' covers it
    ],
)
def test_the_csp_names_the_configured_tile_server_alone(tmp_path, url, source):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db"), "MAP_TILE_URL": url})
    policy = app.test_client().get("/login").headers["Content-Security-Policy"]
    img = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert img == f"img-src 'self' data: blob: {source}".rstrip()


def test_a_route_past_midnight_says_so(world, make, as_user):
    rep_id, north = world["rep"]["id"], world["north"]
    far = make.client(north, rep_id, name="Tromsø AS", lat=69.65, lon=18.96)
    rep = as_user("rep")
    page = rep.get(f"/plan?day=2026-12-07&c={world['mine']}&c={far}&start_time=20:00").text
    assert "This route runs past midnight: choose fewer or nearer clients." in page
    page = rep.get(f"/plan?day=2026-12-07&c={world['mine']}&start_time=20:00").text
    assert "runs past midnight" not in page


def test_the_suggestion_is_overdue_clients_near_the_start(world, make, db, as_user):
    rep_id, north = world["rep"]["id"], world["north"]
    near = make.client(north, rep_id, name="Near Overdue AS", lat=60.40, lon=5.33)
    make.visit(near, rep_id, days_ago=60)
    far = make.client(north, rep_id, name="Far Overdue AS", lat=69.65, lon=18.96)
    make.visit(far, rep_id, days_ago=60)
    fresh = make.client(north, rep_id, name="Fresh AS", lat=60.39, lon=5.32)
    make.visit(fresh, rep_id, days_ago=1)
    page = as_user("rep").get("/plan?pick=1&start_lat=60.39&start_lng=5.32&start_label=Home").text
    checked = set(re.findall(r'name="c" value="(\d+)" checked', page))
    assert str(near) in checked and str(far) not in checked and str(fresh) not in checked
