"""Two-step login: RFC 6238 codes, set-up, the login step, recovery codes, admins must use it."""

import hashlib
import re

import pytest

from tests.conftest import PASSWORD
from tests.conftest import TOTP_SECRET
from tests.conftest import Browser
from tests.conftest import csrf_token
from webapp.accounts import totp

# RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", eight digits.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize("unix_time,expected", RFC_VECTORS)
def test_codes_match_rfc_6238(unix_time, expected):
    step = totp.current_step(unix_time)
    assert totp.code_at(RFC_SECRET, step, digits=8) == expected


def test_a_code_is_good_for_its_step_and_one_either_side_once():
    now = 1_700_000_000
    step = totp.current_step(now)
    for offset, accepted in [(-2, False), (-1, True), (0, True), (1, True), (2, False)]:
        code = totp.code_at(TOTP_SECRET, step + offset)
        found = totp.matching_step(TOTP_SECRET, code, after_step=0, now=now)
        assert (found == step + offset) is accepted, offset
    # Used once: the same step (or an earlier one) is refused afterwards.
    code = totp.code_at(TOTP_SECRET, step)
    assert totp.matching_step(TOTP_SECRET, code, after_step=step, now=now) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", None, "12 34 5x"])
def test_malformed_codes_are_refused(code):
    assert totp.matching_step(TOTP_SECRET, code, after_step=0) is None


def test_secrets_and_recovery_codes_are_random_and_strong():
    secrets = {totp.new_secret() for _ in range(20)}
    assert len(secrets) == 20 and all(len(s) == 32 for s in secrets)  # 160 bits
    codes = totp.new_recovery_codes()
    letters = [c.replace("-", "") for c in codes]
    assert len(set(codes)) == 10 and all(len(c) == 25 for c in letters)  # 125 bits each


def test_otpauth_uri_names_folka_and_the_account():
    uri = totp.provisioning_uri("ABCDEF", "ana@example.com")
    assert uri == "otpauth://totp/Folka%3Aana%40example.com?secret=ABCDEF&issuer=Folka"


def _setup_page(browser):
    page = browser.get("/profile/two-step")
    assert page.status_code == 200
    secret = re.search(r'class="secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    return page, secret


def _enable(browser, secret, password=PASSWORD, code=None):
    code = code or totp.code_at(secret, totp.current_step())
    return browser.post(
        "/profile/two-step",
        data={"action": "enable", "enable-code": code, "enable-password": password},
    )


def test_set_up_shows_key_link_and_server_drawn_qr_code(world, as_user):
    rep = as_user("rep")
    page, secret = _setup_page(rep)
    assert len(secret) == 32
    assert f"otpauth://totp/Folka%3Arep%40example.com?secret={secret}" in page.text
    svg = re.search(r"<svg.*?</svg>", page.text, re.S).group(0)
    assert "<path" in svg and "style=" not in svg and "<script" not in page.text.split("</head>")[1]
    # Reloading keeps the same key, so a half-done set-up in the app still works.
    assert _setup_page(rep)[1] == secret


def test_turning_on_needs_the_password_and_a_right_code(world, as_user, db):
    rep = as_user("rep")
    _, secret = _setup_page(rep)
    assert _enable(rep, secret, password="wrong password").status_code == 422
    assert _enable(rep, secret, code="000000").status_code == 422
    assert db["users"].get(world["rep"]["id"])["totp_enabled_at"] is None
    done = _enable(rep, secret)
    assert done.status_code == 200 and "Your recovery codes" in done.text
    codes = re.findall(r"<code>([a-z2-9-]{29})</code>", done.text)
    assert len(codes) == 10
    stored = [row["code_hash"] for row in db["recovery_codes"].rows]
    assert len(stored) == 10 and not any(code in " ".join(stored) for code in codes)
    assert hashlib.sha256(codes[0].replace("-", "").encode()).hexdigest() in stored


@pytest.fixture
def rep_with_totp(world, as_user, db):
    """The rep with two-step login on; returns their secret and recovery codes."""
    rep = as_user("rep")
    _, secret = _setup_page(rep)
    page = _enable(rep, secret)
    db["users"].update(world["rep"]["id"], {"totp_last_step": 0})
    return {"secret": secret, "codes": re.findall(r"<code>([a-z2-9-]{29})</code>", page.text)}


def _second_step(client, code):
    token = csrf_token(client.get("/login/code").text)
    return client.post("/login/code", data={"code": code, "csrf_token": token})


def test_login_asks_for_the_code_after_the_password(app, world, rep_with_totp, db):
    browser = Browser(app.test_client())
    first = browser.login("rep@example.com")
    assert first.headers["Location"] == "/login/code"
    assert browser.client.get("/").status_code == 302  # not logged in yet
    code = totp.code_at(rep_with_totp["secret"], totp.current_step())
    done = _second_step(browser.client, code)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert browser.client.get("/").status_code == 200
    # The same code cannot be used again, by anyone.
    other = Browser(app.test_client())
    other.login("rep@example.com")
    assert _second_step(other.client, code).status_code == 200
    assert other.client.get("/").status_code == 302


def test_a_recovery_code_works_once(app, world, rep_with_totp):
    code = rep_with_totp["codes"][3].upper().replace("-", " ")  # case and spacing do not matter
    first = Browser(app.test_client())
    first.login("rep@example.com")
    assert _second_step(first.client, code).headers["Location"] == "/"
    assert "9 are left" in first.client.get("/").text
    again = Browser(app.test_client())
    again.login("rep@example.com")
    assert _second_step(again.client, code).status_code == 200


def test_wrong_codes_are_throttled_like_passwords(app, world, rep_with_totp):
    browser = Browser(app.test_client())
    browser.login("rep@example.com")
    for _ in range(5):
        assert _second_step(browser.client, "000000").status_code == 200
    right = totp.code_at(rep_with_totp["secret"], totp.current_step())
    blocked = _second_step(browser.client, right)
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.text


def test_the_second_step_expires(app, world, rep_with_totp, db):
    browser = Browser(app.test_client())
    browser.login("rep@example.com")
    db.execute("UPDATE pending_logins SET created_at = '2020-01-01T00:00:00.000Z'")
    response = browser.client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert browser.client.get("/").status_code == 302


def test_a_copy_of_the_second_step_cookie_cannot_log_in_again(app, world, rep_with_totp):
    browser = Browser(app.test_client())
    browser.login("rep@example.com")
    thief = Browser(app.test_client())
    for cookie in browser.client._cookies.values():
        thief.client.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    token = csrf_token(thief.client.get("/login/code").text)
    now = totp.current_step()
    code = totp.code_at(rep_with_totp["secret"], now - 1)
    assert _second_step(browser.client, code).headers["Location"] == "/"
    replay = thief.client.post(
        "/login/code",
        data={"code": totp.code_at(rep_with_totp["secret"], now), "csrf_token": token},
    )
    assert replay.status_code == 302 and replay.headers["Location"] == "/login"
    assert thief.client.get("/").status_code == 302


def test_the_code_page_without_a_password_first_goes_to_login(client):
    assert client.get("/login/code").headers["Location"] == "/login"


def test_turning_off_needs_the_password_and_ends_other_sessions(app, world, rep_with_totp, db):
    browser = Browser(app.test_client())
    browser.login("rep@example.com")
    _second_step(browser.client, totp.code_at(rep_with_totp["secret"], totp.current_step()))
    phone = Browser(app.test_client())
    phone.login("rep@example.com")
    db["users"].update(world["rep"]["id"], {"totp_last_step": 0})
    _second_step(phone.client, totp.code_at(rep_with_totp["secret"], totp.current_step()))
    assert phone.client.get("/").status_code == 200
    browser.get("/profile/two-step")
    wrong = browser.post("/profile/two-step", data={"action": "disable", "disable-password": "x"})
    assert wrong.status_code == 422
    off = browser.post(
        "/profile/two-step", data={"action": "disable", "disable-password": PASSWORD}
    )
    assert off.status_code == 302
    assert db["users"].get(world["rep"]["id"])["totp_secret"] is None
    assert db["recovery_codes"].count == 0
    assert phone.client.get("/").status_code == 302
    assert Browser(app.test_client()).login("rep@example.com").headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old_ones(app, world, rep_with_totp, db):
    browser = Browser(app.test_client())
    browser.login("rep@example.com")
    _second_step(browser.client, totp.code_at(rep_with_totp["secret"], totp.current_step()))
    browser.get("/profile/two-step")
    page = browser.post("/profile/two-step", data={"action": "codes", "codes-password": PASSWORD})
    new_codes = re.findall(r"<code>([a-z2-9-]{29})</code>", page.text)
    assert len(new_codes) == 10 and not set(new_codes) & set(rep_with_totp["codes"])
    late = Browser(app.test_client())
    late.login("rep@example.com")
    assert _second_step(late.client, rep_with_totp["codes"][0]).status_code == 200


@pytest.fixture
def bare_admin(world, db):
    """The world's admin, but without two-step login yet."""
    db["users"].update(world["admin"]["id"], {"totp_secret": None, "totp_enabled_at": None})
    return world["admin"]


@pytest.mark.parametrize("url", ["/", "/admin/", f"/clients/{1}", "/profile"])
def test_an_admin_without_two_step_login_must_set_it_up_first(app, bare_admin, url):
    browser = Browser(app.test_client())
    assert browser.login("admin@example.com").headers["Location"] == "/"
    response = browser.client.get(url)
    assert response.status_code == 302 and response.headers["Location"] == "/profile/two-step"
    api = browser.client.get("/api/session")
    assert api.status_code == 403 and api.json["error"] == "account_action_required"


def test_an_admin_who_set_it_up_goes_on(app, bare_admin, db):
    browser = Browser(app.test_client())
    browser.login("admin@example.com")
    _, secret = _setup_page(browser)
    assert _enable(browser, secret).status_code == 200
    assert browser.client.get("/admin/").status_code == 200
    # And cannot turn it off again.
    refused = browser.post(
        "/profile/two-step", data={"action": "disable", "disable-password": PASSWORD}
    )
    assert refused.status_code == 422 and "must keep two-step login on" in refused.text
    assert db["users"].get(bare_admin["id"])["totp_enabled_at"] is not None


def test_login_to_second_step_keeps_next_and_remember(app, world, rep_with_totp):
    browser = Browser(app.test_client())
    page = browser.client.get("/login?next=/profile")
    response = browser.client.post(
        "/login?next=/profile",
        data={
            "email": "rep@example.com",
            "password": PASSWORD,
            "remember": "y",
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.headers["Location"] == "/login/code"
    done = _second_step(browser.client, totp.code_at(rep_with_totp["secret"], totp.current_step()))
    assert done.headers["Location"] == "/profile"
    assert any(c.startswith("remember_token=") for c in done.headers.getlist("Set-Cookie"))


def test_only_a_real_code_passes_the_second_step(world, db):
    assert totp.verify(db, world["admin"]["id"], "") is None
    code = totp.code_at(TOTP_SECRET, totp.current_step())
    assert totp.verify(db, world["admin"]["id"], code) == "totp"
    assert totp.verify(db, world["admin"]["id"], "a" * 25) is None


@pytest.mark.parametrize("who,forced", [("rep", True), ("manager", False)])
def test_two_step_login_can_be_required_of_every_role(app, world, as_user, who, forced):
    app.config["TOTP_REQUIRED_ROLES"] = "admin, rep"
    response = as_user(who).client.get("/")
    assert (response.status_code == 302) is forced
    if forced:
        assert response.headers["Location"] == "/profile/two-step"
