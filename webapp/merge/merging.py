"""Merging two clients, or two people, into the one kept: nothing of either is lost.

Everything that names the merged-away record moves to the kept one, in every table that has
the column (visits, notes, promises, people and their topics, photos with their notes, day
plans and whatever a later module adds), and so does its field history. Fields the kept one
leaves empty take the other's value. The merged-away client stays, archived, so its id and
its phone UUID keep answering: merge_redirects sends its pages, and the sync's operations
that name it, to the kept one (redirects.py). A merged-away person's row is deleted (their
topics, notes and history have moved), and the redirect speaks for them.
"""

import sqlite3

from flask_babel import gettext as _

from webapp import audit
from webapp import clients
from webapp import timeutil
from webapp.db import transaction

#: Tables whose client_id or contact_id a merge leaves alone: its own bookkeeping, and the
#: per-client page versions (the moves bump the kept client's already).
KEEP = {"page_versions", "import_versions", "import_changes", "merge_redirects"}
CLIENT_FILLS = ("address", "postcode", "city", "country", "external_id", "org_number",
                "owner_id", "access_notes")  # fmt: skip
PERSON_FILLS = ("title", "phone", "email")


class Refused(Exception):
    """The two cannot be merged; the message says why."""


def _tables_with(db, column):
    names = [
        row[0]
        for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    ]
    return [
        name
        for name in names
        if name not in KEEP
        and not name.startswith(("week_", "_", "sqlite_"))
        and any(c[1] == column for c in db.execute(f'PRAGMA table_info("{name}")').fetchall())
    ]


def _move(db, column, old, kept, skip=()):
    for table in _tables_with(db, column):
        if table not in skip:
            db.execute(
                f'UPDATE OR IGNORE "{table}" SET {column} = ? WHERE {column} = ?', [kept, old]
            )


def _redirect(db, record, old, old_ref, kept, user_id):
    db.execute(
        "UPDATE merge_redirects SET kept_id = ? WHERE record = ? AND kept_id = ?",
        [kept, record, old],
    )
    db.execute(
        "INSERT OR REPLACE INTO merge_redirects"
        " (record, old_id, old_ref, kept_id, merged_by, merged_at) VALUES (?, ?, ?, ?, ?, ?)",
        [record, old, old_ref, kept, user_id, timeutil.now_iso()],
    )


def _fill(db, table, kept, other, names):
    empty = {name: other[name] for name in names if not kept[name] and other[name]}
    if empty:
        sets = ", ".join(f"{name} = ?" for name in empty)
        db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*empty.values(), kept["id"]])
    return empty


def merge_clients(db, user, kept_id, other_id):
    """Merge client `other_id` into `kept_id`; both must be visible and of one team."""
    if kept_id == other_id:
        raise Refused(_("Choose two different clients."))
    with transaction(db):
        kept = clients.get_client(db, user, kept_id)  # NotFound: the view answers 404
        other = clients.get_client(db, user, other_id)
        if kept["team_id"] != other["team_id"]:
            raise Refused(_("Only clients of the same team can be merged."))
        _fill(db, "clients", kept, other, CLIENT_FILLS)
        if kept["lat"] is None and other["lat"] is not None:
            db.execute(
                "UPDATE clients SET lat = ?, lon = ?, site_accuracy_m = ?, site_set_by = ?,"
                " site_set_at = ? WHERE id = ?",
                [other[k] for k in ("lat", "lon", "site_accuracy_m", "site_set_by", "site_set_at")]
                + [kept_id],
            )
        _move(db, "client_id", other_id, kept_id)
        db.execute(
            "UPDATE OR IGNORE field_changes SET record_id = ? WHERE record = 'client'"
            " AND record_id = ?",
            [str(kept_id), str(other_id)],
        )
        db.execute("UPDATE clients SET archived = 1 WHERE id = ?", [other_id])
        _redirect(db, "client", other_id, other["ref"], kept_id, user.id)
        audit.record(
            db, "client_merged", user.id, subject=f"client {kept_id}", detail=f"from {other_id}"
        )
    return kept


def merge_people(db, user, kept_id, other_id):
    """Merge person `other_id` into `kept_id`; both at visible clients of one team."""
    if kept_id == other_id:
        raise Refused(_("Choose two different people."))
    try:
        with transaction(db):
            kept = clients.get_contact(db, user, kept_id)
            other = clients.get_contact(db, user, other_id)
            teams = {clients.get_client(db, user, p["client_id"])["team_id"] for p in (kept, other)}
            if len(teams) != 1:
                raise Refused(_("Only people of the same team can be merged."))
            _fill(db, "contacts", kept, other, PERSON_FILLS)
            _move(db, "contact_id", other_id, kept_id)
            db.execute("DELETE FROM note_contacts WHERE contact_id = ?", [other_id])
            db.execute(
                "UPDATE OR IGNORE field_changes SET record_id = ? WHERE record = 'contact'"
                " AND record_id = ?",
                [str(kept_id), str(other_id)],
            )
            db.execute("DELETE FROM contacts WHERE id = ?", [other_id])
            _redirect(db, "contact", other_id, other["ref"], kept_id, user.id)
            audit.record(
                db,
                "person_merged",
                user.id,
                subject=f"contact {kept_id}",
                detail=f"from {other_id}",
            )
    except sqlite3.IntegrityError:
        raise Refused(
            _("These two people cannot be merged: something still names one of them.")
        ) from None
    return kept
