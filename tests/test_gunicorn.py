"""The server as configured (gunicorn.conf.py): phones that lose their network in the middle of
a request cannot stop it.

A phone that goes through a tunnel while it sends leaves a connection that sends nothing more
and never closes. With one sync worker per such connection, four of them stopped the server
until the workers' 30 s timeout. Here eight of them wait at once while another rep logs in
and reads their pages, and a stalled connection is dropped by the server itself.
"""

import http.cookiejar
import re
import socket
import urllib.parse
import urllib.request

import pytest

from tests.conftest import PASSWORD
from tests.conftest import Factory
from tests.server import gunicorn
from webapp import db as database

#: Longer than a page ever takes, shorter than a sync worker's 30 s timeout.
ANSWER_WITHIN = 20
#: How long the server may take to drop a stalled connection: its limit (10 s) and then some.
DROPPED_WITHIN = 30


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with two workers as gunicorn.conf.py sets them up, and a rep with a client."""
    folder = tmp_path_factory.mktemp("gunicorn")
    path = str(folder / "folka.db")
    database.migrate(path)
    db = database.connect(path)
    make = Factory(db)
    team = make.team("Tunnels")
    rep = make.user("rep", team, email="ninth@example.com")
    client_id = make.client(team, rep["id"], name="Fjellvegen Rør AS")
    db.conn.close()
    with gunicorn(path, folder, workers=2, secret="gunicorn-test-secret") as (base, _process):
        yield {"url": base, "port": int(base.rsplit(":", 1)[1]), "client": client_id}


def stalled(port, request):
    """A connection that sent the start of `request` and then nothing more."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(request)
    return sock


def half_requests(port):
    """Eight stalled connections: four stop in the middle of their headers, four in the middle
    of a form they post."""
    head = b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nUser-Agent: Fo"
    form = (
        b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\n"
        b"email=gone%40example.com&password=correct+hor"
    )
    return [stalled(port, head) for _ in range(4)] + [stalled(port, form) for _ in range(4)]


def read_page(opener, url, data=None):
    """The page's text; fails when the server does not answer within ANSWER_WITHIN seconds."""
    with opener.open(url, data=data, timeout=ANSWER_WITHIN) as response:
        assert response.status == 200, url
        return response.read().decode()


@pytest.mark.slow
def test_eight_stalled_phones_leave_the_server_to_a_ninth_rep(server):
    stuck = half_requests(server["port"])
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = read_page(opener, server["url"] + "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
        form = {"email": "ninth@example.com", "password": PASSWORD, "csrf_token": token}
        today = read_page(opener, server["url"] + "/login", urllib.parse.urlencode(form).encode())
        assert "Fjellvegen Rør AS" in today
        briefing = read_page(opener, f"{server['url']}/clients/{server['client']}")
        assert "Fjellvegen Rør AS" in briefing and "Check in" in briefing
    finally:
        for sock in stuck:
            sock.close()


@pytest.mark.slow
def test_the_server_drops_a_connection_that_stalls(server):
    sock = stalled(server["port"], b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    sock.settimeout(DROPPED_WITHIN)
    try:
        assert sock.recv(1024) == b""  # closed by the server, without an answer
    finally:
        sock.close()
