"""Logging in and out, remember-me, and pages that need a login."""

import pytest

from tests.conftest import PASSWORD
from webapp import users


def test_login_page_renders_with_language_switcher(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="email"' in page.text and 'name="lang"' in page.text


def test_login_then_today(world, browser):
    response = browser.login("rep@example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Fjord Rør AS" in browser.get("/").text


@pytest.mark.parametrize(
    "email,password",
    [("rep@example.com", "wrong password"), ("nobody@example.com", PASSWORD), ("", "")],
)
def test_failed_login_keeps_email_and_says_why(world, browser, email, password):
    response = browser.login(email, password)
    assert response.status_code == 200
    assert "wrong" in response.text or "This field is required" in response.text
    assert f'value="{email}"' in response.text or not email
    assert browser.client.get("/").status_code == 302


def test_unknown_and_wrong_password_get_the_same_answer(world, browser):
    unknown = browser.login("nobody@example.com", PASSWORD).text
    wrong = browser.login("rep@example.com", "not the password").text
    assert "E-mail or password is wrong." in unknown
    assert "E-mail or password is wrong." in wrong


def test_deactivated_user_cannot_log_in_and_loses_session(world, browser, db):
    assert browser.login("rep@example.com").status_code == 302
    db["users"].update(world["rep"]["id"], {"active": 0})
    assert browser.client.get("/").status_code == 302
    assert browser.login("rep@example.com").status_code == 200


def test_login_without_csrf_token_is_refused(world, client):
    response = client.post("/login", data={"email": "rep@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.text
    assert client.get("/").status_code == 302


def test_next_parameter_goes_only_to_local_paths(world, browser):
    page = browser.client.get("/login?next=https://evil.example/")
    from tests.conftest import csrf_token

    response = browser.client.post(
        "/login?next=https://evil.example/",
        data={
            "email": "rep@example.com",
            "password": PASSWORD,
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.headers["Location"] == "/"


def test_redirect_to_login_then_back(world, browser):
    first = browser.client.get(f"/clients/{world['mine']}")
    assert first.status_code == 302 and "/login?next=" in first.headers["Location"]


def test_remember_me_sets_a_lasting_cookie(world, browser):
    response = browser.login("rep@example.com", remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("remember_token=") and "HttpOnly" in c for c in cookies)


def test_logout_needs_post_and_ends_session(world, browser):
    browser.login("rep@example.com")
    assert browser.client.get("/logout").status_code == 405
    response = browser.post("/logout")
    assert response.status_code == 302
    assert browser.client.get("/").status_code == 302


def test_passwords_are_stored_hashed_with_strong_parameters(app, db, real_password_hashing):
    users.create_user(db, "rep@example.com", "Rep", PASSWORD, "rep")
    stored = db.execute(
        "SELECT password_hash FROM users WHERE email = 'rep@example.com'"
    ).fetchone()
    assert stored[0].startswith("pbkdf2:sha256:600000$") and PASSWORD not in stored[0]


def test_old_hash_parameters_are_upgraded_at_login(world, browser, db, real_password_hashing):
    assert browser.login("rep@example.com").status_code == 302
    stored = db.execute(
        "SELECT password_hash FROM users WHERE email = 'rep@example.com'"
    ).fetchone()
    assert stored[0].startswith("pbkdf2:sha256:600000$")
