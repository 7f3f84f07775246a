"""Kept pages (webapp/pagecache.py): Today and the briefing served again without rendering,
but never older than the data, never another session's, and with a fresh form id each time."""

import re
import uuid

from tests.conftest import csrf_token
from webapp import db as database
from webapp import pagecache
from webapp import timeutil


def _op_id(html):
    return re.search(r'name="op_id" value="([^"]+)"', html).group(1)


def _note(db, client_id, user_id, body):
    with database.transaction(db):
        db["notes"].insert(
            {
                "id": str(uuid.uuid4()),
                "client_id": client_id,
                "user_id": user_id,
                "body": body,
                "written_at": timeutil.now_iso(),
                "received_at": timeutil.now_iso(),
            }
        )


def test_a_kept_briefing_shows_a_note_another_device_wrote_at_once(world, db, as_user):
    rep = as_user("rep")
    briefing = f"/clients/{world['mine']}"
    assert "Spring order confirmed" not in rep.get(briefing).text
    rep.get(briefing)  # kept now
    _note(db, world["mine"], world["colleague"]["id"], "Spring order confirmed")
    assert "Spring order confirmed" in rep.get(briefing).text


def test_today_shows_a_renamed_client_and_a_check_in_at_once(world, db, as_user):
    rep = as_user("rep")
    assert "Fjord Rør AS" in rep.get("/").text
    with database.transaction(db):
        db["clients"].update(world["mine"], {"name": "Fjord Rør og Varme AS"})
    page = rep.get("/").text
    assert "Fjord Rør og Varme AS" in page
    rep.post(f"/clients/{world['mine']}/check-in", data={"op_id": str(uuid.uuid4())})
    rep.get(f"/clients/{world['mine']}")  # shows the flash "Checked in."
    assert 'class="card here"' in rep.get("/").text


def test_an_erased_person_leaves_the_kept_briefing(world, make, db, as_user):
    anna = make.contact(world["mine"], name="Anna Berg")
    make.topic(anna, "Took up golf")
    rep = as_user("rep")
    briefing = f"/clients/{world['mine']}"
    assert "Took up golf" in rep.get(briefing).text
    with database.transaction(db):
        db.execute("DELETE FROM topics WHERE contact_id = ?", [anna])
        db.execute("DELETE FROM contacts WHERE id = ?", [anna])
    page = rep.get(briefing).text
    assert "Anna Berg" not in page and "Took up golf" not in page


def test_every_view_of_a_kept_briefing_has_its_own_check_in_id(world, db, as_user):
    rep = as_user("rep")
    briefing = f"/clients/{world['mine']}"
    first, second = rep.get(briefing).text, rep.get(briefing).text
    assert _op_id(first) != _op_id(second)
    # The kept page's form works: its id and token check in once.
    answer = rep.client.post(
        f"/clients/{world['mine']}/check-in",
        data={"op_id": _op_id(second), "csrf_token": csrf_token(second)},
    )
    assert answer.status_code == 302
    assert db.execute("SELECT id FROM visits").fetchall() == [(_op_id(second),)]


def test_two_devices_of_one_user_each_get_their_own_token(world, as_user):
    phone, laptop = as_user("rep"), as_user("rep")
    on_phone, on_laptop = phone.get("/").text, laptop.get("/").text
    assert csrf_token(on_phone) != csrf_token(on_laptop)
    again = phone.get("/").text
    answer = phone.client.post(
        "/language", data={"lang": "nb", "next": "/", "csrf_token": csrf_token(again)}
    )
    assert answer.status_code == 302
    assert '<html lang="nb">' in phone.get("/").text  # the language is part of the page's key
    assert '<html lang="nb">' in laptop.get("/").text


def test_a_page_of_one_user_is_never_served_to_another(world, as_user):
    rep, colleague = as_user("rep"), as_user("colleague")
    assert "rep@example.com" in rep.get("/").text
    page = colleague.get("/").text
    assert "colleague@example.com" in page and "rep@example.com" not in page


def test_an_admin_sees_changes_in_any_team(world, db, as_user):
    admin = as_user("admin")
    briefing = f"/clients/{world['other_team']}"
    admin.get(briefing)
    _note(db, world["other_team"], world["stranger"]["id"], "Southern news")
    assert "Southern news" in admin.get(briefing).text


def test_kept_pages_age_out_for_their_relative_times(world, make, as_user, monkeypatch):
    rep = as_user("rep")
    rep.get("/")
    # Write behind the triggers' back: only the page's age can show it now.
    make.db.execute("DROP TRIGGER clients_update_version")
    with database.transaction(make.db):
        make.db["clients"].update(world["mine"], {"name": "Renamed Quietly AS"})
    assert "Renamed Quietly AS" not in rep.get("/").text  # still the kept page
    later = pagecache.time.monotonic() + 61
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    assert "Renamed Quietly AS" in rep.get("/").text


def test_pages_are_rendered_every_time_when_turned_off(app, world, make, as_user):
    app.config["PAGE_CACHE_SECONDS"] = 0
    rep = as_user("rep")
    rep.get("/")
    make.db.execute("DROP TRIGGER clients_update_version")
    with database.transaction(make.db):
        make.db["clients"].update(world["mine"], {"name": "Renamed Quietly AS"})
    assert "Renamed Quietly AS" in rep.get("/").text


def test_a_new_name_shows_in_the_header_at_once_even_for_an_admin_without_a_team(
    world, db, as_user
):
    admin = as_user("admin")
    admin.get("/")
    with database.transaction(db):
        db["users"].update(world["admin"]["id"], {"name": "Ada Admin-Renamed"})
    assert "Ada Admin-Renamed" in admin.get("/").text


def test_a_kept_review_shows_a_renamed_team_and_a_new_calendar_feed(world, db, as_user):
    manager, rep = as_user("manager"), as_user("rep")
    member = f"/review?rep={world['colleague']['id']}"
    assert "Team North" in manager.get(member).text
    with database.transaction(db):
        db["teams"].update(world["north"], {"name": "North & Arctic"})
    assert "Team North &amp; Arctic" in manager.get(member).text
    assert 'class="dot on"' not in rep.get("/review").text
    with database.transaction(db):
        db["calendar_tokens"].insert(
            {
                "user_id": world["rep"]["id"],
                "token_hash": "0" * 64,
                "created_at": timeutil.now_iso(),
            }
        )
    assert 'class="dot on"' in rep.get("/review").text
