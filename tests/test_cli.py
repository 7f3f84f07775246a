"""The command line: init-db, demo, user create."""

import sqlite3

from webapp.accounts import users
from webapp.db import connect


def test_init_db_creates_the_schema(app):
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "Database ready" in result.output
    tables = {
        r[0]
        for r in sqlite3.connect(app.config["DATABASE"]).execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    assert {"users", "clients", "contacts", "topics", "visits", "notes", "promises"} <= tables


def test_database_uses_wal(app):
    db = connect(app.config["DATABASE"])
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    db.conn.close()


def test_user_create_then_login(app, browser):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "user",
            "create",
            "ola@example.com",
            "--name",
            "Ola Nordmann",
            "--role",
            "rep",
            "--team",
            "West",
            "--locale",
            "nb",
            "--password",
            "long enough pass",
        ]
    )
    assert result.exit_code == 0, result.output
    assert browser.login("ola@example.com", "long enough pass").status_code == 302
    again = runner.invoke(
        args=[
            "user",
            "create",
            "ola@example.com",
            "--name",
            "Ola",
            "--team",
            "West",
            "--password",
            "long enough pass",
        ]
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_user_create_needs_a_team_for_reps(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "x@example.com", "--name", "X", "--password", "long enough pass"]
    )
    assert result.exit_code != 0 and "--team" in result.output


def test_demo_loads_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "--if-empty"])
    assert first.exit_code == 0 and "rep@example.com" in first.output
    second = runner.invoke(args=["demo", "--if-empty"])
    assert second.exit_code == 0 and "not loaded" in second.output
    db = connect(app.config["DATABASE"])
    assert users.authenticate(db, "rep@example.com", "folka-demo") is not None
    db.conn.close()
