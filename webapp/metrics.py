"""What the server does, counted for Prometheus, and one JSON line per request for the log.

gunicorn runs several worker processes, and a counter kept in one worker's memory would be
a different number on every scrape. prometheus_client's multiprocess mode fits: when
PROMETHEUS_MULTIPROC_DIR is set (gunicorn.conf.py sets it, with the hooks that wipe it at
start and mark a dead worker's files), every process writes its counts to small memory-mapped
files there and a scrape adds them up. Without it (tests, `flask run`) the counts live in
the one process, as usual.

The counters are few and their labels bounded: an endpoint is the route's rule
("/clients/<id:client_id>"), never the path with its ids, so a scan of random addresses adds
no series.
"""

import json
import logging
import os
import sys
import time
from logging.handlers import WatchedFileHandler

from flask import current_app
from flask import g
from flask import request
from flask_login import current_user
from prometheus_client import CollectorRegistry
from prometheus_client import Counter
from prometheus_client import Histogram
from prometheus_client import generate_latest
from prometheus_client import multiprocess

REQUESTS = Counter(
    "folka_requests_total",
    "Requests answered, by endpoint, method and status",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "folka_request_duration_seconds",
    "Time from the request's arrival in the app to its answer, by endpoint",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SYNC_OPERATIONS = Counter(
    "folka_sync_operations_total", "Operations the sync answered, by outcome", ["outcome"]
)
LOGIN_FAILURES = Counter(
    "folka_login_failures_total", "Failed logins, by step (password, second_step)", ["step"]
)

#: The route of requests that matched none (404s): one series for all of them.
UNMATCHED = "unmatched"


def count_sync(results):
    """Count one sync batch's answers: applied, duplicate or rejected."""
    for result in results:
        SYNC_OPERATIONS.labels(result.get("status", "rejected")).inc()


def count_login_failure(step):
    """Count one failed login at `step` ("password" or "second_step")."""
    LOGIN_FAILURES.labels(step).inc()


def exposition(extra_collectors=()):
    """The metrics in Prometheus' text format: this process's, or all workers' added up."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    text = generate_latest(registry)
    if extra_collectors:
        local = CollectorRegistry()
        for collector in extra_collectors:
            local.register(collector)
        text += generate_latest(local)
    return text


def _started():
    g.folka_started = time.perf_counter()


def _answered(response):
    """Count the request and, when the JSON log is on, write its line."""
    endpoint = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    started = g.pop("folka_started", None)
    seconds = time.perf_counter() - started if started is not None else 0.0
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(seconds)
    target = current_app.config.get("ACCESS_LOG_JSON") or ""
    if target:
        _writer(target).info(_line(endpoint, response, seconds))
    return response


def _writer(target):
    """The logger that writes JSON lines to `target`: "-" for stderr, else a file."""
    logger = logging.getLogger(f"folka.access.{target}")
    if not logger.handlers:
        if target == "-":
            handler = logging.StreamHandler(sys.stderr)
        else:
            handler = WatchedFileHandler(target)  # logrotate may move the file away
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def _line(endpoint, response, seconds):
    """One request as a JSON object: no query string and no body, which may hold names."""
    user = getattr(current_user, "id", None)
    return json.dumps(
        {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "remote": request.remote_addr,
            "method": request.method,
            "path": request.path,
            "endpoint": endpoint,
            "status": response.status_code,
            "bytes": response.calculate_content_length(),
            "ms": round(seconds * 1000, 1),
            "user": user,
        },
        separators=(",", ":"),
    )


def init_app(app):
    """Time and count every request, and write its JSON line when FOLKA_ACCESS_LOG_JSON says
    where. The timer goes first, before any check that may answer early."""
    app.before_request_funcs.setdefault(None, []).insert(0, _started)
    app.after_request(_answered)
