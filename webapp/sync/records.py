"""People, clients and personal topics made and changed anywhere: a phone offline, a form.

Kinds: add_person, edit_person, add_topic, edit_topic, new_client, edit_client, site_here.
What one makes is stored under the operation's id: a person's or client's `ref` (its row
keeps an integer id and its URLs), a topic's id; that row makes a resend a duplicate. An
edit changes rows made before and is recorded in the operations table, like a check-out.
Every field an edit sets goes through history.record_changes(): the latest change by the
phone's time wins per field, so two devices agree whatever order their changes arrive in.
Clients and people are named by id here (lookups.with_ids turned refs into ids); one that
does not exist or that the user may not see is the same answer, not_found.
"""

from flask_babel import gettext as _

from webapp import clients
from webapp import timeutil
from webapp.accounts import users
from webapp.db import NotFound
from webapp.sync import checks
from webapp.sync import fields
from webapp.sync import history
from webapp.sync.checks import Rejected
from webapp.webhooks import hooks

#: The kinds recorded in the operations table (see operations.LOGGED).
EDITS = ("edit_person", "edit_topic", "edit_client", "site_here")

#: The key of each kind that names what it is about; new_client names nothing.
TARGET_KEYS = {
    "add_person": "client_id",
    "edit_person": "contact_id",
    "add_topic": "contact_id",
    "edit_topic": "topic_id",
    "new_client": None,
    "edit_client": "client_id",
    "site_here": "client_id",
}


def target(kind, op):
    """What the operation is about, as its record keeps it: a row id, a topic's UUID, None."""
    key = TARGET_KEYS[kind]
    value = op.get(key) if key else None
    if kind == "edit_topic":
        return checks.uuid_of(value)
    return value if checks.is_id(value) else None


def record_id(db, kind, op_id):
    """The row id of the person or client an add_person or new_client made, or None."""
    table = {"add_person": "contacts", "new_client": "clients"}.get(kind)
    if table is None:
        return None
    row = db.execute(f"SELECT id FROM {table} WHERE ref = ?", [op_id]).fetchone()
    return row and row[0]


def _visible(lookup, db, user, value, missing, not_found):
    """lookup(db, user, value), or Rejected: not_found is one answer for a record that is not
    there, one the user may not see, and a UUID naming neither."""
    if value is None:
        raise Rejected("invalid", missing)
    if not checks.is_id(value) and checks.uuid_of(value) is None:
        raise Rejected("not_found", not_found)
    try:
        return lookup(db, user, value)
    except NotFound:
        raise Rejected("not_found", not_found) from None


def _client(db, user, value):
    return _visible(
        clients.get_client,
        db,
        user,
        value,
        _("The client is missing."),
        _("This client was not found."),
    )


def _contact(db, user, value):
    return _visible(
        clients.get_contact,
        db,
        user,
        value,
        _("Say which person this is about."),
        _("This person was not found."),
    )


def _topic(db, user, value):
    return _visible(
        clients.get_topic,
        db,
        user,
        value,
        _("Say which personal topic this is about."),
        _("This personal topic was not found."),
    )


def _checked(errors):
    if errors:
        raise Rejected("invalid", _("Please correct the marked fields."), errors)


def _changes(db, user, op_id, at, record, record_id, values):
    """Keep the fields an operation sets in their history, each winning if it is the latest."""
    stamp, now = timeutil.iso(at), timeutil.now_iso()
    history.record_changes(
        db,
        [
            history.change(record, record_id, field, value, stamp, user.id, op_id, now)
            for field, value in values.items()
        ],
    )


def _owner(db, team_id, values, errors):
    """An owner chosen for a client must be in its team."""
    owner = values.get("owner_id")
    if "owner_id" in errors:  # not an id at all (a list, an object): already refused
        return
    if owner is not None and owner not in {u["id"] for u in users.team_members(db, team_id)}:
        errors["owner_id"] = _("Choose someone from the list.")


def _add_person(db, user, op_id, at, op):
    client = _client(db, user, op.get("client_id"))
    errors = {}
    values = fields.given(op, fields.PERSON, errors, required=("name",))
    _checked(errors)
    row = {key: values.get(key, "") for key in fields.PERSON}
    row.update(client_id=client["id"], ref=op_id, created_by=user.id, created_at=timeutil.iso(at))
    return hooks.person_added(db, _insert(db, "contacts", row))


def _edit_person(db, user, op_id, at, op):
    contact = _contact(db, user, op.get("contact_id"))
    errors = {}
    values = fields.edited(op, fields.PERSON, errors)
    _checked(errors)
    _changes(db, user, op_id, at, "contact", contact["id"], values)


def _add_topic(db, user, op_id, at, op):
    contact = _contact(db, user, op.get("contact_id"))
    errors = {}
    values = fields.given(
        op, fields.TOPIC, errors, keys=("title", "follow_up"), required=("title",)
    )
    _checked(errors)
    stamp = timeutil.iso(at)
    row = {
        "id": op_id,
        "contact_id": contact["id"],
        "title": values["title"],
        "follow_up": values.get("follow_up", ""),
        "status": "open",
        "status_at": stamp,
        "last_mentioned_at": stamp,
        "created_by": user.id,
        "created_at": stamp,
        "received_at": timeutil.now_iso(),
    }
    _insert(db, "topics", row)


def _edit_topic(db, user, op_id, at, op):
    topic = _topic(db, user, checks.uuid_of(op.get("topic_id")))
    errors = {}
    values = fields.edited(op, fields.TOPIC, errors)
    _checked(errors)
    _changes(db, user, op_id, at, "topic", topic["id"], values)


def _new_client(db, user, op_id, at, op):
    if user.team_id is None:
        raise Rejected("invalid", _("Only members of a team can add clients."))
    errors = {}
    values = fields.given(op, fields.CLIENT, errors, required=("name",))
    site = fields.site(op, errors, required=False)
    _owner(db, user.team_id, values, errors)
    _checked(errors)
    stamp = timeutil.iso(at)
    row = {
        "name": values["name"],
        "address": values.get("address", ""),
        "city": values.get("city", ""),
        "country": values.get("country", ""),
        "rhythm_days": values.get("rhythm_days", 28),
        "access_notes": values.get("access_notes", ""),
        "owner_id": values.get("owner_id", user.id),
        "team_id": user.team_id,
        "ref": op_id,
        "created_by": user.id,
        "created_at": stamp,
    }
    if site:
        row.update(
            lat=site[0],
            lon=site[1],
            site_accuracy_m=site[2],
            site_set_by=user.id,
            site_set_at=stamp,
        )
    return _insert(db, "clients", row)


def _edit_client(db, user, op_id, at, op):
    client = _client(db, user, op.get("client_id"))
    errors = {}
    values = fields.edited(op, fields.CLIENT, errors)
    _owner(db, client["team_id"], values, errors)
    _checked(errors)
    _changes(db, user, op_id, at, "client", client["id"], values)


def _site_here(db, user, op_id, at, op):
    client = _client(db, user, op.get("client_id"))
    errors = {}
    # Both given as null: the site is cleared (the client form's empty fields).
    cleared = "lat" in op and "lon" in op and op["lat"] is None and op["lon"] is None
    site = None if cleared else list(fields.site(op, errors))
    _checked(errors)
    _changes(db, user, op_id, at, "client", client["id"], {"site": site})


def _insert(db, table, row):
    """Insert a row with plain SQL; its row id."""
    columns = ", ".join(row)
    values = ", ".join(f":{column}" for column in row)
    return db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({values})", row).lastrowid


APPLY = {
    "add_person": _add_person,
    "edit_person": _edit_person,
    "add_topic": _add_topic,
    "edit_topic": _edit_topic,
    "new_client": _new_client,
    "edit_client": _edit_client,
    "site_here": _site_here,
}
