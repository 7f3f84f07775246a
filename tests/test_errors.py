"""Bad requests get clear answers, never a stack trace; every response has safe headers."""

import pytest


def test_unknown_page_is_a_friendly_404(world, as_user):
    response = as_user("rep").get("/no/such/page")
    assert response.status_code == 404
    assert "This page does not exist" in response.text and "Traceback" not in response.text


def test_oversize_body_is_413(world, as_user):
    rep = as_user("rep")
    rep.get("/")
    response = rep.post(f"/clients/{world['mine']}/note", data={"body": "x" * 400_000})
    assert response.status_code == 413 and "too large" in response.text


def test_stale_csrf_token_explains(world, as_user):
    rep = as_user("rep")
    response = rep.client.post(f"/clients/{world['mine']}/check-in", data={"csrf_token": "old"})
    assert response.status_code == 400 and "This form has expired" in response.text


def test_json_clients_get_json_errors(world, as_user):
    response = as_user("rep").get("/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"] == "not_found"


JSON = "application/json"


def api_post(rep, url, **kwargs):
    token = rep.client.get("/api/session").json["csrf_token"]
    return rep.client.post(url, headers={"X-CSRFToken": token}, **kwargs)


@pytest.mark.parametrize(
    "ask,status,code",
    [
        (lambda rep: rep.get("/api/no-such-thing"), 404, "not_found"),
        (lambda rep: rep.get("/api/sync"), 405, "method_not_allowed"),
        (lambda rep: api_post(rep, "/api/sync", data="x" * 400_000), 413, "too_large"),
        (lambda rep: api_post(rep, "/api/sync", data="{no", content_type=JSON), 400, "bad_json"),
        (lambda rep: rep.client.post("/api/sync", json={}), 400, "csrf_failed"),
        (lambda rep: rep.client.get("/api/session"), 500, "server_error"),
    ],
    ids=["404", "405", "413", "400", "csrf", "500"],
)
def test_every_api_error_has_one_shape(world, as_user, monkeypatch, ask, status, code):
    rep = as_user("rep")
    if status == 500:

        def broken():
            raise RuntimeError("secret internals")

        monkeypatch.setattr("webapp.sync.views.generate_csrf", broken)
    response = ask(rep)
    assert response.status_code == status
    assert response.json.keys() == {"error", "message"}
    assert response.json["error"] == code and response.json["message"]
    assert "secret internals" not in response.text


def test_unexpected_errors_are_500_without_details(app, world, as_user, monkeypatch):
    from webapp import clients

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(clients, "list_for_today", broken)
    response = as_user("rep").get("/")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Something went wrong" in response.text


@pytest.mark.parametrize("url", ["/login", "/static/css/folka.css"])
def test_security_headers(client, url):
    with client.get(url) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in headers["Permissions-Policy"]


def test_pages_with_personal_data_are_not_cached(world, as_user):
    assert as_user("rep").get(f"/clients/{world['mine']}").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(world, browser):
    response = browser.login("rep@example.com")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_have_no_inline_script(world, as_user):
    import re

    page = as_user("rep").get(f"/clients/{world['mine']}").text
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    assert " onclick=" not in page and " onsubmit=" not in page
