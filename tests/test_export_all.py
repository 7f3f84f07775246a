"""Everything out: the whole organisation as a ZIP, whose clients.csv goes into an empty Folka."""

import csv
import io
import json
import re
import zipfile

from tests.conftest import Browser
from tests.conftest import Factory
from webapp import create_app
from webapp import db as database


def download(as_user):
    response = as_user("admin").client.get("/imports/everything.zip")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = response.data
    response.close()  # as a server does: the ZIP's temporary file is closed with the answer
    return zipfile.ZipFile(io.BytesIO(data))


def rows(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_only_an_admin_downloads_everything(as_user):
    assert as_user("manager").get("/imports/everything.zip").status_code == 403
    assert as_user("rep").get("/imports/everything.zip").status_code == 403


def test_the_zip_holds_every_table_documented_and_formulas_defused(as_user, db, make, world):
    make.contact(world["mine"], name="=cmd|' /C calc'!A0", title="Buyer")
    make.visit(world["mine"], world["rep"]["id"])
    archive = download(as_user)
    names = set(archive.namelist())
    assert {"clients.csv", "users.csv", "visits.csv", "notes.csv", "promises.csv", "topics.csv",
            "organisation.json", "README.txt"} <= names  # fmt: skip
    readme = archive.read("README.txt").decode()
    assert "org_number: " in readme and "visits.csv" in readme
    people = [r["person_name"] for r in rows(archive, "clients.csv")]
    assert "'=cmd|' /C calc'!A0" in people
    users = rows(archive, "users.csv")
    assert "password_hash" not in users[0] and {u["email"] for u in users} >= {"rep@example.com"}
    document = json.loads(archive.read("organisation.json"))
    assert len(document["visits"]) == 1
    entry = db.execute("SELECT subject FROM audit_log WHERE action = 'export'").fetchone()
    assert entry[0] == "/imports/everything.zip"


def test_clients_csv_imports_into_an_empty_folka(as_user, db, make, world, tmp_path):
    with db.conn:
        db.execute(
            "UPDATE clients SET external_id = 'E-1', org_number = '912345678', postcode = '5013',"
            " address = 'Kaien 1', rhythm_days = 14 WHERE id = ?",
            [world["mine"]],
        )
    make.contact(world["mine"], name="Åse Ødegård", title="Daglig leder")
    make.contact(world["mine"], name="Lars Holm")
    make.contact(world["other_team"], name="Ewa Nowak")
    archive = download(as_user)
    data = archive.read("clients.csv")

    empty = create_app({"TESTING": True, "DATABASE": str(tmp_path / "empty.db"), "SECRET_KEY": "t"})
    fresh = database.connect(empty.config["DATABASE"])
    make_fresh = Factory(fresh)
    teams = {name: make_fresh.team(name) for name in ("North", "South")}
    for who in ("rep", "colleague", "stranger"):
        team = teams["South" if who == "stranger" else "North"]
        make_fresh.user("rep", team, email=world[who]["email"])
    admin = make_fresh.user("admin", None, email="admin@example.com")
    browser = Browser(empty.test_client())
    assert browser.login("admin@example.com", totp_code=make_fresh.totp_code(admin["id"])).status_code == 302
    browser.get("/imports/")
    response = browser.post(
        "/imports/",
        data={"file": (io.BytesIO(data), "clients.csv"), "team_id": str(teams["North"])},
        content_type="multipart/form-data",
    )
    run = re.search(r"/imports/(\d+)/columns", response.headers["Location"]).group(1)
    assert "3 new clients" in browser.get(f"/imports/{run}/preview").text
    browser.post(f"/imports/{run}/apply")

    def snapshot(conn):
        clients = conn.execute(
            "SELECT c.name, c.external_id, c.org_number, c.address, c.postcode, c.city,"
            " c.country, c.lat, c.lon, c.rhythm_days, u.email, t.name FROM clients c"
            " LEFT JOIN users u ON u.id = c.owner_id JOIN teams t ON t.id = c.team_id"
            " ORDER BY c.name"
        ).fetchall()
        people = conn.execute(
            "SELECT c.name, k.name, k.title, k.phone, k.email FROM contacts k"
            " JOIN clients c ON c.id = k.client_id ORDER BY 1, 2"
        ).fetchall()
        return clients, people

    try:
        assert snapshot(fresh) == snapshot(db)
    finally:
        fresh.conn.close()
