"""Who calls the REST API: the bearer of a personal access token, never a cookie.

For every path under /api/v1/ the token in `Authorization: Bearer …` decides the user, set
as Flask-Login's current user before any other hook asks (language, time zone, the account
steps, the audit log); the session and remember-me cookies are not even read. So a page in
a browser cannot make a logged-in user's browser call the API (no CSRF is possible), and
the API needs no CSRF token. A read token may only read (GET); writing needs read-write.
"""

from flask import g
from flask import request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin

from webapp.accounts import users
from webapp.db import get_db
from webapp.errors import json_error
from webapp.restapi import tokens

PREFIX = "/api/v1/"


def is_api(path):
    return path.startswith(PREFIX)


def bearer_user():
    """Runs first for every request: on an API path, the token's user (or nobody) becomes
    the current user, whatever the cookies say."""
    if not is_api(request.path):
        return None
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    row = tokens.find(get_db(), token.strip()) if scheme.lower() == "bearer" else None
    if row is None:
        g._login_user = AnonymousUserMixin()
        return None
    user = users.User(row)
    user.token_scope = row["scope"]
    g._login_user = user
    return None


def require_token(user):
    """The blueprint's guard: 401 without a live token, 403 when a read token writes."""
    if not user.is_authenticated:
        answer = json_error(
            401, "token_required", _("Send a valid access token: Authorization: Bearer <token>.")
        )
        answer[0].headers["WWW-Authenticate"] = 'Bearer realm="folka"'
        return answer
    writes = request.method not in ("GET", "HEAD", "OPTIONS")
    if writes and getattr(user, "token_scope", None) != "read-write":
        return json_error(403, "read_only_token", _("This access token may only read."))
    return None
