"""Checking in and out: time, position, distance warning, one place at a time."""

import uuid

import pytest

from tests.conftest import flashes


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
    # The warning is a flash; the page's script messages name the distance in other words.
    assert "You seem to be" not in page and "Checked in." in page


def test_check_in_far_away_warns_but_checks_in(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    # Oslo is about 305 km from Bergen.
    rep.post(
        f"/clients/{world['mine']}/check-in",
        data={"lat": "59.9139", "lon": "10.7522", "accuracy": "30"},
    )
    page = rep.get(f"/clients/{world['mine']}").text
    assert "You seem to be 305\u00a0km from the client&#39;s site. Checked in anyway." in page
    assert len(_visits(db, world["rep"]["id"])) == 1


@pytest.mark.parametrize(
    "position",
    [
        {"lat": "abc", "lon": "5", "accuracy": "1"},
        {"lat": "91", "lon": "5", "accuracy": "1"},
        {"lat": "nan", "lon": "5", "accuracy": "1"},
        {"lat": "60.39", "lon": "inf", "accuracy": "1"},
        {"lat": "60.39", "lon": "5", "accuracy": "1e999"},
        {"lat": "1" + "0" * 400, "lon": "5", "accuracy": "1"},
    ],
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


def _messages(browser, response):
    """The messages shown on the page a form post redirects to, and that page."""
    assert response.status_code == 302, response.text
    page = browser.get(response.headers["Location"]).text
    return [text for _, text in flashes(page)], page


def test_resent_check_out_form_does_not_claim_to_check_out_again(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    rep.post(f"/clients/{world['mine']}/check-in")
    rep.get(f"/clients/{world['mine']}")  # shows "Checked in."
    [visit] = _visits(db, world["rep"]["id"])
    form = {"op_id": "5b0e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b"}
    first, _ = _messages(rep, rep.post(f"/visits/{visit['id']}/check-out", data=form))
    assert first == ["Checked out. How did it go? Write a short note."]
    [checked_out] = _visits(db, world["rep"]["id"])
    again, _ = _messages(rep, rep.post(f"/visits/{visit['id']}/check-out", data=form))
    assert again == ["This visit is already checked out."]
    assert _visits(db, world["rep"]["id"]) == [checked_out]


def test_rejected_check_out_shows_why_and_not_checked_out(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    rep.post(f"/clients/{world['mine']}/check-in")
    rep.get(f"/clients/{world['mine']}")  # shows "Checked in."
    [visit] = _visits(db, world["rep"]["id"])
    with db.conn:  # the phone that checked in had its clock an hour ahead
        db.execute(
            "UPDATE visits SET checked_in_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 hour')"
        )
    form = {"op_id": "6c1f7a2b-3d4e-4f5a-9b0c-1d2e3f4a5b6c"}
    response = rep.post(f"/visits/{visit['id']}/check-out", data=form)
    assert response.headers["Location"] == f"/clients/{world['mine']}"
    messages, page = _messages(rep, response)
    assert messages == ["Check-out cannot be before check-in."]
    assert ">Check out</button>" in page
    assert db["visits"].get(visit["id"])["checked_out_at"] is None


#: Visit ids in the check-out URL that name no visit of the user's, as given a real visit id.
NOT_A_VISIT = {
    "upper-case id of the visit": str.upper,
    "unknown id": lambda _: "0f9e8d7c-6b5a-4948-8372-615049382716",
    "not a uuid": lambda _: "not-a-uuid",
    "long junk": lambda _: "a1-" * 700,
}


@pytest.mark.parametrize("resent", [False, True], ids=["new form", "resent form"])
@pytest.mark.parametrize("bad_id", NOT_A_VISIT.values(), ids=NOT_A_VISIT.keys())
def test_check_out_of_an_id_that_is_no_visit_is_404(world, db, as_user, bad_id, resent):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    rep.post(f"/clients/{world['mine']}/check-in")
    [visit] = _visits(db, world["rep"]["id"])
    form = {"op_id": "7d2a8b3c-4e5f-4a6b-8c1d-2e3f4a5b6c7d"}
    if resent:  # a form sent before, its id already applied, now to another address
        rep.post(f"/visits/{visit['id']}/check-out", data=form)
        with db.conn:
            db.execute("UPDATE visits SET checked_out_at = NULL")
    response = rep.post(f"/visits/{bad_id(visit['id'])}/check-out", data=form)
    assert response.status_code == 404
    assert db["visits"].get(visit["id"])["checked_out_at"] is None


def _open_visit(rep, client_id):
    """Check the logged-in rep in at the client through the form; the visit's id."""
    op_id = str(uuid.uuid4())
    rep.post(f"/clients/{client_id}/check-in", data={"op_id": op_id})
    return op_id


# Each uses the form's operation id for something other than checking out the visit in the
# address, and returns that open visit.
def _my_other_check_out(rep, world, make, form):
    rep.post(f"/visits/{_open_visit(rep, world['theirs'])}/check-out", data=form)
    return _open_visit(rep, world["mine"])


def _my_check_in(rep, world, make, form):
    rep.post(f"/clients/{world['theirs']}/check-in", data=form)
    return _open_visit(rep, world["mine"])


def _someone_elses_check_out(rep, world, make, form):
    make.db["operations"].insert(
        {
            "id": form["op_id"],
            "user_id": world["colleague"]["id"],
            "kind": "check_out",
            "received_at": "2026-01-01T00:00:00.000Z",
        }
    )
    return _open_visit(rep, world["mine"])


def _my_check_out_then_another_teams_visit(rep, world, make, form):
    rep.post(f"/visits/{_open_visit(rep, world['mine'])}/check-out", data=form)
    return make.visit(world["other_team"], world["stranger"]["id"], days_ago=0, open_=True)


@pytest.mark.parametrize(
    "used_for",
    [
        _my_other_check_out,
        _my_check_in,
        _someone_elses_check_out,
        _my_check_out_then_another_teams_visit,
    ],
)
def test_check_out_with_an_operation_id_used_for_anything_else_is_404(
    world, make, db, as_user, used_for
):
    """Only the same check-out sent again is a resend; answering anything else as one would
    show the page of the client whose visit that id changed."""
    rep = as_user("rep")
    rep.get("/")
    form = {"op_id": "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b"}
    visit_id = used_for(rep, world, make, form)
    response = rep.post(f"/visits/{visit_id}/check-out", data=form)
    assert response.status_code == 404 and "Location" not in response.headers
    assert db["visits"].get(visit_id)["checked_out_at"] is None


def test_check_in_without_a_position_says_it_was_not_recorded(world, as_user):
    """Said at once, rather than found out by a manager who later sees no distance."""
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}")
    messages, _ = _messages(rep, rep.post(f"/clients/{world['mine']}/check-in"))
    assert messages == ["Checked in — location not recorded."]
    position = {"lat": "60.3915", "lon": "5.3225", "accuracy": "12"}
    messages, _ = _messages(rep, rep.post(f"/clients/{world['theirs']}/check-in", data=position))
    assert messages == ["Checked in."]


def _note(rep, client_id, **fields):
    rep.get(f"/clients/{client_id}/note")
    response = rep.post(f"/clients/{client_id}/note", data={"body": "Spring order.", **fields})
    assert response.status_code == 302, response.text
    rep.get(response.headers["Location"])  # shows "Note saved."


@pytest.mark.parametrize("linked", [True, False], ids=["note names the visit", "note names none"])
def test_check_out_after_the_note_goes_back_to_the_briefing(world, make, as_user, linked):
    """The note written while checked in is the visit's note: no blank form to fill again."""
    visit = make.visit(world["mine"], world["rep"]["id"], days_ago=42 / 1440, open_=True)
    rep = as_user("rep")
    _note(rep, world["mine"], **({"visit_id": visit} if linked else {}))
    response = rep.post(f"/visits/{visit}/check-out")
    assert response.headers["Location"] == f"/clients/{world['mine']}"
    messages, page = _messages(rep, response)
    assert messages == ["Checked out · 42\u00a0min · note saved."]
    assert ">Check in</button>" in page
    again = rep.post(f"/visits/{visit}/check-out")  # a reload of the post
    assert again.headers["Location"] == f"/clients/{world['mine']}"


def test_check_out_without_the_visits_note_asks_for_it(world, make, as_user):
    """A note from before the check-in, or at another client, is not this visit's."""
    rep = as_user("rep")
    _note(rep, world["mine"])
    _note(rep, world["theirs"])
    visit = make.visit(world["mine"], world["rep"]["id"], days_ago=0, open_=True)
    response = rep.post(f"/visits/{visit}/check-out")
    assert response.headers["Location"] == f"/clients/{world['mine']}/note?visit={visit}"
    messages, _ = _messages(rep, response)
    assert messages == ["Checked out. How did it go? Write a short note."]


def test_briefing_tells_the_phone_whether_the_visit_has_its_note(world, make, as_user):
    visit = make.visit(world["mine"], world["rep"]["id"], days_ago=0, open_=True)
    rep = as_user("rep")
    page = rep.get(f"/clients/{world['mine']}").text
    assert "data-checked-in-at=" in page and "data-note-written" not in page
    _note(rep, world["mine"], visit_id=visit)
    assert "data-note-written" in rep.get(f"/clients/{world['mine']}").text
