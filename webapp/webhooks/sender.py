"""The sender: delivers queued webhook deliveries outside any request.

One sender thread runs in each process that serves the app (wsgi.py starts it; with
gunicorn, one per worker). Every second each looks for due deliveries and claims a few
with one UPDATE … RETURNING: SQLite runs one write at a time, so a delivery is claimed by
exactly one sender, whichever worker it runs in; more workers only means more senders.
A claim lasts CLAIM_SECONDS: a sender killed mid-delivery leaves its claim to lapse, and
the delivery is then sent again (receivers drop repeats by webhook-id). A worker stopped
the usual way (a restart, SIGTERM) finishes the delivery in hand and records it first: the
thread is not a daemon; once the worker's main thread has ended, it hands back what it
claimed and has not sent (for the next sender, at once) and stops.

An answer 200-299 delivers; anything else (an error code, no answer in TIMEOUT seconds, an
address refused) is tried again after 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, and a
last time a day after the event; then the delivery is marked failed. Every attempt is kept
(time, answer code, error) for the admin's page, where "send again" queues it once more.
"""

import datetime
import http.client
import logging
import os
import socket
import ssl
import threading
import time

from webapp import db as database
from webapp import timeutil
from webapp.webhooks import signing
from webapp.webhooks import targets

log = logging.getLogger("folka.webhooks")

TIMEOUT = 10
CLAIM_SECONDS = 60
BATCH = 10
POLL_SECONDS = 1.0
RETRY_DELAYS = (5, 60, 300, 1800, 7200, 18000, 36000)
RETRY_HOURS = 24

CLAIM = """
UPDATE webhook_deliveries
SET status = 'sending', claimed_until = :until, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM webhook_deliveries
    WHERE (status = 'pending' AND next_attempt_at <= :now)
       OR (status = 'sending' AND claimed_until <= :now)
    ORDER BY next_attempt_at, id LIMIT :batch)
RETURNING id, event_id, endpoint_id, attempts, created_at
"""


#: A read first: an idle sender looks every second and should not take the write lock.
ANY_DUE = (
    "SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE (status = 'pending'"
    " AND next_attempt_at <= :now) OR (status = 'sending' AND claimed_until <= :now))"
)


def claim(db, batch=BATCH):
    """Take up to `batch` due deliveries for this sender; rows of the claimed ones."""
    now = timeutil.now()
    if not db.conn.execute(ANY_DUE, {"now": timeutil.iso(now)}).fetchone()[0]:
        return []
    until = timeutil.iso(now + datetime.timedelta(seconds=CLAIM_SECONDS))
    cursor = db.conn.execute(CLAIM, {"now": timeutil.iso(now), "until": until, "batch": batch})
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address targets.resolve() checked, whatever the name says now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, networks, timeout=TIMEOUT):
    """POST `body` to `url`; the answer's status code. Raises targets.Refused or OSError."""
    scheme, host, port, path = targets.parse(url)
    address = targets.resolve(host, port, networks)
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, timeout)
    try:
        connection.request("POST", path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer itself is not kept
        return response.status
    finally:
        connection.close()


def next_attempt(attempts, created_at, now, delays, hours):
    """When to try again after `attempts` failed ones, or None: the day is over."""
    delay = delays[min(attempts, len(delays)) - 1]
    deadline = timeutil.parse(created_at) + datetime.timedelta(hours=hours)
    later = now + datetime.timedelta(seconds=delay)
    if now >= deadline:
        return None
    return min(later, deadline)


def deliver(db, config, delivery):
    """Send one claimed delivery and record the attempt and its outcome."""
    row = db.execute(
        "SELECT e.payload, p.url, p.secret, p.active FROM webhook_events e, webhook_endpoints p"
        " WHERE e.id = ? AND p.id = ?",
        [delivery["event_id"], delivery["endpoint_id"]],
    ).fetchone()
    if row is None:  # the admin deleted the endpoint after this delivery was claimed
        return False
    payload, url, secret, active = row
    started = time.monotonic()
    code, error = None, ""
    if not active:
        error = "endpoint turned off"
    else:
        headers = signing.headers(secret, delivery["event_id"], int(time.time()), payload)
        try:
            code = post(url, payload, headers, targets.allowed_networks(config))
        except targets.Refused as refused:
            error = str(refused)
        except (OSError, http.client.HTTPException, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"[:300]
    _record(db, config, delivery, code, error, started)
    return code is not None and 200 <= code < 300


def _record(db, config, delivery, code, error, started):
    now = timeutil.now()
    stamp = timeutil.iso(now)
    ok = code is not None and 200 <= code < 300
    if ok:
        status, retry = "delivered", stamp
    else:
        delays = config.get("WEBHOOKS_RETRY_DELAYS") or RETRY_DELAYS
        hours = config.get("WEBHOOKS_RETRY_HOURS") or RETRY_HOURS
        when = next_attempt(delivery["attempts"], delivery["created_at"], now, delays, hours)
        status, retry = ("failed", stamp) if when is None else ("pending", timeutil.iso(when))
    with database.transaction(db):
        db.execute(
            # Nothing to record when the endpoint was deleted while this one was in flight.
            "INSERT INTO webhook_attempts (delivery_id, at, code, error, duration_ms)"
            " SELECT id, ?, ?, ?, ? FROM webhook_deliveries WHERE id = ?",
            [stamp, code, error, round((time.monotonic() - started) * 1000), delivery["id"]],
        )
        db.execute(
            "UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, claimed_until = NULL,"
            " last_attempt_at = ?, last_code = ?, last_error = ? WHERE id = ?",
            [status, retry, stamp, code, error, delivery["id"]],
        )


def run_once(db, config, keep_going=lambda: True):
    """Claim and send what is due now; how many deliveries were attempted. When keep_going()
    turns false (the worker is stopping) the claimed ones not yet sent are handed back at
    once, for the next sender, rather than left until their claim lapses."""
    claimed = claim(db)
    for number, delivery in enumerate(claimed):
        if not keep_going():
            release(db, [d["id"] for d in claimed[number:]])
            return number
        deliver(db, config, delivery)
    return len(claimed)


def send_due(config):
    """Send everything due now on a connection of its own; how many were attempted."""
    db = database.connect(config["DATABASE"])
    try:
        total = 0
        while count := run_once(db, config):
            total += count
        return total
    finally:
        db.conn.close()


def release(db, ids):
    """Hand claimed deliveries back, untried."""
    db.conn.executemany(
        "UPDATE webhook_deliveries SET status = 'pending', claimed_until = NULL,"
        " attempts = attempts - 1 WHERE id = ? AND status = 'sending'",
        [(delivery_id,) for delivery_id in ids],
    )


def loop(path, config, keep_going):
    """Send until keep_going() is false, looking again every POLL_SECONDS when idle."""
    db = database.connect(path)
    try:
        while keep_going():
            try:
                busy = run_once(db, config, keep_going)
            except Exception:  # a locked or broken database: say so, wait and look again
                log.exception("Webhook sender failed; trying again")
                busy = 0
            if not busy:
                time.sleep(config.get("WEBHOOKS_POLL_SECONDS") or POLL_SECONDS)
    finally:
        db.conn.close()


_started = {}


def start(app):
    """Start this process's sender thread once (per process id: never one inherited from a
    fork). Off with WEBHOOKS_SENDER = "off", for a separate `flask webhooks send` instead."""
    if str(app.config.get("WEBHOOKS_SENDER", "thread")) != "thread":
        return None
    pid = os.getpid()
    if pid in _started:
        return _started[pid]
    main = threading.main_thread()
    config = dict(app.config)
    thread = threading.Thread(
        target=loop,
        args=(app.config["DATABASE"], config, main.is_alive),
        name="folka-webhooks",
        daemon=False,
    )
    thread.start()
    _started[pid] = thread
    return thread
