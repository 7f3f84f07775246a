"""Every page names its user (Folka-User), so the phone keeps saved pages for that user only."""

from webapp.accounts import sessions


def test_a_page_names_the_user_it_was_rendered_for(world, as_user):
    rep = as_user("rep")
    for url in ("/", f"/clients/{world['mine']}", f"/clients/{world['mine']}/note"):
        response = rep.get(url)
        assert response.status_code == 200
        assert response.headers["Folka-User"] == str(world["rep"]["id"]), url
    other = as_user("colleague").get("/")
    assert other.headers["Folka-User"] == str(world["colleague"]["id"])


def test_a_page_without_a_login_names_nobody(client):
    response = client.get("/login")
    assert response.status_code == 200 and response.headers["Folka-User"] == "0"


def test_after_the_sessions_end_the_pages_name_nobody(world, as_user, db):
    rep = as_user("rep")
    sessions.end_all(db, world["rep"]["id"])  # an admin ends them, or a new password
    response = rep.get("/", follow_redirects=True)
    assert "/login" in response.request.url and response.headers["Folka-User"] == "0"


def test_the_shell_and_the_api_name_no_user(world, as_user):
    rep = as_user("rep")
    for url in ("/offline", "/sw.js", "/manifest.webmanifest", "/api/session"):
        assert "Folka-User" not in rep.client.get(url).headers, url
