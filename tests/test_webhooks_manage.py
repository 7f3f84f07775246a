"""Webhooks after they are added: an admin changes an endpoint's address, description and
events, turns it off and on, gives it a new secret (shown once) and deletes it with its
deliveries, each step asked with the form's CSRF token and written to the audit log. Only
admins: webhooks are the organisation's, not a team's."""

import json
import re

import pytest

from tests.conftest import csrf_token
from tests.test_sync_checks import Phone
from tests.test_sync_checks import op
from tests.test_webhooks import LOOPBACK
from tests.test_webhooks import Receiver
from tests.test_webhooks import add_endpoint
from tests.test_webhooks import registered
from tests.test_webhooks import send_due
from tests.test_webhooks import verify
from webapp.webhooks import sender
from webapp.webhooks import store


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def admin(as_user, app):
    app.config["WEBHOOKS_ALLOWED_NETWORKS"] = LOOPBACK
    return as_user("admin")


def audited(db, action):
    return [
        (row["subject"], row["detail"])
        for row in db.query("SELECT subject, detail FROM audit_log WHERE action = ?", [action])
    ]


def note(as_user, world, body="A note"):
    phone = Phone(as_user("rep"), world["rep"]["id"])
    assert phone.sync([op("note", client_id=world["mine"], body=body)])[0]["status"] == "applied"


def post(admin, url, data=None):
    token = csrf_token(admin.get("/admin/webhooks/1").text)
    return admin.client.post(url, data={"csrf_token": token, **(data or {})})


def test_an_endpoint_is_changed_and_the_change_audited(admin, app, db, world, as_user, receiver):
    registered(admin, "http://127.0.0.1:9/old", ["person.added"])
    form = admin.get("/admin/webhooks/1/edit").text
    assert 'value="http://127.0.0.1:9/old"' in form and 'value="ERP"' in form
    boxes = {re.search(r'value="([^"]+)"', tag).group(1): "checked" in tag
             for tag in re.findall(r'<input[^>]*type="checkbox"[^>]*>', form)}  # fmt: skip
    assert boxes["person.added"] and not boxes["note.written"]
    data = {"url": receiver.url, "description": "Warehouse", "events": ["note.written"]}
    response = post(admin, "/admin/webhooks/1/edit", data)
    assert response.status_code == 302
    page = admin.get("/admin/webhooks/1").text
    assert "Warehouse" in page and receiver.url.replace("&", "&amp;") in page
    assert "A note is written" in page and "A person is added" not in page
    assert audited(db, "webhook_edited") == [("1", f"{receiver.url} note.written")]
    note(as_user, world)
    assert send_due(app) == 1
    assert json.loads(receiver.received[0]["body"])["type"] == "note.written"


def test_a_change_is_checked_like_a_new_address(admin, app, db):
    registered(admin, "http://127.0.0.1:9/x", ["note.written"])
    app.config["WEBHOOKS_ALLOWED_NETWORKS"] = []
    response = post(admin, "/admin/webhooks/1/edit", {"url": "http://10.0.0.5/", "events": []})
    assert response.status_code == 422
    assert "Choose at least one event." in response.text
    data = {"url": "http://10.0.0.5/", "events": ["note.written"]}
    response = post(admin, "/admin/webhooks/1/edit", data)
    assert response.status_code == 422
    assert "inside this network" in response.text
    assert db.execute("SELECT url FROM webhook_endpoints").fetchone()[0] == "http://127.0.0.1:9/x"
    assert audited(db, "webhook_edited") == []


def test_a_new_secret_is_shown_once_and_signs_from_then_on(
    admin, app, db, world, as_user, receiver
):
    old = registered(admin, receiver.url, ["note.written"])
    page = admin.get("/admin/webhooks/1").text
    assert old not in page and f"whsec_…{old[-4:]}" in page
    response = post(admin, "/admin/webhooks/1/secret")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    new = re.search(r"(whsec_[A-Za-z0-9+/=]+)", response.text).group(1)
    assert new != old
    assert new not in admin.get("/admin/webhooks/1").text
    note(as_user, world)
    assert send_due(app) == 1
    assert verify(new, receiver.received[0]) and not verify(old, receiver.received[0])
    assert audited(db, "webhook_secret_rotated") == [("1", "")]


def test_an_endpoint_turned_off_is_sent_nothing_until_turned_on(
    admin, app, db, world, as_user, receiver
):
    registered(admin, receiver.url, ["note.written"])
    assert post(admin, "/admin/webhooks/1/switch").status_code == 302
    assert "Turn on" in admin.get("/admin/webhooks/1").text
    note(as_user, world, "While off")
    send_due(app)
    assert receiver.received == []
    post(admin, "/admin/webhooks/1/switch")
    note(as_user, world, "On again")
    send_due(app)
    assert [json.loads(r["body"])["data"]["body"] for r in receiver.received] == ["On again"]
    assert audited(db, "webhook_changed") == [("1", ""), ("1", "")]


def test_a_deleted_endpoint_takes_its_waiting_deliveries_with_it(
    admin, app, db, world, as_user, receiver
):
    registered(admin, receiver.url, ["note.written"])
    registered(admin, "http://127.0.0.1:9/other", ["note.written"])
    note(as_user, world, "First")
    note(as_user, world, "Second")
    ask = admin.get("/admin/webhooks/1/delete")
    assert ask.status_code == 200
    assert "2 deliveries waiting to be sent are deleted too" in ask.text
    assert db.execute("SELECT COUNT(*) FROM webhook_endpoints").fetchone()[0] == 2  # asked only
    refused = admin.client.post("/admin/webhooks/1/delete", data={})
    assert refused.status_code == 400  # no CSRF token
    response = admin.client.post(
        "/admin/webhooks/1/delete", data={"csrf_token": csrf_token(ask.text)}
    )
    assert response.status_code == 302
    assert admin.get("/admin/webhooks/1").status_code == 404
    assert receiver.url not in admin.get("/admin/webhooks/").text
    assert audited(db, "webhook_deleted") == [("1", receiver.url)]
    left = db.execute("SELECT endpoint_id FROM webhook_deliveries").fetchall()
    assert [row[0] for row in left] == [2, 2]  # the other endpoint's, and their events, stay
    assert db.execute("SELECT COUNT(*) FROM webhook_events").fetchone()[0] == 2
    send_due(app)
    assert receiver.received == []


def test_a_delivery_in_flight_when_its_endpoint_is_deleted_records_nothing(
    admin, app, db, world, as_user
):
    registered(admin, "http://127.0.0.1:9/x", ["note.written"])
    note(as_user, world)
    claimed = sender.claim(db)
    with db.conn:
        store.delete_endpoint(db, 1)
    assert sender.deliver(db, app.config, claimed[0]) is False
    assert db.execute("SELECT COUNT(*) FROM webhook_attempts").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "edit"), ("post", "edit"), ("get", "delete"), ("post", "delete"),
     ("post", "secret"), ("post", "switch")],
)  # fmt: skip
def test_a_wrong_id_is_not_found_and_only_admins_may(admin, as_user, method, path):
    registered(admin, "http://127.0.0.1:9/x", ["note.written"])
    token = csrf_token(admin.get("/admin/webhooks/1").text)
    call = getattr(admin.client, method)
    data = {"data": {"csrf_token": token}} if method == "post" else {}
    assert call(f"/admin/webhooks/99/{path}", **data).status_code == 404
    manager = as_user("manager")
    manager_token = csrf_token(manager.get("/").text)
    data = {"data": {"csrf_token": manager_token}} if method == "post" else {}
    assert getattr(manager.client, method)(f"/admin/webhooks/1/{path}", **data).status_code == 403


def test_adding_shows_the_secret_once(admin):
    response = add_endpoint(admin, "http://127.0.0.1:9/x", ["note.written"])
    secret = re.search(r"(whsec_[A-Za-z0-9+/=]+)", response.text).group(1)
    assert "Folka shows it only this once" in response.text
    assert secret not in admin.get("/admin/webhooks/1").text
