"""The worker's kept connection: reused, never stale, never holding a lock past a request."""

import sqlite3

from webapp import create_app
from webapp import db as database


def test_a_worker_reuses_its_connection_between_requests(app):
    with app.app_context():
        first = database.get_db()
    with app.app_context():
        assert database.get_db() is first


def test_the_next_request_sees_what_another_worker_committed(app, db):
    with app.app_context():
        assert database.get_db()["teams"].count == 0
    with database.transaction(db):
        db["teams"].insert({"name": "Written elsewhere"})
    with app.app_context():
        assert [row["name"] for row in database.get_db().query("SELECT name FROM teams")] == [
            "Written elsewhere"
        ]


def test_a_transaction_left_open_by_a_request_is_rolled_back(app, db):
    with app.app_context():
        kept = database.get_db()
        kept.conn.execute("BEGIN IMMEDIATE")
        kept.execute("INSERT INTO teams (name) VALUES ('never committed')")
    # The write lock is free again: another connection writes at once.
    other = sqlite3.connect(app.config["DATABASE"], timeout=0)
    other.execute("INSERT INTO teams (name) VALUES ('other worker')")
    other.commit()
    other.close()
    assert [row["name"] for row in db.query("SELECT name FROM teams")] == ["other worker"]
    assert not kept.conn.in_transaction


def test_another_database_file_gets_its_own_connection(app, tmp_path):
    second = create_app({"TESTING": True, "DATABASE": str(tmp_path / "second.db")})
    with app.app_context():
        first = database.get_db()
    with second.app_context():
        assert database.get_db() is not first
        assert database.get_db()["teams"].count == 0
