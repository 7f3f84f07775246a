"""Ids in addresses: a number no row can have (beyond SQLite's 64-bit integers) answers 404
like any id that is not there, and a query argument of that kind is left out; never a 500."""

import pytest

from webapp.db import IdConverter

BEYOND = ["9223372036854775808", "99999999999999999999999"]
#: The largest id SQLite stores: still just an id that is not there.
LARGEST = "9223372036854775807"

REP_PAGES = [
    ("GET", "/clients/{n}"),
    ("GET", "/clients/{n}/note"),
    ("POST", "/clients/{n}/note"),
    ("POST", "/clients/{n}/check-in"),
    ("GET", "/clients/{n}/edit"),
    ("POST", "/clients/{n}/edit"),
    ("GET", "/clients/{n}/contacts/new"),
    ("GET", "/contacts/{n}/edit"),
    ("POST", "/contacts/{n}/edit"),
    ("GET", "/contacts/{n}/topics/new"),
]
MANAGER_PAGES = [("POST", "/clients/{n}/archive")]
ADMIN_PAGES = [
    ("GET", "/admin/users/{n}"),
    ("POST", "/admin/users/{n}"),
    ("POST", "/admin/users/{n}/deactivate"),
    ("GET", "/admin/privacy/contacts/{n}"),
    ("POST", "/admin/privacy/contacts/{n}/export"),
    ("POST", "/admin/privacy/contacts/{n}/erase"),
]
CASES = [("rep", *page) for page in REP_PAGES]
CASES += [("manager", *page) for page in MANAGER_PAGES]
CASES += [("admin", *page) for page in ADMIN_PAGES]


@pytest.mark.parametrize("number", [*BEYOND, LARGEST])
@pytest.mark.parametrize(("who", "method", "address"), CASES)
def test_an_id_no_row_can_have_is_404(as_user, who, method, address, number):
    user = as_user(who)
    user.get("/")
    url = address.format(n=number)
    response = user.get(url) if method == "GET" else user.post(url, data={"name": "x"})
    assert response.status_code == 404, url


@pytest.mark.parametrize("before", [*BEYOND, "-1", "1e3", "x"])
def test_the_audit_log_leaves_out_a_before_that_is_no_id(as_user, world, before):
    admin = as_user("admin")
    newest = admin.get("/admin/audit").text
    assert newest.count("<tr") > 1  # the admin's login is there
    response = admin.get(f"/admin/audit?before={before}")
    assert response.status_code == 200 and response.text.count("<tr") == newest.count("<tr")


def test_every_number_in_a_route_is_an_id(app):
    """A route taking <int:…> would hand any number to SQLite again: they take <id:…>."""
    assert app.url_map.converters["id"] is IdConverter
    for rule in app.url_map.iter_rules():
        assert "<int" not in rule.rule and "<float" not in rule.rule, rule.rule


@pytest.mark.parametrize(
    "address",
    [
        "/visits/%ED%B3%80/check-out",
        "/visits/%00/check-out",
        "/visits/00000000-0000-4000-9000-00000000000%C3%A9/check-out",
        "/promises/%ED%B3%80/kept",
        "/promises/%00/kept",
        "/promises/{{}}/kept",
    ],
)
def test_a_visit_or_promise_id_that_is_no_uuid_is_404(as_user, address):
    rep = as_user("rep")
    rep.get("/")
    assert rep.post(address, data={"op_id": "not-a-uuid"}).status_code == 404
