"""What each REST resource reads: its rows, scoped by the same rule as the pages, and the
JSON object each row becomes.

Every query joins the record's client `c` and keeps clients.scope(user) and not archived:
what a user's pages do not show, the API does not either (another team's id answers 404).
`updated_at` is when the record was made or last changed as the server received it.
"""

import json

from webapp import clients
from webapp.db import get_one


def _changed(record, id_sql):
    """The last time the server received a change to a field of the record."""
    return (
        "COALESCE((SELECT MAX(f.received_at) FROM field_changes f"
        f" WHERE f.record = '{record}' AND f.record_id = CAST({id_sql} AS TEXT)), '')"
    )


class Resource:
    """One kind of record: the FROM clause, its id column and type, `updated_at`, the
    fields it shows, and the query arguments that filter it (name -> column)."""

    def __init__(self, name, select, id_column, id_type, updated, fields, filters=None):
        self.name = name
        self.select = select
        self.id_column = id_column
        self.id_type = id_type
        self.updated = updated
        self.fields = fields
        self.filters = filters or {}

    def scanned(self):
        """The FROM clause for a list without filters: the records in id order, each joined
        to its client (CROSS JOIN keeps that order), so a page reads about `limit` records
        of the user's teams rather than sorting all of them. Ids are random UUIDs or row
        ids, so a team's records are spread evenly; with a filter (a client, a person) the
        planner's own order, through that filter's index, is the quicker one."""
        return self.select.replace(" JOIN ", " CROSS JOIN ")

    def columns(self):
        return f"SELECT {', '.join(self.fields.values())}, {self.updated} AS updated_at"

    def shape(self, row):
        item = {key: row[key] for key in self.fields}
        item["updated_at"] = row["updated_at"]
        for key, value in item.items():
            if key in JSON_FIELDS and isinstance(value, str):
                item[key] = json.loads(value)
        return item

    def scope(self, user):
        where, params = clients.scope(user)
        return f"c.archived = 0 AND {where}", params

    def one(self, db, user, record_id):
        """The record as JSON, or NotFound (missing or not the user's to see)."""
        where, params = self.scope(user)
        sql = f"{self.columns()} {self.select} WHERE {self.id_column} = ? AND {where}"
        return self.shape(get_one(db, sql, [record_id, *params]))


#: Fields held as JSON text in the query, given as JSON in the answer.
JSON_FIELDS = ("person_ids",)

CLIENTS = Resource(
    "clients",
    "FROM clients c",
    "c.id",
    int,
    f"MAX(c.created_at, {_changed('client', 'c.id')})",
    {
        key: f"c.{key}"
        for key in (
            "id",
            "name",
            "address",
            "city",
            "country",
            "lat",
            "lon",
            "rhythm_days",
            "access_notes",
            "owner_id",
            "team_id",
            "created_at",
        )
    },
    {"owner_id": "c.owner_id"},
)

PEOPLE = Resource(
    "people",
    "FROM contacts k JOIN clients c ON c.id = k.client_id",
    "k.id",
    int,
    f"MAX(k.created_at, {_changed('contact', 'k.id')})",
    {
        key: f"k.{key}"
        for key in ("id", "client_id", "name", "title", "phone", "email", "created_at")
    },
    {"client_id": "k.client_id"},
)

TOPICS = Resource(
    "topics",
    "FROM topics t JOIN contacts k ON k.id = t.contact_id JOIN clients c ON c.id = k.client_id",
    "t.id",
    str,
    f"MAX(t.received_at, t.last_mentioned_at, {_changed('topic', 't.id')})",
    {
        "id": "t.id",
        "person_id": "t.contact_id AS person_id",
        "client_id": "k.client_id",
        "title": "t.title",
        "follow_up": "t.follow_up",
        "status": "t.status",
        "status_at": "t.status_at",
        "last_mentioned_at": "t.last_mentioned_at",
        "created_by": "t.created_by",
        "created_at": "t.created_at",
    },
    {"client_id": "k.client_id", "person_id": "t.contact_id"},
)

VISITS = Resource(
    "visits",
    "FROM visits v JOIN clients c ON c.id = v.client_id",
    "v.id",
    str,
    "MAX(v.received_at, COALESCE(v.checked_out_at, ''))",
    {
        key: f"v.{key}"
        for key in (
            "id",
            "client_id",
            "user_id",
            "checked_in_at",
            "checked_out_at",
            "lat",
            "lon",
            "accuracy_m",
            "distance_m",
        )
    },
    {"client_id": "v.client_id", "user_id": "v.user_id"},
)

NOTES = Resource(
    "notes",
    "FROM notes n JOIN clients c ON c.id = n.client_id",
    "n.id",
    str,
    "n.received_at",
    {
        "id": "n.id",
        "client_id": "n.client_id",
        "user_id": "n.user_id",
        "visit_id": "n.visit_id",
        "body": "n.body",
        "written_at": "n.written_at",
        "person_ids": "(SELECT json_group_array(contact_id) FROM"
        " (SELECT contact_id FROM note_contacts WHERE note_id = n.id ORDER BY contact_id))"
        " AS person_ids",
    },
    {"client_id": "n.client_id", "user_id": "n.user_id"},
)

PROMISES = Resource(
    "promises",
    "FROM promises p JOIN clients c ON c.id = p.client_id",
    "p.id",
    str,
    "MAX(p.received_at, COALESCE(p.kept_changed_at, ''))",
    {
        key: f"p.{key}"
        for key in (
            "id",
            "client_id",
            "user_id",
            "note_id",
            "text",
            "due_date",
            "made_at",
            "kept_at",
        )
    },
    {"client_id": "p.client_id", "user_id": "p.user_id"},
)

ALL = {r.name: r for r in (CLIENTS, PEOPLE, TOPICS, VISITS, NOTES, PROMISES)}
