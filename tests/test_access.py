"""Who may see what: every route that takes an id, for every role, as a table."""

import pytest

# (method, url template) for every page that takes an id of client data.
ID_ROUTES = [
    ("GET", "/clients/{client}"),
    ("GET", "/clients/{client}/note"),
    ("POST", "/clients/{client}/note"),
    ("POST", "/clients/{client}/check-in"),
    ("GET", "/clients/{client}/edit"),
    ("POST", "/clients/{client}/edit"),
    ("POST", "/clients/{client}/archive"),
    ("GET", "/clients/{client}/contacts/new"),
    ("POST", "/clients/{client}/contacts/new"),
    ("GET", "/contacts/{contact}/edit"),
    ("POST", "/contacts/{contact}/edit"),
    ("GET", "/contacts/{contact}/topics/new"),
    ("POST", "/contacts/{contact}/topics/new"),
    ("GET", "/topics/{topic}/edit"),
    ("POST", "/topics/{topic}/edit"),
    ("POST", "/visits/{visit}/check-out"),
]


@pytest.fixture
def southern(world, make):
    """Ids of records in the other team."""
    contact = make.contact(world["other_team"], name="Zofia Nowak")
    return {
        "client": world["other_team"],
        "contact": contact,
        "topic": make.topic(contact, "Sailing"),
        "visit": make.visit(world["other_team"], world["stranger"]["id"], days_ago=0, open_=True),
    }


@pytest.mark.parametrize("who", ["rep", "manager"])
@pytest.mark.parametrize("method,url", ID_ROUTES)
def test_other_teams_records_are_404(southern, as_user, who, method, url):
    user = as_user(who)
    user.get("/")
    target = url.format(**southern)
    response = user.get(target) if method == "GET" else user.post(target, data={"name": "x"})
    assert response.status_code == 404
    assert "Zofia" not in response.text and "Southern Secret" not in response.text


@pytest.mark.parametrize("method,url", ID_ROUTES)
def test_unknown_ids_are_404(world, as_user, method, url):
    user = as_user("admin")
    user.get("/")
    target = url.format(client=99999, contact=99999, topic="nope", visit="nope")
    response = user.get(target) if method == "GET" else user.post(target, data={"name": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "who,status", [("stranger", 404), ("rep", 200), ("manager", 200), ("admin", 200)]
)
def test_who_reads_a_northern_briefing(world, as_user, who, status):
    assert as_user(who).get(f"/clients/{world['mine']}").status_code == status


@pytest.mark.parametrize("who,status", [("rep", 403), ("manager", 302), ("admin", 302)])
def test_only_managers_and_admins_archive_clients(world, as_user, db, who, status):
    user = as_user(who)
    user.get("/")
    assert user.post(f"/clients/{world['mine']}/archive").status_code == status
    assert db["clients"].get(world["mine"])["archived"] == (status == 302)


@pytest.mark.parametrize(
    "url",
    ["/", "/clients/1", "/clients/new", "/clients/1/note", "/contacts/1/edit", "/topics/x/edit"],
)
def test_every_page_needs_login(world, client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_every_page_is_either_public_or_behind_login(app, client):
    """A new route must be added to PUBLIC deliberately when it may be seen logged out."""
    public = {"static", "accounts.login", "pwa.service_worker", "pwa.manifest", "pwa.offline"}
    public.add("review.calendar_feed")  # no login: the secret token in the URL is the key
    # The REST API's description, for programs and for people: it shows no data.
    public.update({"api_docs.document", "api_docs.page"})
    # For the proxy and monitors: the database's and replication's state, no data; /metrics
    # only on loopback without a proxy, or with its token (tests/test_health.py).
    public.update({"health.healthz", "health.metrics_page"})
    for rule in app.url_map.iter_rules():
        if rule.endpoint in public or "GET" not in rule.methods:
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<id:{argument}>", "1").replace(f"<{argument}>", "x")
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
            continue
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url
