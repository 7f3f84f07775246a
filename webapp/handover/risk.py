"""Relationship risk and hand-over progress, for the team's weekly review.

A relationship is at risk where it hangs on one rep, or on nobody who is still here: clients
where only one rep ever met anyone (a note naming a person is a meeting), people met only by
reps who have left (deactivated), follow-up questions that have waited longer than the
client's visit rhythm, and open promises whose maker has left or is now in another team.
Only the team's active clients count.
"""

import datetime

from webapp import timeutil

#: How long a hand-over is followed in the weekly review (and introduced on the briefing).
RECENT_DAYS = 90
#: Most rows a list shows; the count says how many there are.
SHOWN = 20


def single_rep_clients(db, team_id, limit=SHOWN):
    """Clients whose people only one rep ever met, with that rep's name.

    Asked per client through the index notes_client_user (m018): the first author of a
    meeting, then whether any author after them met someone there; a client met by one rep
    costs two index probes, however long its history."""
    meeting = "EXISTS (SELECT 1 FROM note_contacts nc WHERE nc.note_id = n.id)"
    return _listed(
        db,
        "SELECT c.id, c.name, u.name AS rep_name, COUNT(*) OVER () AS total FROM"
        " (SELECT c.id, c.name, (SELECT n.user_id FROM notes n WHERE n.client_id = c.id"
        f"   AND {meeting} ORDER BY n.user_id LIMIT 1) AS first_id"
        "  FROM clients c WHERE c.team_id = ? AND c.archived = 0) c"
        " JOIN users u ON u.id = c.first_id"
        " WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.client_id = c.id"
        f"   AND n.user_id > c.first_id AND {meeting})"
        " ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?",
        [team_id, limit],
    )


def people_met_only_by_leavers(db, team_id, limit=SHOWN):
    """People whom every rep who met them has left, with the client and the reps' names.

    Only people a leaver met can be such: they are found first, from the leavers' notes
    (index notes_user), so the team's other meetings are never grouped. CROSS JOIN keeps that
    order: left to choose, SQLite scanned every meeting of the organisation instead (960 ms
    on the benchmark's 986,000 notes with no leaver at all; 3 ms in this order)."""
    return _listed(
        db,
        "SELECT k.id, k.name, c.id AS client_id, c.name AS client_name,"
        " GROUP_CONCAT(DISTINCT u.name) AS rep_names, COUNT(*) OVER () AS total"
        " FROM note_contacts nc JOIN notes n ON n.id = nc.note_id"
        " JOIN users u ON u.id = n.user_id JOIN contacts k ON k.id = nc.contact_id"
        " JOIN clients c ON c.id = k.client_id"
        " WHERE nc.contact_id IN (SELECT gc.contact_id FROM users g"
        "   CROSS JOIN notes gn ON gn.user_id = g.id"
        "   CROSS JOIN note_contacts gc ON gc.note_id = gn.id WHERE g.active = 0)"
        " AND c.team_id = ? AND c.archived = 0 GROUP BY k.id HAVING MAX(u.active) = 0"
        " ORDER BY c.name COLLATE NOCASE, k.name, k.id LIMIT ?",
        [team_id, limit],
    )


def waiting_questions(db, team_id, now, limit=SHOWN):
    """Open follow-up questions last brought up longer ago than the client's rhythm (whole
    days), the longest waiting first, each with the days it has waited."""
    moment = timeutil.iso(now)
    days = "CAST(julianday(?) - julianday(t.last_mentioned_at) AS INTEGER)"
    return _listed(
        db,
        f"SELECT t.id, t.follow_up, {days} AS days, k.name AS contact_name,"
        " c.id AS client_id, c.name AS client_name, c.rhythm_days, COUNT(*) OVER () AS total"
        " FROM topics t JOIN contacts k ON k.id = t.contact_id JOIN clients c ON c.id = k.client_id"
        " WHERE c.team_id = ? AND c.archived = 0 AND t.status = 'open'"
        f" AND TRIM(t.follow_up) != '' AND {days} > c.rhythm_days"
        " ORDER BY days DESC, c.name COLLATE NOCASE, t.id LIMIT ?",
        [moment, team_id, moment, limit],
    )


def promises_without_maker(db, team_id, limit=SHOWN):
    """Open promises whose maker has left or now works in another team."""
    return _listed(
        db,
        "SELECT p.id, p.text, p.due_date, c.id AS client_id, c.name AS client_name,"
        " u.name AS maker_name, u.active AS maker_active, COUNT(*) OVER () AS total"
        " FROM promises p JOIN clients c ON c.id = p.client_id JOIN users u ON u.id = p.user_id"
        " WHERE c.team_id = ? AND c.archived = 0 AND p.kept_at IS NULL"
        " AND (u.active = 0 OR u.team_id IS NOT c.team_id) ORDER BY p.due_date, p.id LIMIT ?",
        [team_id, limit],
    )


def _listed(db, sql, params):
    """The first rows of a risk list and how many there are in all (the query's `total`):
    a team of thousands of clients may have thousands in a list that shows twenty."""
    rows = list(db.query(sql, params))
    return {"rows": rows, "total": rows[0]["total"] if rows else 0}


def handover_progress(db, team_id, now, days=RECENT_DAYS):
    """The team's hand-overs of the last `days` days, newest first: who to whom, when, how
    many clients, and how many of those clients' people the new owner has been introduced to
    (marked "introduced", or met in a note since)."""
    since = timeutil.iso(now - datetime.timedelta(days=days))
    rows = list(
        db.query(
            "SELECT h.id, h.made_at, f.name AS from_name, t.name AS to_name, h.to_id,"
            " (SELECT COUNT(*) FROM handover_clients x WHERE x.handover_id = h.id) AS clients"
            " FROM handovers h JOIN users f ON f.id = h.from_id JOIN users t ON t.id = h.to_id"
            " WHERE h.team_id = ? AND h.made_at >= ? ORDER BY h.made_at DESC, h.id DESC",
            [team_id, since],
        )
    )
    for row in rows:
        people = db.execute(
            "SELECT COUNT(*), SUM(EXISTS (SELECT 1 FROM introductions i WHERE i.contact_id = k.id"
            " AND i.user_id = :to) OR EXISTS (SELECT 1 FROM notes n JOIN note_contacts nc"
            " ON nc.note_id = n.id WHERE nc.contact_id = k.id AND n.user_id = :to"
            " AND n.written_at >= :at)) FROM contacts k JOIN handover_clients x"
            " ON x.client_id = k.client_id WHERE x.handover_id = :id",
            {"to": row["to_id"], "at": row["made_at"], "id": row["id"]},
        ).fetchone()
        row["made"] = timeutil.parse(row["made_at"])
        row["people"], row["introduced"] = people[0], people[1] or 0
    return rows


def for_team(db, team_id, now):
    """Everything the review's "Relationship risk" and hand-over panels show."""
    return {
        "handovers": handover_progress(db, team_id, now),
        "single_rep": single_rep_clients(db, team_id),
        "leavers": people_met_only_by_leavers(db, team_id),
        "waiting": waiting_questions(db, team_id, now),
        "promises": promises_without_maker(db, team_id),
        "shown": SHOWN,
    }
