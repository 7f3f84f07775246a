"""The OpenAPI document: valid OpenAPI 3.1, in step with the routes, readable as a page
without scripts, and true of the API: schemathesis fuzzes every operation against a real
gunicorn, and no answer is a 5xx or differs from what the document says."""

import os
import re
import subprocess

import pytest
from openapi_spec_validator import validate

from tests.conftest import Factory
from tests.server import ROOT
from tests.server import gunicorn
from webapp import attachments  # noqa: F401  (first, as create_app imports the packages)
from webapp import db as database
from webapp.restapi import tokens

#: Generated cases per operation: enough to find a 500 in each, in about a minute or two.
MAX_EXAMPLES = 25


def test_the_document_is_valid_openapi_31(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_document_describes_every_api_route_and_no_other(app, client):
    document = client.get("/api/openapi.json").json
    described = {
        (re.sub(r"\{id\}", "<>", path), method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    routes = {
        (re.sub(r"<[^>]+>", "<>", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert described == routes


def test_the_page_shows_every_operation_and_record_without_scripts(client):
    document = client.get("/api/openapi.json").json
    page = client.get("/api-docs")
    assert page.status_code == 200
    for path in document["paths"]:
        assert f"<code>{path}</code>" in page.text
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in page.text
    # CSP-clean: no inline script or style, nothing from another site.
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/json"))', page.text)
    assert " style=" not in page.text and "<style" not in page.text
    assert "https://" not in page.text.replace("https://www.standardwebhooks.com", "")


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_document(tmp_path):
    path = str(tmp_path / "folka.db")
    database.migrate(path)
    db = database.connect(path)
    make = Factory(db)
    team = make.team("Fuzz")
    rep = make.user("rep", team, email="fuzz@example.com")
    client_id = make.client(team, rep["id"], name="Fuzz AS")
    contact = make.contact(client_id, name="Anna")
    make.topic(contact)
    make.visit(client_id, rep["id"])
    other = make.client(make.team("Elsewhere"), None, name="Not Yours AS")
    token = tokens.create(db, rep["id"], "fuzz", "read-write", 7)
    db.conn.close()
    assert other
    with gunicorn(path, tmp_path, workers=2, secret="fuzz") as (base, _process):
        command = [
            os.path.join(ROOT, ".venv", "bin", "schemathesis"),
            "run",
            f"{base}/api/openapi.json",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_schema_conformance",
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "16",
            "--suppress-health-check",
            "all",
            "--no-color",
        ]
        run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
