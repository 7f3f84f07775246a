"""Import of clients and people: upload, columns, preview, apply, report, undo, vCards."""

import io
import json
import re

import openpyxl
import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import flashes


def upload(browser, data, filename="clients.csv", team_id=None, url="/imports/"):
    browser.get(url)
    form = {"file": (io.BytesIO(data), filename)}
    if team_id is not None:
        form["team_id"] = str(team_id)
    return browser.post(url, data=form, content_type="multipart/form-data")


def run_id(response):
    match = re.search(r"/imports/(\d+)/columns", response.headers.get("Location", ""))
    assert match, response.text
    return int(match.group(1))


def columns_page(browser, run):
    return browser.get(f"/imports/{run}/columns")


def chosen(html):
    """The field chosen for each column on the columns page."""
    selects = re.findall(r'<select id="column-\d+".*?</select>', html, re.S)
    found = []
    for select in selects:
        match = re.search(r'<option value="([^"]*)" selected', select)
        found.append(match.group(1) if match else "")
    return found


def preview(browser, run):
    return browser.get(f"/imports/{run}/preview")


def apply_run(browser, run):
    browser.get(f"/imports/{run}/preview")
    return browser.post(f"/imports/{run}/apply")


def import_csv(browser, text, encoding="utf-8", **kwargs):
    response = upload(browser, text.encode(encoding), **kwargs)
    run = run_id(response)
    response = apply_run(browser, run)
    assert response.status_code == 302, response.text
    return run


def clients_named(db, team_id):
    return {
        row["name"]: row
        for row in db.query("SELECT * FROM clients WHERE team_id = ? AND archived = 0", [team_id])
    }


def people_of(db, client_id):
    return sorted(
        (row["name"], row["title"], row["phone"], row["email"])
        for row in db.query("SELECT * FROM contacts WHERE client_id = ?", [client_id])
    )


NORWEGIAN = (
    "Kundenavn;Kundenummer;Organisasjonsnummer;Adresse;Postnummer;Poststed;Land;"
    "Kontaktperson;Stilling;Telefon;E-post\r\n"
    "Bakeriet Bergen AS;K-100;912 345 678;Strandkaien 2;5013;Bergen;Norge;"
    "Åse Ødegård;Daglig leder;+47 912 34 567;ase@bakeriet.no\r\n"
    "Kafé Løkken;K-101;;Thorvald Meyers gate 9;0555;Oslo;NO;;;;\r\n"
)


def test_manager_imports_a_norwegian_excel_csv_and_undoes_it(as_user, db, world):
    manager = as_user("manager")
    response = upload(manager, NORWEGIAN.encode("cp1252"))
    run = run_id(response)
    page = columns_page(manager, run)
    assert chosen(page.text) == [
        "name", "external_id", "org_number", "address", "postcode", "city", "country",
        "person_name", "person_title", "person_phone", "person_email",
    ]  # fmt: skip
    assert "Strandkaien 2" in page.text  # sample values, decoded from Windows-1252
    shown = preview(manager, run).text
    assert "2 new clients" in shown and "1 person" in shown
    response = apply_run(manager, run)
    assert response.headers["Location"] == f"/imports/{run}"
    report = manager.get(f"/imports/{run}").text
    assert "2 clients created" in report and "1 person added" in report
    found = clients_named(db, world["north"])
    bakery = found["Bakeriet Bergen AS"]
    assert (bakery["external_id"], bakery["org_number"], bakery["postcode"]) == (
        "K-100",
        "912345678",
        "5013",
    )
    assert bakery["country"] == "NO" and bakery["city"] == "Bergen"
    assert people_of(db, bakery["id"]) == [
        ("Åse Ødegård", "Daglig leder", "+47 912 34 567", "ase@bakeriet.no")
    ]
    entry = db.execute("SELECT detail FROM audit_log WHERE action = 'import_applied'").fetchone()
    assert "clients_created=2" in entry[0]

    response = manager.post(f"/imports/{run}/undo")
    assert "The import was undone." in [m for _c, m in flashes(manager.get(f"/imports/{run}").text)]
    assert "Bakeriet Bergen AS" not in clients_named(db, world["north"])
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'import_undone'").fetchone()[0]


def test_one_row_per_person_gives_one_client_with_its_people(as_user, db, world):
    text = (
        "Company,Customer ID,City,Contact,Email\n"
        "Nordic Pipes AB,N-1,Göteborg,Anna Berg,anna@np.se\n"
        "Nordic Pipes AB,N-1,Göteborg,Lars Holm,lars@np.se\n"
    )
    import_csv(as_user("manager"), text)
    pipes = clients_named(db, world["north"])["Nordic Pipes AB"]
    assert [p[0] for p in people_of(db, pipes["id"])] == ["Anna Berg", "Lars Holm"]


def test_one_row_per_client_with_several_people_in_columns(as_user, db, world):
    text = (
        "Yritys\tAsiakasnumero\tKaupunki\tYhteyshenkilö\tSähköposti\t"
        "Yhteyshenkilö 2\tSähköposti 2\n"
        "Putki Oy\tF-7\tTampere\tMatti Virtanen\tmatti@putki.fi\tLiisa Korhonen\tliisa@putki.fi\n"
    )
    import_csv(as_user("manager"), text, encoding="utf-16")  # Excel's "Unicode text"
    putki = clients_named(db, world["north"])["Putki Oy"]
    assert people_of(db, putki["id"]) == [
        ("Liisa Korhonen", "", "", "liisa@putki.fi"),
        ("Matti Virtanen", "", "", "matti@putki.fi"),
    ]


def test_polish_and_swedish_headers_are_guessed(as_user):
    manager = as_user("manager")
    header = "Nazwa firmy;NIP;Ulica;Kod pocztowy;Miasto;Kraj;Opiekun;Stanowisko;Telefon\n"
    run = run_id(upload(manager, (header + "Rury Sp. z o.o.;123;a;1;Łódź;Polska;x;y;1\n").encode()))
    assert chosen(columns_page(manager, run).text) == [
        "name", "org_number", "address", "postcode", "city", "country", "owner_email",
        "person_title", "person_phone",
    ]  # fmt: skip
    header = "Företagsnamn,Organisationsnummer,Postort,Ansvarig,Förnamn,Efternamn,Befattning\n"
    run = run_id(upload(manager, (header + "Rör AB,1,Malmö,x,Eva,Ek,VD\n").encode("utf-8-sig")))
    assert chosen(columns_page(manager, run).text) == [
        "name", "org_number", "city", "owner_email", "person_first_name", "person_last_name",
        "person_title",
    ]  # fmt: skip


def test_preview_says_update_duplicate_and_errors_in_the_users_language(as_user, db, make, world):
    make.client(world["north"], name="Fjord Rør", city="Bergen", external_id="X-1")
    make.client(world["north"], name="Bergen Bakeri AS", city="Bergen")
    text = (
        "name,external_id,city,latitude,longitude,owner_email\n"
        "Fjord Rør Bergen,X-1,Bergen,,,\n"  # same external id: update
        "BERGEN BAKERI,,bergen,,,\n"  # alike name in the same city: likely duplicate
        ",,Oslo,,,\n"  # no name
        "Vik Sag,,Vik,91,5,\n"  # bad coordinates
        "Hamar Handel,,Hamar,,,nobody@example.com\n"  # unknown owner
        "Lillehammer Lys,,Lillehammer,61.1,10.4,rep@example.com\n"  # fine
    )
    manager = as_user("manager")
    run = run_id(upload(manager, text.encode()))
    page = preview(manager, run).text
    assert "1 new client" in page and "1 to update" in page
    assert "1 skipped as a likely duplicate" in page and "3 with errors" in page
    assert "The client&#39;s name is missing." in page
    assert "are not a position" in page
    assert "No one in the team has the e-mail address nobody@example.com." in page
    assert "Like “Bergen Bakeri AS” in Bergen" in page

    with db.conn:
        db.execute("UPDATE users SET locale = 'nb' WHERE id = ?", [world["manager"]["id"]])
    norwegian = preview(as_user("manager"), run).text
    assert "The client&#39;s name is missing." not in norwegian

    apply_run(manager, run)
    found = clients_named(db, world["north"])
    assert found["Fjord Rør Bergen"]["external_id"] == "X-1"  # renamed by the update
    assert "Fjord Rør" not in found
    assert found["Lillehammer Lys"]["owner_id"] == world["rep"]["id"]
    assert found["Lillehammer Lys"]["lat"] == 61.1
    assert "Vik Sag" not in found and "Hamar Handel" not in found
    change = db.execute(
        "SELECT value, user_id FROM field_changes WHERE record = 'client' AND field = 'name'"
        " AND op_id = ?",
        [f"import-{run}"],
    ).fetchone()
    assert change == ('"Fjord Rør Bergen"', world["manager"]["id"])


def test_undo_puts_back_what_an_update_changed(as_user, db, make, world):
    client_id = make.client(world["north"], name="Old Name", city="Bergen", external_id="U-1")
    manager = as_user("manager")
    run = import_csv(manager, "name,external_id,city\nNew Name,U-1,Oslo\n")
    assert db["clients"].get(client_id)["name"] == "New Name"
    manager.get(f"/imports/{run}")
    manager.post(f"/imports/{run}/undo")
    row = db["clients"].get(client_id)
    assert (row["name"], row["city"]) == ("Old Name", "Bergen")


def test_undo_is_refused_once_someone_else_touched_a_client(as_user, db, make, world):
    manager = as_user("manager")
    run = import_csv(manager, "name,city\nTouched Client,Bergen\n")
    client_id = clients_named(db, world["north"])["Touched Client"]["id"]
    make.visit(client_id, world["rep"]["id"])  # a rep visits the new client
    page = manager.get(f"/imports/{run}").text
    assert "can no longer be undone" in page and "Touched Client" in page
    manager.post(f"/imports/{run}/undo")
    assert "Touched Client" in clients_named(db, world["north"])


def test_formula_cells_are_stored_as_text(as_user, db, world):
    manager = as_user("manager")
    text = (
        "name,city,contact,phone\n"
        '"=HYPERLINK(""http://evil.example"",""x"")",Bergen,-Anna,+47 912 34 567\n'
    )
    run = run_id(upload(manager, text.encode()))
    assert "2 cells looked like spreadsheet formulas" in preview(manager, run).text
    apply_run(manager, run)
    found = clients_named(db, world["north"])
    client = found['\'=HYPERLINK("http://evil.example","x")']
    assert people_of(db, client["id"]) == [("'-Anna", "", "+47 912 34 567", "")]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "photo.png", "This is not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "old Excel file"),
        (b'name,city\n"Broken,Bergen\nOther,Oslo\n', "broken.csv", "quotation mark is not closed"),
        (
            "name,city\nKafé Løkken,Oslo\n".encode() + "Café Øst,Oslo\n".encode("cp1252"),
            "mixed.csv",
            "mixes two encodings",
        ),
        (b"PK\x03\x04not really a zip", "fake.xlsx", "cannot be opened"),
        (b"name,city\n", "header.csv", "no rows"),
    ],
)
def test_bad_files_get_a_clear_message(as_user, data, filename, message):
    response = upload(as_user("manager"), data, filename)
    assert response.status_code == 400
    assert message in response.text.replace("&#39;", "'")


def test_a_file_of_100_mb_is_refused_with_a_message(as_user, app):
    manager = as_user("manager")
    manager.get("/imports/")
    big = FileStorage(io.BytesIO(b"x" * (100 * 1024 * 1024)), "huge.csv")
    fields = {"csrf_token": manager.token, "file": big}
    boundary, body = encode_multipart(fields)  # in memory: no temporary file left open
    response = manager.client.post(
        "/imports/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert "The file is larger than 20 MB" in response.text


def test_xlsx_first_sheet_is_imported(as_user, db, world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Client name", "Org number", "City", "Latitude", "Longitude", "Visit rhythm"])
    sheet.append(["Excel Sp. z o.o.", 5250001009, "Kraków", 50.06, 19.94, 14])
    data = io.BytesIO()
    book.save(data)
    manager = as_user("manager")
    run = run_id(upload(manager, data.getvalue(), "clients.xlsx"))
    apply_run(manager, run)
    found = clients_named(db, world["north"])["Excel Sp. z o.o."]
    assert (found["org_number"], found["lat"], found["rhythm_days"]) == ("5250001009", 50.06, 14)


def test_a_saved_mapping_is_offered_for_the_next_file(as_user):
    manager = as_user("manager")
    text = b"Firm,Where,Something\nA,B,C\n"
    run = run_id(upload(manager, text))
    columns_page(manager, run)
    response = manager.post(
        f"/imports/{run}/columns",
        data={"column-0": "name", "column-1": "city", "column-2": "", "save_as": "Our ERP"},
    )
    assert response.headers["Location"] == f"/imports/{run}/preview"
    second = run_id(upload(manager, b"Where,Firm\nX,Y\n"))
    page = columns_page(manager, second).text
    saved = re.search(r'href="(/imports/\d+/columns\?saved=\d+)">Our ERP<', page)
    assert saved
    assert chosen(manager.get(saved.group(1)).text) == ["city", "name"]


def test_a_rep_cannot_import(as_user):
    rep = as_user("rep")
    assert rep.get("/imports/").status_code == 403


def test_a_manager_imports_only_into_their_team(as_user, db, world):
    manager = as_user("manager")
    run = run_id(upload(manager, b"name,team\nSneaky AS,South\n"))
    assert "You can import only into your own team." in preview(manager, run).text
    # Another team's import does not exist for this manager.
    admin = as_user("admin")
    other = run_id(upload(admin, b"name\nSouth Client\n", team_id=world["south"]))
    assert manager.get(f"/imports/{other}/columns").status_code == 404
    assert manager.get(f"/imports/{other}").status_code == 404


def test_an_admin_imports_into_the_team_a_row_names(as_user, db, world):
    admin = as_user("admin")
    import_csv(admin, "name,team\nSouth Row AS,South\nNorth Row AS,\n", team_id=world["north"])
    assert "South Row AS" in clients_named(db, world["south"])
    assert "North Row AS" in clients_named(db, world["north"])


VCARDS = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=98deg=C3=A5rd;=C3=85se;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=85se =C3=98deg=C3=A5rd\r\n"
    "TEL;CELL:+47 912 34 567\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Holm;Lars;;;\r\nFN:Lars Holm\r\n"
    "TITLE:Innkjøper\r\nitem1.EMAIL;type=INTERNET:lars@example.com\r\nEND:VCARD\r\n"
)


def test_vcards_add_people_to_a_client_once(as_user, db, world):
    rep = as_user("rep")
    url = f"/clients/{world['mine']}/vcard"
    assert f'href="{url}"' in rep.get(f"/clients/{world['mine']}").get_data(as_text=True)
    response = upload(rep, VCARDS.encode(), "contacts.vcf", url=url)
    assert response.status_code == 302
    assert people_of(db, world["mine"]) == [
        ("Lars Holm", "Innkjøper", "", "lars@example.com"),
        ("Åse Ødegård", "", "+47 912 34 567", ""),
    ]
    upload(rep, VCARDS.encode(), "contacts.vcf", url=url)
    assert len(people_of(db, world["mine"])) == 2
    assert upload(rep, b"hello", "x.vcf", url=url).status_code == 400
    assert rep.get(f"/clients/{world['other_team']}/vcard").status_code == 404


def test_a_finished_import_is_queued_for_the_webhooks_that_want_it(as_user, db, world):
    with db.conn:
        db.execute(
            "INSERT INTO webhook_endpoints (url, secret, events, created_at)"
            " VALUES ('https://erp.example.com/folka', 'whsec_dGVzdA==', 'import.finished', 'x')"
        )
    run = import_csv(as_user("manager"), "name,city\nHook Client AS,Bergen\n")
    payloads = [json.loads(row[0]) for row in db.execute("SELECT payload FROM webhook_events")]
    found = [(p["type"], p["data"]["import_id"], p["data"]["clients_created"]) for p in payloads]
    assert found == [("import.finished", run, 1)]


def test_a_draft_left_for_a_day_loses_its_file_at_the_next_upload(as_user, db):
    manager = as_user("manager")
    old = run_id(upload(manager, b"name\nA\n"))
    with db.conn:
        db.execute(
            "UPDATE import_runs SET created_at = '2020-01-01T00:00:00.000Z' WHERE id = ?", [old]
        )
    run_id(upload(manager, b"name\nB\n"))
    for page in ("columns", "preview"):
        response = manager.get(f"/imports/{old}/{page}")
        assert response.headers["Location"] == "/imports/"
    flashed = flashes(manager.get("/imports/").text)
    assert flashed[-1][1].startswith("This upload is more than a day old")
    assert db.execute("SELECT data FROM import_runs WHERE id = ?", [old]).fetchone()[0] is None
