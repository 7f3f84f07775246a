"""The stack a server runs (deploy/), started on loopback for the tests: Caddy with its own
CA (`tls internal`) for folka.test, gunicorn under `litestream replicate -exec`, as
folka.service starts it, and Litestream replicating to a folder or an S3 endpoint.

No systemd here: the processes are started directly, each in a process group of its own so a
test can kill everything with SIGKILL, as a lost machine would.
"""

import contextlib
import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from tests.server import ROOT
from tests.server import free_port

HOST = "folka.test"
BIN = os.path.join(ROOT, ".venv", "bin")
LITESTREAM = os.path.join(BIN, "litestream")


def render(folder, replica, app_port, https_port, http_port, extra=()):
    """deploy/render.py's files for this stack, under folder/etc."""
    subprocess.run(
        [
            sys.executable,
            os.path.join(ROOT, "deploy", "render.py"),
            *("--host", HOST, "--email", "it@example.com", "--out", str(folder)),
            *("--replica", replica, "--data-dir", str(folder / "data")),
            *("--backup-dir", str(folder / "backups"), "--app-port", str(app_port)),
            *("--https-port", str(https_port), "--http-port", str(http_port)),
            "--tls-internal",
            *extra,
        ],
        check=True,
        capture_output=True,
    )


class Stack:
    """One "machine": its folder holds the database (data/folka.db), the configuration (etc/),
    Caddy's state and the logs. `start()` restores the database from the replica when the
    folder has none, as folka.service does."""

    def __init__(
        self,
        folder,
        replica,
        secret="stack-secret",
        workers=2,
        settings=None,
        env=None,
        render_options=(),
    ):
        self.folder = folder
        self.app_port, self.https_port, self.http_port = free_port(), free_port(), free_port()
        self.database = folder / "data" / "folka.db"
        self.config = folder / "etc" / "folka" / "litestream.yml"
        self.caddy_data = folder / "caddy-data"
        self.settings = {
            "PORT": str(self.app_port),
            "FOLKA_DATABASE": str(self.database),
            "FOLKA_SECRET_KEY": secret,
            "FOLKA_WORKERS": str(workers),
            "FOLKA_TRUST_PROXY": "1",
            "FOLKA_SECURE_COOKIES": "1",
            "FOLKA_LITESTREAM_CONFIG": str(self.config),
            "FOLKA_ACCESS_LOG": "",
            "FOLKA_ACCESS_LOG_JSON": str(folder / "access.jsonl"),
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
            **(settings or {}),
        }
        self.env = env or {}
        self.processes = []
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "backups").mkdir(exist_ok=True)
        render(folder, replica, self.app_port, self.https_port, self.http_port, render_options)

    @property
    def url(self):
        return f"https://{HOST}:{self.https_port}"

    def _spawn(self, args, log, env):
        with open(self.folder / log, "ab") as output:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed whole at the end
            )
        self.processes.append(process)
        return process

    def start_app(self):
        """Litestream (restoring first when there is no database) supervising gunicorn."""
        gunicorn = f"{BIN}/gunicorn --config {ROOT}/gunicorn.conf.py"
        env = {**os.environ, **self.settings, **self.env}
        env = {name: value for name, value in env.items() if value is not None}  # None: unset
        self.app = self._spawn(
            [LITESTREAM, "replicate", "-config", str(self.config)]
            + ["-restore-if-db-not-exists", "-exec", gunicorn],
            "app.log",
            env,
        )
        self._wait(lambda: _plain_get(self.app_port, "/healthz") == 200, self.app, "app.log")

    def start_proxy(self):
        """Caddy for folka.test with its own CA, its state in this folder."""
        env = {
            **os.environ,
            "HOME": str(self.folder),
            "XDG_DATA_HOME": str(self.caddy_data),
            "XDG_CONFIG_HOME": str(self.folder / "caddy-config"),
        }
        caddyfile = str(self.folder / "etc" / "caddy" / "Caddyfile")
        self.caddy = self._spawn(
            ["caddy", "run", "--adapter", "caddyfile", "--config", caddyfile], "caddy.log", env
        )
        self._wait(self._https_answers, self.caddy, "caddy.log")

    def start(self):
        self.start_app()
        self.start_proxy()
        return self

    @property
    def root_ca(self):
        """Caddy's root certificate (what a phone of the company would trust)."""
        return self.caddy_data / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def tls(self):
        context = ssl.create_default_context(cafile=str(self.root_ca))
        return context

    def _https_answers(self):
        if not self.root_ca.exists():
            return False
        try:
            return self.request("GET", "/healthz")[0] == 200
        except (OSError, ssl.SSLError):
            return False

    def _wait(self, ready, process, log, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{log} exited:\n{(self.folder / log).read_text()[-3000:]}")
            if ready():
                return
            time.sleep(0.2)
        raise RuntimeError(
            f"not ready after {seconds}s:\n{(self.folder / log).read_text()[-3000:]}"
        )

    def connection(self, timeout=20):
        """An HTTPS connection to folka.test (resolved to 127.0.0.1), checked against the CA."""
        return Connection(HOST, self.https_port, context=self.tls(), timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=20):
        """(status, headers, body) of one HTTPS request through Caddy."""
        connection = self.connection(timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def opener(self):
        """A urllib opener with cookies that reaches folka.test over HTTPS through Caddy."""
        handler = _Handler(self.tls())
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(handler, urllib.request.HTTPCookieProcessor(jar))
        opener.jar = jar
        return opener

    def kill(self):
        """SIGKILL every process of this machine, at once, as a power cut would."""
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        for process in self.processes:
            process.wait(timeout=10)
        self.processes = []

    def stop(self):
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = []


class Connection(http.client.HTTPSConnection):
    """HTTPS to folka.test on 127.0.0.1, with the name for SNI and the certificate check."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _Handler(urllib.request.HTTPSHandler):
    def __init__(self, context):
        super().__init__(context=context)
        self.tls_context = context

    def https_open(self, req):
        return self.do_open(Connection, req, context=self.tls_context)


def _plain_get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status
    except OSError:
        return None


class Rep:
    """A phone's sync over HTTPS: logs in through Caddy, then sends operations."""

    def __init__(self, stack, email, password):
        self.stack = stack
        self.opener = stack.opener()
        page = self._open("/login").decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
        self._open("/login", form.encode(), {"Referer": stack.url + "/login"})
        session = json.loads(self._open("/api/session"))
        self.user_id, self.csrf = session["user_id"], session["csrf_token"]

    @property
    def cookie(self):
        """The Cookie header this phone sends (its session)."""
        return "; ".join(f"{c.name}={c.value}" for c in self.opener.jar)

    def _open(self, path, data=None, headers=None, timeout=20):
        request = urllib.request.Request(self.stack.url + path, data=data, headers=headers or {})
        with self.opener.open(request, timeout=timeout) as response:
            return response.read()

    def sync(self, operations, timeout=20):
        """The results of one batch, or raises OSError when the server is gone."""
        body = json.dumps({"user_id": self.user_id, "operations": operations}).encode()
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self.csrf,
            "Origin": self.stack.url,
            "Referer": self.stack.url + "/",
        }
        return json.loads(self._open("/api/sync", body, headers, timeout))["results"]
