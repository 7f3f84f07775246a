"""GET /healthz for the proxy and monitors, GET /metrics for Prometheus.

/healthz answers 200 when the database answers and its migrations are current (503
otherwise), with the replication's last upload and lag when Litestream replicates it.
/metrics is for the machine's own scraper: it answers on loopback to a request that did not
come through the proxy, or to anyone who sends FOLKA_METRICS_TOKEN as a bearer token.
"""

import hmac
import ipaddress

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import jsonify
from flask import request
from prometheus_client.core import GaugeMetricFamily

from webapp import metrics
from webapp import replication
from webapp import timeutil
from webapp.db import get_db
from webapp.migrations import migrations

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """{"status": "ok"|"failing", "database", "migrations", "replication"}; 503 when failing."""
    answer = {"status": "ok", "database": "ok", "migrations": "current"}
    try:
        db = get_db()
        db.execute("SELECT 1").fetchone()
        pending = [migration.name for migration in migrations.pending(db)]
    except Exception as error:  # the database is what this checks: any failure is the answer
        current_app.logger.warning("healthz: database failing: %s", error)
        answer.update(status="failing", database="failing", migrations="unknown")
    else:
        if pending:
            answer.update(status="failing", migrations="pending: " + ", ".join(pending))
    state = _replication()
    if state is not None:
        answer["replication"] = {
            "last_replicated_at": timeutil.iso(state.last) if state.last else None,
            "lag_seconds": state.lag,
        }
    response = jsonify(answer)
    response.status_code = 200 if answer["status"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/metrics")
def metrics_page():
    """The counters in Prometheus' text format, for the scraper on this machine only."""
    if not _may_scrape():
        abort(404)
    body = metrics.exposition([ReplicationCollector()])
    return body, 200, {"Content-Type": "text/plain; version=0.0.4; charset=utf-8"}


def _may_scrape():
    """A token, when one is set; else a loopback peer whose request no proxy forwarded."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    sent = request.headers.get("Authorization", "")
    if token:
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _replication():
    """The replication's state, or None when Litestream is not configured (a demo)."""
    config = current_app.config.get("LITESTREAM_CONFIG") or ""
    if not config:
        return None
    return replication.status(config, current_app.config["DATABASE"])


class ReplicationCollector:
    """folka_replication_lag_seconds and folka_replication_last_timestamp_seconds, read at
    scrape time (a gauge set by one worker would be stale in the others)."""

    def collect(self):
        state = _replication()
        if state is None:
            return
        lag = GaugeMetricFamily(
            "folka_replication_lag_seconds",
            "Age of the oldest write not yet in the replica (0: all replicated; NaN: unknown)",
        )
        lag.add_metric([], float("nan") if state.lag is None else state.lag)
        yield lag
        last = GaugeMetricFamily(
            "folka_replication_last_timestamp_seconds",
            "When the newest file in the replica was written (Unix time)",
        )
        last.add_metric([], state.last.timestamp() if state.last else float("nan"))
        yield last


def init_app(app):
    """Count requests and write the JSON access log (webapp/metrics.py)."""
    metrics.init_app(app)
