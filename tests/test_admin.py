"""The admin's pages: users, temporary passwords, deactivation, sessions, the audit log."""

import re
import sqlite3

import pytest

from tests.conftest import PASSWORD
from tests.conftest import Browser
from tests.conftest import csrf_token


def _admin_urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            url = rule.rule.replace("<id:user_id>", "1").replace("<id:contact_id>", "1")
            if "<any(" in url:
                url = url.split("<any(")[0] + "deactivate"
            yield ("POST" if "POST" in rule.methods and "GET" not in rule.methods else "GET"), url


@pytest.mark.parametrize("who", ["rep", "manager"])
def test_reps_and_managers_get_403_on_every_admin_page(app, world, as_user, db, who):
    user = as_user(who)
    user.get("/")
    routes = list(_admin_urls(app))
    assert len(routes) >= 9
    for method, url in routes:
        response = user.get(url) if method == "GET" else user.post(url)
        assert response.status_code == 403, url
    assert db.execute("SELECT COUNT(*) FROM users WHERE active = 0").fetchone()[0] == 0
    refused = db.execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'access_denied' AND actor_id = ?",
        [world[who]["id"]],
    ).fetchone()[0]
    assert refused == len(routes)


def test_admin_pages_need_login(app, client):
    for method, url in _admin_urls(app):
        if method == "GET":
            assert client.get(url).headers["Location"].startswith("/login"), url


def test_the_user_list_shows_everyone_with_two_step_state(world, as_user):
    page = as_user("admin").get("/admin/").text
    for email in ("rep@example.com", "manager@example.com", "stranger@example.com"):
        assert email in page
    assert "Two-step login" in page


def _temporary(page):
    return re.search(r'class="temporary"><code>([a-z2-9-]{19})</code>', page).group(1)


def test_a_new_user_gets_a_temporary_password_and_must_change_it(app, world, as_user, db):
    admin = as_user("admin")
    admin.get("/admin/users/new")
    created = admin.post(
        "/admin/users/new",
        data={
            "email": "Ola@Example.com",
            "name": "Ola Nordmann",
            "role": "rep",
            "team_id": str(world["north"]),
            "locale": "nb",
        },
    )
    assert created.status_code == 200
    password = _temporary(created.text)
    row = db.execute("SELECT * FROM users WHERE email = 'ola@example.com'").fetchone()
    assert row is not None and password not in str(tuple(row))
    ola = Browser(app.test_client())
    assert ola.login("ola@example.com", password).status_code == 302
    # Nothing but the password page until a password of their own is chosen.
    assert ola.client.get("/").headers["Location"] == "/password"
    assert ola.client.get("/api/session").status_code == 403
    ola.get("/password")
    changed = ola.post(
        "/password",
        data={"current": password, "new": "mountain goat picnic", "repeat": "mountain goat picnic"},
    )
    assert changed.status_code == 302 and ola.client.get("/").status_code == 200
    assert Browser(app.test_client()).login("ola@example.com", password).status_code == 200
    actions = [row["action"] for row in db["audit_log"].rows]
    assert "user_created" in actions and "password_changed" in actions


@pytest.mark.parametrize(
    "data,message",
    [
        ({"email": "rep@example.com"}, "already exists"),
        ({"email": "not-an-address"}, "Enter an e-mail address."),
        ({"team_id": "0"}, "Reps and managers belong to a team."),
        ({"name": "x" * 121}, "characters"),
    ],
)
def test_new_user_form_explains_mistakes(world, as_user, db, data, message):
    admin = as_user("admin")
    admin.get("/admin/users/new")
    form = {"email": "new@example.com", "name": "New", "role": "rep", "locale": "en"}
    form["team_id"] = str(world["north"])
    response = admin.post("/admin/users/new", data={**form, **data})
    assert response.status_code == 422 and message in response.text
    assert db["users"].count == 5


def test_a_new_team_can_be_made_with_the_user(world, as_user, db):
    admin = as_user("admin")
    admin.get("/admin/users/new")
    admin.post(
        "/admin/users/new",
        data={
            "email": "w@example.com",
            "name": "W",
            "role": "manager",
            "team_id": "0",
            "new_team": "West",
            "locale": "sv",
        },
    )
    row = db.execute(
        "SELECT t.name FROM users u JOIN teams t ON t.id = u.team_id WHERE u.email = ?",
        ["w@example.com"],
    ).fetchone()
    assert row[0] == "West"


def test_reset_password_logs_the_user_out_and_the_old_password_stops(app, world, as_user, db):
    rep = as_user("rep")
    admin = as_user("admin")
    admin.get(f"/admin/users/{world['rep']['id']}")
    page = admin.post(f"/admin/users/{world['rep']['id']}/reset-password")
    temporary = _temporary(page.text)
    assert rep.client.get("/").status_code == 302
    assert Browser(app.test_client()).login("rep@example.com").status_code == 200
    assert Browser(app.test_client()).login("rep@example.com", temporary).status_code == 302


def test_a_temporary_password_expires(app, world, as_user, db):
    admin = as_user("admin")
    admin.get("/")
    temporary = _temporary(admin.post(f"/admin/users/{world['rep']['id']}/reset-password").text)
    db["users"].update(world["rep"]["id"], {"password_expires_at": "2020-01-01T00:00:00.000Z"})
    response = Browser(app.test_client()).login("rep@example.com", temporary)
    assert response.status_code == 200 and "temporary password has expired" in response.text


def test_deactivation_ends_every_session_at_once(app, world, as_user, db):
    rep = as_user("rep")
    phone = Browser(app.test_client())
    phone.login("rep@example.com", remember=True)
    remember = phone.client.get_cookie("remember_token").value
    admin = as_user("admin")
    admin.get("/")
    # A rep who owns clients is deactivated after a hand-over (tests/test_handover.py).
    db["clients"].update(world["mine"], {"owner_id": world["colleague"]["id"]})
    db.conn.commit()
    assert admin.post(f"/admin/users/{world['rep']['id']}/deactivate").status_code == 302
    assert rep.client.get("/").status_code == 302 and phone.client.get("/").status_code == 302
    stolen = app.test_client()
    stolen.set_cookie("remember_token", remember)
    assert stolen.get("/").status_code == 302
    assert Browser(app.test_client()).login("rep@example.com").status_code == 200
    admin.post(f"/admin/users/{world['rep']['id']}/reactivate")
    assert Browser(app.test_client()).login("rep@example.com").status_code == 302
    actions = [row["action"] for row in db["audit_log"].rows]
    assert "user_deactivated" in actions and "user_reactivated" in actions


def test_admin_can_log_a_user_out_everywhere(app, world, as_user, db):
    rep = as_user("rep")
    admin = as_user("admin")
    admin.get("/")
    admin.post(f"/admin/users/{world['rep']['id']}/end-sessions")
    assert rep.client.get("/").status_code == 302


def test_admin_can_reset_someones_two_step_login(world, as_user, db, make):
    db["users"].update(world["rep"]["id"], {"totp_secret": "X", "totp_enabled_at": "2026-01-01"})
    admin = as_user("admin")
    admin.get("/")
    admin.post(f"/admin/users/{world['rep']['id']}/reset-two-step")
    assert db["users"].get(world["rep"]["id"])["totp_enabled_at"] is None


@pytest.mark.parametrize("action", ["deactivate", "reset-password", "reset-two-step"])
def test_an_admin_cannot_lock_themselves_out(world, as_user, db, action):
    admin = as_user("admin")
    admin.get("/")
    admin.post(f"/admin/users/{world['admin']['id']}/{action}")
    row = db["users"].get(world["admin"]["id"])
    assert row["active"] == 1 and not row["must_change_password"] and row["totp_enabled_at"]
    assert admin.client.get("/admin/").status_code == 200


def test_admin_changes_a_users_team_and_role_but_not_their_own_role(world, as_user, db):
    admin = as_user("admin")
    admin.get(f"/admin/users/{world['rep']['id']}")
    admin.post(
        f"/admin/users/{world['rep']['id']}",
        data={
            "name": "Rep Moved",
            "role": "manager",
            "team_id": str(world["south"]),
            "locale": "pl",
        },
    )
    row = db["users"].get(world["rep"]["id"])
    assert (row["name"], row["role"], row["team_id"], row["locale"], row["email"]) == (
        "Rep Moved",
        "manager",
        world["south"],
        "pl",
        "rep@example.com",
    )
    mine = admin.post(
        f"/admin/users/{world['admin']['id']}",
        data={"name": "Admin", "role": "rep", "team_id": "0", "locale": "en"},
    )
    assert mine.status_code == 422 and db["users"].get(world["admin"]["id"])["role"] == "admin"


def test_the_audit_log_page_lists_and_filters_events(app, world, as_user):
    Browser(app.test_client()).login("rep@example.com", "wrong password!")
    admin = as_user("admin")
    page = admin.get("/admin/audit").text
    assert "Failed login" in page and "Logged in" in page and "rep@example.com" in page
    only_failed = admin.get("/admin/audit?action=login_failed").text
    assert "Failed login" in only_failed and "<td>Logged in</td>" not in only_failed


def test_the_audit_log_pages_back_in_time(world, as_user, db):
    from webapp import audit

    for n in range(60):
        audit.record(db, "login_failed", subject=f"probe{n}@example.com", address="192.0.2.1")
    admin = as_user("admin")
    first = admin.get("/admin/audit").text
    assert "probe59@example.com" in first and "probe5@example.com" not in first
    older = re.search(r'href="(/admin/audit\?before=\d+)"', first).group(1)
    assert "probe5@example.com" in admin.get(older).text


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET action = 'login'", "DELETE FROM audit_log"])
def test_the_audit_log_cannot_be_changed_or_deleted(world, as_user, db, sql):
    as_user("rep")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(sql)
    assert db["audit_log"].count >= 1


def test_audit_entries_cannot_forge_lines(world, db):
    from webapp import audit

    audit.record(db, "login_failed", subject="evil@example.com\n2026-01-01 login admin")
    subject = db.execute("SELECT subject FROM audit_log").fetchone()[0]
    assert "\n" not in subject


def test_logins_and_logouts_are_audited(app, world, browser, db):
    browser.login("rep@example.com")
    browser.post("/logout")
    rows = list(db.query("SELECT action, actor_id, detail FROM audit_log ORDER BY id"))
    assert [(r["action"], r["actor_id"]) for r in rows] == [
        ("login", world["rep"]["id"]),
        ("logout", world["rep"]["id"]),
    ]
    assert rows[0]["detail"] == "password"


def test_admin_menu_link_only_for_admins(world, as_user):
    assert "/admin/" in as_user("admin").get("/").text
    assert "/admin/" not in as_user("rep").get("/").text


def test_account_actions_ask_before_they_act(world, as_user):
    page = as_user("admin").get(f"/admin/users/{world['rep']['id']}").text
    assert csrf_token(page) and 'data-confirm="' in page and PASSWORD not in page


def test_every_download_is_audited(app, world, as_user, db):
    def download():
        return "a,b\n", 200, {"Content-Disposition": 'attachment; filename="x.csv"'}

    app.add_url_rule("/test-download", view_func=download)
    rep = as_user("rep")
    assert rep.get("/test-download?week=2026-W48").status_code == 200
    assert rep.get("/review/export.csv").status_code == 200  # the weekly CSV
    rows = list(db.query("SELECT actor_id, subject, detail FROM audit_log WHERE action = 'export'"))
    assert [(r["actor_id"], r["subject"]) for r in rows] == [
        (world["rep"]["id"], "/test-download"),
        (world["rep"]["id"], "/review/export.csv"),
    ]
    assert rows[0]["detail"] == "week=2026-W48"
