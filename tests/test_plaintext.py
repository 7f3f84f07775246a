"""Names never carry invisible formatting: bidi overrides and zero-width characters typed
or pasted into a name, a topic, a promise or a note are removed wherever Folka accepts text
(the forms, the sync, the command line), so every page shows what is stored."""

import datetime
import re
import uuid

import pytest
from wtforms import StringField

from tests.test_security import _forms
from webapp.plaintext import plain_line

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
ZWSP, ZWJ, RLM, WJ, BOM = "\u200b", "\u200d", "\u200f", "\u2060", "\ufeff"
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _without_invisible(text):
    found = INVISIBLE.findall(text)
    assert not found, [hex(ord(c)) for c in found]
    return True


def test_a_client_contact_and_topic_keep_no_invisible_characters(world, db, as_user):
    rep = as_user("rep")
    rep.get("/clients/new")
    client = {
        "name": f"{RLO}Bergström{PDF} {ZWSP}Bygg{BOM} AB",
        "address": f"Storgatan{ZWJ} 12",
        "city": f"{LRI}Umeå{PDI}",
        "country": "SE",
        "rhythm_weeks": "6",
        "owner_id": world["rep"]["id"],
    }
    briefing = rep.post("/clients/new", data=client).headers["Location"]
    client_id = int(briefing.rstrip("/").rsplit("/", 1)[1])
    rep.get(f"/clients/{client_id}/contacts/new")
    rep.post(
        f"/clients/{client_id}/contacts/new",
        data={"name": f"Siri{RLM} Lunde{WJ}", "title": f"{RLO}CEO"},
    )
    siri = next(db.query("SELECT id FROM contacts WHERE client_id = ?", [client_id]))["id"]
    rep.post(
        f"/contacts/{siri}/topics/new",
        data={
            "title": f"Marathon{ZWSP} in May",
            "follow_up": f"Ask{RLO} her time",
            "status": "open",
        },
    )
    page = rep.get(briefing).text
    assert "Bergström Bygg AB" in page and "Siri Lunde" in page and "Marathon in May" in page
    assert _without_invisible(page) and _without_invisible(rep.get("/").text)
    edit = rep.get(f"/clients/{client_id}/edit").text
    assert 'value="Storgatan 12"' in edit and 'value="Umeå"' in edit


@pytest.mark.parametrize("name", [RLO + PDF, ZWSP, f"{BOM} {LRI}"])
def test_a_name_of_invisible_characters_only_is_no_name(world, db, as_user, name):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/contacts/new")
    page = rep.post(f"/clients/{world['mine']}/contacts/new", data={"name": name, "title": ""})
    assert page.status_code == 422 and "This field is required." in page.text
    assert db["contacts"].count == 0


def test_a_user_and_team_named_by_the_admin_show_without_invisible_characters(world, as_user):
    admin = as_user("admin")
    admin.get("/admin/users/new")
    created = admin.post(
        "/admin/users/new",
        data={
            "email": "ola@example.com",
            "name": f"{RLO}Ola{PDF} Nordmann{ZWSP}",
            "role": "rep",
            "team_id": "0",
            "new_team": f"West{BOM}",
            "locale": "nb",
        },
    )
    assert created.status_code == 200
    users_page = admin.get("/admin/").text
    assert "Ola Nordmann" in users_page and "West" in users_page
    assert _without_invisible(users_page)


def test_the_command_line_names_users_and_teams_plainly(app, db):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "ola@example.com", "--name", f"{RLO}Ola Nordmann", "--team"]
        + [f"{ZWSP}West", "--password", "long enough pass"]
    )
    assert result.exit_code == 0, result.output
    user = next(db.query("SELECT users.name, teams.name AS team FROM users JOIN teams"))
    assert (user["name"], user["team"]) == ("Ola Nordmann", "West")


@pytest.fixture
def sync(world, as_user):
    """Send one note operation through the sync API as the rep; returns its result."""
    rep = as_user("rep")
    token = rep.client.get("/api/session").json["csrf_token"]

    def send(**note):
        op = {
            "id": str(uuid.uuid4()),
            "kind": "note",
            "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "client_id": world["mine"],
            "body": "Visit.",
            **note,
        }
        response = rep.client.post(
            "/api/sync",
            json={"user_id": world["rep"]["id"], "operations": [op]},
            headers={"X-CSRFToken": token},
        )
        return response.json["results"][0]

    send.rep = rep
    return send


def test_a_synced_note_keeps_its_lines_but_no_invisible_formatting(world, make, db, sync):
    anna = make.contact(world["mine"], name="Anna Berg")
    cup = make.topic(anna, "Football cup", "Ask how it went")
    due = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    result = sync(
        body=f"Spring order{RLO} confirmed.\nNext: the{ZWSP} pumps.\u2028Thanks 👩{ZWJ}🔧",
        topics=[{"id": cup, "status": "followed_up", "follow_up": f"Ask{LRI} about the final"}],
        new_topics=[
            {"id": str(uuid.uuid4()), "contact_id": anna, "title": f"{RLO}Cabin{PDF} trip"}
        ],
        promises=[{"id": str(uuid.uuid4()), "text": f"Send{ZWSP} the price list", "due_date": due}],
    )
    assert result["status"] == "applied", result
    page = sync.rep.get(f"/clients/{world['mine']}").text
    assert "Cabin trip" in page and "Send the price list" in page
    assert "Ask about the final" in page
    body = next(db.query("SELECT body FROM notes"))["body"]
    # A note may hold emoji made with a joiner; it may not turn its own text around.
    assert body == f"Spring order confirmed.\nNext: the{ZWSP} pumps.\nThanks 👩{ZWJ}🔧"


def test_a_synced_topic_of_invisible_characters_only_is_refused(world, make, db, sync):
    anna = make.contact(world["mine"], name="Anna Berg")
    topic = {"id": str(uuid.uuid4()), "contact_id": anna, "title": RLO + ZWSP + PDF}
    result = sync(new_topics=[topic])
    assert result["status"] == "rejected" and result["code"] == "invalid"
    assert result["errors"]["new_topic.title"] == "Please fill this in."
    assert db["topics"].count == 0


def test_every_one_line_text_field_of_every_form_is_made_plain(app):
    for form in _forms():
        for name in dir(form):
            field = getattr(form, name)
            if getattr(field, "field_class", None) is StringField and name != "code":
                filters = field.kwargs.get("filters", ())
                assert plain_line in filters, f"{form.__name__}.{name} keeps invisible characters"
