"""The REST API's reads: a list and a single record for each resource under /api/v1/.

Plain Flask views over resources.py; writes are in writes.py. Every answer is JSON, every
error the one shape of webapp/errors.py ({"error": code, "message": text}).
"""

from flask import Blueprint
from flask import jsonify
from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.db import get_db
from webapp.db import row_id
from webapp.errors import json_error
from webapp.restapi import auth
from webapp.restapi import paging
from webapp.restapi import resources
from webapp.security import csrf
from webapp.sync import checks

bp = Blueprint("restapi", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # cookies do not authenticate here (auth.py): nothing to forge


@bp.before_request
def guard():
    return auth.require_token(current_user._get_current_object())


@bp.errorhandler(paging.BadQuery)
def bad_query(error):
    return json_error(400, "bad_query", str(error))


@bp.route("/me")
def me():
    """Who the token belongs to, and what it may do."""
    user = current_user
    return jsonify(
        id=user.id,
        name=user.name,
        email=user.email,
        role=user.role,
        team_id=user.team_id,
        scope=user.token_scope,
    )


def _filters(resource):
    """The WHERE conditions of the filters given in the query (ids), or BadQuery."""
    conditions, params = [], []
    for name, column in resource.filters.items():
        raw = request.args.get(name)
        if raw is None:
            continue
        try:
            params.append(row_id(raw))
        except ValueError:
            raise paging.BadQuery(
                _("%(name)s must be an id (a whole number).", name=name)
            ) from None
        conditions.append(f"{column} = ?")
    return conditions, params


def _list(resource):
    where, params = resource.scope(current_user)
    conditions, values = _filters(resource)
    select = resource.select if conditions else resource.scanned()
    result = paging.page(
        get_db(),
        f"{resource.columns()} {select}",
        " AND ".join([where, *conditions]),
        [*params, *values],
        resource.id_column,
        resource.updated,
        resource.id_type,
        resource.shape,
    )
    return jsonify(result)


def _one(resource, record_id):
    return jsonify(resource.one(get_db(), current_user, record_id))


def _uuid_or_404(value):
    """A UUID as the phone made it; anything else names no record (404, as a missing one)."""
    clean = checks.uuid_of(value)
    if clean is None:
        return None, json_error(
            404, "not_found", _("This record does not exist, or you have no access to it.")
        )
    return clean, None


def _register(resource):
    """GET /<name> and GET /<name>/<id> for one resource."""
    name = resource.name

    def list_view():
        return _list(resource)

    if resource.id_type is int:

        def one_view(record_id):
            return _one(resource, record_id)

        rule = f"/{name}/<id:record_id>"
    else:

        def one_view(record_id):
            clean, problem = _uuid_or_404(record_id)
            return problem or _one(resource, clean)

        rule = f"/{name}/<record_id>"
    bp.add_url_rule(f"/{name}", f"list_{name}", list_view, methods=["GET"])
    bp.add_url_rule(rule, f"get_{name}", one_view, methods=["GET"])


for _resource in resources.ALL.values():
    _register(_resource)
