"""Browser tests: Debian's Chromium, driven by Playwright, against a real gunicorn.

The server runs once per session on 127.0.0.1 with its own SQLite file. The `app` fixture
is overridden to point at that file, so the usual `db` and `make` fixtures arrange data for
the server; each test builds its own team with fresh e-mails. Without /usr/bin/chromium (or
Playwright) the tests skip, unless FOLKA_REQUIRE_BROWSER=1 (CI), where they fail.
"""

import os
import shutil

import pytest
from phone import ARGS
from phone import CHROMIUM
from phone import phone_options

from tests.server import gunicorn
from webapp import create_app
from webapp import db as database

SECRET = "browser-tests-secret"


def _missing(reason):
    if os.environ.get("FOLKA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (FOLKA_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """gunicorn with gunicorn.conf.py on a free port; yields its base URL and database."""
    folder = tmp_path_factory.mktemp("server")
    path = str(folder / "folka.db")
    database.migrate(path)
    with gunicorn(path, folder, workers=3, secret=SECRET, access_log=folder / "access.log") as (
        base,
        _process,
    ):
        yield {"url": base, "database": path, "log": folder / "gunicorn.log"}


@pytest.fixture
def app(live_server):
    """The app on the live server's database, so `db` and `make` arrange its data."""
    return create_app({"TESTING": True, "DATABASE": live_server["database"], "SECRET_KEY": SECRET})


@pytest.fixture(scope="session")
def playwright():
    """Playwright's driver, started once."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    if not (shutil.which(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _missing(f"{CHROMIUM} is missing: apt-get install chromium")
    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def chromium(playwright):
    """One headless Chromium for the session; each test gets its own context."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def make_context(chromium, live_server):
    """Fresh browser profiles (cookies, caches, IndexedDB, service workers), closed after."""
    contexts = []

    def make(**extra):
        ctx = chromium.new_context(**phone_options(live_server, **extra))
        ctx.set_default_timeout(10000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def context(make_context):
    """The phone's browser profile for this test."""
    return make_context()


@pytest.fixture
def page(context):
    """A tab; a script error on any page fails the test."""
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(error))
    yield tab
    assert errors == [], errors


@pytest.fixture
def field(make):
    """A team of its own: a rep with two clients; at Fjord Rør AS, Anna who plays golf."""
    team = make.team()
    rep = make.user("rep", team)
    fjord = make.client(team, rep["id"], name="Fjord Rør AS")
    anna = make.contact(fjord, name="Anna Berg")
    return {
        "team": team,
        "rep": rep,
        "fjord": fjord,
        "bolt": make.client(team, rep["id"], name="Bergen Bolt AS"),
        "anna": anna,
        "golf": make.topic(anna, "Golf", "Ask about the handicap"),
        "briefing": f"/clients/{fjord}",
        "note": f"/clients/{fjord}/note",
    }
