"""The server side of `make bench`: gunicorn as configured, logged-in sessions, wrk runs.

Every server is the real `gunicorn --config gunicorn.conf.py`, bound to a free port on
127.0.0.1; the hello ceiling is the same command serving bench/hello.py. Load comes from
wrk over loopback, bounded in time, with bench/wrk.lua making each request as a user.
"""

import contextlib
import http.cookiejar
import json
import os
import random
import re
import runpy
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
GUNICORN = os.path.join(ROOT, ".venv", "bin", "gunicorn")
WRK_SCRIPT = os.path.join(BENCH, "wrk.lua")
#: Sent by the login helper and by wrk alike: Flask-Login ties a session to the user agent.
USER_AGENT = "folka-bench/1"
#: wrk's load: a few connections from two threads, as many as the machine has cores.
THREADS = 2
CONNECTIONS = 4


def workers():
    """How many workers, and threads each, gunicorn.conf.py gives with the current environment."""
    config = runpy.run_path(os.path.join(ROOT, "gunicorn.conf.py"))
    return config["workers"], config["threads"]


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database=None, hello=False, log_path=os.devnull, root=ROOT):
    """Serve Folka on `database` (or the hello app) with the real config; yields the base URL.
    `root`: another checkout of Folka (bench/saved_pages.py serves the code before a change)."""
    port = free_port()
    env = dict(os.environ)
    env.update(PORT=str(port), FOLKA_ACCESS_LOG=os.devnull, FOLKA_SECRET_KEY=secrets.token_hex())
    if database:
        env["FOLKA_DATABASE"] = os.path.abspath(database)
    command = [GUNICORN, "--config", "gunicorn.conf.py"]
    if hello:
        command += ["--pythonpath", "bench", "hello:app"]
    with open(log_path, "ab") as log:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + ("/" if hello else "/login"), server)
        yield base
    finally:
        server.terminate()  # the master stops its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see the server log")
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{url} answered {error.code}; see the server log") from None
        except OSError:  # not listening yet, or a worker still booting
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


class Session:
    """A cookie-keeping HTTP client that logs in through the real login form."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = None
        self.user_id = None

    def get(self, path):
        """(status, body bytes, content type) of a GET; errors are answers too."""
        request = urllib.request.Request(self.base + path, headers={"User-Agent": USER_AGENT})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers.get_content_type()

    def login(self, email, password):
        """Log in with the form, then ask /api/session for the CSRF token the outbox uses."""
        _, page, _ = self.get("/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
        request = urllib.request.Request(
            self.base + "/login", data=form.encode(), headers={"User-Agent": USER_AGENT}
        )
        with self.opener.open(request, timeout=60) as response:
            if urllib.parse.urlsplit(response.url).path == "/login":
                raise RuntimeError(f"could not log in as {email}")
        status, body, _ = self.get("/api/session")
        if status != 200:
            raise RuntimeError(f"/api/session answered {status} for {email}")
        info = json.loads(body)
        self.csrf, self.user_id = info["csrf_token"], info["user_id"]
        return self

    @property
    def cookie(self):
        """The Cookie header this session sends."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def _lua(value):
    """A Python value (dict, list, str, int, None) as a Lua literal."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(_lua(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if value is None:
        return "nil"
    text = str(value)
    if not text.isascii():
        raise ValueError("only ASCII strings go to wrk")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def wrk(base, mode, identities, seconds, connections=CONNECTIONS, threads=THREADS, **data):
    """Load `base` with wrk for `seconds`; returns requests/s and latency percentiles (ms)."""
    data.update(
        mode=mode,
        identities=[
            {"cookie": s.cookie, "csrf": s.csrf, "user_id": s.user_id, "clients": clients}
            for s, clients in identities
        ],
        run_tag=random.randrange(1, 2**31),
        user_agent=USER_AGENT,
        batch=data.get("batch", 100),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script_data:
        script_data.write("return " + _lua(data) + "\n")
    try:
        finished = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                WRK_SCRIPT,
                base,
            ],
            env={**os.environ, "FOLKA_BENCH_DATA": script_data.name},
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        )
    finally:
        os.remove(script_data.name)
    line = next(x for x in finished.stdout.splitlines() if x.startswith("FOLKA_RESULT "))
    raw = json.loads(line.removeprefix("FOLKA_RESULT "))
    errors = sum(v for k, v in raw.items() if k.startswith("errors_"))
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": errors,
        "connections": connections,
        "seconds": seconds,
    }
