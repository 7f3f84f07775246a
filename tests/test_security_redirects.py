"""Redirects after login and after choosing a language stay on this site, whatever a link says.

Browsers rewrite a Location header before following it (tabs and line breaks dropped, a
backslash read as a slash), so each target here would leave the site in a real browser.
"""

import pytest

from tests.conftest import PASSWORD
from tests.conftest import csrf_token

ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    "/\u00a0/evil.example",
    "/\u2028/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
]

SAME_SITE = ["/profile", "/review?week=2026-W48", "/clients/7#people"]


def _log_in_with_next(client, target):
    page = client.get("/login")
    return client.post(
        "/login",
        query_string={"next": target},
        data={
            "email": "rep@example.com",
            "password": PASSWORD,
            "csrf_token": csrf_token(page.text),
        },
    )


def _choose_language(client, target):
    page = client.get("/login")
    return client.post(
        "/language", data={"lang": "nb", "next": target, "csrf_token": csrf_token(page.text)}
    )


@pytest.mark.parametrize("target", ELSEWHERE)
def test_login_never_sends_a_rep_to_another_site(world, client, target):
    response = _log_in_with_next(client, target)
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_choosing_a_language_never_sends_anyone_to_another_site(world, client, target):
    response = _choose_language(client, target)
    assert response.status_code == 302 and response.headers["Location"] == "/login"


@pytest.mark.parametrize("target", SAME_SITE)
def test_both_return_to_the_page_asked_for_on_this_site(world, app, target):
    assert _log_in_with_next(app.test_client(), target).headers["Location"] == target
    assert _choose_language(app.test_client(), target).headers["Location"] == target
