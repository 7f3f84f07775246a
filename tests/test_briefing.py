"""The client briefing: people and their topics, promises, notes, visits, check-in button."""

import datetime
import re

import pytest

from tests.conftest import Browser
from webapp import db as database
from webapp import timeutil


def _promise(db, client_id, user_id, text, due, kept=False):
    with database.transaction(db):
        promise_id = f"00000000-0000-4000-a000-{abs(hash(text)) % 10**12:012d}"
        db["promises"].insert(
            {
                "id": promise_id,
                "client_id": client_id,
                "user_id": user_id,
                "text": text,
                "due_date": due.isoformat(),
                "made_at": timeutil.now_iso(),
                "kept_at": timeutil.now_iso() if kept else None,
                "received_at": timeutil.now_iso(),
            }
        )
    return promise_id


def test_briefing_shows_people_with_topics_newest_first(world, make, as_user):
    anna = make.contact(world["mine"], name="Anna Berg", title="Purchasing manager")
    make.topic(anna, "Took up golf", "Ask about her handicap", days_ago=30)
    make.topic(anna, "Son's football cup", "Ask how the cup went", days_ago=4)
    make.topic(anna, "Old closed thing", "", days_ago=1)
    make.db.execute("UPDATE topics SET status = 'closed' WHERE title = 'Old closed thing'")
    page = as_user("rep").get(f"/clients/{world['mine']}").text
    assert "Anna Berg" in page and "Purchasing manager" in page
    assert page.index("Son&#39;s football cup") < page.index("Took up golf")
    assert "Ask how the cup went" in page and "4 days ago" in page
    assert "Old closed thing" not in page
    assert ">Check in</button>" in page


def test_briefing_shows_open_promises_with_overdue_highlighted(world, make, db, as_user):
    today = datetime.date.today()
    _promise(
        db,
        world["mine"],
        world["rep"]["id"],
        "Send the price list",
        today - datetime.timedelta(days=3),
    )
    _promise(
        db, world["mine"], world["rep"]["id"], "Book a demo", today + datetime.timedelta(days=5)
    )
    _promise(db, world["mine"], world["rep"]["id"], "Already done", today, kept=True)
    page = as_user("rep").get(f"/clients/{world['mine']}").text
    assert page.index("Send the price list") < page.index("Book a demo")
    assert page.count('class="promise overdue"') == 1 and "Overdue" in page
    assert "Already done" not in page
    assert "in 5 days" in page


def test_briefing_shows_check_out_while_checked_in_here(world, make, as_user):
    make.visit(world["mine"], world["rep"]["id"], days_ago=0, open_=True)
    page = as_user("rep").get(f"/clients/{world['mine']}").text
    assert ">Check out</button>" in page and ">Check in</button>" not in page


def test_briefing_shows_visit_history(world, make, as_user):
    make.visit(world["mine"], world["rep"]["id"], days_ago=10, minutes=50)
    page = as_user("rep").get(f"/clients/{world['mine']}").text
    assert "50 minutes" in page


def test_teammate_can_read_colleagues_client_briefing(world, as_user):
    page = as_user("rep").get(f"/clients/{world['theirs']}")
    assert page.status_code == 200 and "owner:" in page.text


@pytest.mark.parametrize(
    ("zone", "utc_time", "days_ahead"),
    [
        # Just before midnight UTC it is already tomorrow in Auckland...
        ("Pacific/Auckland", datetime.time(23, 30), 1),
        # ...and just after it, still yesterday in Los Angeles.
        ("America/Los_Angeles", datetime.time(0, 30), -1),
    ],
)
def test_due_dates_count_from_the_users_own_day(
    world, make, db, as_user, monkeypatch, zone, utc_time, days_ahead
):
    server_day = datetime.date.today()
    moment = datetime.datetime.combine(server_day, utc_time, tzinfo=datetime.UTC)
    monkeypatch.setattr(timeutil, "now", lambda: moment)
    with database.transaction(db):
        db["users"].update(world["rep"]["id"], {"timezone": zone})
    their_day = server_day + datetime.timedelta(days=days_ahead)
    for offset, text in [
        (-1, "Call back about the boiler"),
        (0, "Send the quote"),
        (1, "Book a demo"),
    ]:
        due = their_day + datetime.timedelta(days=offset)
        _promise(db, world["mine"], world["rep"]["id"], text, due)
    page = as_user("rep").get(f"/clients/{world['mine']}").text
    promises = re.findall(r'<li class="promise( overdue)?">.*?<p>(.*?)</p>.*?\((.*?)\)', page, re.S)
    assert promises == [
        (" overdue", "Call back about the boiler", "yesterday"),
        ("", "Send the quote", "today"),
        ("", "Book a demo", "tomorrow"),
    ]


@pytest.mark.parametrize(
    "locale,just_now,never",
    [
        ("en", "Last visit just now", "in 0 seconds"),
        ("pl", "Ostatnia wizyta przed chwilą", "0 sekund"),
    ],
)
def test_a_visit_within_the_minute_was_just_now(world, make, app, locale, just_now, never):
    """Babel says "in 0 seconds" ("za 0 sekund") of a visit checked in a moment ago."""
    rep = make.user("rep", world["north"], locale=locale)
    client = make.client(world["north"], rep["id"])
    make.visit(client, rep["id"], days_ago=0, open_=True)
    make.topic(make.contact(client), "Golf", days_ago=0)
    browser = Browser(app.test_client())
    browser.login(rep["email"])
    page = browser.get(f"/clients/{client}").text
    assert just_now in page and never not in page
    assert f'<span class="muted when">{just_now.split(" ", 2)[-1]}</span>' in page  # the topic


def test_checked_in_since_keeps_its_time_on_the_same_line(world, make, as_user):
    make.visit(world["mine"], world["rep"]["id"], days_ago=0, open_=True)
    page = as_user("rep").get(f"/clients/{world['mine']}").text
    assert re.search(r'<span class="since">since \d\d?:\d\d(\s?[AP]M)?</span>', page)
