"""What applying operations reads: the ids applied before, and the clients, contacts, topics
and visits a batch names, each in one query (json_each) rather than a few per operation."""

import json

from flask import current_app
from flask_babel import gettext as _

from webapp import clients
from webapp import timeutil
from webapp.merge import redirects
from webapp.sync import checks
from webapp.sync.checks import Rejected

#: Where an operation id is recorded as applied, with who sent it, its kind and its target
#: (operations._target): the row of a note or a visit under that id, or for the LOGGED kinds
#: a row in operations (before m008, every kind had one there; before m010, without a
#: target). ?1 is a JSON list of the ids.
SEEN = (
    "SELECT id, user_id, 'note', client_id FROM notes"
    " WHERE id IN (SELECT value FROM json_each(?1))"
    " UNION ALL SELECT id, user_id, 'check_in', client_id FROM visits"
    " WHERE id IN (SELECT value FROM json_each(?1))"
    " UNION ALL SELECT id, user_id, kind, target FROM operations"
    " WHERE id IN (SELECT value FROM json_each(?1))"
    " UNION ALL SELECT ref, created_by, 'add_person', client_id FROM contacts"
    " WHERE ref IN (SELECT value FROM json_each(?1))"
    " UNION ALL SELECT ref, created_by, 'new_client', NULL FROM clients"
    " WHERE ref IN (SELECT value FROM json_each(?1))"
    " UNION ALL SELECT id, created_by, 'add_topic', contact_id FROM topics"
    " WHERE id IN (SELECT value FROM json_each(?1))"
)


def seen(db, ids):
    """The ids among `ids` applied before: {id: (user_id, kind, target)}."""
    return {row[0]: tuple(row[1:]) for row in _in(db, SEEN, ids)}


#: What a UUID naming no client or person the user may see becomes: an id no row has, which
#: every check answers as it answers another team's client (not_found).
UNKNOWN_REF = -1


def with_ids(db, ops):
    """The operations with every client and person named by the UUID of one made on a phone
    (its `ref`) named by its row id instead, so everything after works with ids. Refs are
    looked up whoever may see them: what is visible is checked on the ids, the same way for
    an id and a ref. Operations that name nothing by UUID are returned as they are. A
    client or person merged into another is named by the one kept (webapp/merge)."""
    ops = redirects.follow(db, ops)
    # Only text can be a ref: most batches name everything by id and cost one look per field.
    clients_named, contacts_named = set(), set()
    for op in ops:
        if not isinstance(op, dict):
            continue
        for key in CLIENT_KEYS:
            if isinstance(op.get(key), str):
                clients_named.add(checks.uuid_of(op[key]))
        named = [op.get(key) for key in CONTACT_KEYS]
        named += checks.items(op, "contacts_met")
        named += [
            t.get("contact_id") for t in checks.items(op, "new_topics") if isinstance(t, dict)
        ]
        contacts_named.update(checks.uuid_of(value) for value in named if isinstance(value, str))
    clients_named.discard(None)
    contacts_named.discard(None)
    if not clients_named and not contacts_named:
        return ops
    sql = f"SELECT ref, id FROM clients WHERE ref {IN_LIST}"
    client_ids = dict(_in(db, sql, clients_named))
    sql = f"SELECT ref, id FROM contacts WHERE ref {IN_LIST}"
    contact_ids = dict(_in(db, sql, contacts_named))
    return [_named_by_id(op, client_ids, contact_ids) for op in ops]


#: The keys of an operation that name a client, or a person.
CLIENT_KEYS = ("client_id",)
CONTACT_KEYS = ("contact_id",)


def _named_by_id(op, client_ids, contact_ids):
    """A copy of `op` naming clients and people by id (see with_ids)."""
    if not isinstance(op, dict):
        return op

    def swap(value, ids):
        ref = checks.uuid_of(value)
        return value if ref is None else ids.get(ref, UNKNOWN_REF)

    op = dict(op)
    for key in CLIENT_KEYS:
        if key in op:
            op[key] = swap(op[key], client_ids)
    for key in CONTACT_KEYS:
        if key in op:
            op[key] = swap(op[key], contact_ids)
    if isinstance(op.get("contacts_met"), list):
        op["contacts_met"] = [swap(c, contact_ids) for c in op["contacts_met"]]
    if isinstance(op.get("new_topics"), list):
        op["new_topics"] = [
            {**t, "contact_id": swap(t.get("contact_id"), contact_ids)}
            if isinstance(t, dict) and "contact_id" in t
            else t
            for t in op["new_topics"]
        ]
    return op


#: "x IN_LIST" takes all of a batch's ids as one JSON parameter, below SQLite's limit.
IN_LIST = "IN (SELECT value FROM json_each(?))"


class Known:
    """What checking a run of notes reads, in one query per table rather than a few per note.

    Notes never change clients or contacts (the people and clients made earlier in the batch
    are stored before the run starts); the run's notes add their ids and new topics as they
    are planned, so each note is checked as if the earlier ones were stored. The run's notes
    name clients and people by id (with_ids).
    """

    def __init__(self, db, user, ops):
        self.now = timeutil.now()  # the server's time, one for the whole run
        self.received_at = timeutil.iso(self.now)
        self.note_max_length = current_app.config["NOTE_MAX_LENGTH"]
        ops = [op for op in ops if isinstance(op, dict)]
        ids = [checks.uuid_of(op.get("id")) for op in ops]
        visits = [checks.uuid_of(op.get("visit_id")) for op in ops]
        topics = [
            checks.uuid_of(t.get("id"))
            for op in ops
            for t in checks.items(op, "topics")
            if isinstance(t, dict)
        ]
        self.seen = seen(db, ids)
        self.clients = visible_clients(db, user, [op.get("client_id") for op in ops])
        self.contacts = {}
        sql = f"SELECT id, client_id FROM contacts WHERE client_id {IN_LIST}"
        for contact_id, client_id in _in(db, sql, self.clients):
            self.contacts.setdefault(client_id, set()).add(contact_id)
        sql = (
            "SELECT t.id, k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id "
            f"WHERE t.id {IN_LIST}"
        )
        self.topics = dict(_in(db, sql, topics))
        sql = f"SELECT id, user_id, client_id FROM visits WHERE id {IN_LIST}"
        self.visits = {row[0]: tuple(row[1:]) for row in _in(db, sql, visits)}


def visible_clients(db, user, values):
    """The named clients the user may see and that are not archived, by id, as get_client."""
    where, params = clients.scope(user)
    ids = [v for v in values if checks.is_id(v)]
    # CROSS JOIN: look each id up by key; "id IN" read the whole team's clients instead.
    sql = (
        "SELECT c.id, c.lat, c.lon FROM json_each(?) j CROSS JOIN clients c ON c.id = j.value"
        f" WHERE c.archived = 0 AND {where}"
    )
    rows = _in(db, sql, ids, *params)
    return {row[0]: {"id": row[0], "lat": row[1], "lon": row[2]} for row in rows}


def _in(db, sql, values, *params):
    """Rows of `sql`, whose first parameter (a json_each) gets `values`, Nones left out."""
    values = list({v for v in values if v is not None})
    return db.execute(sql, [json.dumps(values), *params]).fetchall() if values else []


def named_client(visible, client_id):
    """The client an operation names, among those visible; or Rejected."""
    if not isinstance(client_id, int) or isinstance(client_id, bool):
        raise Rejected("invalid", _("The client is missing."))
    if client_id not in visible:
        raise Rejected("not_found", _("This client was not found."))
    return visible[client_id]


def client(db, user, client_id):
    """The visible client an operation names, with its position; or Rejected."""
    return named_client(visible_clients(db, user, [client_id]), client_id)
