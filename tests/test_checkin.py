"""Checking in and out: time, position, distance warning, one place at a time."""

import pytest


def _visits(db, user_id):
    return list(
        db.query("SELECT * FROM visits WHERE user_id = ? ORDER BY checked_in_at", [user_id])
    )


def test_check_in_and_out_records_times(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    response = rep.post(f"/clients/{world['mine']}/check-in")
    assert response.status_code == 302
    [visit] = _visits(db, world["rep"]["id"])
    assert visit["checked_out_at"] is None and visit["lat"] is None
    page = rep.get(f"/clients/{world['mine']}").text
    assert "Checked in." in page and ">Check out</button>" in page
    response = rep.post(f"/visits/{visit['id']}/check-out")
    assert response.status_code == 302 and "/note" in response.headers["Location"]
    [visit] = _visits(db, world["rep"]["id"])
    assert visit["checked_out_at"] >= visit["checked_in_at"]


def test_check_in_near_the_site_stores_position_and_distance(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    rep.post(
        f"/clients/{world['mine']}/check-in",
        data={"lat": "60.3915", "lon": "5.3225", "accuracy": "12"},
    )
    [visit] = _visits(db, world["rep"]["id"])
    assert (visit["lat"], visit["lon"], visit["accuracy_m"]) == (60.3915, 5.3225, 12.0)
    assert 20 < visit["distance_m"] < 40
    page = rep.get(f"/clients/{world['mine']}").text
    assert "from the client" not in page


def test_check_in_far_away_warns_but_checks_in(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    # Oslo is about 305 km from Bergen.
    rep.post(
        f"/clients/{world['mine']}/check-in",
        data={"lat": "59.9139", "lon": "10.7522", "accuracy": "30"},
    )
    page = rep.get(f"/clients/{world['mine']}").text
    assert "You seem to be 305 km from the client&#39;s site. Checked in anyway." in page
    assert len(_visits(db, world["rep"]["id"])) == 1


@pytest.mark.parametrize(
    "position",
    [{"lat": "abc", "lon": "5", "accuracy": "1"}, {"lat": "91", "lon": "5", "accuracy": "1"}],
)
def test_nonsense_position_is_ignored_not_fatal(world, db, as_user, position):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    assert rep.post(f"/clients/{world['mine']}/check-in", data=position).status_code == 302
    [visit] = _visits(db, world["rep"]["id"])
    assert visit["lat"] is None and visit["distance_m"] is None


def test_checking_in_elsewhere_ends_the_open_visit(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    rep.post(f"/clients/{world['mine']}/check-in")
    rep.post(f"/clients/{world['theirs']}/check-in")
    first, second = _visits(db, world["rep"]["id"])
    assert first["checked_out_at"] is not None and second["checked_out_at"] is None
    assert "Colleague" in rep.get("/").text.split("<h1>")[0]


def test_resubmitted_check_in_form_is_stored_once(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    op = {"op_id": "3f1c2a7e-7a44-4c1e-9d55-2b8f3c4d5e6f"}
    rep.post(f"/clients/{world['mine']}/check-in", data=op)
    rep.post(f"/clients/{world['mine']}/check-in", data=op)
    assert len(_visits(db, world["rep"]["id"])) == 1


def test_cannot_check_out_someone_elses_visit(world, make, as_user):
    visit = make.visit(world["theirs"], world["colleague"]["id"], days_ago=0, open_=True)
    rep = as_user("rep")
    rep.get("/")
    assert rep.post(f"/visits/{visit}/check-out").status_code == 404
    assert rep.post("/visits/not-a-uuid/check-out").status_code == 404


def test_cannot_check_in_at_another_teams_client(world, db, as_user):
    rep = as_user("rep")
    rep.get("/")
    assert rep.post(f"/clients/{world['other_team']}/check-in").status_code == 404
    assert _visits(db, world["rep"]["id"]) == []
