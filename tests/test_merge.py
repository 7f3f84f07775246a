"""Likely duplicates found, and merged without losing anything of either."""

import datetime
import json
import re
import uuid

import pytest

from tests.conftest import flashes
from webapp import timeutil


def _now(minutes_ago=1):
    return timeutil.iso(timeutil.now() - datetime.timedelta(minutes=minutes_ago))


def _in_days(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def op(kind, **fields):
    return {"id": str(uuid.uuid4()), "kind": kind, "at": _now()} | fields


def sync(browser, user_id, ops):
    token = browser.client.get("/api/session").json["csrf_token"]
    body = json.dumps({"user_id": user_id, "operations": ops})
    response = browser.client.post(
        "/api/sync", data=body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200, response.text
    return response.json["results"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Fjord Rør AS", "FJORD ROR"),
        ("Nordic Pipes AB", "nordic pipes"),
        ("Putki Oy", "Putki"),
        ("Rury Sp. z o.o.", "RURY sp.z o.o."),
        ("Café Øst ASA", "Cafe Ost"),
    ],
)
def test_company_names_fold_alike(app, one, other):
    from webapp.merge.folding import fold_company  # after the app: the modules import it

    assert fold_company(one) == fold_company(other)


def test_organisation_numbers_fold_alike(app):
    from webapp.merge.folding import org_number

    assert org_number("NO 912 345 678 MVA") == org_number("912345678") == "912345678"


def pair_forms(html):
    return re.findall(r'name="first" value="(\d+)"><input type="hidden" name="second" value="(\d+)"', html)


def test_the_duplicates_page_lists_likely_pairs_with_why(as_user, make, world):
    north = world["north"]
    a = make.client(north, name="Bergen Bakeri AS", city="Bergen")
    b = make.client(north, name="BERGEN BAKERI", city="bergen")
    c = make.client(north, name="Alpha", city="Oslo", org_number="912345678")
    d = make.client(north, name="Beta", city="Oslo", org_number="912345678")
    make.client(north, name="Bergen Bakeri", city="Oslo")  # another city: not alike
    make.client(world["south"], name="Bergen Bakeri", city="Bergen")  # another team
    anna = make.contact(world["mine"], name="Anna Berg")
    make.contact(world["mine"], name="anna berg")
    page = as_user("manager").get("/duplicates").text
    assert (str(a), str(b)) in pair_forms(page)
    assert (str(c), str(d)) in pair_forms(page)
    assert "Same organisation number" in page and "Alike name in the same city" in page
    assert "Alike name at the same client" in page
    assert len(pair_forms(page)) == 3, pair_forms(page)
    assert str(anna) in page


def test_a_merge_keeps_everything_of_both_and_redirects(as_user, db, make, world):
    north, rep = world["north"], world["rep"]["id"]
    kept = make.client(north, rep, name="Fjord Rør AS", city="Bergen")
    gone = make.client(north, rep, name="FJORD ROR", city="Bergen", org_number="912345678")
    person = make.contact(gone, name="Åse")
    topic = make.topic(person)
    visit = make.visit(gone, rep)
    manager = as_user("manager")
    rep_phone = as_user("rep")
    note = op("note", client_id=gone, visit_id=visit, body="Before the merge.", contacts_met=[person])
    promise = {"id": str(uuid.uuid4()), "text": "Send prices", "due_date": _in_days(30)}
    note["promises"] = [promise]
    assert [r["status"] for r in sync(rep_phone, rep, [note])] == ["applied"]
    edit = op("edit_client", client_id=gone, fields={"address": "Kaien 1"})
    assert sync(rep_phone, rep, [edit])[0]["status"] == "applied"

    manager.get("/duplicates")
    response = manager.post(
        "/duplicates/clients/merge", data={"first": kept, "second": gone, "keep": "first"}
    )
    assert response.headers["Location"] == f"/clients/{kept}"
    assert db["visits"].get(visit)["client_id"] == kept
    assert db["notes"].get(note["id"])["client_id"] == kept
    assert db["contacts"].get(person)["client_id"] == kept
    assert db["topics"].get(topic)["contact_id"] == person
    assert [p["client_id"] for p in db["promises"].rows] == [kept]
    kept_row = db["clients"].get(kept)
    assert kept_row["org_number"] == "912345678"  # an empty field took the other's value
    assert kept_row["address"] == "Kaien 1"
    history = db.execute(
        "SELECT record_id FROM field_changes WHERE record = 'client' AND field = 'address'"
    ).fetchall()
    assert {row[0] for row in history} == {str(kept)}
    assert db["clients"].get(gone)["archived"] == 1
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'client_merged'").fetchone()[0]
    # The merged-away page redirects to the kept one.
    response = rep_phone.client.get(f"/clients/{gone}")
    assert response.status_code == 302 and response.headers["Location"] == f"/clients/{kept}"
    # A phone that still names the merged-away client: the kept one gets the note.
    late = op("note", client_id=gone, body="Written offline before the merge reached me.")
    assert sync(rep_phone, rep, [late])[0]["status"] == "applied"
    assert db["notes"].get(late["id"])["client_id"] == kept
    # Another team's user gets no redirect: the client does not exist for them.
    assert as_user("stranger").client.get(f"/clients/{gone}").status_code == 404


def test_a_client_made_offline_then_merged_takes_operations_by_its_uuid(as_user, db, world):
    rep, rep_id = as_user("rep"), world["rep"]["id"]
    made = op("new_client", name="Verksted Vest", lat=60.1, lon=5.1, accuracy=30)
    made_id = sync(rep, rep_id, [made])[0]["record_id"]
    manager = as_user("manager")
    manager.get("/duplicates")
    manager.post(
        "/duplicates/clients/merge",
        data={"first": world["mine"], "second": made_id, "keep": "first"},
    )
    late = op("note", client_id=made["id"], body="Named by the phone's UUID.")
    assert sync(rep, rep_id, [late])[0]["status"] == "applied"
    assert db["notes"].get(late["id"])["client_id"] == world["mine"]


def test_people_merge_keeps_topics_and_notes_and_the_phone_follows(as_user, db, make, world):
    rep, rep_id = as_user("rep"), world["rep"]["id"]
    kept = make.contact(world["mine"], name="Anna Berg")
    gone = make.contact(world["mine"], name="anna berg")
    with db.conn:
        db.execute("UPDATE contacts SET email = 'anna@example.com' WHERE id = ?", [gone])
    topic = make.topic(gone)
    both = op("note", client_id=world["mine"], body="Met both.", contacts_met=[kept, gone])
    assert sync(rep, rep_id, [both])[0]["status"] == "applied"
    manager = as_user("manager")
    manager.get("/duplicates")
    manager.post("/duplicates/people/merge", data={"first": kept, "second": gone, "keep": "first"})
    assert db["contacts"].get(kept)["email"] == "anna@example.com"
    assert db["topics"].get(topic)["contact_id"] == kept
    assert [r["contact_id"] for r in db["note_contacts"].rows] == [kept]
    assert db.execute("SELECT COUNT(*) FROM contacts WHERE id = ?", [gone]).fetchone()[0] == 0
    late = op("note", client_id=world["mine"], body="Later.", contacts_met=[gone])
    assert sync(rep, rep_id, [late])[0]["status"] == "applied"
    met = db.execute("SELECT contact_id FROM note_contacts WHERE note_id = ?", [late["id"]])
    assert [row[0] for row in met] == [kept]
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'person_merged'").fetchone()[0]


def test_only_managers_merge_and_only_their_teams_clients(as_user, make, world):
    assert as_user("rep").get("/duplicates").status_code == 403
    manager = as_user("manager")
    manager.get("/duplicates")
    response = manager.post(
        "/duplicates/clients/merge",
        data={"first": world["mine"], "second": world["other_team"], "keep": "first"},
    )
    assert response.status_code == 404
    response = manager.post(
        "/duplicates/clients/merge",
        data={"first": world["mine"], "second": world["mine"], "keep": "first"},
    )
    page = manager.get(response.headers["Location"]).text
    assert ("error", "Choose two different clients.") in flashes(page)
    admin = as_user("admin")
    admin.get("/duplicates")
    response = admin.post(
        "/duplicates/clients/merge",
        data={"first": world["mine"], "second": world["other_team"], "keep": "first"},
    )
    page = admin.get(response.headers["Location"]).text
    assert ("error", "Only clients of the same team can be merged.") in flashes(page)
