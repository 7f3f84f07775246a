"""The merged-away answer for the kept one: pages by redirect, the sync by substitution.

A page whose address names a merged-away client or person (/clients/12, /contacts/40/…)
redirects to the same page of the one kept. An operation from a phone that still names the
merged-away record, by row id or by the UUID it was made under offline, is applied to the
kept one: the phone's outbox may hold operations from before the merge for days. A person's
id is only followed while no person has it: SQLite may give a deleted row's id to the next.
"""

import json

from flask import redirect
from flask import request
from flask import url_for
from flask_login import current_user

from webapp import clients
from webapp.db import NotFound
from webapp.db import get_db
from webapp.sync import checks

#: The view arguments, and the operations' keys, that name a client or a person.
VIEW_ARGS = {"client_id": "client", "contact_id": "contact"}

FOLLOW = (
    "SELECT r.record, r.old_id, r.old_ref, r.kept_id FROM merge_redirects r"
    " WHERE (r.old_id IN (SELECT value FROM json_each(?1))"
    " OR r.old_ref IN (SELECT value FROM json_each(?2)))"
    " AND (r.record = 'client' OR NOT EXISTS (SELECT 1 FROM contacts k WHERE k.id = r.old_id))"
)


def kept(db, record, ids=(), refs=()):
    """{old id or ref: kept id} for the merged-away `record`s ("client", "contact") named."""
    ids, refs = [i for i in ids if checks.is_id(i)], [r for r in refs if r]
    if not ids and not refs:
        return {}
    found = {}
    for kind, old_id, old_ref, kept_id in db.execute(
        FOLLOW, [json.dumps(sorted(set(ids))), json.dumps(sorted(set(refs)))]
    ).fetchall():
        if kind == record:
            found[old_id] = kept_id
            if old_ref:
                found[old_ref] = kept_id
    return found


def follow(db, ops):
    """The operations with every merged-away client and person replaced by the kept one."""
    named = {"client": [], "contact": []}
    for op in ops:
        if not isinstance(op, dict):
            continue
        named["client"].append(op.get("client_id"))
        named["contact"].append(op.get("contact_id"))
        named["contact"] += checks.items(op, "contacts_met")
        named["contact"] += [
            t.get("contact_id") for t in checks.items(op, "new_topics") if isinstance(t, dict)
        ]
    maps = {}
    for record, found in named.items():
        values = {v for v in found if isinstance(v, (int, str)) and not isinstance(v, bool)}
        refs = [checks.uuid_of(v) for v in values if isinstance(v, str)]
        maps[record] = kept(db, record, [v for v in values if isinstance(v, int)], refs)
    if not maps["client"] and not maps["contact"]:
        return ops
    return [_swapped(op, maps) for op in ops]


def _swapped(op, maps):
    if not isinstance(op, dict):
        return op

    def swap(value, record):
        key = checks.uuid_of(value) if isinstance(value, str) else value
        hashable = isinstance(key, (int, str)) and not isinstance(key, bool)
        return maps[record].get(key, value) if hashable else value

    op = dict(op)
    if "client_id" in op:
        op["client_id"] = swap(op["client_id"], "client")
    if "contact_id" in op:
        op["contact_id"] = swap(op["contact_id"], "contact")
    if isinstance(op.get("contacts_met"), list):
        op["contacts_met"] = [swap(c, "contact") for c in op["contacts_met"]]
    if isinstance(op.get("new_topics"), list):
        op["new_topics"] = [
            {**t, "contact_id": swap(t.get("contact_id"), "contact")}
            if isinstance(t, dict) and "contact_id" in t
            else t
            for t in op["new_topics"]
        ]
    return op


def redirect_merged():
    """Before a page: a merged-away client or person in its address redirects (GET only)."""
    if request.method not in ("GET", "HEAD") or not request.view_args or not request.endpoint:
        return None
    if not current_user.is_authenticated:
        return None
    db = get_db()
    args = dict(request.view_args)
    changed = False
    for arg, record in VIEW_ARGS.items():
        value = args.get(arg)
        if isinstance(value, int):
            found = kept(db, record, [value]).get(value)
            if found and _visible(db, record, found):
                args[arg], changed = found, True
    if not changed:
        return None
    return redirect(url_for(request.endpoint, **args, **request.args.to_dict(flat=True)))


def _visible(db, record, record_id):
    """Whether the user may see the kept one: another team's merge is not revealed."""
    lookup = clients.get_client if record == "client" else clients.get_contact
    try:
        lookup(db, current_user, record_id)
    except NotFound:
        return False
    return True
