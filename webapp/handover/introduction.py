"""What a briefing says about a client's earlier reps, and the introduction for a new owner.

Every client handed over names its earlier owners ("Emma knew these people — since 2024":
the year of their first visit or note there). For RECENT_DAYS after the last hand-over the
briefing starts with an introduction: who's who (role, how often met, when last, introduced
yet), the personal topics with their history, the promises made in the client's name and
whether they were kept, and how the last visits went. It is part of the briefing, so the
phone keeps it offline with the rest (webapp/savedpages.py: a hand-over and an introduction
move the client's page version, m017).
"""

import datetime

from webapp import timeutil
from webapp.handover.risk import RECENT_DAYS

#: How many of the latest notes the introduction retells.
LAST_VISITS = 3


def earlier_owners(db, client_id):
    """[{name, since}] of the client's owners before a hand-over, with the year of their
    first visit or note there (None when they never went), the earliest first."""
    rows = db.query(
        "SELECT u.id, u.name, MIN(h.made_at) AS first_handover,"
        " (SELECT MIN(at) FROM (SELECT MIN(v.checked_in_at) AS at FROM visits v"
        # +user_id: look through the client's rows (few), not the rep's (many).
        "   WHERE v.client_id = :client AND +v.user_id = u.id"
        "   UNION ALL SELECT MIN(n.written_at) FROM notes n"
        "   WHERE n.client_id = :client AND +n.user_id = u.id)) AS first_met"
        " FROM handovers h JOIN handover_clients x ON x.handover_id = h.id"
        " JOIN users u ON u.id = h.from_id WHERE x.client_id = :client"
        " GROUP BY u.id ORDER BY first_met IS NULL, first_met, u.name",
        {"client": client_id},
    )
    return [
        {"name": row["name"], "since": row["first_met"] and int(row["first_met"][:4])}
        for row in rows
    ]


def latest_handover(db, client_id, now):
    """The client's last hand-over if it was in the last RECENT_DAYS days, else None."""
    since = timeutil.iso(now - datetime.timedelta(days=RECENT_DAYS))
    for row in db.query(
        "SELECT h.*, f.name AS from_name FROM handovers h"
        " JOIN handover_clients x ON x.handover_id = h.id JOIN users f ON f.id = h.from_id"
        " WHERE x.client_id = ? AND h.made_at >= ? ORDER BY h.made_at DESC, h.id DESC LIMIT 1",
        [client_id, since],
    ):
        row["made"] = timeutil.parse(row["made_at"])
        return row
    return None


def introduction(db, client, now):
    """The introduction a new owner reads first, or None when the client has not changed
    hands in the last RECENT_DAYS days."""
    handover = latest_handover(db, client["id"], now)
    if handover is None:
        return None
    client_id, owner = client["id"], client["owner_id"]
    people = list(
        db.query(
            "SELECT k.id, k.name, k.title, COUNT(nc.note_id) AS met,"
            " MAX(n.written_at) AS last_met_at,"
            " EXISTS (SELECT 1 FROM introductions i WHERE i.contact_id = k.id"
            "   AND i.user_id = ?) AS introduced"
            " FROM contacts k LEFT JOIN note_contacts nc ON nc.contact_id = k.id"
            " LEFT JOIN notes n ON n.id = nc.note_id WHERE k.client_id = ?"
            " GROUP BY k.id ORDER BY met DESC, k.name",
            [owner, client_id],
        )
    )
    for person in people:
        person["last_met"] = person["last_met_at"] and timeutil.parse(person["last_met_at"])
    topics = list(
        db.query(
            "SELECT t.id, t.title, t.follow_up, t.status, t.created_at, t.last_mentioned_at,"
            " k.name AS contact_name, u.name AS by_name,"
            " (SELECT COUNT(*) FROM note_topics nt WHERE nt.topic_id = t.id) AS mentions"
            " FROM topics t JOIN contacts k ON k.id = t.contact_id"
            " LEFT JOIN users u ON u.id = t.created_by WHERE k.client_id = ?"
            " ORDER BY t.status = 'closed', t.last_mentioned_at DESC, t.id",
            [client_id],
        )
    )
    for topic in topics:
        topic["created"] = timeutil.parse(topic["created_at"])
        topic["last_mentioned"] = timeutil.parse(topic["last_mentioned_at"])
    promises = list(
        db.query(
            "SELECT p.id, p.text, p.due_date, p.kept_at, u.name AS maker_name FROM promises p"
            " JOIN users u ON u.id = p.user_id WHERE p.client_id = ?"
            " ORDER BY p.made_at DESC, p.id LIMIT 10",
            [client_id],
        )
    )
    for promise in promises:
        promise["due"] = datetime.date.fromisoformat(promise["due_date"])
        promise["kept"] = promise["kept_at"] and timeutil.parse(promise["kept_at"])
    notes = list(
        db.query(
            "SELECT n.id, n.body, n.written_at, u.name AS user_name FROM notes n"
            " JOIN users u ON u.id = n.user_id WHERE n.client_id = ?"
            " ORDER BY n.written_at DESC LIMIT ?",
            [client_id, LAST_VISITS],
        )
    )
    for note in notes:
        note["written"] = timeutil.parse(note["written_at"])
    return {
        "handover": handover,
        "people": people,
        "topics": topics,
        "promises": promises,
        "notes": notes,
    }


def for_briefing(db, client, now=None):
    """What the briefing shows about the client's earlier owners and its introduction."""
    now = now or timeutil.now()
    return {"knew": earlier_owners(db, client["id"]), "intro": introduction(db, client, now)}
