"""Keeping clients, contacts and personal topics right."""

import html as htmllib
import re
import uuid

import pytest

from webapp import timeutil

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


def _hidden(html, name):
    """The value of a hidden input in a page, unescaped as a browser would post it."""
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name}"
    return htmllib.unescape(match.group(1))


def _form(browser, url):
    """GET a form page: its op_id and base, ready to post."""
    page = browser.get(url).text
    return {"op_id": _hidden(page, "op_id"), "base": _hidden(page, "base")}


def test_a_person_with_phone_and_email_saved_once_however_often_sent(world, db, as_user):
    rep = as_user("rep")
    url = f"/clients/{world['mine']}/contacts/new"
    page = rep.get(url).text
    assert 'data-op="add_person"' in page and 'type="tel"' in page and 'type="email"' in page
    data = _form(rep, url) | {
        "name": "Siri Lunde",
        "title": "CEO",
        "phone": "+47 912 34 567",
        "email": "siri@example.no",
    }
    assert rep.post(url, data=data).status_code == 302
    assert rep.post(url, data=data).status_code == 302  # the back button and Send again
    (contact,) = db.query("SELECT * FROM contacts")
    assert (contact["phone"], contact["email"], contact["ref"]) == (
        "+47 912 34 567",
        "siri@example.no",
        data["op_id"],
    )
    briefing = rep.get(f"/clients/{world['mine']}").text
    assert 'href="tel:+47 912 34 567"' in briefing and 'href="mailto:siri@example.no"' in briefing


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("phone", "ring me", "Enter a phone number, such as +47 912 34 567."),
        ("email", "siri@", "Enter an e-mail address, such as anna@example.com."),
        ("phone", "1" * 41, "Field cannot be longer than 40 characters."),
    ],
)
def test_a_person_form_marks_the_sync_checks_at_the_field(
    world, db, as_user, field, value, message
):
    rep = as_user("rep")
    url = f"/clients/{world['mine']}/contacts/new"
    data = _form(rep, url) | {"name": "Siri", field: value}
    response = rep.post(url, data=data)
    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">{message}</p>' in response.text
    assert _hidden(response.text, "op_id") == data["op_id"] and db["contacts"].count == 0


def test_an_edit_form_changes_only_what_the_user_changed(world, make, db, as_user):
    """A laptop opens Anna's page; meanwhile a phone syncs her new title. The laptop saves
    a new phone number: the title stays the phone's."""
    anna = make.contact(world["mine"], name="Anna", title="Buyer")
    rep = as_user("rep")
    url = f"/contacts/{anna}/edit"
    data = _form(rep, url) | {"name": "Anna", "title": "Buyer", "phone": "22 33 44 55"}
    token = rep.client.get("/api/session").json["csrf_token"]
    edit = {
        "id": str(uuid.uuid4()),
        "kind": "edit_person",
        "at": timeutil.now_iso(),
        "contact_id": anna,
        "fields": {"title": "Head of purchasing"},
    }
    synced = rep.client.post(
        "/api/sync",
        json={"user_id": world["rep"]["id"], "operations": [edit]},
        headers={"X-CSRFToken": token},
    )
    assert synced.json["results"][0]["status"] == "applied"
    assert rep.post(url, data=data).status_code == 302
    contact = db["contacts"].get(anna)
    assert (contact["title"], contact["phone"]) == ("Head of purchasing", "22 33 44 55")
    assert db["operations"].count == 2  # the phone's edit and the form's


def test_a_topic_edited_by_form_keeps_its_history(world, make, db, as_user):
    anna = make.contact(world["mine"], name="Anna")
    topic = make.topic(anna, title="Marathon", follow_up="Ask about her time")
    rep = as_user("rep")
    url = f"/topics/{topic}/edit"
    data = _form(rep, url) | {"title": "Marathon", "follow_up": "Ask about Berlin"}
    assert rep.post(url, data=data | {"status": "followed_up"}).status_code == 302
    row = db["topics"].get(topic)
    assert (row["follow_up"], row["status"]) == ("Ask about Berlin", "followed_up")
    follow_ups = [
        r["value"]
        for r in db.query(
            "SELECT value FROM field_changes WHERE field = 'follow_up' ORDER BY op_id != '', at"
        )
    ]
    assert follow_ups == ['"Ask about her time"', '"Ask about Berlin"']


def test_a_new_topic_is_open_and_its_form_asks_no_status(world, make, db, as_user):
    anna = make.contact(world["mine"], name="Anna")
    rep = as_user("rep")
    url = f"/contacts/{anna}/topics/new"
    page = rep.get(url).text
    assert 'data-op="add_topic"' in page and 'name="status"' not in page
    data = _form(rep, url) | {"title": "New puppy", "follow_up": "Ask its name"}
    rep.post(url, data=data)
    rep.post(url, data=data)
    (topic,) = db.query("SELECT * FROM topics")
    assert (topic["id"], topic["status"]) == (data["op_id"], "open")


def test_a_new_client_by_form_is_made_once_with_notes_on_access(world, db, as_user):
    rep = as_user("rep")
    data = (
        _form(rep, "/clients/new")
        | GOOD_CLIENT
        | {
            "owner_id": world["rep"]["id"],
            "access_notes": "Ring at the back door.\r\nPark behind.",
        }
    )
    first = rep.post("/clients/new", data=data)
    again = rep.post("/clients/new", data=data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    client = next(db.query("SELECT * FROM clients WHERE name = 'Bergström Bygg AB'"))
    assert client["ref"] == data["op_id"] and db["clients"].count == 4
    assert client["access_notes"] == "Ring at the back door.\nPark behind."
    assert client["site_set_by"] == world["rep"]["id"] and client["site_accuracy_m"] is None
    assert "Ring at the back door." in rep.get(first.headers["Location"]).text


def test_the_site_is_moved_by_form_and_a_manager_sees_by_whom(world, db, as_user):
    rep, manager = as_user("rep"), as_user("manager")
    url = f"/clients/{world['mine']}/edit"
    data = _form(rep, url) | GOOD_CLIENT | {"name": "Fjord Rør AS", "owner_id": world["rep"]["id"]}
    assert rep.post(url, data=data).status_code == 302
    client = db["clients"].get(world["mine"])
    assert (client["lat"], client["site_set_by"]) == (pytest.approx(63.8258), world["rep"]["id"])
    name = db["users"].get(world["rep"]["id"])["name"]
    assert f"Site set by {name} on " in manager.get(url).text
    assert "Site set by" not in rep.get(url).text
    # The phone's "the site is here" records its accuracy, shown to the manager.
    token = rep.client.get("/api/session").json["csrf_token"]
    site = {
        "id": str(uuid.uuid4()),
        "kind": "site_here",
        "at": timeutil.now_iso(),
        "client_id": world["mine"],
        "lat": 60.39,
        "lon": 5.32,
        "accuracy": 12,
    }
    rep.client.post(
        "/api/sync",
        json={"user_id": world["rep"]["id"], "operations": [site]},
        headers={"X-CSRFToken": token},
    )
    assert re.search(rf"Site set by {name} on [^<]*, ±12\u00a0m", manager.get(url).text)
    assert re.search(
        rf"Site set by {name} on [^<]*, ±12\u00a0m", manager.get(f"/clients/{world['mine']}").text
    )


def test_clearing_the_position_clears_the_site(world, db, as_user):
    rep = as_user("rep")
    url = f"/clients/{world['mine']}/edit"
    data = _form(rep, url) | GOOD_CLIENT | {"name": "Fjord Rør AS", "lat": "", "lon": ""}
    data["owner_id"] = world["rep"]["id"]
    assert rep.post(url, data=data).status_code == 302
    client = db["clients"].get(world["mine"])
    assert client["lat"] is None and client["lon"] is None and client["rhythm_days"] == 42


def test_an_operation_id_taken_asks_to_send_again(world, make, db, as_user):
    anna = make.contact(world["mine"], name="Anna")
    rep = as_user("rep")
    taken = _form(rep, f"/contacts/{anna}/edit")
    rep.post(f"/contacts/{anna}/edit", data=taken | {"name": "Anna", "title": "CEO"})
    url = f"/clients/{world['mine']}/contacts/new"
    response = rep.post(url, data=_form(rep, url) | {"op_id": taken["op_id"], "name": "Per"})
    assert response.status_code == 422
    assert "This change conflicts with data already saved." in response.text
    assert _hidden(response.text, "op_id") != taken["op_id"] and db["contacts"].count == 1


def test_another_teams_records_are_404_in_the_forms(world, make, as_user):
    theirs = make.contact(world["other_team"], name="Secret")
    rep = as_user("rep")
    rep.get("/")
    assert rep.post(f"/contacts/{theirs}/edit", data={"name": "x"}).status_code == 404
    assert rep.post(f"/contacts/{theirs}/topics/new", data={"title": "x"}).status_code == 404
    assert rep.post(f"/clients/{world['other_team']}/edit", data=GOOD_CLIENT).status_code == 404
