"""Import runs as their pages see them: who may open which, and the file each one reads.

An admin imports into any team; a manager into their own team only, and sees that team's
runs; a rep imports nothing. A run of another team does not exist for a manager (404).
The uploaded file is kept in the run until it is applied (then dropped), so the mapping and
preview pages read the same bytes without a temporary file on one worker's disk; a draft
left for a day loses its file at the next upload (its pages then ask for the file again).
"""

import datetime
import json

from webapp import timeutil
from webapp.db import get_one
from webapp.db import transaction
from webapp.imports import mapping
from webapp.imports import reading


def may_import(user):
    return user.role in ("manager", "admin")


#: A draft not applied within this many hours loses its file at the next upload.
DRAFT_HOURS = 24


def create(db, user, team_id, filename, data, kind="table"):
    """A draft run holding the file; the files of drafts left unapplied for a day go."""
    stale = timeutil.iso(timeutil.now() - datetime.timedelta(hours=DRAFT_HOURS))
    with transaction(db):
        db.execute(
            "UPDATE import_runs SET data = NULL WHERE status = 'draft' AND created_at < ?",
            [stale],
        )
        return (
            db["import_runs"]
            .insert(
                {
                    "user_id": user.id,
                    "team_id": team_id,
                    "filename": filename[:200],
                    "kind": kind,
                    "status": "draft",
                    "data": data,
                    "created_at": timeutil.now_iso(),
                }
            )
            .last_pk
        )


def _scope(user):
    if user.is_admin:
        return "1 = 1", []
    return "r.team_id = ?", [user.team_id]


def get(db, user, run_id):
    """A run the user may see, without its file; raises NotFound."""
    where, params = _scope(user)
    row = get_one(
        db,
        "SELECT r.id, r.user_id, r.team_id, r.filename, r.kind, r.status, r.mapping, r.report,"
        " r.created_at, r.applied_at, r.undone_at, t.name AS team_name, u.name AS user_name"
        " FROM import_runs r LEFT JOIN teams t ON t.id = r.team_id"
        f" JOIN users u ON u.id = r.user_id WHERE r.id = ? AND {where}",
        [run_id, *params],
    )
    row["mapping"] = json.loads(row["mapping"])
    row["report"] = json.loads(row["report"])
    return row


class Expired(LookupError):
    """The draft's file was deleted: it was left for more than DRAFT_HOURS."""


def has_file(db, run_id):
    """Whether the draft still holds its file (table() would read it)."""
    found = db.execute("SELECT data IS NOT NULL FROM import_runs WHERE id = ?", [run_id])
    return bool(found.fetchone()[0])


def table(db, run_id):
    """The run's file as (header, rows); raises Expired (the file read well at upload)."""
    data = db.execute("SELECT data FROM import_runs WHERE id = ?", [run_id]).fetchone()[0]
    if not data:
        raise Expired(run_id)
    return reading.read_table(data)


def set_mapping(db, run_id, chosen):
    with transaction(db):
        db.execute("UPDATE import_runs SET mapping = ? WHERE id = ?", [json.dumps(chosen), run_id])


def recent(db, user, limit=20):
    """The latest applied or undone runs the user may see, newest first."""
    where, params = _scope(user)
    rows = db.query(
        "SELECT r.id, r.filename, r.status, r.report, r.applied_at, r.undone_at,"
        " t.name AS team_name, u.name AS user_name FROM import_runs r"
        " LEFT JOIN teams t ON t.id = r.team_id JOIN users u ON u.id = r.user_id"
        f" WHERE r.status != 'draft' AND {where} ORDER BY r.id DESC LIMIT ?",
        [*params, limit],
    )
    return [
        {**row, "report": json.loads(row["report"]), "when": timeutil.parse(row["applied_at"])}
        for row in rows
    ]


def mapping_for(run, header):
    """The run's chosen mapping when it fits the file, else the guess from the header."""
    return mapping.checked(run["mapping"] or None, len(header)) or mapping.guess(header)
