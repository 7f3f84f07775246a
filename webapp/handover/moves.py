"""Handing clients over from one rep to another: what would move, and moving it in one step.

A hand-over changes who owns the clients, the open promises made in their name (each keeps
its maker, user_id, and gets the new owner, owner_id) and the old rep's future day plans
whose every stop is a client that moves. Notes, visits and topics are history: they keep
their authors and come along with the client, so the follow-up questions waiting are only
listed. The preview is computed again inside the write transaction; if it no longer lists
exactly what the manager confirmed, nothing moves (Stale).
"""

import datetime

from webapp import audit
from webapp import timeutil
from webapp.db import fold
from webapp.db import marks
from webapp.db import transaction

#: Who owns a promise: its owner once it changed hands, else its maker.
PROMISE_OWNER = "COALESCE(p.owner_id, p.user_id)"


class Stale(Exception):
    """The clients, promises or plans changed between the preview and the confirmation."""


def team_people(db, team_id):
    """The team's reps and managers, active first, by name: who may own clients."""
    return list(
        db.query(
            "SELECT id, name, role, active, timezone FROM users"
            " WHERE team_id = ? AND role IN ('rep', 'manager') ORDER BY active DESC, name",
            [team_id],
        )
    )


def owned_clients(db, team_id, owner_id):
    """The owner's active clients in the team, by name."""
    return list(
        db.query(
            "SELECT id, name, city FROM clients WHERE team_id = ? AND owner_id = ?"
            " AND archived = 0 ORDER BY name COLLATE NOCASE, id",
            [team_id, owner_id],
        )
    )


def choose(db, team_id, owner_id, mode, city="", ids=()):
    """The ids of the owner's clients a hand-over takes: all of them, those in `city`
    (compared without case), or those among `ids`."""
    owned = owned_clients(db, team_id, owner_id)
    if mode == "all":
        return [c["id"] for c in owned]
    if mode == "city":
        return [c["id"] for c in owned if fold(c["city"].strip()) == fold(city.strip())]
    wanted = set(ids)
    return [c["id"] for c in owned if c["id"] in wanted]


def preview(db, team_id, from_id, client_ids, today):
    """What a hand-over of `client_ids` (the old owner's, in the team) moves, as lists:
    clients, open promises the old owner owns there, follow-up questions waiting there
    (they come with the clients), the old owner's day plans from `today` (local date) on
    whose every stop moves, and the plans that stay because some stops do not."""
    owned = {c["id"]: c for c in owned_clients(db, team_id, from_id)}
    ids = [i for i in dict.fromkeys(client_ids) if i in owned]
    found = {"clients": [owned[i] for i in ids], "promises": [], "follow_ups": []}
    found.update(plans=[], plans_staying=[])
    if not ids:
        return found
    found["promises"] = list(
        db.query(
            "SELECT p.id, p.text, p.due_date, p.user_id, c.name AS client_name,"
            " u.name AS maker_name FROM promises p JOIN clients c ON c.id = p.client_id"
            " JOIN users u ON u.id = p.user_id"
            f" WHERE p.client_id IN ({marks(ids)}) AND p.kept_at IS NULL AND {PROMISE_OWNER} = ?"
            " ORDER BY p.due_date, p.id",
            [*ids, from_id],
        )
    )
    found["follow_ups"] = list(
        db.query(
            "SELECT t.id, t.title, t.follow_up, k.name AS contact_name, c.name AS client_name"
            " FROM topics t JOIN contacts k ON k.id = t.contact_id"
            " JOIN clients c ON c.id = k.client_id"
            f" WHERE k.client_id IN ({marks(ids)}) AND t.status = 'open'"
            " AND TRIM(t.follow_up) != '' ORDER BY c.name COLLATE NOCASE, k.name, t.id",
            ids,
        )
    )
    for promise in found["promises"]:
        promise["due"] = datetime.date.fromisoformat(promise["due_date"])
    moving = set(ids)
    for plan in db.query(
        "SELECT p.id, p.day, GROUP_CONCAT(s.client_id) AS stops FROM day_plans p"
        " JOIN day_plan_stops s ON s.plan_id = p.id WHERE p.owner_id = ? AND p.team_id = ?"
        " AND p.day >= ? GROUP BY p.id ORDER BY p.day, p.id",
        [from_id, team_id, today.isoformat()],
    ):
        stops = {int(s) for s in plan.pop("stops").split(",")}
        plan["stops"] = len(stops & moving)
        plan["date"] = datetime.date.fromisoformat(plan["day"])
        if stops <= moving:
            found["plans"].append(plan)
        elif stops & moving:
            found["plans_staying"].append(plan)
    return found


def signature(found):
    """The ids a preview lists, to compare a confirmation with what would move now."""
    return {
        "clients": sorted(c["id"] for c in found["clients"]),
        "promises": sorted(p["id"] for p in found["promises"]),
        "plans": sorted(p["id"] for p in found["plans"]),
    }


def hand_over(db, actor_id, team_id, from_id, to_id, confirmed, today):
    """Move what the preview listed (`confirmed`, a signature) from `from_id` to `to_id`, in
    one transaction, and record it (tables handovers, handover_clients; the audit log).
    Raises Stale when the preview would now list anything else. Returns the hand-over's id."""
    with transaction(db):
        found = preview(db, team_id, from_id, confirmed["clients"], today)
        now = signature(found)
        if now != confirmed or not now["clients"]:
            raise Stale()
        clients, promises, plans = now["clients"], now["promises"], now["plans"]
        db.execute(
            f"UPDATE clients SET owner_id = ? WHERE id IN ({marks(clients)})", [to_id, *clients]
        )
        if promises:
            db.execute(
                f"UPDATE promises SET owner_id = ? WHERE id IN ({marks(promises)})",
                [to_id, *promises],
            )
        if plans:
            db.execute(
                f"UPDATE day_plans SET owner_id = ?, updated_at = ? WHERE id IN ({marks(plans)})",
                [to_id, timeutil.now_iso(), *plans],
            )
        handover_id = (
            db["handovers"]
            .insert(
                {
                    "team_id": team_id,
                    "from_id": from_id,
                    "to_id": to_id,
                    "made_by": actor_id,
                    "made_at": timeutil.now_iso(),
                    "promises": len(promises),
                    "plans": len(plans),
                }
            )
            .last_pk
        )
        db["handover_clients"].insert_all(
            {"handover_id": handover_id, "client_id": i} for i in clients
        )
        audit.record(
            db,
            "clients_handed_over",
            actor_id,
            subject=f"user {from_id} to user {to_id}",
            detail=f"handover {handover_id}: {len(clients)} clients, {len(promises)} promises,"
            f" {len(plans)} plans",
        )
    return handover_id
