"""One SQLite connection per worker thread, with the settings every Folka connection needs."""

import contextlib
import os
import re
import sqlite3
import threading

import click
import sqlite_utils
from flask import current_app
from flask import g
from flask.cli import with_appcontext
from werkzeug.routing import IntegerConverter

from webapp.migrations import migrations


class NotFound(LookupError):
    """A record is missing or outside what the asking user may see; views answer 404."""


def connect(path):
    """Open the database with WAL, a busy timeout, foreign keys, durable commits and
    temporary storage in memory."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a note the phone was told is saved must survive a power cut.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Savepoints (one per sync run or operation) journal into temporary storage: in memory,
    # a 100-note insert inside one took 1.6 ms instead of 4.5 ms with a temporary file.
    conn.execute("PRAGMA temp_store = MEMORY")
    # Case-insensitive search that knows more than ASCII (SQLite's LIKE does not: "Ø", "Ł").
    conn.create_function("fold", 1, fold, deterministic=True)
    return sqlite_utils.Database(conn)


#: The largest integer SQLite stores; a larger one cannot even be asked for (OverflowError).
MAX_ROW_ID = 2**63 - 1


def row_id(text):
    """The row id written in `text`, for ids in addresses and query arguments; ValueError
    when it is not digits or beyond MAX_ROW_ID, so no such id ever reaches a query."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{1,19}", text):
        raise ValueError("not a row id")
    value = int(text)
    if value > MAX_ROW_ID:
        raise ValueError("not a row id")
    return value


class IdConverter(IntegerConverter):
    """`<id:name>` in a route: a row id as SQLite can store it. Any other number, however
    long, matches no route and answers 404."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map):
        super().__init__(map, max=MAX_ROW_ID)


def get_one(db, sql, params):
    """The first row the query finds; raises NotFound when it finds none (views answer 404)."""
    for row in db.query(sql, params):
        return row
    raise NotFound(params[0] if params else None)


def fold(text):
    """Text for comparing without case, in any language; also SQL's fold(), see connect()."""
    return (text or "").casefold()


def marks(values):
    """The placeholders for an IN (…) list of `values`: "?, ?, ?"."""
    return ", ".join("?" * len(values))


#: When client `c` was last visited, as a column expression.
LAST_VISIT = "(SELECT MAX(v.checked_in_at) FROM visits v WHERE v.client_id = c.id)"
#: The same, before a moment given as the parameter.
LAST_VISIT_BEFORE = (
    "(SELECT MAX(v.checked_in_at) FROM visits v WHERE v.client_id = c.id AND v.checked_in_at < ?)"
)


#: The connection kept between requests: one per thread, for one process and database file.
_kept = threading.local()


def get_db():
    """The request's database: the worker thread's connection, opened on first use.

    Opening one with its four PRAGMAs cost a good part of a small request (make bench), so
    each of a worker's threads keeps its connection. It is made after the fork (never inherited from gunicorn's
    master: the process id is part of the key) and per thread, as sqlite3 wants; a thread
    that moves to another database file (tests do) closes the old one.
    """
    if "db" not in g:
        key = (os.getpid(), current_app.config["DATABASE"])
        if getattr(_kept, "key", None) != key:
            _close_kept()
            _kept.db, _kept.key = connect(key[1]), key
        g.db = _kept.db
    return g.db


def release_db(exc=None):
    """End the request's use of the connection: a transaction left open is rolled back, so
    the next request starts clean and no lock outlives its request."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.execute("ROLLBACK")


def _close_kept():
    """Close this thread's kept connection, if it has one (and it is this process's)."""
    db, key = getattr(_kept, "db", None), getattr(_kept, "key", None)
    if db is not None and key[0] == os.getpid():
        db.conn.close()
    _kept.db = _kept.key = None


@contextlib.contextmanager
def transaction(db):
    """A write transaction that takes the write lock up front.

    A deferred BEGIN (what sqlite-utils' atomic() issues) that reads and then writes fails
    with "database is locked" when another worker wrote meanwhile; IMMEDIATE waits instead.
    Nested calls become savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def migrate(path):
    """Create the file if needed and apply pending migrations, one process at a time."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    db = connect(path)
    try:
        with transaction(db):
            migrations.apply(db)
    finally:
        db.conn.close()


def is_empty(db):
    """True when the database has no users yet (a fresh install)."""
    return db["users"].count == 0


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the database file and apply all migrations."""
    migrate(current_app.config["DATABASE"])
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


def init_app(app):
    """Apply migrations at start-up, release the connection after each request, add init-db."""
    migrate(app.config["DATABASE"])
    app.teardown_appcontext(release_db)
    app.cli.add_command(init_db_command)
