"""Keeping clients, contacts and personal topics right."""

import pytest

GOOD_CLIENT = {
    "name": "Bergström Bygg AB",
    "address": "Storgatan 12",
    "city": "Umeå",
    "country": "SE",
    "lat": "63.8258",
    "lon": "20.2630",
    "rhythm_weeks": "6",
}


def test_create_client_in_my_team(world, db, as_user):
    rep = as_user("rep")
    rep.get("/clients/new")
    response = rep.post("/clients/new", data={**GOOD_CLIENT, "owner_id": world["rep"]["id"]})
    assert response.status_code == 302
    client = next(db.query("SELECT * FROM clients WHERE name = 'Bergström Bygg AB'"))
    assert client["team_id"] == world["north"] and client["rhythm_days"] == 42
    assert client["lat"] == pytest.approx(63.8258)
    assert "Bergström Bygg AB" in rep.get(response.headers["Location"]).text


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("name", "", "This field is required."),
        ("lat", "95", "Number must be between -90 and 90."),
        ("lon", "east", "Not a valid decimal value."),
        ("rhythm_weeks", "0", "Number must be between 1 and 52."),
        ("name", "x" * 121, "Field cannot be longer than 120 characters."),
    ],
)
def test_client_form_errors_keep_input(world, db, as_user, field, value, message):
    rep = as_user("rep")
    rep.get("/clients/new")
    data = {**GOOD_CLIENT, "owner_id": world["rep"]["id"], field: value}
    response = rep.post("/clients/new", data=data)
    assert response.status_code == 422 and message in response.text
    assert 'value="Storgatan 12"' in response.text
    assert db["clients"].count == 3


@pytest.mark.parametrize("value", ["sNaN", "nan", "NaN", "inf", "-inf", "Infinity"])
@pytest.mark.parametrize("field", ["lat", "lon"])
def test_a_coordinate_that_is_no_finite_number_is_a_form_error(world, db, as_user, field, value):
    rep = as_user("rep")
    rep.get("/clients/new")
    data = {**GOOD_CLIENT, "owner_id": world["rep"]["id"], field: value}
    response = rep.post("/clients/new", data=data)
    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">Not a valid decimal value.</p>' in response.text
    assert f'value="{value}"' in response.text and 'value="Storgatan 12"' in response.text
    assert db["clients"].count == 3


def test_a_coordinate_beyond_any_float_is_out_of_range(world, db, as_user):
    rep = as_user("rep")
    rep.get("/clients/new")
    data = {**GOOD_CLIENT, "owner_id": world["rep"]["id"], "lat": "1e999"}
    response = rep.post("/clients/new", data=data)
    assert response.status_code == 422 and "Number must be between -90 and 90." in response.text
    assert 'value="1e999"' in response.text and db["clients"].count == 3


def test_the_coordinate_errors_are_translated(world, make, db, as_user):
    with db.conn:
        db["users"].update(world["rep"]["id"], {"locale": "nb"})
    rep = as_user("rep")
    rep.get("/clients/new")
    data = {**GOOD_CLIENT, "owner_id": world["rep"]["id"], "lat": "sNaN"}
    response = rep.post("/clients/new", data=data)
    assert response.status_code == 422 and "Ikke en gyldig desimalverdi" in response.text


def test_form_bytes_that_are_not_utf8_arrive_as_their_escapes(world, db, as_user):
    """A form post cannot carry a lone surrogate: Werkzeug keeps %ED%B3%80 (its UTF-8-like
    bytes) and %FF as written, text SQLite stores."""
    rep = as_user("rep")
    rep.get("/clients/new")
    body = (
        f"csrf_token={rep.token}&name=Bad%ED%B3%80Bytes&city=%FF&country=NO&rhythm_weeks=4"
        f"&owner_id={world['rep']['id']}"
    )
    response = rep.client.post(
        "/clients/new", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    client = next(db.query("SELECT * FROM clients WHERE name LIKE 'Bad%'"))
    assert (client["name"], client["city"]) == ("Bad%ED%B3%80Bytes", "%FF")


def test_owner_must_be_in_the_team(world, db, as_user):
    rep = as_user("rep")
    rep.get("/clients/new")
    data = {**GOOD_CLIENT, "owner_id": world["stranger"]["id"]}
    assert "Not a valid choice" in rep.post("/clients/new", data=data).text
    assert db["clients"].count == 3


def test_edit_client_changes_rhythm_and_owner(world, db, as_user):
    rep = as_user("rep")
    page = rep.get(f"/clients/{world['mine']}/edit").text
    assert 'value="Fjord Rør AS"' in page
    data = {**GOOD_CLIENT, "name": "Fjord Rør AS", "owner_id": world["colleague"]["id"]}
    assert rep.post(f"/clients/{world['mine']}/edit", data=data).status_code == 302
    client = db["clients"].get(world["mine"])
    assert client["owner_id"] == world["colleague"]["id"] and client["rhythm_days"] == 42


def test_add_and_edit_contact(world, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/contacts/new")
    rep.post(f"/clients/{world['mine']}/contacts/new", data={"name": "Siri Lunde", "title": "CEO"})
    contact = next(db.query("SELECT * FROM contacts"))
    assert (contact["name"], contact["client_id"]) == ("Siri Lunde", world["mine"])
    rep.post(f"/contacts/{contact['id']}/edit", data={"name": "Siri Lunde-Berg", "title": "CEO"})
    assert db["contacts"].get(contact["id"])["name"] == "Siri Lunde-Berg"
    empty = rep.post(f"/contacts/{contact['id']}/edit", data={"name": "", "title": "CEO"})
    assert "This field is required." in empty.text


def test_add_edit_and_close_a_topic(world, make, db, as_user):
    anna = make.contact(world["mine"], name="Anna")
    rep = as_user("rep")
    page = rep.get(f"/contacts/{anna}/topics/new").text
    assert "Do not record health, religion or political views." in page
    rep.post(
        f"/contacts/{anna}/topics/new",
        data={"title": "Marathon in May", "follow_up": "Ask about her time", "status": "open"},
    )
    topic = next(db.query("SELECT * FROM topics"))
    assert topic["title"] == "Marathon in May" and topic["created_by"] == world["rep"]["id"]
    rep.post(f"/topics/{topic['id']}/edit", data={"title": "Marathon in May", "status": "closed"})
    assert db["topics"].get(topic["id"])["status"] == "closed"
    assert "Marathon in May" not in rep.get(f"/clients/{world['mine']}").text


def test_archived_client_disappears(world, as_user):
    manager = as_user("manager")
    manager.get("/")
    manager.post(f"/clients/{world['mine']}/archive")
    assert "Fjord Rør AS" not in manager.get("/").text
    assert manager.get(f"/clients/{world['mine']}").status_code == 404
