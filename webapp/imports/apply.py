"""Writing an import's plan in one transaction, and undoing it as a whole.

The plan is made again inside the transaction, so what is written is what the database
holds at that moment, not at the preview. Every client and person the import creates or
changes is recorded in import_changes (with the values it overwrote), and each client it
touched gets its page version as it stands when the import ends (import_versions): page
versions move with every change to a client, its people, notes, visits and the rest (m013),
so a version that has moved since means someone else touched that client, and the import
can no longer be undone. A field an update changes goes through the field history like any
edit (op id "import-<run>"), so a phone's older edit does not overwrite it later.
"""

import json

from flask_babel import gettext as _

from webapp import audit
from webapp import timeutil
from webapp.db import transaction
from webapp.imports import outcomes
from webapp.imports import progress
from webapp.merge.folding import fold_text
from webapp.sync import history
from webapp.webhooks import events

PERSON_COLUMNS = ("name", "title", "phone", "email")


class CannotUndo(Exception):
    """Something else changed a client the import touched; the message names them."""


def run(db, user, run_row, groups):
    """Apply the plan for `groups` (mapping.clients) to the run's team; returns the report,
    or None when the run was applied already (a second click)."""
    return progress.finish(steps(db, user, run_row, groups))


def steps(db, user, run_row, groups):
    """run(), telling progress.Steps "check" and "save" as it goes; all of it in one
    transaction, which a failure at any row rolls back whole."""
    with transaction(db):
        status = db.execute("SELECT status FROM import_runs WHERE id = ?", [run_row["id"]])
        if status.fetchone()[0] != "draft":
            return None
        directory = outcomes.Directory(db, user, run_row["team_id"])
        entries = yield from outcomes.plan_steps(directory, groups)
        writer = Writer(db, user, run_row["id"])
        done, told, rows = 0, 0, progress.counted(groups)
        for entry in entries:
            if entry["action"] == "new":
                writer.create(entry)
            elif entry["action"] == "update":
                writer.update(entry)
            done += len(entry["lines"])
            if done - told >= progress.EVERY:
                writer.flush()
                told = done
                yield progress.Step("save", done, rows)
        writer.finish()
        if told < rows:
            yield progress.Step("save", rows, rows)
        report = {
            "clients_created": writer.counts["clients_created"],
            "clients_updated": writer.counts["clients_updated"],
            "people_added": writer.counts["people_added"],
            "people_updated": writer.counts["people_updated"],
            "duplicates": sum(e["action"] == "duplicate" for e in entries),
            "errors": sum(e["action"] == "error" for e in entries),
            "unchanged": writer.counts["unchanged"],
            "formulas": sum(e["formulas"] for e in entries),
            "rows": sum(len(e["lines"]) for e in entries),
        }
        now = timeutil.now_iso()
        db.execute(
            "UPDATE import_runs SET status = 'applied', applied_at = ?, report = ?, data = NULL"
            " WHERE id = ?",
            [now, json.dumps(report), run_row["id"]],
        )
        audit.record(
            db,
            "import_applied",
            user.id,
            subject=f"import {run_row['id']}",
            detail=", ".join(f"{key}={value}" for key, value in report.items()),
        )
        _emit(db, run_row, report)
    return report


def _emit(db, run_row, report):
    """Tell the webhooks' endpoints that want it: "import.finished", in this transaction."""
    events.emit(
        db,
        "import.finished",
        {"import_id": run_row["id"], "team_id": run_row["team_id"], **report},
    )


class Writer:
    """Collects the rows an import makes and writes them with one statement per table: the
    ids are given here, from the largest in use, which the transaction's write lock keeps
    free (a statement per row took most of a 50,000-row import)."""

    def __init__(self, db, user, run_id):
        self.db, self.user, self.run_id = db, user, run_id
        self.now = timeutil.now_iso()
        self.op_id = f"import-{run_id}"
        self.changes, self.field_changes, self.touched = [], [], set()
        self.new_clients, self.new_people = [], []
        self.counts = dict.fromkeys(
            ("clients_created", "clients_updated", "people_added", "people_updated", "unchanged"),
            0,
        )
        self.next_id = {
            table: db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]
            for table in ("clients", "contacts")
        }

    def _new_id(self, table):
        self.next_id[table] += 1
        return self.next_id[table] - 1

    def create(self, entry):
        client = entry["client"]
        client_id = self._new_id("clients")
        row = [client[key] for key in outcomes.COLUMNS]
        row[outcomes.COLUMNS.index("rhythm_days")] = client["rhythm_days"] or 28
        self.new_clients.append((client_id, *row, client["team_id"], self.now, self.user.id))
        self._change("client", client_id, "created", client_id)
        self.counts["clients_created"] += 1
        for person in entry["people"]:
            self.add_person(client_id, person)

    def update(self, entry):
        match, changes = entry["match"], entry["changes"]
        client_id = match["id"]
        existing = list(
            self.db.query(
                "SELECT id, name, title, phone, email FROM contacts WHERE client_id = ?",
                [client_id],
            )
        )
        people_changed = False
        for person in entry["people"]:
            found = next((c for c in existing if same_person(c, person)), None)
            if found is None:
                self.add_person(client_id, person)
                existing.append({"id": None, **person})
                people_changed = True
            elif found["id"] is not None:
                people_changed |= self._update_person(client_id, found, person)
        if changes:
            before = {key: match[key] for key in changes}
            self._change("client", client_id, "updated", client_id, before)
            if "lat" in changes or "lon" in changes:
                before.update({key: match[key] for key in ("lat", "lon", *outcomes.SITE_COLUMNS)})
            for key, value in changes.items():
                if key not in history.WRITES["client"]:
                    continue
                self.field_changes.append(
                    history.change(
                        "client",
                        client_id,
                        key,
                        value,
                        self.now,
                        self.user.id,
                        self.op_id,
                        self.now,
                    )
                )
            if "lat" in changes or "lon" in changes:
                site = [entry["client"]["lat"], entry["client"]["lon"], None]
                self.field_changes.append(
                    history.change(
                        "client",
                        client_id,
                        "site",
                        site,
                        self.now,
                        self.user.id,
                        self.op_id,
                        self.now,
                    )
                )
            for key in ("external_id", "org_number", "postcode"):  # not kept by history
                if key in changes:
                    self.db.execute(
                        f"UPDATE clients SET {key} = ? WHERE id = ?", [changes[key], client_id]
                    )
            self.counts["clients_updated"] += 1
        elif people_changed:
            self.touched.add(client_id)
        else:
            self.counts["unchanged"] += 1

    def add_person(self, client_id, person):
        contact_id = self._new_id("contacts")
        self.new_people.append(
            (
                contact_id,
                client_id,
                *(person[key] for key in PERSON_COLUMNS),
                self.now,
                self.user.id,
            )  # fmt: skip
        )
        self._change("contact", contact_id, "created", client_id)
        self.counts["people_added"] += 1

    def _update_person(self, client_id, found, person):
        changed = {
            key: person[key]
            for key in PERSON_COLUMNS
            if person[key] and person[key] != found[key] and key != "name"
        }
        if not changed:
            return False
        self._change("contact", found["id"], "updated", client_id, {k: found[k] for k in changed})
        for key, value in changed.items():
            self.field_changes.append(
                history.change(
                    "contact",
                    found["id"],
                    key,
                    value,
                    self.now,
                    self.user.id,
                    self.op_id,
                    self.now,
                )
            )
        self.counts["people_updated"] += 1
        return True

    def _change(self, record, record_id, action, client_id, before=None):
        self.touched.add(client_id)
        self.changes.append(
            (self.run_id, record, record_id, action, client_id, json.dumps(before or {}))
        )

    def flush(self):
        """Write the clients, people and changes collected so far (a few thousand rows'
        worth at a time, so that saving can tell its progress)."""
        names = ("id", *outcomes.COLUMNS, "team_id", "created_at", "created_by")
        self.db.conn.executemany(
            f"INSERT INTO clients ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            self.new_clients,
        )
        self.db.conn.executemany(
            "INSERT INTO contacts"
            " (id, client_id, name, title, phone, email, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.new_people,
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO import_changes"
            " (run_id, record, record_id, action, client_id, before) VALUES (?, ?, ?, ?, ?, ?)",
            self.changes,
        )
        self.new_clients, self.new_people, self.changes = [], [], []

    def finish(self):
        self.flush()
        if self.field_changes:
            history.record_changes(self.db, self.field_changes)
        self.db.execute(
            "INSERT INTO import_versions (run_id, client_id, version)"
            " SELECT ?, client_id, version FROM page_versions"
            " WHERE client_id IN (SELECT value FROM json_each(?))",
            [self.run_id, json.dumps(sorted(self.touched))],
        )


def same_person(contact, person):
    """The client's person a row names: the same e-mail, or the same name."""
    if (
        person["email"]
        and contact["email"]
        and person["email"].casefold() == contact["email"].casefold()
    ):
        return True
    return fold_text(contact["name"]) == fold_text(person["name"])


def touched_since(db, run_id):
    """The names of the clients someone else changed after the import (at most five)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT c.name FROM import_versions v JOIN clients c ON c.id = v.client_id"
            " LEFT JOIN page_versions p ON p.client_id = v.client_id"
            " WHERE v.run_id = ? AND p.version IS NOT v.version ORDER BY c.name LIMIT 5",
            [run_id],
        ).fetchall()
    ]


def undo(db, user, run_row):
    """Take back what the import created and changed; raises CannotUndo."""
    run_id = run_row["id"]
    with transaction(db):
        touched = touched_since(db, run_id)
        if touched:
            raise CannotUndo(
                _(
                    "This import cannot be undone: these clients were changed after it: %(names)s.",
                    names=", ".join(touched),
                )
            )
        changes = list(
            db.query("SELECT * FROM import_changes WHERE run_id = ? ORDER BY rowid DESC", [run_id])
        )
        for change in changes:
            table = "clients" if change["record"] == "client" else "contacts"
            if change["action"] == "updated":
                before = json.loads(change["before"])
                if before:
                    sets = ", ".join(f"{key} = ?" for key in before)
                    db.execute(
                        f"UPDATE {table} SET {sets} WHERE id = ?",
                        [*before.values(), change["record_id"]],
                    )
        for record, table in (("contact", "contacts"), ("client", "clients")):
            created = [
                c["record_id"]
                for c in changes
                if c["record"] == record and c["action"] == "created"
            ]
            db.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(created)],
            )
        db.execute("DELETE FROM field_changes WHERE op_id = ?", [f"import-{run_id}"])
        db.execute(
            "UPDATE import_runs SET status = 'undone', undone_at = ? WHERE id = ?",
            [timeutil.now_iso(), run_id],
        )
        audit.record(db, "import_undone", user.id, subject=f"import {run_id}")
