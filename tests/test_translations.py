"""Five complete languages: complete, current catalogues; pages free of English; locale formats."""

import datetime
import os
import re

import pytest
from babel.dates import format_skeleton
from babel.dates import format_timedelta
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from webapp import timeutil
from webapp.i18n.translate import KEYWORDS
from webapp.i18n.translate import LOCALES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOREIGN = [locale for locale in LOCALES if locale != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# English UI texts that must not appear on a page shown in another language.
ENGLISH = [
    ">Today<",
    "Check in",
    "Check out",
    "Write note",
    "Open promises",
    "Last notes",
    "Log out",
    "Search by client",
    "What happened?",
    "Who did you meet?",
    "Save note",
    "Last visit",
    "days overdue",
    "Personal topic",
    "Profile and language",
    "No open promises",
    "Skip to content",
    "Remember me",
    "Password",
    "Time zone",
    "Which personal topics",
    "Promise made",
    "Weekly review",
    "Clients met",
    "Time with clients",
    "Export CSV",
    "Personal touch",
    "Notes written",
    "Sync now",
    "This week",
    "Go to week",
    "Current password",
    "Saved pages",
]


def _catalog(locale):
    with open(os.path.join(ROOT, "translations", locale, "LC_MESSAGES", "messages.po"), "rb") as f:
        return read_po(f)


def _source_ids():
    """(context, message id) pairs extracted from the code now: what the catalogues must
    cover. A text with a context is a text of its own."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "npgettext": ((1, "c"), 2, 3),
        "_l": None,
        "lazy_gettext": None,
        "lazy_pgettext": ((1, "c"), 2),
    }
    ids = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        os.path.join(ROOT, "webapp"), method_map, keywords=keywords
    ):
        ids.add((context, message[0] if isinstance(message, tuple) else message))
    return ids


def test_translate_keywords_match_this_test():
    assert set(KEYWORDS) == {"_l", "lazy_gettext", "lazy_pgettext:1c,2"}


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete_and_not_fuzzy(locale):
    missing = []
    for message in _catalog(locale):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            missing.append(message.id)
    assert missing == [], f"{locale}: {len(missing)} untranslated or fuzzy"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_covers_exactly_the_texts_in_the_code(locale):
    in_catalog = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in _catalog(locale) if m.id
    }
    in_code = _source_ids()
    assert in_code - in_catalog == set(), "new texts: run `make translations` and translate"
    assert in_catalog - in_code == set(), "stale texts: run `make translations`"


@pytest.mark.parametrize("locale", FOREIGN)
def test_translations_keep_their_placeholders(locale):
    for message in _catalog(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found = set(PLACEHOLDER.findall(string))
            # A singular form may spell out the number ("one day") and drop %(num)d.
            assert found <= expected and expected - found <= {"num"}, (locale, message.id, string)


@pytest.fixture
def polyglot(make, world):
    """A rep per language in the world's northern team, with visits of 1, 2 and 5 minutes."""
    reps = {}
    for locale in LOCALES:
        user = make.user("rep", world["north"], locale=locale, email=f"{locale}-rep@example.com")
        reps[locale] = user
    anna = make.contact(world["mine"], name="Anna")
    make.topic(anna, "Golf", "Ask about the handicap", days_ago=3)
    for minutes in (1, 2, 5):
        make.visit(world["mine"], world["rep"]["id"], days_ago=minutes, minutes=minutes)
    return reps


def _login(app, email):
    from tests.conftest import Browser

    browser = Browser(app.test_client())
    assert browser.login(email).status_code == 302
    return browser


def _main_pages(world):
    mine = world["mine"]
    return [
        "/",
        f"/clients/{mine}",
        f"/clients/{mine}/note",
        f"/clients/{mine}/edit",
        "/profile",
        "/password",
        "/review",
        "/offline",
    ]


@pytest.mark.parametrize("locale", FOREIGN)
def test_main_pages_have_no_english(app, world, polyglot, locale):
    browser = _login(app, polyglot[locale]["email"])
    for url in _main_pages(world):
        page = browser.get(url)
        assert page.status_code == 200, url
        assert f'<html lang="{locale}">' in page.text
        leaks = [text for text in ENGLISH if text in page.text]
        assert leaks == [], (url, leaks)


@pytest.mark.parametrize("locale", FOREIGN)
def test_login_page_follows_the_browser_language(client, locale):
    page = client.get("/login", headers={"Accept-Language": f"{locale},en;q=0.5"})
    assert f'<html lang="{locale}">' in page.text
    assert [text for text in ENGLISH if text in page.text] == []


def test_checked_in_briefing_in_finnish(app, world, polyglot, make):
    make.visit(world["mine"], polyglot["fi"]["id"], days_ago=0, open_=True)
    page = _login(app, polyglot["fi"]["email"]).get(f"/clients/{world['mine']}").text
    assert "Lopeta käynti" in page and "Käynnillä" in page


@pytest.mark.parametrize("locale", LOCALES)
def test_dates_are_in_the_locale_format(app, world, polyglot, locale):
    page = _login(app, polyglot[locale]["email"]).get(f"/clients/{world['mine']}").text
    visit_day = (timeutil.now() - datetime.timedelta(days=5)).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Oslo")
    )
    this_year = timeutil.now().astimezone(visit_day.tzinfo).year
    skeleton = "MMMEd" if visit_day.year == this_year else "yMMMEd"
    assert format_skeleton(skeleton, visit_day, locale=locale) in page


def test_polish_counts_use_three_plural_forms(app, world, polyglot):
    page = _login(app, polyglot["pl"]["email"]).get(f"/clients/{world['mine']}").text
    # A no-break space keeps a count with the word it counts (translate.typeset).
    assert "1\u00a0minuta" in page and "2\u00a0minuty" in page
    assert re.search(r"\b5\u00a0minut\b", page)


def test_relative_times_in_norwegian(app, world, polyglot):
    page = _login(app, polyglot["nb"]["email"]).get(f"/clients/{world['mine']}").text
    three_days_ago = format_timedelta(
        datetime.timedelta(days=-3), add_direction=True, threshold=1.1, locale="nb"
    )
    assert three_days_ago.startswith("for 3 ") and three_days_ago.endswith(" siden")
    assert three_days_ago in page


def test_language_switch_on_login_page_is_remembered(client):
    from tests.conftest import csrf_token

    token = csrf_token(client.get("/login").text)
    client.post("/language", data={"lang": "sv", "next": "/login", "csrf_token": token})
    assert '<html lang="sv">' in client.get("/login").text


def test_profile_saves_language_and_time_zone(app, world, db):
    browser = _login(app, world["rep"]["email"])
    browser.get("/profile")
    response = browser.post("/profile", data={"locale": "pl", "timezone": "Europe/Warsaw"})
    assert response.status_code == 302
    row = db["users"].get(world["rep"]["id"])
    assert (row["locale"], row["timezone"]) == ("pl", "Europe/Warsaw")
    assert '<html lang="pl">' in browser.get("/").text
    bad = browser.post("/profile", data={"locale": "xx", "timezone": "Mars/Olympus"})
    assert bad.status_code == 422
