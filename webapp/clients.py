"""Clients, their contacts and the contacts' personal topics, always scoped by who asks.

A rep and a manager see their team's clients, an admin every team's. A client outside
that scope does not exist for the asker: lookups raise NotFound and views answer 404. They
are made and changed by operations only (webapp/sync/records.py), from forms as from phones.
"""

import datetime

from webapp import timeutil
from webapp.db import LAST_VISIT
from webapp.db import fold
from webapp.db import get_one
from webapp.db import marks
from webapp.db import transaction
from webapp.handover import covers
from webapp.i18n import formats


def scope(user, alias="c"):
    """SQL condition and parameters limiting clients (table alias `alias`) to the user's."""
    if user.is_admin:
        return "1 = 1", []
    return f"{alias}.team_id = ?", [user.team_id]


def list_for_today(db, user, query="", now=None):
    """Clients for the Today page, the most overdue by visit rhythm first.

    Without a query a rep gets their own clients and a manager or admin the team's;
    a query searches every visible client by name, city and contact name.
    """
    where, params = scope(user)
    sql = [
        "SELECT c.*, u.name AS owner_name,",
        f"  {LAST_VISIT} AS last_visit_at",
        "FROM clients c LEFT JOIN users u ON u.id = c.owner_id",
        f"WHERE c.archived = 0 AND {where}",
    ]
    query = (query or "").strip()
    if query:
        like = _like(query)
        sql.append(
            "AND (fold(c.name) LIKE ? ESCAPE '\\' OR fold(c.city) LIKE ? ESCAPE '\\'"
            " OR EXISTS (SELECT 1 FROM contacts k"
            " WHERE k.client_id = c.id AND fold(k.name) LIKE ? ESCAPE '\\'))"
        )
        params += [like, like, like]
    elif user.role == "rep":
        # Their own, and those of a colleague they cover today (webapp/handover/covers.py).
        book = covers.book(db, user, now)
        sql.append(f"AND c.owner_id IN ({marks(book)})")
        params += book
    rows = [with_rhythm(row, now) for row in db.query("\n".join(sql), params)]
    rows.sort(key=lambda c: (-c["overdue_days"], c["name"].casefold()))
    return rows


def people_matching(db, client_ids, query):
    """The contacts whose name matches the search `query`, at these clients: client id ->
    [contact], so a search result says who at the client was found, and as what."""
    query = (query or "").strip()
    if not query or not client_ids:
        return {}
    found = {}
    for contact in db.query(
        f"SELECT client_id, id, name, title FROM contacts WHERE client_id IN ({marks(client_ids)})"
        " AND fold(name) LIKE ? ESCAPE '\\' ORDER BY name",
        [*client_ids, _like(query)],
    ):
        found.setdefault(contact["client_id"], []).append(contact)
    return found


def _like(query):
    """A LIKE pattern finding `query` anywhere in folded text, its wildcards taken literally."""
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def with_rhythm(client, now=None, zone=None):
    """Add when the client was last visited, the date the next visit is due and how many days
    overdue it is (negative: days left), at `now` (by default the request's) in the time zone
    `zone` (by default the user's).

    Days are the user's calendar days, as a due date on a page reads: a client visited on a
    Monday with a 14-day rhythm is due all of the Monday two weeks later and one day overdue
    on the Tuesday, whatever the hour of either. Every page that says due or overdue (Today,
    the briefing, the weekly plan, the offline pages) counts here.
    """
    if now is None or zone is None:
        found = formats()
        now, zone = now or found.now, zone or found.zone
    today = now.astimezone(zone).date()
    client = dict(client)
    last = client.get("last_visit_at")
    if last:
        last_at = timeutil.parse(last)
        last_day = last_at.astimezone(zone).date()
        client["last_visit"] = last_at
        client["days_since"] = (today - last_day).days
        client["due_date"] = last_day + datetime.timedelta(days=client["rhythm_days"])
        client["overdue_days"] = (today - client["due_date"]).days
    else:
        client["last_visit"] = client["days_since"] = client["due_date"] = None
        # Never visited: as urgent as a whole rhythm overdue.
        client["overdue_days"] = client["rhythm_days"]
    client["is_due"] = client["overdue_days"] >= 0
    return client


def get_client(db, user, client_id):
    """One visible, not archived client with its owner's name and who stored its site;
    raises NotFound."""
    where, params = scope(user)
    row = get_one(
        db,
        "SELECT c.*, u.name AS owner_name, s.name AS site_set_by_name,"
        f" {LAST_VISIT} AS last_visit_at "
        "FROM clients c LEFT JOIN users u ON u.id = c.owner_id "
        "LEFT JOIN users s ON s.id = c.site_set_by "
        f"WHERE c.id = ? AND c.archived = 0 AND {where}",
        [client_id, *params],
    )
    client = with_rhythm(row)
    client["site_set"] = client["site_set_at"] and timeutil.parse(client["site_set_at"])
    return client


def archive_client(db, user, client_id):
    """Hide a client from every list; its history stays for the weekly review."""
    with transaction(db):
        get_client(db, user, client_id)
        db["clients"].update(client_id, {"archived": 1})


def list_contacts(db, client_id):
    """A client's contacts by name."""
    return list(db.query("SELECT * FROM contacts WHERE client_id = ? ORDER BY name", [client_id]))


def contacts_with_topics(db, client_id, include_closed=False):
    """Contacts, each with personal topics most recently mentioned first."""
    contacts = list_contacts(db, client_id)
    status = "" if include_closed else "AND t.status != 'closed'"
    topics = db.query(
        "SELECT t.* FROM topics t JOIN contacts k ON k.id = t.contact_id "
        f"WHERE k.client_id = ? {status} ORDER BY t.last_mentioned_at DESC",
        [client_id],
    )
    by_contact = {contact["id"]: {**contact, "topics": []} for contact in contacts}
    for topic in topics:
        topic["last_mentioned"] = timeutil.parse(topic["last_mentioned_at"])
        by_contact[topic["contact_id"]]["topics"].append(topic)
    return list(by_contact.values())


def get_contact(db, user, contact_id):
    """A contact at a visible client; raises NotFound."""
    where, params = scope(user)
    return get_one(
        db,
        "SELECT k.* FROM contacts k JOIN clients c ON c.id = k.client_id "
        f"WHERE k.id = ? AND c.archived = 0 AND {where}",
        [contact_id, *params],
    )


def get_topic(db, user, topic_id):
    """A personal topic of a contact at a visible client; raises NotFound."""
    where, params = scope(user)
    return get_one(
        db,
        "SELECT t.*, k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id "
        f"JOIN clients c ON c.id = k.client_id WHERE t.id = ? AND c.archived = 0 AND {where}",
        [str(topic_id), *params],
    )
