"""Likely duplicates: clients that are one company, people who are one person.

Two clients of a team are likely one when they share an organisation number or an external
id, or when their names are alike once case, accents and the legal form are folded away
(folding.py) and they are in the same city. Two people are likely one when they share an
e-mail address or a phone number, or have alike names at the same client. Each pair is
listed once, with why, so whoever merges sees the reason next to both records.
"""

from flask_babel import lazy_gettext as _l

from webapp import clients
from webapp.merge.folding import fold_company
from webapp.merge.folding import fold_text
from webapp.merge.folding import org_number
from webapp.merge.folding import phone_digits

REASONS = {
    "org_number": _l("Same organisation number"),
    "external_id": _l("Same external id"),
    "name_city": _l("Alike name in the same city"),
    "email": _l("Same e-mail address"),
    "phone": _l("Same phone number"),
    "name": _l("Alike name at the same client"),
}
#: Pairs listed at most, of each kind.
LIMIT = 200


def _pairs(records, keys):
    """[(first, second, reason)] of records sharing a key, first by lowest id, each pair once."""
    found, seen = [], set()
    for reason, key_of in keys:
        groups = {}
        for record in records:
            key = key_of(record)
            if key:
                groups.setdefault(key, []).append(record)
        for group in groups.values():
            group.sort(key=lambda r: r["id"])
            for other in group[1:]:
                pair = (group[0]["id"], other["id"])
                if pair not in seen:
                    seen.add(pair)
                    found.append((group[0], other, reason))
    return found[:LIMIT]


def duplicate_clients(db, user):
    """Likely duplicate clients the user may see (not archived), as (first, second, reason)."""
    where, params = clients.scope(user)
    rows = list(
        db.query(
            "SELECT c.id, c.team_id, c.name, c.city, c.address, c.external_id, c.org_number,"
            " (SELECT COUNT(*) FROM visits v WHERE v.client_id = c.id) AS visits,"
            " (SELECT COUNT(*) FROM contacts k WHERE k.client_id = c.id) AS people"
            f" FROM clients c WHERE c.archived = 0 AND {where}",
            params,
        )
    )
    return _pairs(
        rows,
        [
            (
                "org_number",
                lambda c: c["org_number"] and (c["team_id"], org_number(c["org_number"])),
            ),
            ("external_id", lambda c: c["external_id"] and (c["team_id"], c["external_id"])),
            (
                "name_city",
                lambda c: (c["team_id"], fold_company(c["name"]), fold_text(c["city"])),
            ),
        ],
    )


def duplicate_people(db, user):
    """Likely duplicate people at clients the user may see, as (first, second, reason); a
    pair at two clients is listed by e-mail or phone only."""
    where, params = clients.scope(user)
    rows = list(
        db.query(
            "SELECT k.id, k.client_id, k.name, k.title, k.phone, k.email, c.name AS client_name,"
            " c.team_id FROM contacts k JOIN clients c ON c.id = k.client_id"
            f" WHERE c.archived = 0 AND {where}",
            params,
        )
    )
    return _pairs(
        rows,
        [
            ("email", lambda k: k["email"] and (k["team_id"], k["email"].casefold())),
            (
                "phone",
                lambda k: phone_digits(k["phone"]) and (k["team_id"], phone_digits(k["phone"])),
            ),
            ("name", lambda k: (k["client_id"], fold_text(k["name"]))),
        ],
    )
