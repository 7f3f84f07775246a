"""The REST API's writes: clients and people made and changed, notes written.

Each write is turned into the operation a phone would send and applied by the sync's own
appliers (webapp/sync/operations.run), so the API accepts exactly what the sync accepts,
with the same checks, messages, history and webhooks. A client may give its own "id" (a
UUID) to a new client, person or note: sent again, it answers 200 with the record instead
of making a second one. A refusal answers in the one error shape, with "errors" by field.
"""

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from webapp import timeutil
from webapp.db import get_db
from webapp.errors import json_error
from webapp.restapi import resources
from webapp.restapi.views import bp
from webapp.sync import checks
from webapp.sync import operations
from webapp.sync.checks import Rejected
from webapp.sync.views import _read_json  # the sync's own limits on a JSON body

#: The HTTP status of each reason the sync gives for refusing an operation.
STATUS = {"not_found": 404, "conflict": 409}


def _body():
    """The JSON object sent, or an error answer."""
    payload, problem = _read_json()
    if problem:
        return None, problem
    if not isinstance(payload, dict):
        return None, json_error(422, "invalid", _("Send a JSON object."))
    return payload, None


def _apply(kind, payload, **named):
    """Apply one operation of `kind` built from `payload`; (result, None) or (None, error)."""
    op = {**payload, **named, "kind": kind}
    op.setdefault("at", timeutil.now_iso())
    if "id" not in payload:
        op["id"] = operations.new_id()
    elif checks.uuid_of(payload["id"]) is None:
        return None, json_error(422, "invalid", _("The id must be a UUID."))
    try:
        result = operations.run(get_db(), current_user._get_current_object(), op)
    except Rejected as rejected:
        answer = jsonify(error=rejected.code, message=rejected.message)
        if rejected.errors:
            answer = jsonify(error=rejected.code, message=rejected.message, errors=rejected.errors)
        return None, (answer, STATUS.get(rejected.code, 422))
    return result | {"id": checks.uuid_of(op["id"])}, None


def _made(resource, result, record_id, made=True):
    """The record after the write: 201 when it was made now, 200 for a repeat or a change."""
    status = 201 if made and result["status"] == "applied" else 200
    return jsonify(resource.one(get_db(), current_user, record_id)), status


@bp.route("/clients", methods=["POST"])
def create_client():
    payload, problem = _body()
    result, problem = (None, problem) if problem else _apply("new_client", payload)
    return problem or _made(resources.CLIENTS, result, result["record_id"])


@bp.route("/clients/<id:client_id>", methods=["PATCH"])
def update_client(client_id):
    payload, problem = _body()
    if problem:
        return problem
    fields = {"id": operations.new_id(), "client_id": client_id, "fields": payload}
    result, problem = _apply("edit_client", {}, **fields)
    return problem or _made(resources.CLIENTS, result, client_id, made=False)


@bp.route("/people", methods=["POST"])
def create_person():
    payload, problem = _body()
    result, problem = (None, problem) if problem else _apply("add_person", payload)
    return problem or _made(resources.PEOPLE, result, result["record_id"])


@bp.route("/people/<id:person_id>", methods=["PATCH"])
def update_person(person_id):
    payload, problem = _body()
    if problem:
        return problem
    fields = {"id": operations.new_id(), "contact_id": person_id, "fields": payload}
    result, problem = _apply("edit_person", {}, **fields)
    return problem or _made(resources.PEOPLE, result, person_id, made=False)


@bp.route("/notes", methods=["POST"])
def create_note():
    payload, problem = _body()
    result, problem = (None, problem) if problem else _apply("note", payload)
    return problem or _made(resources.NOTES, result, result["id"])
