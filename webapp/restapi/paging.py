"""Cursor pagination and the `updated_since` filter shared by every list of the REST API.

A list is ordered by id; `next_cursor` is an opaque text naming the last id of the page,
null on the last page. A cursor stays valid however the data changes: rows added later
with a larger id come on a later page, and `updated_since` (an ISO 8601 time, compared with
each record's `updated_at`) finds again what changed since a client last looked.
"""

import base64
import binascii
import json

from flask import request
from flask_babel import gettext as _

from webapp import timeutil

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadQuery(ValueError):
    """A query argument the API cannot use; its text is for people (translated)."""


def _limit():
    raw = request.args.get("limit", str(DEFAULT_LIMIT))
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_LIMIT):
        raise BadQuery(_("The limit must be a number from 1 to %(max)d.", max=MAX_LIMIT))
    return int(raw)


def encode(last_id):
    text = json.dumps(last_id, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def _cursor(id_type):
    raw = request.args.get("cursor")
    if raw is None:
        return None
    try:
        padded = raw + "=" * (-len(raw) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        value = None
    if not isinstance(value, id_type) or isinstance(value, bool):
        raise BadQuery(_("This cursor is not valid: use the next_cursor of a list."))
    return value


def _since():
    raw = request.args.get("updated_since")
    if raw is None:
        return None
    try:
        return timeutil.iso(timeutil.parse(raw))
    except ValueError:
        raise BadQuery(
            _("updated_since must be a date and time, such as 2026-11-24T08:30:00Z.")
        ) from None


def page(db, select, where, params, id_column, updated, id_type, shape):
    """One page of `select` (FROM … without WHERE) filtered by `where` and the query's
    cursor and updated_since; {"data": [...], "next_cursor": …} with rows made by shape()."""
    limit, cursor, since = _limit(), _cursor(id_type), _since()
    conditions, values = [where], list(params)
    if cursor is not None:
        conditions.append(f"{id_column} > ?")
        values.append(cursor)
    if since is not None:
        conditions.append(f"{updated} > ?")
        values.append(since)
    sql = f"{select} WHERE {' AND '.join(conditions)} ORDER BY {id_column} LIMIT {limit + 1}"
    rows = list(db.query(sql, values))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "data": [shape(row) for row in rows],
        "next_cursor": encode(rows[-1]["id"]) if more else None,
    }
