"""The OpenAPI 3.1 document of the REST API, built from the resources it describes.

Served at /api/openapi.json, rendered for people by docs.py, validated in the tests with
openapi-spec-validator and fuzzed by schemathesis against a real gunicorn: what it says is
what the API answers, or a test fails.
"""

from webapp.restapi import paging
from webapp.restapi import resources
from webapp.sync import fields

TEXT = {"type": "string"}
INT = {"type": "integer"}
TIME = {"type": "string", "format": "date-time"}
UUID = {"type": "string", "format": "uuid"}


def _maybe(schema):
    """The schema, or null."""
    return {**schema, "type": [schema["type"], "null"]}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


CLIENT_FIELDS = {
    "name": {**TEXT, "maxLength": fields.MAX_NAME},
    "address": {**TEXT, "maxLength": fields.MAX_ADDRESS},
    "city": {**TEXT, "maxLength": fields.MAX_CITY},
    "country": {"type": "string", "enum": ["", *fields.COUNTRY_CODES]},
    "rhythm_days": {**INT, "minimum": fields.RHYTHM_DAYS[0], "maximum": fields.RHYTHM_DAYS[1]},
    "access_notes": {**TEXT, "maxLength": fields.MAX_ACCESS_NOTES},
    "owner_id": {**INT, "description": "A user of the client's team."},
}
PERSON_FIELDS = {
    "name": {**TEXT, "maxLength": fields.MAX_NAME},
    "title": {**TEXT, "maxLength": fields.MAX_TITLE},
    "phone": {**TEXT, "maxLength": fields.MAX_PHONE},
    "email": {**TEXT, "maxLength": fields.MAX_EMAIL},
}
NUMBER_OR_NULL = {"type": ["number", "null"]}

RECORDS = {
    "Client": {
        "id": INT,
        **{key: TEXT for key in ("name", "address", "city", "country", "access_notes")},
        "lat": NUMBER_OR_NULL,
        "lon": NUMBER_OR_NULL,
        "rhythm_days": INT,
        "owner_id": _maybe(INT),
        "team_id": INT,
        "created_at": TIME,
        "updated_at": TIME,
    },
    "Person": {
        "id": INT,
        "client_id": INT,
        **{key: TEXT for key in ("name", "title", "phone", "email")},
        "created_at": TIME,
        "updated_at": TIME,
    },
    "Topic": {
        "id": UUID,
        "person_id": INT,
        "client_id": INT,
        "title": TEXT,
        "follow_up": TEXT,
        "status": {"type": "string", "enum": ["open", "followed_up", "closed"]},
        "status_at": TIME,
        "last_mentioned_at": TIME,
        "created_by": _maybe(INT),
        "created_at": TIME,
        "updated_at": TIME,
    },
    "Visit": {
        "id": UUID,
        "client_id": INT,
        "user_id": INT,
        "checked_in_at": TIME,
        "checked_out_at": _maybe(TIME),
        **{key: NUMBER_OR_NULL for key in ("lat", "lon", "accuracy_m", "distance_m")},
        "updated_at": TIME,
    },
    "Note": {
        "id": UUID,
        "client_id": INT,
        "user_id": INT,
        "visit_id": _maybe(TEXT),
        "body": TEXT,
        "written_at": TIME,
        "person_ids": {"type": "array", "items": INT},
        "updated_at": TIME,
    },
    "Promise": {
        "id": UUID,
        "client_id": INT,
        "user_id": INT,
        "note_id": _maybe(TEXT),
        "text": TEXT,
        "due_date": {"type": "string", "format": "date"},
        "made_at": TIME,
        "kept_at": _maybe(TIME),
        "updated_at": TIME,
    },
}
#: The schema of each resource's records.
SCHEMA_OF = {
    "clients": "Client",
    "people": "Person",
    "topics": "Topic",
    "visits": "Visit",
    "notes": "Note",
    "promises": "Promise",
}


def _object(properties, required=()):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def _schemas():
    schemas = {name: _object(props, props) for name, props in RECORDS.items()}
    for name in RECORDS:
        schemas[f"{name}Page"] = _object(
            {"data": {"type": "array", "items": _ref(name)}, "next_cursor": _maybe(TEXT)},
            ("data", "next_cursor"),
        )
    schemas["Error"] = _object(
        {
            "error": {**TEXT, "description": "A machine code: not_found, invalid, …"},
            "message": {**TEXT, "description": "What went wrong, in the user's language."},
            "errors": {
                "type": "object",
                "additionalProperties": TEXT,
                "description": "Why each field was refused, by field name.",
            },
        },
        ("error", "message"),
    )
    site = {"lat": {"type": "number"}, "lon": {"type": "number"}, "accuracy": {"type": "number"}}
    id_field = {"id": {**UUID, "description": "Your own id, so that a repeat makes nothing."}}
    schemas["ClientNew"] = _object({**id_field, **CLIENT_FIELDS, **site}, ("name",))
    schemas["ClientChange"] = {**_object(CLIENT_FIELDS), "minProperties": 1}
    person_new = {**id_field, "client_id": {"type": ["integer", "string"]}, **PERSON_FIELDS}
    schemas["PersonNew"] = _object(person_new, ("client_id", "name"))
    schemas["PersonChange"] = {**_object(PERSON_FIELDS), "minProperties": 1}
    schemas["NoteNew"] = {
        **_object(
            {
                **id_field,
                "client_id": {"type": ["integer", "string"]},
                "body": TEXT,
                "at": {**TIME, "description": "When it was written; now if left out."},
                "visit_id": UUID,
                "contacts_met": {"type": "array", "items": INT},
                "topics": {"type": "array", "items": {"type": "object"}},
                "new_topics": {"type": "array", "items": {"type": "object"}},
                "promises": {"type": "array", "items": {"type": "object"}},
            },
            ("client_id", "body"),
        ),
        "description": "The sync's note operation (README, The sync protocol), without kind.",
    }
    schemas["Me"] = _object(
        {
            "id": INT,
            "name": TEXT,
            "email": TEXT,
            "role": {"type": "string", "enum": ["rep", "manager", "admin"]},
            "team_id": _maybe(INT),
            "scope": {"type": "string", "enum": ["read", "read-write"]},
        },
        ("id", "name", "email", "role", "team_id", "scope"),
    )
    return schemas


ERRORS = {
    "400": "The query or the JSON cannot be used.",
    "401": "No valid access token.",
    "403": "The token may only read, or the account must take a step first.",
    "404": "No such record, or not one you may see.",
    "405": "This method is not allowed here.",
    "409": "The id is already used for something else.",
    "413": "The request is too large.",
    "415": "The body is not JSON.",
    "422": "The record was refused; errors says why, by field.",
}


def _errors(*codes):
    content = {"application/json": {"schema": _ref("Error")}}
    return {code: {"description": ERRORS[code], "content": content} for code in codes}


def _ok(description, schema, code="200"):
    return {code: {"description": description, "content": {"application/json": {"schema": schema}}}}


def _body(name):
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


READ = ("400", "401", "403", "404")
WRITE = ("400", "401", "403", "404", "409", "413", "415", "422")


def _list_params(resource):
    params = [
        {
            "name": "limit",
            "in": "query",
            "schema": {**INT, "minimum": 1, "maximum": paging.MAX_LIMIT},
            "description": f"Records per page, {paging.DEFAULT_LIMIT} if left out.",
        },
        {
            "name": "cursor",
            "in": "query",
            "schema": TEXT,
            "description": "The next_cursor of the page before.",
        },
        {
            "name": "updated_since",
            "in": "query",
            "schema": TIME,
            "description": "Only records made or changed after this time.",
        },
    ]
    for name in resource.filters:
        params.append({"name": name, "in": "query", "schema": {**INT, "minimum": 0}})
    return params


def _paths():
    paths = {
        "/api/v1/me": {
            "get": {
                "operationId": "getMe",
                "summary": "Who the token belongs to",
                "responses": {**_ok("The token's user", _ref("Me")), **_errors(*READ)},
            }
        }
    }
    writes = {"clients": ("Client", True), "people": ("Person", True), "notes": ("Note", False)}
    for name, resource in resources.ALL.items():
        schema = SCHEMA_OF[name]
        title = name.capitalize()
        collection = {
            "get": {
                "operationId": f"list{title}",
                "summary": f"List {name}",
                "parameters": _list_params(resource),
                "responses": {**_ok(f"A page of {name}", _ref(f"{schema}Page")), **_errors(*READ)},
            }
        }
        id_schema = {**INT, "minimum": 1} if resource.id_type is int else UUID
        item = {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": id_schema}],
            "get": {
                "operationId": f"get{schema}",
                "summary": f"One {schema.lower()}",
                "responses": {**_ok(f"The {schema.lower()}", _ref(schema)), **_errors(*READ)},
            },
        }
        if name in writes:
            made = {
                **_ok("Made", _ref(schema), "201"),
                **_ok("Made before under this id", _ref(schema)),
            }
            collection["post"] = {
                "operationId": f"create{schema}",
                "summary": f"Make a {schema.lower()}",
                "requestBody": _body(f"{schema}New"),
                "responses": {**made, **_errors(*WRITE)},
            }
            if writes[name][1]:
                item["patch"] = {
                    "operationId": f"update{schema}",
                    "summary": f"Change a {schema.lower()}'s fields",
                    "requestBody": _body(f"{schema}Change"),
                    "responses": {**_ok("Changed", _ref(schema)), **_errors(*WRITE)},
                }
        paths[f"/api/v1/{name}"] = collection
        paths[f"/api/v1/{name}/{{id}}"] = item
    return paths


def document():
    """The OpenAPI document as a dict."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Folka REST API",
            "version": "1",
            "description": (
                "Clients, people, personal topics, visits, notes and promises, as the token's"
                " user sees them. Send a personal access token (made on the profile page) as"
                " Authorization: Bearer <token>. Lists are paged with cursors; errors are"
                ' {"error": code, "message": text}.'
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerToken": []}],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
        },
    }
