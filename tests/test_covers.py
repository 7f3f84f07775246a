"""Covers: a colleague's clients on a rep's Today and phone for some local dates, then back."""

import datetime

import pytest

from tests.conftest import flashes
from webapp import db as database
from webapp import timeutil

UTC = datetime.UTC


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock: clock("2026-06-30T21:59:00Z")."""

    def set_to(text):
        moment = timeutil.parse(text)
        monkeypatch.setattr(timeutil, "now", lambda: moment)

    return set_to


@pytest.fixture
def cover(db, world):
    """The colleague (Ingrid, Oslo time) covers the rep's (Emma's) clients from Wednesday
    1 July to Sunday 5 July 2026, both included."""
    with database.transaction(db):
        db["covers"].insert(
            {
                "team_id": world["north"],
                "covering_id": world["colleague"]["id"],
                "covered_id": world["rep"]["id"],
                "first_day": "2026-07-01",
                "last_day": "2026-07-05",
                "made_by": world["manager"]["id"],
                "made_at": "2026-06-20T10:00:00.000Z",
            }
        )
    return 1


def on_today(as_user, who="colleague"):
    return "Fjord Rør AS" in as_user(who).get("/").text


@pytest.mark.parametrize(
    "moment,shown",
    [
        ("2026-06-30T21:59:00Z", False),  # 23:59 on Tuesday in Oslo: not yet
        ("2026-06-30T22:00:00Z", True),  # midnight: Wednesday 1 July in Oslo
        ("2026-07-05T21:59:00Z", True),  # 23:59 on Sunday 5 July, the last day
        ("2026-07-05T22:00:00Z", False),  # midnight: Monday, the clients are back
    ],
)
def test_a_cover_starts_and_ends_at_the_covering_reps_midnight(
    cover, clock, as_user, moment, shown
):
    clock(moment)
    assert on_today(as_user) is shown
    assert on_today(as_user, "rep")  # the owner keeps them all along


def test_the_covering_reps_own_time_zone_counts(db, world, cover, clock, as_user):
    with database.transaction(db):
        db["users"].update(world["colleague"]["id"], {"timezone": "Pacific/Auckland"})
    clock("2026-06-30T12:00:00Z")  # midnight, 1 July, in Auckland; 14:00 on 30 June in Oslo
    assert on_today(as_user)
    clock("2026-07-05T11:59:00Z")  # 23:59 on Sunday in Auckland
    assert on_today(as_user)
    clock("2026-07-05T12:00:00Z")  # Monday in Auckland, still Sunday in Oslo
    assert not on_today(as_user)


def test_covered_clients_come_first_among_the_pages_kept_offline(
    db, world, make, cover, clock, as_user
):
    # A team client never visited is the most overdue: without the cover it ranks above the
    # rep's client visited yesterday on the colleague's phone.
    clock("2026-07-02T08:00:00Z")
    make.client(world["north"], world["manager"]["id"], name="Never Visited AS")
    make.visit(world["mine"], world["rep"]["id"], days_ago=1)

    def order():
        pages = as_user("colleague").get("/api/offline-pages").get_json()["pages"]
        return [p["title"] for p in pages if p["kind"] == "briefing"]

    titles = order()
    assert titles.index("Fjord Rør AS") < titles.index("Never Visited AS")
    clock("2026-07-06T08:00:00Z")
    titles = order()
    assert titles.index("Never Visited AS") < titles.index("Fjord Rør AS")


def test_notes_written_during_a_cover_are_the_covering_reps(db, world, cover, clock, as_user):
    clock("2026-07-03T08:00:00Z")
    ingrid = as_user("colleague")
    ingrid.get(f"/clients/{world['mine']}/note")
    answer = ingrid.post(f"/clients/{world['mine']}/note", data={"body": "Met Kari for Emma."})
    assert answer.status_code == 302
    row = db.execute("SELECT user_id FROM notes WHERE client_id = ?", [world["mine"]]).fetchone()
    assert row[0] == world["colleague"]["id"]
    clock("2026-07-06T08:00:00Z")  # after the cover, Emma reads it under Ingrid's name
    page = as_user("rep").get(f"/clients/{world['mine']}").text
    assert "Met Kari for Emma." in page and "Rep colleague" in page


def test_a_manager_arranges_and_ends_a_cover(db, world, clock, as_user):
    clock("2026-07-01T08:00:00Z")
    manager = as_user("manager")
    manager.get("/team/handover")
    form = {
        "covering": world["colleague"]["id"],
        "covered": world["rep"]["id"],
        "first": "2026-07-01",
        "last": "2026-07-14",
    }
    answer = manager.post("/team/covers", data=form, follow_redirects=True)
    assert (
        "success",
        "Rep colleague covers Rep rep&#39;s clients from Jul 1, 2026 to Jul 14, 2026.",
    ) in (flashes(answer.text))
    assert on_today(as_user)
    cover_id = db.execute("SELECT id FROM covers").fetchone()[0]
    manager.post(f"/team/covers/{cover_id}/end")
    assert not on_today(as_user)
    assert db["covers"].get(cover_id)["ended_on"] == "2026-06-30"
    actions = [
        r[0]
        for r in db.execute("SELECT action FROM audit_log WHERE action LIKE 'cover%' ORDER BY id")
    ]
    assert actions == ["cover_made", "cover_ended"]


@pytest.mark.parametrize(
    "first,last,message",
    [
        ("2026-07-14", "2026-07-01", "The last day comes before the first."),
        ("2026-06-01", "2026-06-14", "This cover would be over already."),
        ("2026-07-01", "2026-12-01", "A cover lasts at most 92 days"),
        ("2026-07-01", "soon", "Enter the first and last day as dates."),
    ],
)
def test_bad_covers_are_explained(world, clock, as_user, first, last, message):
    clock("2026-07-01T08:00:00Z")
    manager = as_user("manager")
    manager.get("/team/handover")
    form = {"covering": world["colleague"]["id"], "covered": world["rep"]["id"]}
    answer = manager.post("/team/covers", data={**form, "first": first, "last": last})
    assert answer.status_code == 422
    assert message in answer.text


def test_cover_access(db, world, clock, cover, as_user):
    clock("2026-07-01T08:00:00Z")
    form = {"covering": world["colleague"]["id"], "covered": world["rep"]["id"]}
    form.update(first="2026-07-01", last="2026-07-02")
    rep = as_user("rep")
    rep.get("/")
    assert rep.post("/team/covers", data=form).status_code == 403
    assert rep.post("/team/covers/1/end").status_code == 403
    manager = as_user("manager")
    manager.get("/team/handover")
    stranger = {**form, "covering": world["stranger"]["id"]}
    assert manager.post("/team/covers", data=stranger).status_code == 404
    south = {**form, "team": world["south"]}
    assert manager.post("/team/covers", data=south).status_code == 404
    assert manager.post("/team/covers/99/end").status_code == 404
    assert db.execute("SELECT COUNT(*) FROM covers").fetchone()[0] == 1


@pytest.mark.parametrize(
    "url,form",
    [
        ("/team/handover/preview", {"from": "abc", "to": "1", "mode": "all"}),
        ("/team/handover/preview", {"from": "1", "to": "9" * 30, "mode": "all"}),
        ("/team/handover/preview", {"from": "1", "to": "2", "mode": "city", "city": "x" * 5000}),
        ("/team/handover/preview", {"from": "1", "to": "2", "mode": "some", "client": "§"}),
        ("/team/handover/confirm", {"from": "1", "to": "2", "client": "-1", "plan": "x"}),
        (
            "/team/handover/confirm",
            {"from": "1", "to": "2", "promise": "x'; DROP TABLE promises;--"},
        ),
        ("/team/covers", {"covering": "2", "covered": "1", "first": "2026-02-30", "last": "x"}),
        ("/team/covers", {"covering": "", "covered": "", "first": "", "last": ""}),
        ("/team/covers", {"team": "1e3", "covering": "2", "covered": "1"}),
    ],
)
def test_hostile_input_gets_an_answer_not_an_error(world, clock, as_user, url, form):
    clock("2026-07-01T08:00:00Z")
    manager = as_user("manager")
    manager.get("/team/handover")
    answer = manager.post(url, data=form)
    assert answer.status_code in (404, 409, 422), answer.status_code
