"""People, personal topics and clients made and changed offline, then synced: each change is
stored once, linked to what it belongs to, and two devices agree on a topic changed on both."""

import pytest
from phone import BERGEN
from phone import SAVED_ON_PHONE
from phone import Phone
from phone import expect

pytestmark = pytest.mark.browser

LOCAL_PAGE = "/clients/0"


def count(db, sql, params=()):
    return db.execute(sql, params).fetchone()[0]


def save_dialog(page, dialog_id, fields):
    """Fill the briefing's dialog and save it; the change is confirmed at once."""
    dialog = page.locator(f"#{dialog_id}")
    expect(dialog).to_be_visible()
    for label, value in fields.items():
        dialog.get_by_label(label, exact=True).fill(value)
    dialog.get_by_role("button", name="Save").click()
    expect(page.locator("#toast")).to_have_text(SAVED_ON_PHONE, timeout=1500)
    expect(dialog).to_be_hidden()


def sync(phone):
    """Back online: tap Sync now and wait until all is synced."""
    phone.offline(False)
    phone.sync_now()
    phone.expect_synced()


def test_a_person_their_topic_and_a_note_that_met_them_offline(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()
    page.goto(field["briefing"])
    page.get_by_role("link", name="+ Add person").click()
    save_dialog(
        page, "dialog-add-person", {"Full name": "Ola Nordmann", "Job title": "Purchasing manager"}
    )
    ola = page.locator("article.person", has_text="Ola Nordmann")
    expect(ola).to_contain_text("Purchasing manager")
    expect(ola).to_contain_text("Waiting to sync")
    ola.get_by_role("link", name="+ Personal topic").click()
    expect(page.locator("#dialog-add-topic")).to_contain_text("About Ola Nordmann")
    save_dialog(
        page,
        "dialog-add-topic",
        {"Personal topic": "Runs marathons", "Follow-up question": "Ask about the Bergen race"},
    )
    expect(ola.locator(".topic", has_text="Runs marathons")).to_contain_text("Waiting to sync")

    page.get_by_role("link", name="Write note").click()
    page.wait_for_url("**/note**")
    page.fill("#body", "Met the new purchasing manager.")
    page.get_by_label("Ola Nordmann").check()
    page.get_by_role("button", name="Save note").click()
    page.wait_for_url(f"**{field['briefing']}")
    note = page.locator("#pending-notes .note")
    expect(note).to_contain_text("Met: Ola Nordmann")
    assert count(db, "SELECT COUNT(*) FROM contacts WHERE name = 'Ola Nordmann'") == 0

    sync(phone)
    people = db.execute(
        "SELECT id, ref, title FROM contacts WHERE client_id = ? AND name = 'Ola Nordmann'",
        [field["fjord"]],
    ).fetchall()
    assert len(people) == 1
    ola_id, ref, title = people[0]
    assert ref and title == "Purchasing manager"
    topics = db.execute(
        "SELECT title, follow_up FROM topics WHERE contact_id = ?", [ola_id]
    ).fetchall()
    assert [tuple(t) for t in topics] == [("Runs marathons", "Ask about the Bergen race")]
    notes = db.execute("SELECT id FROM notes WHERE client_id = ?", [field["fjord"]]).fetchall()
    assert len(notes) == 1
    assert (
        count(
            db,
            "SELECT COUNT(*) FROM note_contacts WHERE note_id = ? AND contact_id = ?",
            [notes[0][0], ola_id],
        )
        == 1
    )


def test_someone_new_on_the_note_form_is_met_and_gets_a_topic(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()
    page.goto(field["note"])
    page.fill("#body", "A new face at the counter.")
    page.get_by_role("button", name="+ Someone new").click()
    page.get_by_label("Full name").fill("Kari Holm")
    page.get_by_label("Job title").fill("Shop manager")
    page.get_by_role("button", name="Add to the note").click()
    expect(page.get_by_label("Kari Holm")).to_be_checked()
    page.select_option("#new_topic_contact", label="Kari Holm")
    page.fill("#new_topic_title", "New puppy")
    page.get_by_role("button", name="Save note").click()
    page.wait_for_url(f"**{field['briefing']}")
    kari = page.locator("article.person", has_text="Kari Holm")
    expect(kari.locator(".topic", has_text="New puppy")).to_contain_text("Waiting to sync")
    expect(page.locator("#pending-notes .note")).to_contain_text("Met: Kari Holm")

    sync(phone)
    (kari_id,) = db.execute("SELECT id FROM contacts WHERE name = 'Kari Holm'").fetchone()
    assert count(db, "SELECT COUNT(*) FROM contacts WHERE name = 'Kari Holm'") == 1
    assert count(db, "SELECT COUNT(*) FROM topics WHERE contact_id = ?", [kari_id]) == 1
    assert count(db, "SELECT COUNT(*) FROM notes WHERE client_id = ?", [field["fjord"]]) == 1
    assert count(db, "SELECT COUNT(*) FROM note_contacts WHERE contact_id = ?", [kari_id]) == 1


def test_a_new_client_offline_checked_in_and_noted_before_any_sync(page, field, db):
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready("/", LOCAL_PAGE)  # saved with Today
    phone.offline()
    page.goto("/")
    page.locator(".menu summary").click()
    page.get_by_role("link", name="New client").click()
    page.wait_for_url(f"**{LOCAL_PAGE}")
    form = page.locator("form[data-op=new_client]")
    form.get_by_label("Name", exact=True).fill("Hansen Sko AS")
    form.get_by_label("Street address").fill("Torgallmenningen 1")
    form.get_by_label("City").fill("Bergen")
    form.get_by_role("button", name="Use my current location").click()
    expect(form.get_by_text("Location found")).to_be_visible()
    form.get_by_role("button", name="Save client").click()
    expect(page.locator("h1:visible")).to_have_text("Hansen Sko AS")
    expect(page.locator(".client-head")).to_contain_text("Waiting to sync")
    page.reload()  # the phone-made client's page opens again offline
    expect(page.locator("h1:visible")).to_have_text("Hansen Sko AS")
    phone.check_in()
    page.get_by_role("button", name="Write note").click()
    page.fill("#body", "First visit: they want a catalogue.")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#pending-notes .note")).to_contain_text("First visit")
    assert count(db, "SELECT COUNT(*) FROM clients WHERE name = 'Hansen Sko AS'") == 0

    phone.offline(False)
    phone.sync_now()
    page.wait_for_url(lambda url: LOCAL_PAGE not in url and "/clients/" in url)
    clients = db.execute(
        "SELECT id, ref, lat, lon, owner_id, team_id FROM clients WHERE name = 'Hansen Sko AS'"
    ).fetchall()
    assert len(clients) == 1
    client_id, ref, lat, lon, owner, team = clients[0]
    assert page.url.endswith(f"/clients/{client_id}")
    assert ref and owner == field["rep"]["id"] and team == field["team"]
    assert abs(lat - BERGEN["latitude"]) < 1e-4 and abs(lon - BERGEN["longitude"]) < 1e-4
    assert count(db, "SELECT COUNT(*) FROM visits WHERE client_id = ?", [client_id]) == 1
    assert count(db, "SELECT COUNT(*) FROM notes WHERE client_id = ?", [client_id]) == 1
    expect(page.locator("h1:visible")).to_have_text("Hansen Sko AS")


def test_the_site_is_here_stores_the_position_with_its_accuracy(page, field, db, make):
    nowhere = make.client(field["team"], field["rep"]["id"], name="Nowhere AS", lat=None, lon=None)
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(f"/clients/{nowhere}")
    phone.offline()
    page.goto(f"/clients/{nowhere}")
    phone.check_in()
    offer = page.get_by_role("button", name="Set the client's site here (±20 m)")
    expect(page.get_by_text("No site is stored for this client yet.")).to_be_visible()
    offer.click()
    expect(page.locator("#toast")).to_have_text(SAVED_ON_PHONE, timeout=1500)
    expect(offer).to_be_hidden()
    expect(page.locator(".client-head")).to_contain_text("Site set here (±20 m)")
    sync(phone)
    row = db.execute(
        "SELECT lat, lon, site_accuracy_m, site_set_by FROM clients WHERE id = ?", [nowhere]
    ).fetchone()
    assert abs(row[0] - BERGEN["latitude"]) < 1e-4 and abs(row[1] - BERGEN["longitude"]) < 1e-4
    assert row[2] == 20 and row[3] == field["rep"]["id"]
    assert count(db, "SELECT COUNT(*) FROM clients WHERE team_id = ?", [field["team"]]) == 3
    assert count(db, "SELECT COUNT(*) FROM visits WHERE client_id = ?", [nowhere]) == 1


def test_far_from_the_stored_site_the_offer_says_how_far(page, field, make):
    far = make.client(field["team"], field["rep"]["id"], name="Oslo AS", lat=59.9139, lon=10.7522)
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(f"/clients/{far}")
    phone.offline()
    page.goto(f"/clients/{far}")
    phone.check_in()
    expect(page.locator(".site-offer")).to_contain_text("km from the client's stored site")
    page.get_by_role("button", name="Not now").click()
    expect(page.locator(".site-offer")).to_have_count(0)


def edit_golf(page, field, follow_up, status=None):
    """On the briefing, offline: tap Golf and change its follow-up question (and status)."""
    page.goto(field["briefing"])
    page.locator(".topic-title", has_text="Golf").click()
    dialog = page.locator("#dialog-edit-topic")
    expect(dialog.get_by_label("Follow-up question")).to_have_value("Ask about the handicap")
    if status:
        dialog.get_by_label(status).check()
    save_dialog(page, "dialog-edit-topic", {"Follow-up question": follow_up})
    golf = page.locator(".topic", has_text="Golf")
    expect(golf).to_contain_text(follow_up)
    expect(golf).to_contain_text("Waiting to sync")


@pytest.mark.parametrize("first", ["earlier", "later"])
def test_two_reps_change_one_topic_offline_and_sync_in_either_order(
    make_context, field, make, db, first
):
    colleague = make.user("rep", field["team"])
    phones = {}
    for who, user in (("earlier", field["rep"]), ("later", colleague)):
        phone = Phone(make_context().new_page())
        phone.login(user["email"])
        phone.ready(field["briefing"])
        phone.offline()
        phones[who] = phone
    edit_golf(phones["earlier"].page, field, "Ask about the club final")
    phones["earlier"].page.wait_for_timeout(50)  # the later change is later on the clock
    edit_golf(phones["later"].page, field, "Ask about the new driver", status="Followed up")
    second = "later" if first == "earlier" else "earlier"
    for who in (first, second):
        sync(phones[who])

    golf = db.execute(
        "SELECT follow_up, status FROM topics WHERE id = ?", [field["golf"]]
    ).fetchone()
    assert tuple(golf) == ("Ask about the new driver", "followed_up")
    history = db.execute(
        "SELECT value, user_id FROM field_changes WHERE record = 'topic' AND record_id = ?"
        " AND field = 'follow_up' AND op_id != '' ORDER BY at",
        [field["golf"]],
    ).fetchall()
    assert [tuple(h) for h in history] == [
        ('"Ask about the club final"', field["rep"]["id"]),
        ('"Ask about the new driver"', colleague["id"]),
    ]
    assert count(db, "SELECT COUNT(*) FROM topics WHERE contact_id = ?", [field["anna"]]) == 1
    # The rep whose change lost sees whose won, and when.
    page = phones["earlier"].page
    page.goto(field["briefing"])
    golf = page.locator(".topic", has_text="Golf")
    expect(golf).to_contain_text("Ask about the new driver")
    expect(golf).to_contain_text("changed by Rep")
    expect(golf).to_contain_text("followed up")


def test_the_record_pages_still_post_their_forms_online(page, field, db):
    """The person's own page (webapp/manage.py) posts its form; the outbox stays empty."""
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    page.goto(f"/contacts/{field['anna']}/edit")
    page.get_by_label("Job title").fill("Head of purchasing")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{field['briefing']}")
    expect(page.locator("article.person", has_text="Anna Berg")).to_contain_text(
        "Head of purchasing"
    )
    assert phone.outbox() == []
    title = db.execute("SELECT title FROM contacts WHERE id = ?", [field["anna"]]).fetchone()[0]
    assert title == "Head of purchasing"
    assert count(db, "SELECT COUNT(*) FROM contacts WHERE client_id = ?", [field["fjord"]]) == 1
