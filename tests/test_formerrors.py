"""A form shown again with errors: the title starts with "Error:" and the first field with an
error has the focus, on every form (webapp/formerrors.py, base.html and the field macros)."""

import re
import uuid

import pytest

from tests.conftest import Browser
from tests.conftest import csrf_token


def title(html):
    """The page's <title>, as a screen reader announces it."""
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def focused(html):
    """The ids of the fields rendered with autofocus."""
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    return [re.search(r'\bid="([^"]+)"', tag).group(1) for tag in tags if " autofocus" in tag]


def test_a_wrong_password_puts_the_focus_on_the_password_and_says_error(world, browser):
    assert title(browser.client.get("/login").text) == "Log in · Folka"
    page = browser.login("rep@example.com", "not the password").text
    assert title(page) == "Error: Log in · Folka"
    assert focused(page) == ["password"]
    assert 'aria-invalid="true"' in page


def test_the_error_in_the_title_is_in_the_users_language(world, client):
    browser = Browser(client)
    client.post(
        "/language", data={"lang": "pl", "csrf_token": csrf_token(client.get("/login").text)}
    )
    page = browser.login("", "").text
    assert title(page).startswith("Błąd: ")
    assert focused(page) == ["email"]  # the first of the two fields left empty


def test_the_first_of_several_fields_with_errors_has_the_focus(world, as_user):
    rep = as_user("rep")
    rep.get("/clients/new")
    response = rep.post(
        "/clients/new", data={"name": "", "lat": "north", "lon": "", "rhythm_weeks": "4"}
    )
    assert response.status_code == 422
    assert title(response.text) == "Error: New client · Folka"
    assert focused(response.text) == ["name"]


def test_a_page_of_several_forms_says_error_for_the_one_sent(world, as_user):
    rep = as_user("rep")
    assert not title(rep.get("/profile/two-step").text).startswith("Error")
    response = rep.post("/profile/two-step", data={"action": "enable"})
    assert response.status_code == 422
    assert title(response.text).startswith("Error: ")
    assert focused(response.text) == ["enable-code"]


@pytest.mark.parametrize(
    "form,field",
    [
        ({"body": ""}, "body"),
        (
            {"body": "Good visit.", "promise_text": "Send it", "promise_id": str(uuid.uuid4())},
            "promise_due",
        ),
    ],
)
def test_the_note_form_shown_again_focuses_its_first_error(world, as_user, form, field):
    rep = as_user("rep")
    rep.get(f"/clients/{world['mine']}/note")
    response = rep.post(f"/clients/{world['mine']}/note", data=form)
    assert response.status_code == 422
    assert title(response.text) == "Error: Note · Fjord Rør AS · Folka"
    assert focused(response.text) == [field]
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', response.text, re.S)
