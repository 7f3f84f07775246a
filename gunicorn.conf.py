"""The one gunicorn configuration, used by make run, the browser tests and the benchmarks.

Phones lose their network in the middle of a request (a tunnel, a basement, flight mode). A
sync worker waits for the rest of such a request until its timeout kills it, so four such
phones stopped the server. Here each worker serves requests on threads, and a client that
sends nothing for CLIENT_TIMEOUT seconds is dropped, so a stalled request holds one thread
for a while, never a worker. Behind a buffering proxy (README, Operations) gunicorn only ever
sees whole requests.
"""

import os
import shutil
import socket
import struct
import tempfile

from gunicorn.workers.gthread import ThreadWorker

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
#: Several workers share one SQLite file (WAL); each thread opens its own connection
#: (webapp/db.py get_db) after the fork.
workers = int(os.environ.get("FOLKA_WORKERS", "4"))
#: Threads per worker: a request waiting for a slow phone's bytes leaves the others free.
threads = int(os.environ.get("FOLKA_THREADS", "8"))
#: A worker takes no more connections than it has threads, so a worker whose threads all
#: wait for stalled clients leaves new ones to the other workers instead of queueing them.
worker_connections = threads
#: No kept-alive connections, as with sync workers before: an idle one would hold a place.
keepalive = 0
#: Seconds a client may send nothing (mid-request) or take nothing (mid-answer) before it is
#: dropped. The phone itself gives up a sync after 15 s (static/js/sync.js).
CLIENT_TIMEOUT = int(os.environ.get("FOLKA_CLIENT_TIMEOUT", "10"))


class FolkaWorker(ThreadWorker):
    """gunicorn's threaded worker, with a limit on how long a client may hold a thread.

    Once a request's first bytes have come, gunicorn reads the rest on a blocking socket with
    no time limit, so a phone that vanished half-way would hold its thread for good. The
    kernel's receive and send timeouts end such a read or write with an error instead:
    gunicorn logs "Socket error processing request" and closes the connection (waiting up to
    2 s in the worker's main loop for the client to close too; the other workers serve
    meanwhile).
    """

    def handle(self, conn):
        """Serve a connection, with time limits on its reads and writes."""
        limit = struct.pack("ll", CLIENT_TIMEOUT, 0)
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, limit)
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, limit)
        return super().handle(conn)


worker_class = FolkaWorker
#: For a threaded worker only a sign of life from its main loop, not a limit on requests.
timeout = 30
graceful_timeout = 10
#: gunicorn's own access log ("" for none: a server writes Folka's JSON lines instead,
#: FOLKA_ACCESS_LOG_JSON, webapp/metrics.py).
accesslog = os.environ.get("FOLKA_ACCESS_LOG", "-") or None
wsgi_app = "wsgi:app"
#: Gunicorn believes no forwarded header: by default it takes X-Forwarded-Proto (and -Ssl,
#: -Protocol) from loopback as HTTPS, and a UNIX socket's from anyone. Folka reads them
#: itself, only when FOLKA_TRUST_PROXY says a proxy is in front and only on connections from
#: FOLKA_PROXY_ADDRESSES (webapp/security.py), so both always agree on what a request is.
forwarded_allow_ips = ""
secure_scheme_headers = {}
forwarder_headers = ""

#: gunicorn 27 opens a control socket (for gunicornc) at one path per user, so a second
#: instance of the same user would take over the first one's. It is off unless an instance
#: names its own: FOLKA_CONTROL_SOCKET=/run/folka/gunicorn.ctl.
control_socket = os.environ.get("FOLKA_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
if not control_socket:
    del control_socket

#: /metrics adds up the counts of all workers (prometheus_client's multiprocess mode): each
#: worker writes them to files in this folder, one folder per instance, emptied at start.
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="folka-metrics-")


def on_starting(server):
    """Start the counts from zero: files left by an earlier run would be added in."""
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    """A worker that ended: its gauges go, its counters stay counted."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the counts' folder this configuration made for itself."""
    if _own_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
