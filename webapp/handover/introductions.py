"""The operation mark_introduced: a client's owner has met one of its people.

After a hand-over the weekly review follows how many of the clients' people the new owner
has met (risk.handover_progress). The mark is an operation like the rest of field work, so
it is saved on the phone offline and synced once (webapp/sync/operations.py); the briefing's
button posts the same operation when the phone has no outbox. A person is marked once per
owner: marking again changes nothing.
"""

from flask_babel import gettext as _

from webapp import clients
from webapp import timeutil
from webapp.db import NotFound
from webapp.sync import checks
from webapp.sync.checks import Rejected


def mark(db, user, op_id, at, op):
    """Apply mark_introduced {contact_id}: the person must be at a client the user owns."""
    contact_id = op.get("contact_id")
    if not checks.is_id(contact_id):
        raise Rejected("invalid", _("Choose a person at this client."))
    try:
        contact = clients.get_contact(db, user, contact_id)
    except NotFound:
        raise Rejected("not_found", _("This person was not found.")) from None
    owner = db.execute("SELECT owner_id FROM clients WHERE id = ?", [contact["client_id"]])
    if owner.fetchone()[0] != user.id:
        raise Rejected("not_owner", _("Only the client's owner marks people as introduced."))
    db.execute(
        "INSERT OR IGNORE INTO introductions (contact_id, user_id, at) VALUES (?, ?, ?)",
        [contact_id, user.id, timeutil.iso(at)],
    )
