"""Everything out: the whole organisation as a ZIP of CSV files and one JSON file.

clients.csv is written in the import's own shape (one row per person, the client's columns
repeated; a client without people on a row of its own), with the import's field names as
headers, so that it goes into an empty Folka through Import as it is. The other files are
the tables as they are, by id; organisation.json holds the same as one document, and
README.txt says what every column means. Cells a spreadsheet would run as formulas are
written as text (cells.exported). Photos and voice memos are in files/.
"""

import csv
import io
import json
import zipfile

from webapp import timeutil
from webapp.imports import cells

#: clients.csv: the import's field names, then Folka's own ids (left out by an import).
CLIENT_COLUMNS = {
    "name": "The client's name.",
    "external_id": "The client's id in another system (a CRM's or ERP's), if any.",
    "org_number": "The organisation number, letters and digits only.",
    "address": "Street address.",
    "postcode": "Postcode.",
    "city": "City.",
    "country": "NO, SE, FI or PL.",
    "lat": "Latitude of the client's site (WGS84), or empty.",
    "lon": "Longitude of the client's site (WGS84), or empty.",
    "rhythm_days": "How often the client should be visited, in days.",
    "owner_email": "E-mail address of the rep who owns the client.",
    "team": "The team's name.",
    "person_name": "A person at the client (one row per person).",
    "person_title": "The person's role.",
    "person_phone": "The person's phone number.",
    "person_email": "The person's e-mail address.",
    "folka_client_id": "The client's id in Folka (visits.csv and others name it).",
    "folka_person_id": "The person's id in Folka (topics.csv and note_people.csv name it).",
    "folka_archived": "1 when the client was archived.",
}
#: The other files: table, the columns written (None: all), and what the file holds.
TABLES = {
    "teams.csv": ("teams", None, "Teams."),
    "users.csv": (
        "users",
        ["id", "email", "name", "role", "team_id", "locale", "timezone", "active", "created_at"],
        "Users, without passwords or two-step secrets.",
    ),
    "topics.csv": ("topics", None, "Personal topics; contact_id is folka_person_id."),
    "visits.csv": ("visits", None, "Visits: check-in and check-out times (UTC) and positions."),
    "notes.csv": ("notes", None, "Notes written after visits, by client_id and user_id."),
    "note_people.csv": ("note_contacts", None, "Who was met, per note."),
    "note_topics.csv": ("note_topics", None, "The personal topics a note mentioned."),
    "promises.csv": ("promises", None, "Promises made to clients, with due date and kept time."),
    "attachments.csv": ("attachments", None, "Photos and voice memos; the files are in files/."),
    "field_history.csv": ("field_changes", None, "Every change to a field, as JSON values."),
}
EXTENSIONS = {"image/webp": "webp", "image/jpeg": "jpg", "image/png": "png", "audio/webm": "webm",
              "audio/ogg": "ogg", "audio/mp4": "m4a"}  # fmt: skip
ID_PREFIX = "folka_"


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cells.exported(value) for value in row])
    return "\ufeff" + out.getvalue()  # with a BOM: Excel then reads it as UTF-8


def client_rows(db):
    """clients.csv's rows, as lists in CLIENT_COLUMNS' order."""
    rows = db.execute(
        "SELECT c.name, c.external_id, c.org_number, c.address, c.postcode, c.city, c.country,"
        " c.lat, c.lon, c.rhythm_days, u.email, t.name, k.name, k.title, k.phone, k.email,"
        " c.id, k.id, c.archived FROM clients c LEFT JOIN users u ON u.id = c.owner_id"
        " LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN contacts k ON k.client_id = c.id"
        " ORDER BY c.id, k.id"
    ).fetchall()
    return [list(row) for row in rows]


def build(db, target):
    """Write the ZIP to the file object `target`."""
    document = {"exported_at": timeutil.now_iso(), "format": 1}
    readme = [
        "Folka: everything of the organisation, exported " + document["exported_at"] + ".",
        "Times are UTC in ISO 8601. Files are CSV in UTF-8 with a byte-order mark.",
        "A cell beginning with = + - or @ has an apostrophe first, so that no spreadsheet",
        "runs it; Folka's import takes it off again. organisation.json holds all of it.",
        "",
        "clients.csv: one row per person, the client's columns repeated (a client without",
        "people has one row). It goes into an empty Folka through Import as it is; columns",
        "whose names begin with folka_ are Folka's own ids, which an import leaves out.",
    ]
    readme += [f"  {name}: {text}" for name, text in CLIENT_COLUMNS.items()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        rows = client_rows(db)
        archive.writestr("clients.csv", _csv(list(CLIENT_COLUMNS), rows))
        document["clients"] = [dict(zip(CLIENT_COLUMNS, row, strict=True)) for row in rows]
        for filename, (table, columns, text) in TABLES.items():
            names = columns or [
                row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()
            ]
            data = db.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid").fetchall()
            archive.writestr(filename, _csv(names, data))
            document[table] = [dict(zip(names, row, strict=True)) for row in data]
            readme += ["", f"{filename}: {text}", "  columns: " + ", ".join(names)]
        for file_id, mime, data in db.execute(
            "SELECT a.id, a.mime, b.data FROM attachments a JOIN attachment_blobs b ON b.id = a.id"
        ):
            archive.writestr(f"files/{file_id}.{EXTENSIONS.get(mime, 'bin')}", data)
        archive.writestr("organisation.json", json.dumps(document, ensure_ascii=False, indent=1))
        archive.writestr("README.txt", "\n".join(readme) + "\n")
