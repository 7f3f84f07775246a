"""Logging in and out, remember-me, and pages that need a login."""

import pytest

from tests.conftest import PASSWORD
from tests.conftest import Browser
from tests.conftest import csrf_token
from webapp.accounts import users


def test_login_page_renders_with_language_switcher(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="email"' in page.text and 'name="lang"' in page.text


def test_login_then_today(world, browser):
    response = browser.login("rep@example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Fjord Rør AS" in browser.get("/").text


@pytest.mark.parametrize("next_page", [None, "/"])
def test_a_manager_lands_on_the_teams_week(world, browser, next_page):
    # Opening the app when logged out asks for Today ("/"): a manager comes for the team.
    url = "/login" if next_page is None else f"/login?next={next_page}"
    page = browser.get(url)
    form = {"email": "manager@example.com", "password": PASSWORD}
    response = browser.client.post(url, data={**form, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302 and response.headers["Location"] == "/review"
    assert "Team North" in browser.get("/review").text
    assert browser.get("/login").headers["Location"] == "/review"  # already logged in


def test_a_manager_sent_to_a_page_goes_there(world, browser):
    url = f"/login?next=/clients/{world['mine']}"
    page = browser.get(url)
    form = {"email": "manager@example.com", "password": PASSWORD}
    response = browser.client.post(url, data={**form, "csrf_token": csrf_token(page.text)})
    assert response.headers["Location"] == f"/clients/{world['mine']}"


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


# --- Server-side sessions: logout ends this one; password change and deactivation all ---


def _copy_cookies(source, target):
    """Put every cookie of one test client into another: a stolen or second-device cookie."""
    for cookie in source.client._cookies.values():
        target.client.set_cookie(cookie.key, cookie.value, domain=cookie.domain)


def test_logout_ends_the_session_even_for_a_copied_cookie(app, world, browser):
    browser.login("rep@example.com")
    thief = Browser(app.test_client())
    _copy_cookies(browser, thief)
    assert thief.client.get("/").status_code == 200
    browser.post("/logout")
    assert thief.client.get("/").status_code == 302


def test_logout_at_the_desk_leaves_the_phone_logged_in(app, world, browser):
    browser.login("rep@example.com")
    phone = Browser(app.test_client())
    phone.login("rep@example.com")
    browser.post("/logout")
    assert browser.client.get("/").status_code == 302
    assert phone.client.get("/").status_code == 200


def test_logout_revokes_the_remember_me_cookie(app, world, browser):
    response = browser.login("rep@example.com", remember=True)
    remember = next(
        c.split(";")[0].split("=", 1)[1]
        for c in response.headers.getlist("Set-Cookie")
        if c.startswith("remember_token=")
    )
    phone = app.test_client()
    phone.set_cookie("remember_token", remember)
    assert phone.get("/").status_code == 200  # the cookie alone logs in...
    browser.post("/logout")
    later = app.test_client()
    later.set_cookie("remember_token", remember)
    assert later.get("/").status_code == 302  # ...until the session it points at ended


def test_logout_clears_the_http_cache_but_not_the_outbox(world, browser):
    browser.login("rep@example.com")
    response = browser.post("/logout")
    # "storage" would also delete IndexedDB, where unsynced notes wait.
    assert response.headers["Clear-Site-Data"] == '"cache"'


def test_each_login_is_a_new_session(world, browser, db):
    browser.login("rep@example.com")
    first = browser.client.get_cookie("session").value
    browser.post("/logout")
    browser.login("rep@example.com")
    assert browser.client.get_cookie("session").value != first
    rows = list(db["sessions"].rows)
    assert len(rows) == 2 and rows[0]["ended_at"] and not rows[1]["ended_at"]
    assert all(len(row["token_hash"]) == 64 for row in rows)  # only a hash is stored


def test_a_session_cookie_from_before_server_sessions_is_refused(app, world, client):
    with client.session_transaction() as session:
        session["_user_id"] = str(world["rep"]["id"])  # old cookies held the bare id
        session["_fresh"] = True
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "column,value",
    [("created_at", "2020-01-01T00:00:00.000Z"), ("last_seen_at", "2020-01-01T00:00:00.000Z")],
)
def test_sessions_expire_when_too_old_or_unused(world, browser, db, column, value):
    browser.login("rep@example.com")
    db.execute(f"UPDATE sessions SET {column} = ?", [value])
    assert browser.client.get("/").status_code == 302
    assert db.execute("SELECT ended_at FROM sessions").fetchone()[0] is not None


def test_password_change_logs_out_every_other_device(app, world, browser, db):
    phone = Browser(app.test_client())
    phone.login("rep@example.com", remember=True)
    remember = phone.client.get_cookie("remember_token").value
    browser.login("rep@example.com")
    browser.get("/password")
    response = browser.post(
        "/password",
        data={
            "current": PASSWORD,
            "new": "blue tractor in the fjord",
            "repeat": "blue tractor in the fjord",
        },
    )
    assert response.status_code == 302
    assert browser.client.get("/").status_code == 200  # this device stays in
    assert phone.client.get("/").status_code == 302
    stolen = app.test_client()
    stolen.set_cookie("remember_token", remember)
    assert stolen.get("/").status_code == 302
    assert Browser(app.test_client()).login("rep@example.com").status_code == 200
    new = Browser(app.test_client()).login("rep@example.com", "blue tractor in the fjord")
    assert new.status_code == 302
    assert "password_changed" in [row["action"] for row in db["audit_log"].rows]


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"current": "wrong one here"}, "current", "The current password is not right."),
        ({"new": "short pw", "repeat": "short pw"}, "new", "Use at least 10 characters."),
        ({"new": "password123", "repeat": "password123"}, "new", "This password is too common."),
        (
            {"repeat": "something else entirely"},
            "repeat",
            "The two new passwords are not the same.",
        ),
        ({"new": PASSWORD, "repeat": PASSWORD}, "new", "Choose a password different"),
    ],
)
def test_password_change_explains_what_is_wrong(world, as_user, data, field, message):
    rep = as_user("rep")
    rep.get("/password")
    form = {
        "current": PASSWORD,
        "new": "blue tractor in the fjord",
        "repeat": "blue tractor in the fjord",
    }
    response = rep.post("/password", data={**form, **data})
    assert response.status_code == 422 and message in response.text
    assert f'id="{field}-error"' in response.text


def test_password_inputs_are_masked_and_help_password_managers(world, as_user):
    page = as_user("rep").get("/password").text
    assert page.count('type="password"') == 3
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page
    assert "onpaste" not in page


@pytest.mark.parametrize(
    "password,ok",
    [
        ("short", False),
        ("abcdefghi", False),  # 9 characters
        ("blue tractor in the fjord", True),
        ("x7!Lq#2v", False),  # strong-looking but under 10
        ("password123", False),
        ("Password2024!", False),  # a common word with the usual year and symbol
        ("qwertyuiop", False),
        ("1234567890", False),
        ("sommer2025", False),
        ("Salasana123!", False),
        ("aaaaaaaaaaaaaaa", False),
        ("folka-rocks-hard", False),
        ("kari.nordmann!!", False),  # the user's own e-mail
        ("Kari Nordmann", False),  # the user's own name
        ("Tre små kinesere på Haugesund", True),
        ("Ærlig talt, Åse: jeg ønsker meg en rolig sommer på hytta i Lærdal!", True),
        ("long enough pass " * 4, True),  # 68 characters are fine
        ("x" * 201, False),
    ],
)
def test_password_policy(password, ok, app):
    with app.test_request_context():
        problems = users.password_problems(password, "kari.nordmann@example.com", "Kari Nordmann")
    assert (problems == []) is ok, problems


@pytest.mark.parametrize(
    "password,ok",
    [
        ("nb@example.com1", False),  # the e-mail, however short its first part
        ("berg-nora-99", False),  # the name in another order
        ("Nora.Berg 2026!", False),
        ("NB example 1234", False),  # nothing but the e-mail's parts
        ("nb plans the spring tour", True),  # other words around them are fine
    ],
)
def test_passwords_made_of_the_users_own_name_or_e_mail_are_refused(password, ok, app):
    with app.test_request_context():
        problems = users.password_problems(password, "nb@example.com", "Nora Berg")
    assert (problems == []) is ok, problems


def test_the_common_password_list_is_substantial():
    common = users.common_passwords()
    assert len(common) > 3000
    assert {"password123", "qwerty123456", "1234567890", "iloveyou2024"} <= common
