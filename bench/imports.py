"""make bench: importing 50,000 rows, against a raw insert of the same rows in the same run.

A manager uploads a CSV of 50,000 rows (one client with one person each, Norwegian headers,
semicolons, Windows-1252 as Excel writes it) through Flask's test client: the upload, the
preview (the whole file read, mapped and planned), the import itself (one transaction), and
undo; then the same file imported again as the page's script does, told its progress. The
ceiling is what no import can beat: Python's csv module reading the same bytes and an
executemany of the same clients and people into a database with the same schema and
triggers, in one transaction. The figures are seconds and the ratio to that ceiling.

    .venv/bin/python bench/imports.py [--rows 50000]
"""

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(BENCH)]

from webapp import create_app  # noqa: E402
from webapp import db as database  # noqa: E402
from webapp import timeutil  # noqa: E402
from webapp.accounts import users  # noqa: E402

ROWS = 50_000
PASSWORD = "bench-import-password-1"
HEADER = "Kundenavn;Kundenummer;Organisasjonsnummer;Adresse;Postnummer;Poststed;Land;"
HEADER += "Kontaktperson;Stilling;Telefon;E-post\r\n"
CITIES = ("Bergen", "Oslo", "Tromsø", "Ålesund", "Kristiansand", "Bodø")


def make_file(rows):
    lines = [HEADER]
    for i in range(rows):
        city = CITIES[i % len(CITIES)]
        lines.append(
            f"Kunde {i} AS;K-{i};{900000000 + i};Gate {i % 300};{5000 + i % 900};{city};Norge;"
            f"Åse Ødegård {i};Innkjøper;+47 9{i:07d};kunde{i}@example.no\r\n"
        )
    return "".join(lines).encode("cp1252")


def _token(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def folka(data, path):
    """Seconds for upload, preview, import and undo through the app's own pages."""
    app = create_app({"DATABASE": path, "SECRET_KEY": "bench", "IMPORT_MAX_BYTES": 50_000_000})
    db = database.connect(path)
    with database.transaction(db):
        team = users.get_or_create_team(db, "Bench")
    users.create_user(db, "manager@bench.example", "Bench Manager", PASSWORD, "manager", team)
    db.conn.close()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={"email": "manager@bench.example", "password": PASSWORD, "csrf_token": _token(page)},
    )
    token = _token(client.get("/imports/").get_data(as_text=True))
    times = {}
    started = time.perf_counter()
    response = client.post(
        "/imports/",
        data={"csrf_token": token, "file": (io.BytesIO(data), "kunder.csv")},
        content_type="multipart/form-data",
    )
    times["upload_s"] = time.perf_counter() - started
    run = re.search(r"/imports/(\d+)/", response.headers["Location"]).group(1)
    started = time.perf_counter()
    page = client.get(f"/imports/{run}/preview").get_data(as_text=True)
    times["preview_s"] = time.perf_counter() - started
    assert "new clients" in page, page[:500]
    started = time.perf_counter()
    response = client.post(f"/imports/{run}/apply", data={"csrf_token": token})
    times["import_s"] = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    report = json.loads(
        database.connect(path).execute("SELECT report FROM import_runs").fetchone()[0]
    )
    started = time.perf_counter()
    client.post(f"/imports/{run}/undo", data={"csrf_token": token})
    times["undo_s"] = time.perf_counter() - started
    # The same file again, imported as the Import button's script does it: told the progress
    # as it goes (a JSON line every 2,000 rows), every line read as it comes.
    response = client.post(
        "/imports/",
        data={"csrf_token": token, "file": (io.BytesIO(data), "kunder.csv")},
        content_type="multipart/form-data",
    )
    run = re.search(r"/imports/(\d+)/", response.headers["Location"]).group(1)
    client.get(f"/imports/{run}/preview").get_data()
    started = time.perf_counter()
    response = client.post(
        f"/imports/{run}/apply",
        data={"csrf_token": token},
        headers={"Accept": "application/x-ndjson"},
        buffered=False,
    )
    lines = [json.loads(line) for line in response.iter_encoded()]
    times["import_streamed_s"] = time.perf_counter() - started
    assert lines[-1] == {"go": f"/imports/{run}"}, lines[-1]
    times["progress_lines"] = len(lines)
    return times, report


def ceiling(data, path):
    """Seconds for csv reading the bytes and inserting the same rows with executemany."""
    database.migrate(path)
    db = database.connect(path)
    with database.transaction(db):
        team = users.get_or_create_team(db, "Bench")
    started = time.perf_counter()
    reader = csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";")
    next(reader)
    rows = list(reader)
    now = timeutil.now_iso()
    with database.transaction(db):
        db.conn.executemany(
            "INSERT INTO clients (id, team_id, name, external_id, org_number, address, postcode,"
            " city, country, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'NO', ?)",
            [(i + 1, team, *row[:6], now) for i, row in enumerate(rows)],
        )
        db.conn.executemany(
            "INSERT INTO contacts (client_id, name, title, phone, email, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(i + 1, *row[7:11], now) for i, row in enumerate(rows)],
        )
    seconds = time.perf_counter() - started
    db.conn.close()
    return seconds


def run(rows=ROWS):
    """The figures as make bench keeps them."""
    data = make_file(rows)
    with tempfile.TemporaryDirectory() as folder:
        raw = ceiling(data, os.path.join(folder, "ceiling.db"))
        times, report = folka(data, os.path.join(folder, "folka.db"))
    result = {key: round(value, 2) for key, value in times.items()}
    result["streamed_ratio"] = round(times["import_streamed_s"] / times["import_s"], 2)
    total = times["upload_s"] + times["preview_s"] + times["import_s"]
    result.update(
        rows=rows,
        bytes=len(data),
        ceiling_s=round(raw, 2),
        total_s=round(total, 2),
        ratio_to_ceiling=round(total / raw, 1),
        clients_created=report["clients_created"],
        people_added=report["people_added"],
    )
    return result


def markdown(result):
    """The section of bench/results/latest.md."""
    return (
        f"\n## Import of {result['rows']:,} rows ({result['bytes'] / 1e6:.1f} MB CSV)\n\n"
        "| step | seconds |\n|---|---|\n"
        f"| upload (file read and checked) | {result['upload_s']} |\n"
        f"| preview (read, mapped, planned) | {result['preview_s']} |\n"
        f"| import (one transaction) | {result['import_s']} |\n"
        f"| undo | {result['undo_s']} |\n"
        f"| import again, told its progress ({result['progress_lines']} lines) |"
        f" {result['import_streamed_s']} |\n"
        f"| **upload + preview + import** | **{result['total_s']}** |\n"
        f"| ceiling: csv module + executemany of the same rows | {result['ceiling_s']} |\n\n"
        f"Folka takes {result['ratio_to_ceiling']}× the ceiling; it created "
        f"{result['clients_created']:,} clients and {result['people_added']:,} people. "
        f"Told its progress, the import took {result['streamed_ratio']}× the time of the "
        "form post's (the same file, after undo).\n"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args()
    figures = run(args.rows)
    print(json.dumps(figures, indent=2))
    print(markdown(figures))
