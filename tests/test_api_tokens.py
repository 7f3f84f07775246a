"""Personal access tokens: made on the profile page and shown once, kept only as a hash,
read or read-write, expiring, revocable, with their last use shown; and only a token, never
a cookie, opens the REST API."""

import datetime
import hashlib
import re

import pytest

from tests.conftest import csrf_token
from tests.conftest import flashes
from webapp import timeutil


def make_token(browser, name="Our ERP", scope="read", days="90"):
    """Make a token on the profile page as the logged-in user; its text, from the page."""
    page = browser.get("/profile")
    assert page.status_code == 200
    response = browser.client.post(
        "/profile/tokens",
        data={
            "csrf_token": csrf_token(page.text),
            "token-name": name,
            "token-scope": scope,
            "token-days": days,
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    return re.search(r'id="token">(folka_pat_[A-Za-z0-9_-]+)<', response.text).group(1)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def rep(as_user):
    return as_user("rep")


def test_a_token_made_on_the_profile_is_shown_once_and_stored_only_as_its_hash(rep, db, app):
    token = make_token(rep)
    rows = list(db.query("SELECT * FROM api_tokens"))
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(rows[0])
    profile = rep.get("/profile").text
    assert "Our ERP" in profile
    assert token not in profile  # never shown again
    assert token[:14] in profile  # its first characters tell it apart
    assert "never used" in profile


def test_a_token_opens_the_api_as_its_user_and_its_last_use_shows(rep, app, world):
    token = make_token(rep)
    api = app.test_client()
    me = api.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json["id"] == world["rep"]["id"]
    assert me.json["scope"] == "read"
    assert "last used just now" in rep.get("/profile").text


def test_cookies_do_not_open_the_api(rep):
    """A logged-in browser gets 401 from the REST API: no page can make it call the API."""
    response = rep.client.get("/api/v1/clients")
    assert response.status_code == 401
    assert response.json["error"] == "token_required"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_or_malformed_token_is_refused(app):
    api = app.test_client()
    for header in (
        "Bearer folka_pat_nothing",
        "Bearer ",
        "Basic abc",
        "folka_pat_x",
        "Bearer " + "x" * 5000,
    ):
        response = api.get("/api/v1/clients", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert set(response.json) == {"error", "message"}


def test_a_read_token_cannot_write_and_a_read_write_token_can(rep, app, world):
    api = app.test_client()
    read = make_token(rep, scope="read")
    body = {"name": "New Client AS", "city": "Bergen"}
    refused = api.post("/api/v1/clients", json=body, headers=bearer(read))
    assert refused.status_code == 403
    assert refused.json["error"] == "read_only_token"
    write = make_token(rep, name="Sync", scope="read-write")
    made = api.post("/api/v1/clients", json=body, headers=bearer(write))
    assert made.status_code == 201, made.json
    assert made.json["name"] == "New Client AS"


def test_a_revoked_token_stops_working(rep, app, db):
    token = make_token(rep)
    api = app.test_client()
    assert api.get("/api/v1/me", headers=bearer(token)).status_code == 200
    token_id = db.execute("SELECT id FROM api_tokens").fetchone()[0]
    response = rep.post(f"/profile/tokens/{token_id}/revoke", follow_redirects=True)
    assert ("success", "The access token is revoked: it no longer works.") in flashes(response.text)
    assert api.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert "Revoked" in rep.get("/profile").text


def test_someone_elses_token_cannot_be_revoked(rep, as_user, app, db):
    token = make_token(rep)
    token_id = db.execute("SELECT id FROM api_tokens").fetchone()[0]
    other = as_user("colleague")
    assert other.post(f"/profile/tokens/{token_id}/revoke").status_code == 404
    assert app.test_client().get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_an_expired_token_stops_working(rep, app, db):
    token = make_token(rep, days="7")
    past = timeutil.iso(timeutil.now() - datetime.timedelta(seconds=1))
    db.execute("UPDATE api_tokens SET expires_at = ?", [past])
    assert app.test_client().get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert "Expired" in rep.get("/profile").text


def test_a_deactivated_users_token_stops_working(rep, app, db, world):
    token = make_token(rep)
    db.execute("UPDATE users SET active = 0 WHERE id = ?", [world["rep"]["id"]])
    assert app.test_client().get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_making_a_token_needs_the_forms_csrf_token_and_a_name(rep):
    rep.get("/profile")
    no_csrf = rep.client.post(
        "/profile/tokens", data={"token-name": "x", "token-scope": "read", "token-days": "90"}
    )
    assert no_csrf.status_code == 400
    unnamed = rep.post(
        "/profile/tokens",
        data={"token-name": "", "token-scope": "read", "token-days": "90"},
        follow_redirects=True,
    )
    assert [c for c, _text in flashes(unnamed.text)] == ["error"]
    odd_scope = rep.post(
        "/profile/tokens",
        data={"token-name": "x", "token-scope": "admin", "token-days": "9999"},
        follow_redirects=True,
    )
    assert "error" in [c for c, _text in flashes(odd_scope.text)]


def test_with_a_token_the_cookie_counts_for_nothing_and_no_cookie_is_set(rep, as_user, app, world):
    """A browser logged in as the manager sends the rep's token: the API answers as the rep,
    and its answers never set or refresh a session cookie."""
    token = make_token(rep)
    manager = as_user("manager")
    response = manager.client.get("/api/v1/me", headers=bearer(token))
    assert response.json["id"] == world["rep"]["id"]
    assert "Set-Cookie" not in response.headers
    fresh = app.test_client().get("/api/v1/clients", headers=bearer(token))
    assert "Set-Cookie" not in fresh.headers


def test_the_api_answers_in_the_token_users_language(rep, app, db, world):
    token = make_token(rep)
    db.execute("UPDATE users SET locale = 'nb' WHERE id = ?", [world["rep"]["id"]])
    response = app.test_client().get("/api/v1/clients/999999", headers=bearer(token))
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
    english = "This page does not exist, or you have no access to it."
    assert response.json["message"] and response.json["message"] != english
