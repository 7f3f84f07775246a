"""Reliability under load and faults: a real gunicorn with four workers on one SQLite file.

- load: 20 reps log in at once and each sends 50+ sync batches with duplicates and retries;
  every operation must be stored exactly once and no answer may be a 5xx;
- the login throttle holds across workers (its counters live in the database);
- crash: a worker is killed with SIGKILL while it holds the write lock in the middle of a
  sync; the phone retries, and the operations are stored exactly once, the file intact;
- backup: `flask backup` copies the database while it is being written, and the copy
  restores to a working app.
"""

import datetime
import http.cookiejar
import json
import os
import random
import re
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from werkzeug.security import generate_password_hash

from tests.conftest import Browser
from tests.server import gunicorn
from webapp import create_app
from webapp import db as database
from webapp import timeutil
from webapp.accounts import users

PASSWORD = "correct horse battery"
REPS = 20
BATCHES = 50


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let the test see a 302 instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


class Phone:
    """One rep's phone talking HTTP to the server: its own cookies, CSRF token and timings."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.token = None
        self.timings = []
        self.statuses = []

    def request(self, method, path, body=None, headers=None, timeout=30):
        """Status and body; a dropped connection raises OSError."""
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                status, data = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, data = error.code, error.read()
        self.timings.append((path, time.perf_counter() - started))
        self.statuses.append(status)
        return status, data

    def login(self, email, password=PASSWORD, ready=None):
        """Log in; with a `ready` barrier, the form is sent when every other phone is ready."""
        _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        if ready is not None:
            ready.wait()
        form = {"email": email, "password": password, "csrf_token": token}
        status, _ = self.request(
            "POST",
            "/login",
            urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status

    def sync(self, user_id, ops, timeout=30):
        if self.token is None:
            status, data = self.request("GET", "/api/session")
            assert status == 200, data
            self.token = json.loads(data)["csrf_token"]
        body = json.dumps({"user_id": user_id, "operations": ops}).encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.token}
        status, data = self.request("POST", "/api/sync", body, headers, timeout)
        return status, json.loads(data) if data else None


def _children(pid):
    """The worker processes of the gunicorn master."""
    path = f"/proc/{pid}/task/{pid}/children"
    with open(path) as f:
        return [int(child) for child in f.read().split()]


def _has_open(pid, path):
    """True when the process has the file open (a worker is inside a request with the DB)."""
    try:
        return any(
            os.readlink(f"/proc/{pid}/fd/{fd}") == path for fd in os.listdir(f"/proc/{pid}/fd")
        )
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn --config gunicorn.conf.py with 4 workers, 20 reps each with a client."""
    folder = tmp_path_factory.mktemp("gunicorn")
    path = str(folder / "folka.db")
    database.migrate(path)
    db = database.connect(path)
    cheap = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")  # upgraded at login
    reps = []
    with database.transaction(db):
        team = users.get_or_create_team(db, "Load")
        for n in range(REPS + 3):
            user_id = (
                db["users"]
                .insert(
                    {
                        "email": f"load{n}@example.com",
                        "name": f"Load {n}",
                        "password_hash": cheap,
                        "role": "rep",
                        "team_id": team,
                        "created_at": timeutil.now_iso(),
                    }
                )
                .last_pk
            )
            client_id = (
                db["clients"]
                .insert(
                    {"team_id": team, "owner_id": user_id, "name": f"Client {n}", "created_at": "x"}
                )
                .last_pk
            )
            contact = (
                db["contacts"]
                .insert({"client_id": client_id, "name": f"Contact {n}", "created_at": "x"})
                .last_pk
            )
            reps.append(
                {
                    "id": user_id,
                    "email": f"load{n}@example.com",
                    "client": client_id,
                    "contact": contact,
                }
            )
    db.conn.close()
    with gunicorn(path, folder, workers=4, secret="reliability-test-secret") as (base, process):
        while len(_children(process.pid)) < 4:
            time.sleep(0.1)
        yield {
            "url": base,
            "path": path,
            "pid": process.pid,
            "reps": reps,
            "log": folder / "gunicorn.log",
        }


def _at(minutes_ago):
    return timeutil.iso(timeutil.now() - datetime.timedelta(minutes=minutes_ago))


def _new_ops(rep, rng, count):
    ops = []
    for _ in range(count):
        if rng.random() < 0.5:
            ops.append(
                {
                    "id": str(uuid.uuid4()),
                    "kind": "check_in",
                    "at": _at(rng.uniform(1, 600)),
                    "client_id": rep["client"],
                }
            )
        else:
            ops.append(
                {
                    "id": str(uuid.uuid4()),
                    "kind": "note",
                    "at": _at(rng.uniform(1, 600)),
                    "client_id": rep["client"],
                    "body": "Load test note " + "x" * rng.randint(0, 200),
                    "contacts_met": [rep["contact"]],
                }
            )
    return ops


def _rep_session(server, rep, seed, results):
    """One phone: log in, then BATCHES batches of new ops mixed with old ones and retries."""
    rng = random.Random(seed)
    phone = Phone(server["url"])
    assert phone.login(rep["email"]) == 302
    sent, applied, sends = [], {}, 0
    while sends < BATCHES:
        batch = _new_ops(rep, rng, rng.randint(2, 6))
        batch += rng.sample(sent, min(len(sent), rng.randint(0, 3)))  # already delivered
        if rng.random() < 0.2:
            batch.append(dict(batch[0]))  # the same operation twice in one batch
        rng.shuffle(batch)
        for _ in range(2 if rng.random() < 0.15 else 1):  # the answer was lost: send again
            status, answer = phone.sync(rep["id"], batch)
            sends += 1
            assert status == 200, (status, answer)
            for op, result in zip(batch, answer["results"], strict=True):
                assert result["id"] == op["id"] and result["status"] in ("applied", "duplicate"), (
                    result
                )
                if result["status"] == "applied":
                    applied[op["id"]] = applied.get(op["id"], 0) + 1
        sent += [op for op in batch if op not in sent]
    results[rep["id"]] = {"phone": phone, "sent": {op["id"]: op for op in sent}, "applied": applied}


@pytest.mark.slow
def test_twenty_phones_syncing_at_once_store_everything_exactly_once(server, capsys):
    results, threads = {}, []
    errors = []

    def run(rep, seed):
        try:
            _rep_session(server, rep, seed, results)
        except BaseException as error:  # noqa: BLE001 - reported below with its rep
            errors.append((rep["email"], repr(error)))

    started = time.perf_counter()
    for n, rep in enumerate(server["reps"][:REPS]):
        threads.append(threading.Thread(target=run, args=(rep, n)))
        threads[-1].start()
    for thread in threads:
        thread.join(timeout=240)
    elapsed = time.perf_counter() - started
    assert not errors, errors[:3]
    assert len(results) == REPS

    statuses = [s for r in results.values() for s in r["phone"].statuses]
    timings = [t for r in results.values() for t in r["phone"].timings]
    syncs = sorted(seconds for path, seconds in timings if path == "/api/sync")
    assert not [s for s in statuses if s >= 500]
    sent = {op_id: op for r in results.values() for op_id, op in r["sent"].items()}
    for r in results.values():
        assert set(r["applied"]) == set(r["sent"]) and set(r["applied"].values()) == {1}

    db = sqlite3.connect(server["path"])
    # A note or a visit is the record of its operation; other kinds have a row in operations.
    recorded = (
        "SELECT id FROM notes UNION ALL SELECT id FROM visits UNION ALL SELECT id FROM operations"
    )
    stored = [row[0] for row in db.execute(recorded)]
    rep_ids = tuple(rep["id"] for rep in server["reps"][:REPS])
    marks = ",".join("?" * len(rep_ids))
    visits = db.execute(f"SELECT COUNT(*) FROM visits WHERE user_id IN ({marks})", rep_ids)
    notes = db.execute(f"SELECT COUNT(*) FROM notes WHERE user_id IN ({marks})", rep_ids)
    kinds = [op["kind"] for op in sent.values()]
    assert sorted(op_id for op_id in stored if op_id in sent) == sorted(sent)  # each once
    assert visits.fetchone()[0] == kinds.count("check_in")
    assert notes.fetchone()[0] == kinds.count("note")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    p50, p99 = syncs[len(syncs) // 2], syncs[int(len(syncs) * 0.99)]
    with capsys.disabled():
        print(
            f"\n  load: {REPS} phones at once, {len(statuses)} requests in {elapsed:.1f} s "
            f"({len(statuses) / elapsed:.0f} req/s held, logins included); {len(syncs)} syncs "
            f"carrying {len(sent)} distinct operations: p50 {p50 * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms (p99/p50 = {p99 / p50:.1f}); 0 answers >= 500"
        )


@pytest.mark.slow
def test_the_login_throttle_holds_across_all_workers(server):
    rep = server["reps"][REPS]
    threads = [
        threading.Thread(target=lambda: Phone(server["url"]).login(rep["email"], "wrong password!"))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Five failures landed on several of the four workers; each one knows about all five.
    for _ in range(4):
        assert Phone(server["url"]).login(rep["email"]) == 429


@pytest.mark.slow
def test_sixteen_guesses_at_once_get_five_answers_and_eleven_refusals(server):
    rep = server["reps"][REPS + 2]
    ready = threading.Barrier(16)
    statuses = []

    def guess():
        statuses.append(Phone(server["url"]).login(rep["email"], "wrong password!", ready))

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Checked and counted in one write transaction: no guess slips past the limit of five.
    assert sorted(statuses) == [200] * 5 + [429] * 11


@pytest.mark.slow
def test_a_worker_killed_mid_sync_loses_nothing_and_stores_nothing_twice(server):
    rep = server["reps"][REPS + 1]
    phone = Phone(server["url"])
    assert phone.login(rep["email"]) == 302
    phone.sync(rep["id"], [])  # fetch the CSRF token first
    big = [
        {
            "id": str(uuid.uuid4()),
            "kind": "note",
            "at": _at(5),
            "client_id": rep["client"],
            "body": f"Crash test note {n} " + "y" * 400,
            "contacts_met": [rep["contact"]],
            "new_topics": [
                {"id": str(uuid.uuid4()), "contact_id": rep["contact"], "title": f"Topic {n}-{k}"}
                for k in range(12)
            ],
        }
        for n in range(100)
    ]
    ids = [op["id"] for op in big]
    answer = {}

    def send():
        try:
            answer["result"] = phone.sync(rep["id"], big, timeout=20)
        except OSError as error:  # the worker died: no HTTP answer at all
            answer["error"] = error

    probe = sqlite3.connect(server["path"], timeout=0, isolation_level=None)
    sender = threading.Thread(target=send)
    sender.start()
    killed = None
    deadline = time.monotonic() + 15
    while killed is None and time.monotonic() < deadline and sender.is_alive():
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:  # "database is locked": the sync is writing now
            for pid in _children(server["pid"]):
                if _has_open(pid, server["path"]):
                    os.kill(pid, signal.SIGKILL)
                    killed = pid
    sender.join(timeout=30)
    probe.close()
    assert killed, "the sync finished before the worker could be killed mid-transaction"
    assert "error" in answer, answer  # the phone got no answer, so its outbox keeps the batch

    db = sqlite3.connect(server["path"])
    marks = ",".join("?" * len(ids))
    count = f"SELECT COUNT(*) FROM notes WHERE id IN ({marks})"
    assert db.execute(count, ids).fetchone()[0] == 0  # all or nothing: here nothing
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    status, retried = phone.sync(rep["id"], big)  # the outbox retries
    assert status == 200 and {r["status"] for r in retried["results"]} == {"applied"}
    status, again = phone.sync(rep["id"], big)
    assert status == 200 and {r["status"] for r in again["results"]} == {"duplicate"}
    notes = db.execute(count, ids).fetchone()[0]
    topics = db.execute(
        "SELECT COUNT(*) FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE k.id = ?",
        [rep["contact"]],
    ).fetchone()[0]
    assert (notes, topics) == (100, 1200)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    deadline = time.monotonic() + 10
    while len(_children(server["pid"])) < 4:  # gunicorn replaced the killed worker
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert killed not in _children(server["pid"])


# --- Backup while the app writes ---


def _writer(path, stop, counter):
    """Keep writing notes with a promise each, in one transaction each, until stopped."""
    db = database.connect(path)
    try:
        while not stop.is_set():
            op_id = str(uuid.uuid4())
            with database.transaction(db):
                db["notes"].insert(
                    {
                        "id": op_id,
                        "client_id": 1,
                        "user_id": 1,
                        "body": "Backup test " + op_id,
                        "written_at": timeutil.now_iso(),
                        "received_at": timeutil.now_iso(),
                    }
                )
                db["promises"].insert(
                    {
                        "id": op_id,
                        "client_id": 1,
                        "user_id": 1,
                        "note_id": op_id,
                        "text": "Send the price list",
                        "due_date": "2030-01-01",
                        "made_at": timeutil.now_iso(),
                        "received_at": timeutil.now_iso(),
                    }
                )
            counter.append(op_id)
    finally:
        db.conn.close()


def test_backup_while_writing_is_consistent_and_restores(app, world, tmp_path, db):
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(app.config["DATABASE"], stop, written))
    writer.start()
    while len(written) < 50:
        time.sleep(0.005)
    target = tmp_path / "backup.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0 and "integrity check: ok" in result.output, result.output
    copied_at = len(written)
    while len(written) < copied_at + 20:  # the writes go on after the copy
        time.sleep(0.005)
    stop.set()
    writer.join()
    assert oct(target.stat().st_mode)[-3:] == "600"  # personal data: owner only

    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        backed = [row[0] for row in copy.execute("SELECT id FROM promises ORDER BY rowid")]
        noted = {row[0] for row in copy.execute("SELECT id FROM notes")}
        for table in ("users", "clients", "contacts"):
            query = f"SELECT * FROM {table} ORDER BY 1"
            assert copy.execute(query).fetchall() == db.execute(query).fetchall(), table
        query = "SELECT id, name FROM teams ORDER BY 1"
        assert copy.execute(query).fetchall() == db.execute(query).fetchall()
    finally:
        copy.close()
    assert set(backed) == noted  # every transaction whole: both of its rows or neither
    assert 50 <= len(backed) < len(written)
    assert backed == written[: len(backed)]  # one moment of the history, nothing after it

    # Restore: the copy is a working Folka database.
    restored = tmp_path / "restored.db"
    restored.write_bytes(target.read_bytes())
    again = Browser(
        create_app({"TESTING": True, "DATABASE": str(restored), "SECRET_KEY": "t"}).test_client()
    )
    assert again.login("rep@example.com").status_code == 302
    assert "Fjord Rør AS" in again.get("/").text


def test_backup_will_not_overwrite_without_force(app, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and target.read_text() == "keep me"
    forced = app.test_cli_runner().invoke(args=["backup", "--force", str(target)])
    assert forced.exit_code == 0
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
