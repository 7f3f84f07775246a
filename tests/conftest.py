"""Fixtures: an app on a temporary database, a test client, and small data factories."""

import datetime
import itertools
import re

import pytest

from webapp import create_app
from webapp import db as database
from webapp import timeutil
from webapp.accounts import totp
from webapp.accounts import users

PASSWORD = "correct horse battery"
#: The two-step login secret of every admin the factory makes.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)
REAL_PASSWORD_METHOD = users.PASSWORD_METHOD


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Cheap hashes keep the suite fast; real_password_hashing restores the real cost."""
    monkeypatch.setattr(users, "PASSWORD_METHOD", "pbkdf2:sha256:1000")


@pytest.fixture
def real_password_hashing(monkeypatch):
    """The production hash parameters, for tests about them."""
    monkeypatch.setattr(users, "PASSWORD_METHOD", REAL_PASSWORD_METHOD)


@pytest.fixture
def app(tmp_path):
    """The app with its own database file and CSRF on, as in production."""
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.db"), "SECRET_KEY": "t"})
    yield app


@pytest.fixture
def db(app):
    """A direct connection to the app's database, for arranging and checking data."""
    conn = database.connect(app.config["DATABASE"])
    yield conn
    conn.conn.close()


@pytest.fixture
def client(app):
    """A browser-like test client."""
    return app.test_client()


class Factory:
    """Builds teams, users, clients, contacts and topics with sensible defaults."""

    def __init__(self, db):
        self.db = db

    def team(self, name=None):
        with database.transaction(self.db):
            return users.get_or_create_team(self.db, name or f"Team {next(_counter)}")

    def user(self, role="rep", team_id=None, locale="en", email=None):
        email = email or f"{role}{next(_counter)}@example.com"
        user_id = users.create_user(
            self.db, email, f"{role.title()} {email[:-12]}", PASSWORD, role, team_id, locale
        )
        if role == "admin":  # admins must use two-step login
            with database.transaction(self.db):
                self.db["users"].update(
                    user_id, {"totp_secret": TOTP_SECRET, "totp_enabled_at": timeutil.now_iso()}
                )
        return {"id": user_id, "email": email, "team_id": team_id}

    def totp_code(self, user_id):
        """A code the second login step accepts now (forgetting which codes were used)."""
        with database.transaction(self.db):
            self.db["users"].update(user_id, {"totp_last_step": 0})
        return totp.code_at(TOTP_SECRET, totp.current_step())

    def client(self, team_id, owner_id=None, name=None, **values):
        row = {
            "team_id": team_id,
            "owner_id": owner_id,
            "name": name or f"Client {next(_counter)}",
            "city": values.pop("city", "Bergen"),
            "country": "NO",
            "lat": 60.3913,
            "lon": 5.3221,
            "rhythm_days": 28,
            "created_at": timeutil.now_iso(),
            **values,
        }
        with database.transaction(self.db):
            return self.db["clients"].insert(row).last_pk

    def contact(self, client_id, name=None, title="Buyer"):
        with database.transaction(self.db):
            return (
                self.db["contacts"]
                .insert(
                    {
                        "client_id": client_id,
                        "name": name or f"Person {next(_counter)}",
                        "title": title,
                        "created_at": timeutil.now_iso(),
                    }
                )
                .last_pk
            )

    def topic(self, contact_id, title="Dog was sick", follow_up="Ask how the dog is", days_ago=10):
        when = timeutil.iso(timeutil.now() - datetime.timedelta(days=days_ago))
        topic_id = f"00000000-0000-4000-8000-{next(_counter):012d}"
        with database.transaction(self.db):
            self.db["topics"].insert(
                {
                    "id": topic_id,
                    "contact_id": contact_id,
                    "title": title,
                    "follow_up": follow_up,
                    "status": "open",
                    "status_at": when,
                    "last_mentioned_at": when,
                    "created_at": when,
                    "received_at": when,
                }
            )
        return topic_id

    def visit(self, client_id, user_id, days_ago=7, minutes=45, open_=False):
        start = timeutil.now() - datetime.timedelta(days=days_ago)
        visit_id = f"00000000-0000-4000-9000-{next(_counter):012d}"
        with database.transaction(self.db):
            self.db["visits"].insert(
                {
                    "id": visit_id,
                    "client_id": client_id,
                    "user_id": user_id,
                    "checked_in_at": timeutil.iso(start),
                    "checked_out_at": None
                    if open_
                    else timeutil.iso(start + datetime.timedelta(minutes=minutes)),
                    "received_at": timeutil.iso(start),
                }
            )
        return visit_id


@pytest.fixture
def make(db):
    """The data factory."""
    return Factory(db)


@pytest.fixture
def world(make):
    """Two teams: a rep, a second rep and a manager in one, a rep in the other, and an admin."""
    north, south = make.team("North"), make.team("South")
    rep = make.user("rep", north, email="rep@example.com")
    colleague = make.user("rep", north, email="colleague@example.com")
    manager = make.user("manager", north, email="manager@example.com")
    stranger = make.user("rep", south, email="stranger@example.com")
    admin = make.user("admin", None, email="admin@example.com")
    mine = make.client(north, rep["id"], name="Fjord Rør AS")
    theirs = make.client(north, colleague["id"], name="Colleague's Client AS", city="Oslo")
    other_team = make.client(south, stranger["id"], name="Southern Secret Sp. z o.o.")
    return {
        "north": north,
        "south": south,
        "rep": rep,
        "colleague": colleague,
        "manager": manager,
        "stranger": stranger,
        "admin": admin,
        "mine": mine,
        "theirs": theirs,
        "other_team": other_team,
    }


def csrf_token(html):
    """The CSRF token in a rendered page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'id="csrf_token"[^>]*value="([^"]+)"', html
    )
    assert match, "page has no CSRF token"
    return match.group(1)


def flashes(html):
    """The messages a page shows once, after a form post: [(category, text)]."""
    return re.findall(r'<p class="flash flash-(\w+)">(.*?)</p>', html)


class Browser:
    """A logged-in test client that posts forms with the page's CSRF token."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def login(self, email, password=PASSWORD, remember=False, totp_code=None):
        page = self.client.get("/login")
        data = {"email": email, "password": password, "csrf_token": csrf_token(page.text)}
        if remember:
            data["remember"] = "y"
        response = self.client.post("/login", data=data)
        if totp_code and response.headers.get("Location") == "/login/code":
            token = csrf_token(self.client.get("/login/code").text)
            data = {"code": totp_code, "csrf_token": token}
            response = self.client.post("/login/code", data=data)
        return response

    def get(self, url, **kwargs):
        response = self.client.get(url, **kwargs)
        if response.status_code == 200 and "csrf_token" in response.text:
            self.token = csrf_token(response.text)
        return response

    def post(self, url, data=None, **kwargs):
        if self.token is None:
            self.get("/")
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def browser(client):
    """A browser-like helper over the test client."""
    return Browser(client)


@pytest.fixture
def as_user(app, world, make):
    """Log in as one of the world's users: as_user("rep") returns a Browser."""

    def login(who):
        b = Browser(app.test_client())
        code = make.totp_code(world[who]["id"]) if who == "admin" else None
        response = b.login(world[who]["email"], totp_code=code)
        assert response.status_code == 302, response.text
        return b

    return login
