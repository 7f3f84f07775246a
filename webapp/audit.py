"""The audit log: who did what security-relevant thing, when and from where. Append-only.

Triggers in the schema refuse UPDATE and DELETE, so not even a bug in Folka can rewrite it.
Entries name people by user id and records by id, never copy personal data about contacts:
an erased contact must leave no trace, and the log cannot be edited afterwards.
"""

from flask import has_request_context
from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import timeutil
from webapp.db import get_db
from webapp.db import transaction

#: Every action the log records, with the label the admin page shows.
ACTIONS = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "login_throttled": _l("Login refused: too many attempts"),
    "second_step_failed": _l("Wrong second-step code"),
    "recovery_code_used": _l("Recovery code used"),
    "password_check_failed": _l("Wrong password before an account change"),
    "password_check_throttled": _l("Logged out: too many wrong passwords"),
    "logout": _l("Logged out"),
    "sessions_ended": _l("Sessions ended"),
    "password_changed": _l("Password changed"),
    "totp_enabled": _l("Two-step login turned on"),
    "totp_disabled": _l("Two-step login turned off"),
    "recovery_codes_renewed": _l("New recovery codes"),
    "user_created": _l("User created"),
    "user_updated": _l("User changed"),
    "password_reset": _l("Password reset by admin"),
    "totp_reset": _l("Two-step login reset by admin"),
    "user_deactivated": _l("User deactivated"),
    "user_reactivated": _l("User reactivated"),
    "contact_exported": _l("Contact data exported"),
    "contact_erased": _l("Contact erased"),
    "topics_purged": _l("Expired personal topics deleted"),
    "export": _l("Data exported"),
    "access_denied": _l("Access refused"),
    "clients_handed_over": _l("Clients handed over"),
    "cover_made": _l("Cover arranged"),
    "cover_ended": _l("Cover ended early"),
}
PAGE_SIZE = 50


def _clean(text, limit):
    """One line of bounded text: control characters would let input forge extra log lines."""
    text = "" if text is None else str(text)
    return "".join(ch if ch.isprintable() else " " for ch in text)[:limit]


def record(db, action, actor_id=None, subject="", detail="", address=None):
    """Append one entry; joins the caller's transaction when there is one."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if address is None and has_request_context():
        address = request.remote_addr
    with transaction(db):
        db["audit_log"].insert(
            {
                "at": timeutil.now_iso(),
                "actor_id": actor_id,
                "action": action,
                "subject": _clean(subject, 300),
                "detail": _clean(detail, 500),
                "address": _clean(address, 64),
            }
        )


def entries(db, before=None, action=None, limit=PAGE_SIZE):
    """The newest entries (older than id `before`), with the actor's name."""
    where, params = ["1 = 1"], []
    if before:
        where.append("a.id < ?")
        params.append(before)
    if action:
        where.append("a.action = ?")
        params.append(action)
    rows = db.query(
        "SELECT a.*, u.name AS actor_name, u.email AS actor_email FROM audit_log a "
        f"LEFT JOIN users u ON u.id = a.actor_id WHERE {' AND '.join(where)} "
        "ORDER BY a.id DESC LIMIT ?",
        [*params, limit],
    )
    return [
        {
            **row,
            "when": timeutil.parse(row["at"]),
            "label": ACTIONS.get(row["action"], row["action"]),
        }
        for row in rows
    ]


def record_access(response):
    """Every file a logged-in user downloads (CSV exports and the like) leaves an entry,
    and so does every refusal (403) of something a logged-in user tried.

    Registered as an after-request hook, so an export or page added later is covered too.
    The contact export records its own, more specific entry.
    """
    if response.status_code == 403 and current_user.is_authenticated:
        record(
            get_db(), "access_denied", current_user.id, subject=request.path, detail=request.method
        )
        return response
    disposition = response.headers.get("Content-Disposition", "")
    if (
        response.status_code == 200
        and disposition.startswith("attachment")
        and request.endpoint != "admin.export_contact"
        and current_user.is_authenticated
    ):
        query = request.query_string.decode("utf-8", "replace")
        record(get_db(), "export", current_user.id, subject=request.path, detail=query)
    return response
