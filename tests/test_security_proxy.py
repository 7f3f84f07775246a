"""Behind a TLS proxy or not: gunicorn and Folka agree on which forwarded headers to believe.

Against the real gunicorn.conf.py: without FOLKA_TRUST_PROXY nobody can make a plain HTTP
request count as HTTPS (HSTS, Secure cookies) by sending X-Forwarded-* headers, not even
from loopback, where gunicorn's own default would believe them.
"""

import urllib.request

import pytest

from tests.conftest import csrf_token
from tests.server import gunicorn
from webapp import create_app

CLAIMS_OF_HTTPS = [
    {"X-Forwarded-Proto": "https"},
    {"X-Forwarded-Ssl": "on"},
    {"X-Forwarded-Protocol": "ssl"},
]


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    """Start gunicorn with the given FOLKA_* settings: serve({...}) gives its base URL."""
    folder = tmp_path_factory.mktemp("proxy")
    database = folder / "folka.db"
    create_app({"DATABASE": str(database), "SECRET_KEY": "proxy-test"})
    running = {}

    def start(**settings):
        key = tuple(sorted(settings.items()))
        if key not in running:
            server = gunicorn(database, folder, 1, "proxy-test", settings=settings)
            running[key] = (server, server.__enter__()[0])
        return running[key][1]

    yield start
    for server, _base in running.values():
        server.__exit__(None, None, None)


def _login_page(base, headers):
    """What a client sees of the login page: status, HSTS header, the session cookie."""
    request = urllib.request.Request(base + "/login", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        cookie = next(c for c in response.headers.get_all("Set-Cookie") if "session=" in c)
        return response.status, response.headers.get("Strict-Transport-Security"), cookie


@pytest.mark.parametrize("headers", CLAIMS_OF_HTTPS)
@pytest.mark.parametrize("trust", ["0", None])
def test_without_a_trusted_proxy_forwarded_https_is_ignored(serve, trust, headers):
    base = serve(FOLKA_TRUST_PROXY=trust) if trust else serve()
    status, hsts, cookie = _login_page(base, headers)
    assert status == 200 and hsts is None and "Secure" not in cookie


def test_a_trusted_proxy_on_loopback_makes_the_request_https(serve):
    status, hsts, cookie = _login_page(serve(FOLKA_TRUST_PROXY="1"), {"X-Forwarded-Proto": "https"})
    assert status == 200 and hsts.startswith("max-age=") and "; Secure" in cookie


@pytest.mark.parametrize(
    "headers",
    [{"X-Forwarded-Ssl": "on"}, {"X-Forwarded-Proto": "http", "X-Forwarded-Ssl": "on"}],
)
def test_behind_a_proxy_only_its_x_forwarded_proto_counts(serve, headers):
    # A proxy sets X-Forwarded-Proto and passes other headers on from the client as they came.
    status, hsts, cookie = _login_page(serve(FOLKA_TRUST_PROXY="1"), headers)
    assert status == 200 and hsts is None and "Secure" not in cookie


def test_a_proxy_is_believed_only_from_its_own_address(serve):
    base = serve(FOLKA_TRUST_PROXY="1", FOLKA_PROXY_ADDRESSES="192.0.2.10")
    status, hsts, cookie = _login_page(base, {"X-Forwarded-Proto": "https"})
    assert status == 200 and hsts is None and "Secure" not in cookie


@pytest.mark.parametrize("peer,logged", [("192.0.2.10", "198.51.100.23"), ("203.0.113.9", None)])
def test_the_client_address_comes_from_the_proxy_only(app, db, peer, logged):
    proxied = create_app(
        {
            "TESTING": True,
            "DATABASE": app.config["DATABASE"],
            "SECRET_KEY": "t",
            "TRUST_PROXY": 1,
            "PROXY_ADDRESSES": "192.0.2.0/24",
        }
    )
    client = proxied.test_client()
    seen_from = {
        "headers": {"X-Forwarded-For": "198.51.100.23"},
        "environ_base": {"REMOTE_ADDR": peer},
    }
    page = client.get("/login", **seen_from)
    data = {"email": "nobody@example.com", "password": "wrong", "csrf_token": csrf_token(page.text)}
    assert client.post("/login", data=data, **seen_from).status_code == 200
    address = db.execute("SELECT address FROM audit_log").fetchone()[0]
    assert address == (logged or peer)
