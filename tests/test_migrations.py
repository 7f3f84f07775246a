"""The schema's history: a fresh database built by every migration matches tests/schema.sql,
so editing a migration that has shipped fails here instead of in a customer's database."""

import ast
import os
import pathlib

from webapp import db as database
from webapp import migrations

SCHEMA = pathlib.Path(__file__).with_name("schema.sql")


def schema_of(path):
    """Every table, index and trigger as SQLite stored it, in a stable order."""
    db = database.connect(path)
    try:
        rows = db.execute(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
    finally:
        db.conn.close()
    return "".join(f"-- {kind} {name}\n{sql};\n\n" for kind, name, sql in rows)


def test_all_migrations_give_the_committed_schema(tmp_path):
    database.migrate(str(tmp_path / "fresh.db"))
    built = schema_of(str(tmp_path / "fresh.db"))
    if os.environ.get("FOLKA_WRITE_SCHEMA"):
        SCHEMA.write_text(built)
    assert built == SCHEMA.read_text(), (
        "The migrations no longer build tests/schema.sql. A shipped migration must not change:"
        " add a new one. After adding one, run FOLKA_WRITE_SCHEMA=1 pytest"
        " tests/test_migrations.py and commit the new schema.sql."
    )


def test_migrating_twice_changes_nothing(tmp_path):
    path = str(tmp_path / "twice.db")
    database.migrate(path)
    database.migrate(path)
    assert schema_of(path) == SCHEMA.read_text()


def test_migrations_read_no_module_level_values():
    """A migration written with a shared constant changes when the constant does; each one
    spells out its SQL instead."""
    tree = ast.parse(pathlib.Path(migrations.__file__).read_text())
    names = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [target.id for target in targets if isinstance(target, ast.Name)]
    assert names == ["migrations"]
