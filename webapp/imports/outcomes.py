"""What an import will do with each client of the file, decided before anything is written.

Each client read from the file (mapping.clients) gets one outcome: new; update, when a client
of the team has the same external id or organisation number; duplicate, skipped, when one has
a name and city alike (webapp/merge/folding.py, the duplicate finder's rule) but no id says
it is the same; or error, with every reason in the user's language. The preview shows the
plan, and applying it (apply.py) writes exactly what the preview showed, checked again
against the database in the same transaction.
"""

import functools
import re

from flask_babel import gettext as _

from webapp.imports import progress
from webapp.imports.mapping import FIELDS
from webapp.merge.folding import fold_company
from webapp.merge.folding import fold_text
from webapp.merge.folding import org_number
from webapp.sync import fields

#: Country names as files write them, folded, with the code Folka keeps.
COUNTRIES = {
    **{code.casefold(): code for code in fields.COUNTRY_CODES},
    "norway": "NO", "norge": "NO", "noreg": "NO", "norja": "NO", "norwegia": "NO",
    "sweden": "SE", "sverige": "SE", "ruotsi": "SE", "szwecja": "SE",
    "finland": "FI", "suomi": "FI", "finlandia": "FI",
    "poland": "PL", "polen": "PL", "puola": "PL", "polska": "PL",
    "nor": "NO", "swe": "SE", "fin": "FI", "pol": "PL",
}  # fmt: skip
#: The client's text fields, with their longest value.
TEXT = {
    "name": fields.MAX_NAME,
    "address": fields.MAX_ADDRESS,
    "city": fields.MAX_CITY,
    "postcode": 20,
    "external_id": 100,
    "org_number": 40,
}
#: The client's columns an import sets, in the order the preview lists changes.
COLUMNS = ("name", "external_id", "org_number", "address", "postcode", "city", "country",
           "lat", "lon", "rhythm_days", "owner_id")  # fmt: skip
#: Who stored a client's site, when and how precisely: restored with it on undo.
SITE_COLUMNS = ("site_accuracy_m", "site_set_by", "site_set_at")


#: Cities, countries and teams repeat down a file: each is folded once per process.
fold_repeated = functools.lru_cache(maxsize=4096)(fold_text)


class Directory:
    """What planning reads, once per import: the teams, users and clients the importer may
    write to, indexed the ways a row can name them."""

    def __init__(self, db, user, team_id):
        self.user, self.team_id = user, team_id
        teams = db.query("SELECT id, name FROM teams")
        if not user.is_admin:
            teams = [t for t in teams if t["id"] == user.team_id]
        self.teams = {fold_text(t["name"]): t["id"] for t in teams}
        self.team_ids = set(self.teams.values())
        self.users = {
            row["email"].casefold(): row
            for row in db.query("SELECT id, email, team_id FROM users WHERE active = 1")
        }
        self.by_id, self.by_external, self.by_number, self.by_name = {}, {}, {}, {}
        for c in db.query(
            "SELECT id, team_id, name, external_id, org_number, address, postcode, city,"
            " country, lat, lon, rhythm_days, owner_id, site_accuracy_m, site_set_by, site_set_at"
            " FROM clients WHERE archived = 0"
        ):
            if c["team_id"] not in self.team_ids:
                continue
            self.index(c)

    def index(self, client):
        team = client["team_id"]
        self.by_id[client["id"]] = client
        if client["external_id"]:
            self.by_external[(team, client["external_id"])] = client
        if client["org_number"]:
            self.by_number[(team, client["org_number"])] = client
        key = (team, fold_company(client["name"]), fold_text(client["city"]))
        self.by_name.setdefault(key, client)


def plan(directory, groups):
    """Each group with "action", "errors", "client" (the values to store), "match" (the
    client it updates or duplicates) and "changes" (the fields an update changes)."""
    return [_plan_one(directory, group) for group in groups]


def plan_steps(directory, groups):
    """plan(), telling a progress.Step("check", …) about every progress.EVERY rows."""
    entries, done, told, rows = [], 0, 0, progress.counted(groups)
    for group in groups:
        entries.append(_plan_one(directory, group))
        done += len(group["lines"])
        if done - told >= progress.EVERY:
            told = done
            yield progress.Step("check", done, rows)
    if told < rows:
        yield progress.Step("check", rows, rows)
    return entries


def _plan_one(directory, group):
    errors, values = [], group["values"]
    client = _client_values(directory, values, errors)
    people = [_person_values(p, errors) for p in group["people"]]
    entry = {**group, "client": client, "people": people, "errors": errors, "match": None}
    entry["changes"] = {}
    if errors:
        entry["action"] = "error"
        return entry
    team = client["team_id"]
    match = directory.by_external.get((team, client.get("external_id"))) or (
        directory.by_number.get((team, client.get("org_number")))
    )
    if match:
        entry["action"], entry["match"] = "update", match
        entry["changes"] = {
            key: value
            for key, value in client.items()
            if key in COLUMNS and key in _given(values) and match[key] != value
        }
        return entry
    name = fold_company(client["name"])
    similar = directory.by_name.get((team, name, fold_repeated(client["city"])))
    if similar:
        entry["action"], entry["match"] = "duplicate", similar
        return entry
    entry["action"] = "new"
    return entry


def _given(values):
    """The client's columns the file gives a value for (an empty cell changes nothing)."""
    given = {key for key in values if key in COLUMNS}
    if "owner_email" in values:
        given.add("owner_id")
    return given


def _label(field):
    return str(FIELDS[field])


def _client_values(directory, values, errors):
    client = {}
    for key, limit in TEXT.items():
        text = values.get(key, "")
        if len(text) > limit:
            errors.append(f"{_label(key)}: " + _("At most %(max)d characters.", max=limit))
        client[key] = text
    if not client["name"]:
        errors.append(_("The client's name is missing."))
    client["org_number"] = org_number(client["org_number"])
    client["external_id"] = client["external_id"] or None
    client["team_id"] = _team(directory, values.get("team"), errors)
    client["country"] = _country(values.get("country"), errors)
    client["lat"], client["lon"] = _position(values.get("lat"), values.get("lon"), errors)
    client["rhythm_days"] = _rhythm(values.get("rhythm_days"), errors)
    client["owner_id"] = _owner(directory, values.get("owner_email"), client["team_id"], errors)
    return client


def _team(directory, name, errors):
    if not name:
        return directory.team_id
    team = directory.teams.get(fold_repeated(name))
    if team is None:
        if directory.user.is_admin:
            errors.append(_("There is no team named “%(name)s”.", name=name))
        else:
            errors.append(_("You can import only into your own team."))
        return directory.team_id
    return team


def _country(value, errors):
    if not value:
        return ""
    code = COUNTRIES.get(fold_repeated(value))
    if code is None:
        errors.append(_("Unknown country “%(value)s”: use NO, SE, FI or PL.", value=value))
        return ""
    return code


def number(text):
    """A decimal number as a spreadsheet in any of the five languages writes it ("60,39")."""
    text = (text or "").strip().replace("\u2212", "-").replace(" ", "")
    if re.fullmatch(r"-?[0-9]+([.,][0-9]+)?", text):
        return float(text.replace(",", "."))
    return None


def _position(lat_text, lon_text, errors):
    if not lat_text and not lon_text:
        return None, None
    lat, lon = number(lat_text), number(lon_text)
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        errors.append(
            _(
                "The coordinates “%(lat)s, %(lon)s” are not a position: latitude -90 to 90,"
                " longitude -180 to 180, both given.",
                lat=lat_text or "",
                lon=lon_text or "",
            )
        )
        return None, None
    return lat, lon


def _rhythm(text, errors):
    if not text:
        return None
    first, last = fields.RHYTHM_DAYS
    value = number(text)
    if value is None or not value.is_integer() or not first <= value <= last:
        errors.append(
            _("The visit rhythm must be %(first)d to %(last)d days.", first=first, last=last)
        )
        return None
    return int(value)


def _owner(directory, email, team_id, errors):
    if not email:
        return None
    user = directory.users.get(email.strip().casefold())
    if user is None or user["team_id"] != team_id:
        errors.append(_("No one in the team has the e-mail address %(email)s.", email=email))
        return None
    return user["id"]


def _person_values(person, errors):
    found = {}
    data = {key: person[key] for key in ("name", "title", "phone", "email")}
    clean = fields.given(data, fields.PERSON, found)
    labels = {"name": "person_name", "title": "person_title", "phone": "person_phone",
              "email": "person_email"}  # fmt: skip
    for key, message in found.items():
        errors.append(f"{_label(labels[key])}: {message}")
    return clean
