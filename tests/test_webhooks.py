"""Webhooks: an admin registers an address for events; each event of a change is queued in
the change's transaction, delivered signed as Standard Webhooks says, tried again after a
failure, logged with "send again", never sent inside the network unless allowed, and
delivered exactly once when the server restarts with deliveries waiting."""

import base64
import hashlib
import hmac
import http.server
import json
import re
import threading
import time
import uuid

import pytest

from tests.conftest import Factory
from tests.conftest import csrf_token
from tests.server import gunicorn
from tests.test_sync_checks import Phone
from tests.test_sync_checks import op
from webapp import db as database
from webapp import timeutil
from webapp.webhooks import events
from webapp.webhooks import sender

LOOPBACK = ["127.0.0.0/8"]


class Receiver:
    """A local HTTP server that keeps what it is sent; `answers` are the status codes of the
    next requests (then 200), `delay` seconds before each answer."""

    def __init__(self, answers=(), delay=0.0):
        self.received, self.answers, self.delay = [], list(answers), delay
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.received.append({"headers": dict(self.headers), "body": body})
                time.sleep(receiver.delay)
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/folka?x=1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def admin(as_user, app):
    app.config["WEBHOOKS_ALLOWED_NETWORKS"] = LOOPBACK
    return as_user("admin")


def add_endpoint(admin, url, kinds):
    page = admin.get("/admin/webhooks/")
    data = {"url": url, "description": "ERP", "events": kinds, "csrf_token": csrf_token(page.text)}
    return admin.client.post("/admin/webhooks/", data=data)


def registered(admin, url, kinds):
    """The new endpoint's secret, from the page that shows it once."""
    response = add_endpoint(admin, url, kinds)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    return re.search(r"(whsec_[A-Za-z0-9+/=]+)", response.text).group(1)


def verify(secret, received):
    """The Standard Webhooks check, as a receiver writes it (not Folka's own code)."""
    headers = {key.lower(): value for key, value in received["headers"].items()}
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{received['body']}"
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, signed.encode(), hashlib.sha256).digest()).decode()
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    return headers["webhook-signature"] == f"v1,{expected}"


def send_due(app):
    conn = database.connect(app.config["DATABASE"])
    try:
        return sender.run_once(conn, app.config)
    finally:
        conn.conn.close()


def test_a_note_written_is_delivered_signed_to_the_endpoint(admin, app, world, as_user, receiver):
    secret = registered(admin, receiver.url, ["note.written", "promise.made"])
    phone = Phone(as_user("rep"), world["rep"]["id"])
    due = (timeutil.now().date()).isoformat()
    note = op(
        "note",
        client_id=world["mine"],
        body="Talked about the spring order.",
        promises=[{"id": str(uuid.uuid4()), "text": "Send the price list", "due_date": due}],
    )
    assert phone.sync([note])[0]["status"] == "applied"
    assert send_due(app) == 2
    kinds = sorted(json.loads(r["body"])["type"] for r in receiver.received)
    assert kinds == ["note.written", "promise.made"]
    for received in receiver.received:
        assert verify(secret, received)
        assert not verify(
            "whsec_" + base64.b64encode(b"another key 24 bytes!!!!").decode(), received
        )
    bodies = [json.loads(r["body"]) for r in receiver.received]
    body = next(b for b in bodies if b["type"] == "note.written")
    assert body["data"]["id"] == note["id"]
    assert body["data"]["body"] == "Talked about the spring order."
    assert body["data"]["team_id"] == world["north"]
    assert send_due(app) == 0  # delivered once


def test_a_failed_delivery_is_tried_again_and_logged(admin, app, world, as_user):
    receiver = Receiver(answers=[500, 503])
    try:
        app.config["WEBHOOKS_RETRY_DELAYS"] = [0]
        registered(admin, receiver.url, ["visit.checked_out"])
        phone = Phone(as_user("rep"), world["rep"]["id"])
        visit = op("check_in", client_id=world["mine"])
        phone.sync([visit, op("check_out", visit_id=visit["id"])])
        for _attempt in range(3):
            send_due(app)
        assert len(receiver.received) == 3
        ids = {r["headers"]["webhook-id"] for r in receiver.received}
        assert len(ids) == 1  # the same event each time: the receiver can tell repeats
        page = admin.get("/admin/webhooks/1").text
        assert "answer 500" in page and "answer 503" in page and "answer 200" in page
        assert "Delivered" in page
        # Send again: the same event, once more.
        token = csrf_token(page)
        again = admin.client.post("/admin/webhooks/deliveries/1/again", data={"csrf_token": token})
        assert again.status_code == 302
        send_due(app)
        assert len(receiver.received) == 4
        assert receiver.received[-1]["headers"]["webhook-id"] in ids
    finally:
        receiver.close()


def test_retries_back_off_and_stop_after_a_day():
    made = "2026-12-01T00:00:00.000Z"
    start = timeutil.parse(made)
    delays = sender.RETRY_DELAYS
    when = sender.next_attempt(1, made, start, delays, 24)
    assert (when - start).total_seconds() == 5
    late = start + (sender.next_attempt(7, made, start, delays, 24) - start)
    assert (late - start).total_seconds() == 36000
    # Near the end of the day the last try is at the day's end, then none.
    near = timeutil.parse("2026-12-01T20:00:00.000Z")
    assert (
        timeutil.iso(sender.next_attempt(7, made, near, delays, 24)) == "2026-12-02T00:00:00.000Z"
    )
    assert (
        sender.next_attempt(8, made, timeutil.parse("2026-12-02T00:00:00.000Z"), delays, 24) is None
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost/x",
        "http://10.0.0.5/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "ftp://example.com/x",
        "http://user:pw@example.com/x",
    ],
)
def test_addresses_inside_the_network_are_refused(as_user, app, url):
    admin = as_user("admin")  # loopback not allowed
    response = add_endpoint(admin, url, ["note.written"])
    assert response.status_code == 422
    assert 'class="error"' in response.text


def test_a_delivery_to_an_address_refused_later_fails_without_a_request(
    admin, app, world, as_user, receiver
):
    registered(admin, receiver.url, ["person.added"])
    app.config["WEBHOOKS_ALLOWED_NETWORKS"] = []
    phone = Phone(as_user("rep"), world["rep"]["id"])
    phone.sync([op("add_person", client_id=world["mine"], name="Kari Nordmann")])
    send_due(app)
    assert receiver.received == []
    assert "inside this network" in admin.get("/admin/webhooks/1").text


def test_a_rejected_change_sends_nothing_and_reps_cannot_see_the_pages(
    admin, app, world, as_user, db
):
    registered(admin, "http://127.0.0.1:9/x", ["note.written"])
    phone = Phone(as_user("rep"), world["rep"]["id"])
    result = phone.sync([op("note", client_id=world["other_team"], body="Not mine")])
    assert result[0]["status"] == "rejected"
    assert db.execute("SELECT COUNT(*) FROM webhook_events").fetchone()[0] == 0
    assert as_user("rep").get("/admin/webhooks/").status_code == 403
    with pytest.raises(ValueError):
        events.emit(db, "client.deleted", {})


def test_each_event_is_delivered_exactly_once_across_a_restart(tmp_path):
    """Two gunicorn workers send while the receiver is slow; the server is stopped with
    deliveries waiting and started again: every event arrives once."""
    receiver = Receiver(delay=0.4)
    path = str(tmp_path / "folka.db")
    database.migrate(path)
    db = database.connect(path)
    make = Factory(db)
    team = make.team("Hooks")
    rep = make.user("rep", team, email="hooks@example.com")
    client_id = make.client(team, rep["id"], name="Kroken AS")
    db.execute(
        "INSERT INTO webhook_endpoints (url, secret, events, created_at) VALUES (?, ?, ?, ?)",
        [
            receiver.url,
            "whsec_" + base64.b64encode(b"k" * 24).decode(),
            "import.finished",
            timeutil.now_iso(),
        ],
    )
    with database.transaction(db):
        for number in range(20):
            events.emit(db, "import.finished", {"client_id": client_id, "number": number})
    settings = {"FOLKA_WEBHOOKS_ALLOWED_NETWORKS": json.dumps(LOOPBACK)}
    try:
        with gunicorn(path, tmp_path, workers=2, secret="s", settings=settings):
            deadline = time.monotonic() + 30
            while len(receiver.received) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
        waiting = db.execute(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE status != 'delivered'"
        ).fetchone()[0]
        assert waiting > 0, "the restart came after the queue was empty"
        with gunicorn(path, tmp_path, workers=2, secret="s", settings=settings):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                done = db.execute(
                    "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'"
                ).fetchone()[0]
                if done == 20:
                    break
                time.sleep(0.1)
        ids = [r["headers"]["webhook-id"] for r in receiver.received]
        assert len(ids) == 20
        assert len(set(ids)) == 20
        numbers = sorted(json.loads(r["body"])["data"]["number"] for r in receiver.received)
        assert numbers == list(range(20))
    finally:
        receiver.close()
        db.conn.close()


def test_flask_webhooks_send_once_delivers_what_is_due(admin, app, world, as_user, receiver):
    """The separate sender, for installs that turn the server's threads off."""
    registered(admin, receiver.url, ["person.added"])
    phone = Phone(as_user("rep"), world["rep"]["id"])
    phone.sync([op("add_person", client_id=world["mine"], name="Kari Nordmann")])
    result = app.test_cli_runner().invoke(args=["webhooks", "send", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 deliveries attempted" in result.output
    assert [json.loads(r["body"])["data"]["name"] for r in receiver.received] == ["Kari Nordmann"]
