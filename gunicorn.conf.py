"""The one gunicorn configuration, used by make run, the browser tests and the benchmarks."""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
#: Several workers share one SQLite file (WAL); each opens its connections after the fork.
workers = int(os.environ.get("FOLKA_WORKERS", "4"))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
accesslog = os.environ.get("FOLKA_ACCESS_LOG", "-")
wsgi_app = "wsgi:app"
#: Gunicorn believes no forwarded header: by default it takes X-Forwarded-Proto (and -Ssl,
#: -Protocol) from loopback as HTTPS, and a UNIX socket's from anyone. Folka reads them
#: itself, only when FOLKA_TRUST_PROXY says a proxy is in front and only on connections from
#: FOLKA_PROXY_ADDRESSES (webapp/security.py), so both always agree on what a request is.
forwarded_allow_ips = ""
secure_scheme_headers = {}
forwarder_headers = ""
