"""A large import tells its progress as it goes: the page's script asks for it (Accept:
application/x-ndjson) and reads one JSON line every few thousand rows, rows done of all rows,
then a last line with the report's address. The import is still one transaction, done once;
without the script the form post and its redirect are as before."""

import json
import re
import shutil
import subprocess

import pytest

from tests.conftest import csrf_token
from tests.test_deploy_files import render
from tests.test_imports import run_id
from tests.test_imports import upload

ROWS = 5000
NDJSON = "application/x-ndjson"
PROGRESS = {"Accept": NDJSON}


def big_file(rows=ROWS, start=0):
    lines = ["Kundenavn;Kundenummer;Poststed;Kontaktperson"]
    lines += [f"Kunde {i} AS;K-{i};Bergen;Person {i}" for i in range(start, start + rows)]
    return "\n".join(lines).encode()


def streamed(browser, run, headers=PROGRESS):
    """The answer to the Import button, read line by line as it arrives."""
    token = csrf_token(browser.get("/imports/").text)
    response = browser.client.post(
        f"/imports/{run}/apply", data={"csrf_token": token}, headers=headers, buffered=False
    )
    assert response.status_code == 200
    assert response.mimetype == NDJSON
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Length" not in response.headers and "Content-Encoding" not in response.headers
    return [json.loads(line) for line in response.iter_encoded() if line.strip()]


def test_the_import_tells_rows_done_as_it_goes_and_ends_on_the_report(as_user, db, world):
    manager = as_user("manager")
    run = run_id(upload(manager, big_file()))
    lines = streamed(manager, run)
    assert lines[0] == {"stage": "open", "done": 0, "of": 0}
    assert lines[-1] == {"go": f"/imports/{run}"}
    steps = lines[1:-1]
    stages = [line["stage"] for line in steps]
    assert stages == sorted(stages, key=["read", "check", "save"].index)  # in that order
    for stage in ("read", "check", "save"):
        done = [line["done"] for line in steps if line["stage"] == stage]
        assert len(done) >= 2 and done == sorted(done) and done[-1] <= ROWS, (stage, done)
        assert {line["of"] for line in steps if line["stage"] == stage} == {ROWS}
    count = db.execute("SELECT COUNT(*) FROM clients WHERE name LIKE 'Kunde % AS'").fetchone()[0]
    assert count == ROWS
    report = manager.get(f"/imports/{run}").text
    assert "5,000" in report or "5000" in report
    assert db.execute("SELECT status FROM import_runs WHERE id = ?", [run]).fetchone()[0] == (
        "applied"
    )
    # A second click imports nothing more: the run is applied; the line says where it is.
    again = streamed(manager, run)
    assert again == [{"go": f"/imports/{run}"}]
    count = db.execute("SELECT COUNT(*) FROM clients WHERE name LIKE 'Kunde % AS'").fetchone()[0]
    assert count == ROWS


def test_without_the_script_the_form_post_redirects_as_before(as_user, db, world):
    manager = as_user("manager")
    run = run_id(upload(manager, big_file(300)))
    manager.get(f"/imports/{run}/preview")
    response = manager.post(f"/imports/{run}/apply")
    assert response.status_code == 302 and response.headers["Location"] == f"/imports/{run}"
    count = db.execute("SELECT COUNT(*) FROM clients WHERE name LIKE 'Kunde % AS'").fetchone()[0]
    assert count == 300


def test_a_failure_half_way_saves_nothing_and_ends_in_the_error(as_user, db, world, monkeypatch):
    from webapp.imports import apply  # imported once the app is made

    manager = as_user("manager")
    run = run_id(upload(manager, big_file()))
    calls = []
    original = apply.Writer.flush

    def failing(writer):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        original(writer)

    monkeypatch.setattr(apply.Writer, "flush", failing)
    lines = streamed(manager, run)
    assert any(line.get("stage") == "save" for line in lines)
    assert lines[-1] == {"error": "The import stopped and nothing was saved. Try again."}
    count = db.execute("SELECT COUNT(*) FROM clients WHERE name LIKE 'Kunde % AS'").fetchone()[0]
    assert count == 0
    assert db.execute("SELECT status FROM import_runs WHERE id = ?", [run]).fetchone()[0] == (
        "draft"
    )


def test_a_page_that_goes_away_does_not_stop_the_import(as_user, db, world):
    manager = as_user("manager")
    run = run_id(upload(manager, big_file()))
    token = csrf_token(manager.get(f"/imports/{run}/preview").text)
    response = manager.client.post(
        f"/imports/{run}/apply", data={"csrf_token": token}, headers=PROGRESS, buffered=False
    )
    chunks = response.iter_encoded()
    assert json.loads(next(chunks))["stage"] == "open"
    response.close()  # the browser left after the first line
    count = db.execute("SELECT COUNT(*) FROM clients WHERE name LIKE 'Kunde % AS'").fetchone()[0]
    assert count == ROWS


def test_an_expired_upload_and_another_teams_run_answer_as_the_form_does(as_user, db, world):
    manager = as_user("manager")
    run = run_id(upload(manager, big_file(10)))
    with db.conn:
        db.execute("UPDATE import_runs SET data = NULL WHERE id = ?", [run])
    assert streamed(manager, run) == [{"go": "/imports/"}]
    assert "Upload it again" in manager.get("/imports/").text  # the warning waits there
    admin = as_user("admin")
    other = run_id(upload(admin, big_file(10), team_id=world["south"]))
    token = csrf_token(manager.get("/imports/").text)
    response = manager.client.post(
        f"/imports/{other}/apply", data={"csrf_token": token}, headers=PROGRESS
    )
    assert response.status_code == 404
    refused = manager.client.post(f"/imports/{run}/apply", data={}, headers=PROGRESS)
    assert refused.status_code == 400  # no CSRF token


def test_caddy_takes_a_file_to_import_of_20_mb_and_other_bodies_of_4_mb(tmp_path):
    """The deployed Caddy refused a 50,000-row file (6 MB) with the 4 MB limit for memos."""
    if not shutil.which("caddy"):
        pytest.skip("caddy is not installed")
    caddyfile = render(tmp_path) / "etc/caddy/Caddyfile"
    adapted = subprocess.run(
        ["caddy", "adapt", "--adapter", "caddyfile", "--config", str(caddyfile)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    routes = json.loads(adapted)["apps"]["http"]["servers"]["srv0"]["routes"][0]["handle"][0]
    limits = {}
    for route in routes["routes"]:
        for handler in route.get("handle", []):
            if handler.get("handler") == "request_body":
                matcher = route["match"][0]
                key = "not" if "not" in matcher else "path"
                paths = matcher["not"][0]["path"] if key == "not" else matcher["path"]
                limits[(key, tuple(paths))] = handler["max_size"]
    files = ("/imports/", "/clients/*/vcard")
    assert limits == {("path", files): 21_000_000, ("not", files): 4_000_000}


def test_the_preview_is_sent_as_it_is_made_its_progress_before_the_plan(as_user, world):
    manager = as_user("manager")
    run = run_id(upload(manager, big_file()))
    response = manager.client.get(f"/imports/{run}/preview", buffered=False)
    assert response.status_code == 200 and "Content-Length" not in response.headers
    chunks = [chunk.decode() for chunk in response.iter_encoded()]
    page = "".join(chunks)
    steps = re.findall(
        r'<progress max="(\d+)"(?: value="(\d+)")?></progress><p class="small">([^<]+)', page
    )
    assert steps[0] == ("1", "", "Opening the file…")
    words = [text for _max, _value, text in steps[1:]]
    assert "Reading rows · 2,000 of 5,000 rows" in words
    assert words[-1] == "Checking rows · 5,000 of 5,000 rows"
    checked = [int(value) for _max, value, text in steps if text.startswith("Checking")]
    assert checked == sorted(checked) and len(checked) >= 2
    assert page.index("Checking rows") < page.index("5000 new clients")
    assert len(chunks) > 10  # sent in parts, not as one page at the end


def test_a_message_shown_on_the_streamed_preview_is_not_shown_again(as_user, world):
    manager = as_user("manager")
    run = run_id(upload(manager, big_file(20)))
    page = manager.get(f"/imports/{run}/columns").text
    data = {f"column-{i}": field for i, field in enumerate(["name", "external_id", "city", ""])}
    response = manager.post(f"/imports/{run}/columns", data={**data, "save_as": "Kunder"})
    assert response.status_code == 302, page
    assert "Mapping “Kunder” saved." in manager.get(response.headers["Location"]).text
    assert "Mapping “Kunder” saved." not in manager.get("/imports/").text
