"""Cookies, HTTPS behind a proxy, headers on the API, CSRF and origin checks, and limits."""

import json
import uuid

import pytest
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length

from tests.conftest import PASSWORD
from tests.conftest import csrf_token
from webapp import create_app


def _cookies(response):
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def _login(client, base_url="http://localhost", headers=None):
    """Log in as the rep (with remember-me) over the given scheme; returns the response."""
    page = client.get("/login", base_url=base_url, headers=headers)
    # Over HTTPS, Flask-WTF also wants a same-site Referer, as browsers send on form posts.
    headers = {"Referer": f"{base_url}/login", **(headers or {})}
    return client.post(
        "/login",
        base_url=base_url,
        headers=headers,
        data={
            "email": "rep@example.com",
            "password": PASSWORD,
            "remember": "y",
            "csrf_token": csrf_token(page.text),
        },
    )


def test_cookies_are_secure_over_https(world, client):
    response = _login(client, "https://folka.example")
    cookies = _cookies(response)
    for name in ("session", "remember_token"):
        assert "; Secure" in cookies[name] and "HttpOnly" in cookies[name], cookies[name]
        assert "SameSite=Lax" in cookies[name]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_cookies_work_over_plain_http_on_a_developer_machine(world, client):
    response = _login(client)
    assert "Secure" not in _cookies(response)["session"]
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("trust,secure", [(0, False), (1, True)])
def test_forwarded_proto_counts_only_when_the_proxy_is_trusted(world, tmp_path, trust, secure):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(world["db_path"]),
            "SECRET_KEY": "t",
            "TRUST_PROXY": trust,
        }
    )
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.23"}
    response = _login(app.test_client(), headers=headers)
    assert ("; Secure" in _cookies(response)["session"]) is secure
    assert ("Strict-Transport-Security" in response.headers) is secure


def test_a_trusted_proxy_gives_the_client_address_for_throttling_and_audit(world, db):
    app = create_app(
        {"TESTING": True, "DATABASE": str(world["db_path"]), "SECRET_KEY": "t", "TRUST_PROXY": 1}
    )
    _login(app.test_client(), headers={"X-Forwarded-For": "198.51.100.23"})
    assert db.execute("SELECT address FROM audit_log").fetchone()[0] == "198.51.100.23"


def test_forced_secure_cookies_use_the_host_prefix(world):
    app = create_app(
        {"TESTING": True, "DATABASE": str(world["db_path"]), "SECRET_KEY": "t"}
        | {"SECURE_COOKIES": 1}
    )
    response = _login(app.test_client(), "https://folka.example")
    cookies = _cookies(response)
    assert "; Secure" in cookies["__Host-folka"] and "Path=/" in cookies["__Host-folka"]
    assert "Domain" not in cookies["__Host-folka"]
    assert "; Secure" in cookies["__Host-folka-remember"]


@pytest.fixture
def world(world, app):
    """The usual world, plus where its database lives (to open a second app on it)."""
    return {**world, "db_path": app.config["DATABASE"]}


def test_api_answers_are_never_cached(world, as_user):
    response = as_user("rep").client.get("/api/session")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "headers,status",
    [
        ({}, 200),
        ({"Origin": "http://localhost"}, 200),
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Origin": "https://localhost"}, 403),  # the same host under another scheme
        ({"Origin": "http://localhost:8080"}, 403),  # or on another port
        ({"Origin": "http://localhost.evil.example"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}, 200),
    ],
)
def test_the_sync_api_refuses_other_origins(world, as_user, headers, status):
    rep = as_user("rep")
    token = rep.client.get("/api/session").json["csrf_token"]
    response = rep.client.post(
        "/api/sync",
        json={"user_id": world["rep"]["id"], "operations": []},
        headers={"X-CSRFToken": token, **headers},
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    "origin,status",
    [("https://folka.example:8443", 200), ("http://folka.example:8443", 403)]
    + [("https://folka.example", 403), ("https://folka.example:8444", 403)],
)
def test_over_https_the_sync_api_accepts_only_its_own_scheme_and_port(world, app, origin, status):
    client = app.test_client()
    base = "https://folka.example:8443"
    assert _login(client, base).status_code == 302
    token = client.get("/api/session", base_url=base).json["csrf_token"]
    response = client.post(
        "/api/sync",
        base_url=base,
        json={"user_id": world["rep"]["id"], "operations": []},
        headers={"X-CSRFToken": token, "Referer": f"{base}/", "Origin": origin},
    )
    assert response.status_code == status


def test_no_cors_headers_are_ever_sent(world, as_user):
    response = as_user("rep").get("/api/session", headers={"Origin": "https://evil.example"})
    assert not [h for h in response.headers.keys() if h.lower().startswith("access-control")]


def _forms():
    """Every form class the app defines, found after the app imported them all."""
    seen, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        form = todo.pop()
        seen.append(form)
        todo.extend(form.__subclasses__())
    return [f for f in seen if f.__module__.startswith("webapp")]


def test_every_text_field_of_every_form_has_a_length_limit(app):
    forms = _forms()
    assert len(forms) >= 8
    for form in forms:
        for name in dir(form):
            field = getattr(form, name)
            if getattr(field, "field_class", None) and issubclass(
                field.field_class, StringField | TextAreaField
            ):
                validators = field.kwargs.get("validators", [])
                limits = [v.max for v in validators if isinstance(v, Length) and v.max > 0]
                assert limits and limits[0] <= 1000, f"{form.__name__}.{name} has no length limit"


def _post_routes(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<id:{argument}>", "1").replace(f"<{argument}>", "x")
            if "<any(" in url:
                url = url.split("<any(")[0] + "deactivate"
            yield url


def test_every_post_needs_a_csrf_token(app, world, as_user, db):
    admin = as_user("admin")
    urls = list(_post_routes(app))
    assert len(urls) >= 15
    for url in urls:
        response = admin.client.post(url, data={"name": "x"})
        assert response.status_code in (400, 401), url
    assert db.execute("SELECT COUNT(*) FROM users WHERE active = 0").fetchone()[0] == 0


def _note_op(world, **extra):
    return {
        "id": str(uuid.uuid4()),
        "kind": "note",
        "at": "2020-01-01T00:00:00Z",
        "client_id": world["mine"],
        "body": "Visit.",
        **extra,
    }


@pytest.fixture
def api(world, as_user):
    rep = as_user("rep")
    token = rep.client.get("/api/session").json["csrf_token"]

    def send(ops, raw=None):
        body = (
            raw
            if raw is not None
            else json.dumps({"user_id": world["rep"]["id"], "operations": ops})
        )
        return rep.client.post(
            "/api/sync",
            data=body,
            headers={"X-CSRFToken": token, "Content-Type": "application/json"},
        )

    return send


def test_too_many_topics_in_one_note_are_refused_with_a_reason(world, make, api, db):
    from webapp import timeutil
    from webapp.sync import checks

    contact = make.contact(world["mine"])
    topics = [
        {"id": str(uuid.uuid4()), "contact_id": contact, "title": f"Topic {n}"}
        for n in range(checks.MAX_ITEMS + 1)
    ]
    op = _note_op(world, at=timeutil.now_iso(), new_topics=topics)
    [result] = api([op]).json["results"]
    assert result["status"] == "rejected" and result["errors"]["new_topics"]
    assert db["topics"].count == 0 and db["notes"].count == 0


@pytest.mark.parametrize(
    "url,field,length",
    [
        ("/clients/{mine}/note", "body", 1001),
        ("/clients/{mine}/note", "new_topic_title", 121),
        ("/clients/{mine}/note", "promise_text", 201),
        ("/clients/{mine}/contacts/new", "name", 121),
        ("/clients/new", "name", 121),
        ("/clients/new", "city", 81),
        ("/contacts/{contact}/topics/new", "title", 121),
        ("/contacts/{contact}/topics/new", "follow_up", 201),
        ("/password", "new", 201),
    ],
)
def test_overlong_fields_are_refused_with_a_message(world, make, as_user, url, field, length):
    contact = make.contact(world["mine"], name="Anna")
    rep = as_user("rep")
    url = url.format(mine=world["mine"], contact=contact)
    rep.get(url)
    data = {"name": "Acme", "title": "Golf", "current": PASSWORD, field: "x" * length}
    if field == "new_topic_title":
        data["new_topic_contact"] = str(contact)
    response = rep.post(url, data=data)
    assert response.status_code == 422, response.text[:200]
    assert "characters" in response.text


def test_a_huge_login_is_refused_before_any_password_work(world, client):
    response = client.post("/login", data={"email": "x" * 300_000})
    assert response.status_code == 413
