"""A real gunicorn for the tests that need one (browser, load, crash), on a free port."""

import contextlib
import os
import socket
import subprocess
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url, process, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url}")


@contextlib.contextmanager
def gunicorn(
    database, folder, workers, secret, access_log="/dev/null", settings=None, root=ROOT, port=None
):
    """gunicorn with the project's gunicorn.conf.py serving `database`; yields (url, process).

    `settings` are more FOLKA_* environment variables. Its output goes to folder/gunicorn.log;
    it is stopped (killed if it must) at the end. `root` is the code to serve (another
    release's, for a deploy test; this checkout's virtualenv runs it), `port` a port to
    reuse (the same site, as a browser sees it, before and after a deploy).
    """
    port = port or free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "FOLKA_DATABASE": str(database),
        "FOLKA_SECRET_KEY": secret,
        "FOLKA_WORKERS": str(workers),
        "FOLKA_ACCESS_LOG": str(access_log),
        **(settings or {}),
    }
    log = folder / "gunicorn.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [os.path.join(ROOT, ".venv", "bin", "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=root,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/login", process, log)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
