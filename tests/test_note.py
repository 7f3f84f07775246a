"""The note after a visit: one form for text, people met, topics, a new topic and a promise."""

import datetime
import re
import uuid

import pytest

from webapp import timeutil

NOTE_IDS = {
    "op_id": "11111111-1111-4111-8111-111111111111",
    "new_topic_id": "22222222-2222-4222-8222-222222222222",
    "promise_id": "33333333-3333-4333-8333-333333333333",
}


@pytest.fixture
def people(world, make):
    """Two contacts at the rep's client, one with an open topic."""
    anna = make.contact(world["mine"], name="Anna Berg")
    olav = make.contact(world["mine"], name="Olav Dahl")
    cup = make.topic(anna, "Son's football cup", "Ask how the cup went", days_ago=20)
    return {"anna": anna, "olav": olav, "cup": cup}


def _note_form(people, **overrides):
    due = (datetime.date.today() + datetime.timedelta(days=4)).isoformat()
    form = {
        **NOTE_IDS,
        "body": "Good meeting. They want the new pump range before spring.",
        "contact": [str(people["anna"]), str(people["olav"])],
        "topic": [people["cup"]],
        f"status-{people['cup']}": "followed_up",
        f"follow_up-{people['cup']}": "Ask about the next tournament",
        "new_topic_contact": str(people["olav"]),
        "new_topic_title": "Renovating the summer cabin",
        "new_topic_follow_up": "Ask if the roof is done",
        "promise_text": "Send the price list",
        "promise_due": due,
    }
    form.update(overrides)
    return form


def test_note_form_lists_people_and_topics(world, people, as_user):
    page = as_user("rep").get(f"/clients/{world['mine']}/note").text
    assert "Anna Berg" in page and "Olav Dahl" in page and "Son&#39;s football cup" in page
    assert 'maxlength="1000"' in page and "data-counter-for" in page


def test_each_persons_topics_are_a_group_named_by_the_person(world, people, make, as_user):
    """A screen reader names a topic's checkbox with its group: "Anna Berg, Golf"."""
    make.topic(people["olav"], "Golf", "Ask about the club")
    page = as_user("rep").get(f"/clients/{world['mine']}/note").text
    groups = re.findall(
        r'<fieldset class="topic-group">\s*<legend[^>]*>(.*?)</legend>(.*?)</fieldset>', page, re.S
    )
    assert [(name, "Golf" in topics) for name, topics in groups] == [
        ("Anna Berg", False),
        ("Olav Dahl", True),
    ]
    assert "Son&#39;s football cup" in groups[0][1]


def test_the_due_date_carries_the_limits_the_server_checks(world, people, db, as_user):
    """The phone checks what the server checks: the first and last day as min and max, and
    the days either side for a page saved offline to count again from its own today."""
    rep = as_user("rep")
    page = rep.get(f"/clients/{world['mine']}/note").text
    due = re.search(r'<input id="promise_due"[^>]*>', page).group(0)
    first = re.search(r'min="([\d-]+)"', due).group(1)
    last = re.search(r'max="([\d-]+)"', due).group(1)
    today = timeutil.now().date()
    assert 'data-days-before="90"' in due and 'data-days-after="1098"' in due
    assert (first, last) == (
        (today - datetime.timedelta(days=90)).isoformat(),
        (today + datetime.timedelta(days=1098)).isoformat(),
    )
    before, after = today - datetime.timedelta(days=91), today + datetime.timedelta(days=1099)
    for day, status in [(first, 302), (last, 302), (before, 422), (after, 422)]:
        ids = {key: str(uuid.uuid4()) for key in NOTE_IDS}
        form = _note_form(people, promise_due=str(day), **ids)
        assert rep.post(f"/clients/{world['mine']}/note", data=form).status_code == status


def test_full_note_is_saved_and_shown_on_the_briefing(world, people, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    response = rep.post(f"/clients/{world['mine']}/note", data=_note_form(people))
    assert response.status_code == 302, response.text
    [note] = db.query("SELECT * FROM notes")
    assert note["body"].startswith("Good meeting") and note["user_id"] == world["rep"]["id"]
    met = {r["contact_id"] for r in db.query("SELECT contact_id FROM note_contacts")}
    assert met == {people["anna"], people["olav"]}
    cup = db["topics"].get(people["cup"])
    assert cup["status"] == "followed_up" and cup["follow_up"] == "Ask about the next tournament"
    assert cup["last_mentioned_at"] == note["written_at"]
    cabin = db["topics"].get(NOTE_IDS["new_topic_id"])
    assert cabin["contact_id"] == people["olav"] and cabin["follow_up"] == "Ask if the roof is done"
    promise = db["promises"].get(NOTE_IDS["promise_id"])
    assert promise["text"] == "Send the price list" and promise["note_id"] == note["id"]
    page = rep.get(f"/clients/{world['mine']}").text
    assert "Note saved." in page and "Good meeting" in page
    assert "Renovating the summer cabin" in page and "Send the price list" in page
    assert "Ask about the next tournament" in page and "followed up" in page


def test_sending_the_same_note_twice_stores_it_once(world, people, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    rep.post(f"/clients/{world['mine']}/note", data=_note_form(people))
    rep.post(f"/clients/{world['mine']}/note", data=_note_form(people))
    assert db["notes"].count == 1 and db["promises"].count == 1


def test_note_after_check_out_is_linked_to_the_visit(world, people, make, db, as_user):
    visit = make.visit(world["mine"], world["rep"]["id"], days_ago=0)
    rep = as_user("rep")
    page = rep.get(f"/clients/{world['mine']}/note?visit={visit}").text
    assert f'value="{visit}"' in page
    rep.post(f"/clients/{world['mine']}/note", data=_note_form(people, visit_id=visit))
    [note] = db.query("SELECT visit_id FROM notes")
    assert note["visit_id"] == visit


@pytest.mark.parametrize(
    "overrides,field_error",
    [
        ({"body": "   "}, "Please fill this in."),
        ({"body": "x" * 1001}, "At most 1000 characters."),
        ({"promise_due": "tomorrow"}, "Enter a due date within the next three years."),
        ({"promise_due": "2099-01-01"}, "Enter a due date within the next three years."),
        ({"promise_due": ""}, "Add a due date."),
        ({"promise_due": "  "}, "Add a due date."),
        (
            {"promise_due": (datetime.date.today() - datetime.timedelta(days=92)).isoformat()},
            "Enter a due date within the next three years.",
        ),
        ({"promise_text": ""}, "Please fill this in."),
        ({"new_topic_title": ""}, "Please fill this in."),
        ({"new_topic_contact": "999"}, "Choose who this topic is about."),
        ({"contact": ["999"]}, "Choose people from this client."),
        (
            {"topic": ["44444444-4444-4444-8444-444444444444"]},
            "A personal topic in this note is not valid.",
        ),
    ],
)
def test_invalid_note_keeps_input_and_explains(world, people, db, as_user, overrides, field_error):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    response = rep.post(f"/clients/{world['mine']}/note", data=_note_form(people, **overrides))
    assert response.status_code == 422
    assert field_error in response.text
    assert "Please correct the marked fields." in response.text
    assert "Renovating the summer cabin" in response.text or overrides.get("new_topic_title") == ""
    assert db["notes"].count == 0 and db["promises"].count == 0 and db["topics"].count == 1


def test_topic_of_another_client_cannot_be_touched(world, make, people, db, as_user):
    elsewhere = make.contact(world["theirs"], name="Kari")
    foreign = make.topic(elsewhere, "Marathon", "", days_ago=40)
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    form = _note_form(people, topic=[foreign], **{f"status-{foreign}": "closed"})
    assert rep.post(f"/clients/{world['mine']}/note", data=form).status_code == 422
    assert db["topics"].get(foreign)["status"] == "open"


def test_a_multipart_note_with_bytes_that_are_not_utf8_is_saved_readable(
    world, people, db, as_user
):
    """Werkzeug reads multipart bytes that are not UTF-8 (a lone surrogate's) as U+FFFD."""
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    fields = {"csrf_token": rep.token, "op_id": NOTE_IDS["op_id"], "body": "Cup final"}
    parts = [
        f'--XX\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    body = b"".join(parts).replace(b"Cup final", b"Cup \xed\xb3\x80final") + b"--XX--\r\n"
    response = rep.client.post(
        f"/clients/{world['mine']}/note",
        data=body,
        content_type="multipart/form-data; boundary=XX",
    )
    assert response.status_code == 302, response.text
    assert db["notes"].get(NOTE_IDS["op_id"])["body"] == "Cup \ufffd\ufffd\ufffdfinal"


@pytest.mark.parametrize("field", ["new_topic_id", "promise_id"])
def test_a_note_form_reusing_a_taken_topic_or_promise_id_is_refused(
    world, people, db, as_user, field
):
    """The form's ids are the page's: sent with one already stored, it says why, not 500."""
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    rep.post(f"/clients/{world['mine']}/note", data=_note_form(people))
    again = _note_form(people, op_id="44444444-4444-4444-8444-444444444444")
    again[field] = NOTE_IDS[field]
    response = rep.post(f"/clients/{world['mine']}/note", data=again)
    assert response.status_code == 422
    assert "This change conflicts with data already saved." in response.text
    assert 'value="Renovating the summer cabin"' in response.text
    assert db["notes"].count == 1


def test_note_for_another_teams_client_is_404(world, as_user):
    rep = as_user("rep")
    assert rep.get(f"/clients/{world['other_team']}/note").status_code == 404
    assert rep.post(f"/clients/{world['other_team']}/note", data={"body": "x"}).status_code == 404


def test_marking_a_promise_kept(world, people, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    rep.post(f"/clients/{world['mine']}/note", data=_note_form(people))
    response = rep.post(f"/promises/{NOTE_IDS['promise_id']}/kept")
    assert response.status_code == 302
    assert db["promises"].get(NOTE_IDS["promise_id"])["kept_at"] is not None
    page = rep.get(f"/clients/{world['mine']}").text
    assert "Promise marked as kept." in page and "No open promises." in page


def test_promise_of_another_team_is_404(world, people, db, as_user):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    rep.post(f"/clients/{world['mine']}/note", data=_note_form(people))
    stranger = as_user("stranger")
    stranger.get("/")
    assert stranger.post(f"/promises/{NOTE_IDS['promise_id']}/kept").status_code == 404
    assert db["promises"].get(NOTE_IDS["promise_id"])["kept_at"] is None


#: A promise id with letters in it, so that its upper-case form differs.
LETTERED_PROMISE = "3a3b3c3d-3e3f-4a3b-8c3d-3e3f3a3b3c3d"
#: Promise ids in the URL that name no promise the user can see, as given a real one.
NOT_A_PROMISE = {
    "upper-case id of the promise": str.upper,
    "unknown id": lambda _: "0f9e8d7c-6b5a-4948-8372-615049382716",
    "not a uuid": lambda _: "not-a-uuid",
    "long junk": lambda _: "a1-" * 700,
}


@pytest.mark.parametrize("resent", [False, True], ids=["new form", "resent form"])
@pytest.mark.parametrize("bad_id", NOT_A_PROMISE.values(), ids=NOT_A_PROMISE.keys())
def test_marking_an_id_that_is_no_promise_is_404(world, people, db, as_user, bad_id, resent):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    rep.post(f"/clients/{world['mine']}/note", data=_note_form(people, promise_id=LETTERED_PROMISE))
    form = {"op_id": "8e3b9c4d-5f6a-4b7c-9d2e-3f4a5b6c7d8e"}
    if resent:  # a form sent before, its id already applied, now to another address
        rep.post(f"/promises/{LETTERED_PROMISE}/kept", data={**form, "kept": "0"})
    response = rep.post(f"/promises/{bad_id(LETTERED_PROMISE)}/kept", data=form)
    assert response.status_code == 404
    assert db["promises"].get(LETTERED_PROMISE)["kept_at"] is None


def _promise(make, client_id, user_id):
    """An open promise at the client, made by the user; its id."""
    promise_id = str(uuid.uuid4())
    now = timeutil.now_iso()
    due = (datetime.date.today() + datetime.timedelta(days=4)).isoformat()
    with make.db.conn:
        make.db["promises"].insert(
            {
                "id": promise_id,
                "client_id": client_id,
                "user_id": user_id,
                "text": "Send the price list",
                "due_date": due,
                "made_at": now,
                "received_at": now,
            }
        )
    return promise_id


# Each uses the form's operation id for something other than marking the promise in the
# address kept, and returns that promise.
def _my_other_promise_kept(rep, world, make, form):
    rep.post(f"/promises/{_promise(make, world['mine'], world['rep']['id'])}/kept", data=form)
    return _promise(make, world["mine"], world["rep"]["id"])


def _someone_elses_promise_kept(rep, world, make, form):
    make.db["operations"].insert(
        {
            "id": form["op_id"],
            "user_id": world["colleague"]["id"],
            "kind": "promise_kept",
            "received_at": "2026-01-01T00:00:00.000Z",
        }
    )
    return _promise(make, world["mine"], world["rep"]["id"])


def _my_promise_kept_then_another_teams_promise(rep, world, make, form):
    rep.post(f"/promises/{_promise(make, world['mine'], world['rep']['id'])}/kept", data=form)
    return _promise(make, world["other_team"], world["stranger"]["id"])


@pytest.mark.parametrize(
    "used_for",
    [
        _my_other_promise_kept,
        _someone_elses_promise_kept,
        _my_promise_kept_then_another_teams_promise,
    ],
)
def test_promise_kept_with_an_operation_id_used_for_anything_else_is_404(
    world, make, db, as_user, used_for
):
    """Only the same promise marked again is a resend; answering anything else as one would
    show the page of the client whose promise that id marked."""
    rep = as_user("rep")
    rep.get("/")
    form = {"op_id": "9f4c0d5e-6a7b-4c8d-8e3f-4a5b6c7d8e9f"}
    promise_id = used_for(rep, world, make, form)
    response = rep.post(f"/promises/{promise_id}/kept", data=form)
    assert response.status_code == 404 and "Location" not in response.headers
    assert db["promises"].get(promise_id)["kept_at"] is None
