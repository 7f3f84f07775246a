"""Login throttling: counted in the database per account and per address, same answer for all."""

import datetime
import re

import pytest

from tests.conftest import PASSWORD
from webapp import create_app
from webapp import timeutil
from webapp.accounts import users


def _attempt(client, email, password, address="203.0.113.7"):
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def _fail(client, email, times, address="203.0.113.7"):
    for _ in range(times):
        response = _attempt(client, email, "not the password", address)
        assert response.status_code == 200


def _answer(response, email):
    """The visible answer, without what differs by design (typed e-mail, token, clock)."""
    text = response.text.replace(email, "EMAIL")
    text = re.sub(r'data-rendered-at="[^"]*"', "", text)
    return re.sub(r'value="[^"]{20,}"', 'value="TOKEN"', text)


def test_fifth_failure_blocks_the_account_even_with_the_right_password(world, client, db):
    _fail(client, "rep@example.com", 5)
    response = _attempt(client, "rep@example.com", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts. Wait 15 minutes and try again." in response.text
    assert 850 <= int(response.headers["Retry-After"]) <= 901
    assert client.get("/").status_code == 302


def test_known_and_unknown_accounts_get_the_same_answers(world, app):
    answers = {}
    for email in ("rep@example.com", "nobody@example.com"):
        client = app.test_client()
        wrong = _attempt(client, email, "not the password")
        _fail(client, email, 4)
        blocked = _attempt(client, email, "not the password")
        answers[email] = [
            (r.status_code, r.headers.get("Retry-After") is not None, _answer(r, email))
            for r in (wrong, blocked)
        ]
    known, unknown = answers["rep@example.com"], answers["nobody@example.com"]
    assert [a[:2] for a in known] == [a[:2] for a in unknown] == [(200, False), (429, True)]
    assert known[0][2] == unknown[0][2] and known[1][2] == unknown[1][2]


def test_unknown_and_known_e_mails_cost_one_password_hash_each(world, client, monkeypatch):
    calls = []
    original = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda *a: calls.append(1) or original(*a))
    _attempt(client, "nobody@example.com", PASSWORD)
    _attempt(client, "rep@example.com", "not the password")
    assert len(calls) == 2


def test_twenty_failures_from_one_address_slow_it_down_but_never_lock_it_out(world, app, db):
    for n in range(20):
        _attempt(app.test_client(), f"guess{n}@example.com", "not the password")
    response = _attempt(app.test_client(), "rep@example.com", PASSWORD)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 10
    assert "Wait 10 seconds and try again." in response.text
    elsewhere = _attempt(app.test_client(), "colleague@example.com", PASSWORD, "198.51.100.9")
    assert elsewhere.status_code == 302
    # Ten seconds after the last failure the colleague behind the same NAT gets in...
    _age_failures(db, seconds=11)
    assert _attempt(app.test_client(), "rep@example.com", PASSWORD).status_code == 302
    # ...while guesses from there go on at one per pause.
    assert _attempt(app.test_client(), "guess@example.com", "not the password").status_code == 200
    assert _attempt(app.test_client(), "guess@example.com", "not the password").status_code == 429


def _age_failures(db, seconds):
    """Move every counted failure `seconds` into the past."""
    for row_id, at in db.execute("SELECT id, at FROM login_failures").fetchall():
        earlier = timeutil.parse(at) - datetime.timedelta(seconds=seconds)
        db.execute("UPDATE login_failures SET at = ? WHERE id = ?", [timeutil.iso(earlier), row_id])


def test_an_ipv6_host_is_counted_by_its_64_network(world, client):
    for n in range(20):
        _attempt(client, f"guess{n}@example.com", "x" * 12, f"2001:db8:1:2::{n + 1:x}")
    response = _attempt(client, "rep@example.com", PASSWORD, "2001:db8:1:2::ffff")
    assert response.status_code == 429


def test_failures_expire_after_the_window(world, client, db):
    _fail(client, "rep@example.com", 5)
    db.execute("UPDATE login_failures SET at = '2020-01-01T00:00:00.000Z'")
    response = _attempt(client, "rep@example.com", PASSWORD)
    assert response.status_code == 302


def test_success_forgives_the_account_but_not_the_address(world, app):
    _fail(app.test_client(), "rep@example.com", 4)
    assert _attempt(app.test_client(), "rep@example.com", PASSWORD).status_code == 302
    _fail(app.test_client(), "rep@example.com", 4)
    assert _attempt(app.test_client(), "rep@example.com", PASSWORD).status_code == 302
    for n in range(12):  # the address is at 20 failures now
        _fail(app.test_client(), f"guess{n}@example.com", 1)
    assert _attempt(app.test_client(), "rep@example.com", PASSWORD).status_code == 429


def test_the_count_is_shared_by_every_worker(world, app, db):
    """Two app instances on one database stand in for two gunicorn workers here;
    test_reliability proves the same against a real gunicorn."""
    worker_a = app.test_client()
    worker_b = create_app(
        {"TESTING": True, "DATABASE": app.config["DATABASE"], "SECRET_KEY": "t"}
    ).test_client()
    for n in range(5):
        _fail(worker_a if n % 2 else worker_b, "rep@example.com", 1)
    assert _attempt(worker_a, "rep@example.com", PASSWORD).status_code == 429
    assert _attempt(worker_b, "rep@example.com", PASSWORD).status_code == 429


def test_failed_and_throttled_logins_are_audited(world, client, db):
    _fail(client, "Rep@Example.com ", 5)
    _attempt(client, "rep@example.com", PASSWORD)
    actions = [row["action"] for row in db["audit_log"].rows]
    assert actions.count("login_failed") == 5 and actions.count("login_throttled") == 1
    failed = db.execute("SELECT subject, address FROM audit_log LIMIT 1").fetchone()
    assert failed == ("rep@example.com", "203.0.113.7")


@pytest.mark.parametrize("address", ["203.0.113.7", "::ffff:203.0.113.7"])
def test_ipv4_mapped_addresses_count_as_ipv4(world, client, address):
    _fail(client, "rep@example.com", 3, "203.0.113.7")
    _fail(client, "rep@example.com", 2, address)
    assert _attempt(client, "rep@example.com", PASSWORD, "203.0.113.7").status_code == 429


# --- The password typed again inside a session counts like a login ---

RECHECKS = {
    "password": lambda wrong: (
        "/password",
        {"current": wrong, "new": "a fresh long phrase 77", "repeat": "a fresh long phrase 77"},
    ),
    "sessions": lambda wrong: ("/profile/sessions/end", {"end-password": wrong}),
    "two-step enable": lambda wrong: (
        "/profile/two-step",
        {"action": "enable", "enable-password": wrong, "enable-code": "123456"},
    ),
}


@pytest.mark.parametrize("purpose", RECHECKS)
def test_wrong_passwords_in_a_session_are_throttled_audited_and_end_it(world, browser, db, purpose):
    browser.login("rep@example.com")
    for _ in range(5):
        url, data = RECHECKS[purpose]("not the password")
        assert browser.post(url, data=data).status_code in (302, 422)
        assert browser.client.get("/").status_code == 200  # still logged in
    url, data = RECHECKS[purpose](PASSWORD)  # even the right one, now
    response = browser.post(url, data=data)
    assert response.headers["Location"] == "/login"
    assert "Too many wrong passwords. Log in again to go on." in browser.client.get("/login").text
    assert browser.client.get("/").status_code == 302  # the session ended
    assert _attempt(browser.client, "rep@example.com", PASSWORD).status_code == 429
    audited = [(row["action"], row["detail"]) for row in db["audit_log"].rows]
    assert audited.count(("password_check_failed", purpose)) == 5
    assert ("password_check_throttled", purpose) in audited


def test_a_right_password_in_a_session_is_not_counted(world, browser, db):
    browser.login("rep@example.com")
    for _ in range(6):
        browser.post("/profile/sessions/end", data={"end-password": PASSWORD})
    assert browser.client.get("/").status_code == 200
    assert db.execute("SELECT COUNT(*) FROM login_failures").fetchone()[0] == 0
