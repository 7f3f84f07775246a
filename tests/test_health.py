"""Health and insight: /healthz for monitors, /metrics for Prometheus, the JSON access log,
and the replication's lag as /healthz and /metrics report it."""

import json
import os
import re
import time
import urllib.request
import uuid

import pytest

from tests.server import gunicorn
from tests.test_api import Api
from webapp import db as database
from webapp import replication


def metric(text, name, **labels):
    """The value of one series in Prometheus' text format (0 when it is not there)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        found = re.fullmatch(r"([a-z_:]+)(?:\{(.*)\})?", series)
        if not found or found.group(1) != name:
            continue
        got = ",".join(sorted(part for part in (found.group(2) or "").split(",") if part))
        if got == wanted:
            return float(value)
    return 0.0


def scrape(client, **kwargs):
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.text


def test_healthz_says_the_database_answers_and_its_migrations_are_current(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "migrations": "current"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_fails_while_a_migration_is_pending(client, db):
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_calendar_tokens'")
    db.conn.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "failing"
    assert "m002_calendar_tokens" in response.json["migrations"]


def test_healthz_fails_when_the_database_cannot_be_read(app, client, tmp_path):
    app.config["DATABASE"] = str(tmp_path / "missing" / "gone.db")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "failing"


def test_metrics_count_sync_outcomes_and_requests_per_route(world, as_user, client):
    api = Api(as_user("rep"), world["rep"]["id"])
    before = scrape(client)
    op = {
        "id": str(uuid.uuid4()),
        "kind": "check_in",
        "at": "2026-12-01T08:00:00.000Z",
        "client_id": world["mine"],
    }
    bad = {**op, "id": str(uuid.uuid4()), "client_id": world["other_team"]}
    assert api.sync([op]).status_code == 200
    assert api.sync([op, bad]).status_code == 200  # duplicate, rejected
    api.browser.client.get(f"/clients/{world['mine']}")
    after = scrape(client)
    for outcome in ("applied", "duplicate", "rejected"):
        name = "folka_sync_operations_total"
        assert metric(after, name, outcome=outcome) - metric(before, name, outcome=outcome) == 1
    route = {"endpoint": "/clients/<id:client_id>", "method": "GET", "status": "200"}
    assert (
        metric(after, "folka_requests_total", **route)
        - metric(before, "folka_requests_total", **route)
        == 1
    )
    assert f'endpoint="/clients/{world["mine"]}"' not in after  # an id never becomes a label
    count = "folka_request_duration_seconds_count"
    assert (
        metric(after, count, endpoint="/api/sync") - metric(before, count, endpoint="/api/sync")
        == 2
    )


def test_metrics_count_failed_logins(client, world):
    before = scrape(client)
    page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"email": "rep@example.com", "password": "not the password", "csrf_token": token}
    assert client.post("/login", data=form).status_code == 200
    after = scrape(client)
    name = "folka_login_failures_total"
    assert metric(after, name, step="password") - metric(before, name, step="password") == 1


def test_metrics_are_not_shown_through_the_proxy_or_to_other_addresses(client):
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=outside).status_code == 404


def test_metrics_with_a_token_are_shown_to_whoever_sends_it(app, client):
    app.config["METRICS_TOKEN"] = "s3cret-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics").status_code == 404  # loopback alone is not enough now
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", headers=wrong, environ_base=outside).status_code == 404
    right = {"Authorization": "Bearer s3cret-token"}
    assert "folka_requests_total" in scrape(client, headers=right, environ_base=outside)


def test_the_access_log_writes_one_json_line_per_request_without_the_query(app, client, tmp_path):
    log = tmp_path / "access.jsonl"
    app.config["ACCESS_LOG_JSON"] = str(log)
    client.get("/login?next=/clients/7&q=Anna")
    client.get("/no/such/page")
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(line["path"], line["status"]) for line in lines] == [
        ("/login", 200),
        ("/no/such/page", 404),
    ]
    first = lines[0]
    assert first["method"] == "GET" and first["endpoint"] == "/login"
    assert first["remote"] == "127.0.0.1" and first["user"] is None
    assert first["bytes"] > 0 and first["ms"] >= 0
    assert "Anna" not in log.read_text()
    assert lines[1]["endpoint"] == "unmatched"


def litestream_config(folder, database_path, replica):
    config = folder / "litestream.yml"
    config.write_text(
        f"dbs:\n  - path: {database_path}\n    replica:\n      type: file\n      path: {replica}\n"
    )
    return str(config)


def test_the_lag_is_the_age_of_the_oldest_write_the_replica_lacks(tmp_path, monkeypatch):
    monkeypatch.setattr(replication, "CACHE_SECONDS", 0)
    path = tmp_path / "folka.db"
    (tmp_path / "replica").mkdir()
    config = litestream_config(tmp_path, path, tmp_path / "replica")
    assert replication.status(config, str(path)) == (None, 0.0)  # nothing written, nothing due
    local = tmp_path / ".folka.db-litestream" / "ltx" / "0"
    local.mkdir(parents=True)
    waiting = local / "0000000000000001-0000000000000003.ltx"
    waiting.write_bytes(b"")
    os.utime(waiting, (time.time() - 30, time.time() - 30))
    last, lag = replication.status(config, str(path))
    assert last is None and 29 <= lag <= 60


def test_healthz_and_metrics_report_a_live_replication(app, client, tmp_path):
    """Litestream replicating the app's database to a folder: the lag comes back to 0."""
    import subprocess

    replica = tmp_path / "replica"
    config = litestream_config(tmp_path, app.config["DATABASE"], replica)
    app.config["LITESTREAM_CONFIG"] = config
    process = subprocess.Popen(
        [replication.litestream_binary(), "replicate", "-config", config],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            replication._cache.clear()
            answer = client.get("/healthz").json
            if (
                answer["replication"]["last_replicated_at"]
                and not answer["replication"]["lag_seconds"]
            ):
                break
            time.sleep(0.5)
        assert answer["replication"]["lag_seconds"] == 0.0, answer
        assert answer["replication"]["last_replicated_at"].endswith("Z")
        text = scrape(client)
        assert metric(text, "folka_replication_lag_seconds") == 0.0
        assert metric(text, "folka_replication_last_timestamp_seconds") > time.time() - 120
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_metrics_add_up_every_gunicorn_worker(tmp_path):
    """Four workers each count what they serve: /metrics shows the sum, whichever answers."""
    path = str(tmp_path / "folka.db")
    database.migrate(path)
    with gunicorn(path, tmp_path, workers=4, secret="metrics-test") as (base, _process):
        for _ in range(40):
            with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
                assert response.status == 200
        for _ in range(3):  # whichever worker answers the scrape, the sum is the same
            with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
                text = response.read().decode()
            served = metric(
                text, "folka_requests_total", endpoint="/healthz", method="GET", status="200"
            )
            assert served == 40
