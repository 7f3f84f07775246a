"""Planning the day on a phone in Oslo: Near me, the map, and a route kept offline."""

import re
import time

import pytest
from phone import Phone
from phone import expect
from phone import wait_until

pytestmark = pytest.mark.browser

#: The phone is in Oslo, by the Storting.
OSLO = {"latitude": 59.9133, "longitude": 10.7389, "accuracy": 20}
#: One transparent pixel: what the stub tile server answers, so nothing leaves the machine.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def oslo(make):
    """A rep with clients in Oslo (two, one overdue), Bergen, Trondheim, and one with no site."""
    team = make.team()
    rep = make.user("rep", team)
    ids = {
        "Bergen Bolt AS": make.client(team, rep["id"], name="Bergen Bolt AS", lat=60.39, lon=5.32),
        "Grünerløkka Kaffe": make.client(
            team, rep["id"], name="Grünerløkka Kaffe", city="Oslo", lat=59.9225, lon=10.7590
        ),
        "Trondheim Tre AS": make.client(
            team, rep["id"], name="Trondheim Tre AS", lat=63.43, lon=10.39
        ),
        "Aker Brygge Bakeri": make.client(
            team, rep["id"], name="Aker Brygge Bakeri", city="Oslo", lat=59.9100, lon=10.7270
        ),
        "Ukjent AS": make.client(team, rep["id"], name="Ukjent AS", lat=None, lon=None),
    }
    make.visit(ids["Aker Brygge Bakeri"], rep["id"], days_ago=40)
    return {"team": team, "rep": rep, "ids": ids}


@pytest.fixture
def phone(make_context, oslo):
    context = make_context(geolocation=OSLO)
    calls = []

    def tile(route):
        calls.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PIXEL)

    context.route("https://tile.openstreetmap.org/**", tile)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(error))
    rep = Phone(tab)
    rep.tiles = calls
    rep.login(oslo["rep"]["email"])
    yield rep
    assert errors == [], errors


#: The layout shift of the page so far (CLS without the shifts right after the user's input).
SHIFT = """new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 300);
})"""


def _names(page):
    return page.locator(".client-list > li:not([hidden]) .client-main > strong").all_inner_texts()


def test_near_me_puts_the_city_first_with_distances(phone):
    page = phone.page
    page.get_by_role("button", name="Near me").click()
    expect(page.locator("[data-near-status]")).to_have_text(
        "Nearest first, from where you are now."
    )
    names = _names(page)
    assert names[:2] == ["Aker Brygge Bakeri", "Grünerløkka Kaffe"]
    assert names[2:4] == ["Bergen Bolt AS", "Trondheim Tre AS"]
    first = page.locator(".client-list > li").first.locator("[data-distance]")
    expect(first).to_have_text("0.8 km")  # Aker Brygge is 760 m from the Storting
    expect(page.get_by_text("No position on the map yet.")).to_be_visible()
    # Only the due or overdue within 25 km: the bakery (overdue) and the café (never visited,
    # which counts as due); Bergen and Trondheim are due too, but far away.
    page.locator("[data-near-due]").check()
    assert _names(page) == ["Aker Brygge Bakeri", "Grünerløkka Kaffe"]
    page.locator("[data-near-km]").fill("1")
    assert _names(page) == ["Aker Brygge Bakeri"]


@pytest.mark.parametrize(("path", "script"), [("/", "nearme.js"), ("/map", "daymap.js")])
def test_the_list_stays_put_when_a_slow_script_arrives(make_context, oslo, path, script):
    """On a slow network the page paints before its scripts run: what they show (Near me,
    Show the map) must already have its place, so the list of clients does not move."""
    context = make_context(service_workers="block")

    def late(route):
        time.sleep(0.8)
        route.continue_()

    context.route(f"**/js/{script}", late)
    tab = Phone(context.new_page())
    tab.login(oslo["rep"]["email"])
    tab.page.goto(path)
    tab.page.wait_for_load_state("load")
    assert tab.page.evaluate(SHIFT) < 0.01


def test_the_map_has_one_marker_per_placed_client(phone, oslo):
    page = phone.page
    page.goto("/map")
    # The list comes first; nothing of the map is downloaded before the rep asks for it.
    expect(page.locator(".map-row")).to_have_count(5)
    assert not phone.tiles and not page.evaluate("'L' in window")
    page.get_by_role("button", name="Show the map").click()
    expect(page.locator(".leaflet-container")).to_be_visible()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    assert phone.tiles and all(u.startswith("https://tile.openstreetmap.org/") for u in phone.tiles)
    counts = wait_until(
        page,
        "(() => { const m = [...document.querySelectorAll('.map-pin')];"
        " return m.length && m.map((e) => Number(e.dataset.count)); })()",
    )
    assert sum(counts) == 4  # Ukjent AS has no site: it is a row of the list only
    assert page.locator(".map-row").count() == 5
    # Zoomed in far enough, every client is a marker of its own, which opens its card.
    page.evaluate("document.querySelector('.map-pin[data-count]').click()")
    page.keyboard.press("Escape")
    pin = page.locator(f".map-pin[data-client-id='{oslo['ids']['Bergen Bolt AS']}']")
    pin.click()
    card = page.locator(".leaflet-popup .map-card")
    expect(card).to_contain_text("Bergen Bolt AS")
    expect(card).to_contain_text("Not visited yet")
    expect(card.get_by_role("link", name="Open the briefing")).to_be_visible()


def _visit_length(page, name, minutes):
    """Set a client's visit length on the pick form, as a rep does on the phone."""
    page.get_by_role("spinbutton", name=f"Visit length at {name}, in minutes").fill(str(minutes))


def _clock(text):
    hours, minutes = map(int, re.search(r"(\d+):(\d\d)", text).groups())
    return (hours % 12 + (12 if "PM" in text else 0)) * 60 + minutes


def _expect_visit_then_drive(stops, minutes):
    """The first stop reads its visit length, and the second is reached after it and a
    drive of a few minutes (the two are some 2 km apart)."""
    expect(stops.first).to_contain_text(f"{minutes}\u00a0min visit")
    first, second = (_clock(t) for t in stops.locator(".route-time").all_inner_texts()[:2])
    assert minutes < second - first <= minutes + 10


def _visit_lengths(db, oslo):
    return [
        row[0]
        for row in db.execute(
            "SELECT s.visit_minutes FROM day_plan_stops s JOIN day_plans p ON p.id = s.plan_id"
            " WHERE p.owner_id = ? ORDER BY s.position",
            [oslo["rep"]["id"]],
        )
    ]


def test_a_route_is_saved_kept_offline_and_ticked_by_a_check_in(phone, oslo, db):
    page = phone.page
    page.goto("/plan")
    page.get_by_role("button", name="Start where I am").click()
    page.wait_for_url("**/plan?*start_lat=*")
    for name in ["Grünerløkka Kaffe", "Aker Brygge Bakeri"]:
        page.get_by_role("checkbox", name=name).check()
    for name in ["Bergen Bolt AS", "Trondheim Tre AS"]:
        page.get_by_role("checkbox", name=name).uncheck()
    _visit_length(page, "Aker Brygge Bakeri", 45)
    page.get_by_role("button", name="Order the route").click()
    stops = page.locator(".route-stop strong")
    expect(stops).to_have_text(["Aker Brygge Bakeri", "Grünerløkka Kaffe"])
    _expect_visit_then_drive(page.locator(".route-stop"), 45)
    page.get_by_role("button", name="Save the route").click()
    page.wait_for_url(lambda url: not url.split("/", 3)[3])
    route = page.locator("[data-todays-route]")
    expect(route.locator(".route-stop strong")).to_have_text(
        ["Aker Brygge Bakeri", "Grünerløkka Kaffe"]
    )
    _expect_visit_then_drive(route.locator(".route-stop"), 45)
    assert _visit_lengths(db, oslo) == [45, 30]
    phone.ready("/")
    phone.offline()
    page.reload()
    expect(route.locator(".route-stop strong")).to_have_text(
        ["Aker Brygge Bakeri", "Grünerløkka Kaffe"]
    )
    expect(route.locator(".route-stop.done")).to_have_count(0)
    phone.ready(f"/clients/{oslo['ids']['Aker Brygge Bakeri']}")
    page.goto(f"/clients/{oslo['ids']['Aker Brygge Bakeri']}")
    phone.check_in()
    page.goto("/")
    expect(route.locator(".route-stop.done")).to_have_count(1)
    expect(route.locator(".route-stop.done strong")).to_have_text("Aker Brygge Bakeri")


def test_offline_the_route_is_ordered_on_the_phone_and_synced_later(phone, oslo, db):
    page = phone.page
    phone.ready("/", "/plan")
    phone.offline()
    page.goto("/plan")
    page.get_by_role("button", name="Start where I am").click()
    expect(page.locator("[data-start-said]")).to_have_text("Where I am")
    for name in ["Trondheim Tre AS", "Grünerløkka Kaffe", "Aker Brygge Bakeri"]:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("checkbox", name="Bergen Bolt AS").uncheck()
    _visit_length(page, "Aker Brygge Bakeri", 50)
    page.get_by_role("button", name="Order the route").click()
    shown = page.locator("[data-route-offline]")
    expect(shown.locator(".route-stop strong")).to_have_text(
        ["Aker Brygge Bakeri", "Grünerløkka Kaffe", "Trondheim Tre AS"]
    )
    _expect_visit_then_drive(shown.locator(".route-stop"), 50)
    expect(shown).to_contain_text("Ordered on this phone: you are offline.")
    shown.get_by_role("button", name="Save the route").click()
    page.wait_for_url(lambda url: not url.split("/", 3)[3])
    route = page.locator("[data-todays-route]")
    expect(route.locator(".route-stop strong")).to_have_count(3)
    expect(route).to_contain_text("Waiting to sync")
    phone.offline(False)
    phone.sync_now()
    phone.wait_outbox(0)
    [plan] = list(db.query("SELECT * FROM day_plans WHERE owner_id = ?", [oslo["rep"]["id"]]))
    stops = db.execute(
        "SELECT client_id FROM day_plan_stops WHERE plan_id = ? ORDER BY position", [plan["id"]]
    ).fetchall()
    ids = oslo["ids"]
    assert [s[0] for s in stops] == [
        ids["Aker Brygge Bakeri"],
        ids["Grünerløkka Kaffe"],
        ids["Trondheim Tre AS"],
    ]
    assert plan["start_label"] == "Where I am"
    assert _visit_lengths(db, oslo) == [50, 30, 30]
