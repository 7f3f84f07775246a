"""People from vCards (.vcf) as phones share and export them: one card or a whole address book.

A small reader rather than a library: Folka needs a card's name, title, first phone and
first e-mail, and phones write versions 2.1 (Android's export, with quoted-printable names
in UTF-8), 3.0 and 4.0 (iPhone), which differ only in details handled here: folded lines,
parameters (TEL;TYPE=CELL: and 2.1's bare TEL;CELL:), quoted-printable values with soft line
breaks, and backslash escapes. The people go through the same checks as a person typed in,
are recorded as an import (undone like one), and a person the client already has (same
e-mail or name) is not added twice.
"""

import json
import quopri
import re

from flask_babel import gettext as _

from webapp.db import transaction
from webapp.imports import apply
from webapp.imports import cells
from webapp.imports import reading
from webapp.imports import runs
from webapp.sync import fields

#: More cards than this in one file is not a client's people.
MAX_CARDS = 500


def people(data):
    """[{"name", "title", "phone", "email"}] of the file's cards; raises reading.Unreadable."""
    if not data or not data.strip():
        raise reading.Unreadable(_("The file is empty."))
    text = reading.decode(data)
    if "BEGIN:VCARD" not in text.upper():
        raise reading.Unreadable(_("This is not a vCard file (.vcf)."))
    found = []
    for card in _cards(_unfold(text)):
        person = _person(card)
        if person["name"]:
            found.append(person)
    if not found:
        raise reading.Unreadable(_("The file holds no card with a name."))
    if len(found) > MAX_CARDS:
        raise reading.Unreadable(_("The file holds more than %(max)d cards.", max=MAX_CARDS))
    for person in found:
        errors = {}
        clean = fields.given(person, fields.PERSON, errors)
        for key in ("phone", "email"):  # a value that does not fit is left out, not fatal
            if key in errors:
                clean[key] = ""
                errors.pop(key)
        if errors:
            raise reading.Unreadable(
                _("The card of “%(name)s” cannot be read.", name=person["name"][:60])
            )
        person.update(clean)
    return found


def _unfold(text):
    """Logical lines: a line starting with a space or tab continues the one before, and a
    quoted-printable value ending in "=" continues on the next line."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif lines and lines[-1].endswith("=") and "QUOTED-PRINTABLE" in lines[-1].upper():
            lines[-1] = lines[-1][:-1] + raw
        else:
            lines.append(raw)
    return lines


def _cards(lines):
    card = None
    for line in lines:
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            card = []
        elif upper == "END:VCARD":
            if card is not None:
                yield card
            card = None
        elif card is not None and ":" in line:
            card.append(line)


def _property(line):
    """(NAME, {params}, value) of one content line, its value decoded."""
    head, value = line.split(":", 1)
    parts = head.split(";")
    name = parts[0].split(".")[-1].upper()  # "item1.EMAIL" (iPhone) is EMAIL
    params = {}
    for part in parts[1:]:
        key, _sep, val = part.partition("=")
        params[key.upper()] = val.upper() if _sep else key.upper()
    if params.get("ENCODING") == "QUOTED-PRINTABLE" or "QUOTED-PRINTABLE" in params:
        charset = params.get("CHARSET", "UTF-8").lower()
        raw = quopri.decodestring(value.encode("latin-1", "replace"))
        try:
            value = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            value = raw.decode("utf-8", "replace")
    return name, params, value


def _unescape(value):
    return re.sub(r"\\([,;:nN\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _person(card):
    found = {}
    for line in card:
        name, _params, value = _property(line)
        if name in ("FN", "N", "TITLE", "ROLE", "TEL", "EMAIL") and name not in found:
            found[name] = value
    full = _unescape(found.get("FN", "")).strip()
    if not full and "N" in found:
        parts = [_unescape(p).strip() for p in re.split(r"(?<!\\);", found["N"])]
        family, given = (parts + ["", ""])[:2]
        full = " ".join(p for p in (given, family) if p)
    person = {
        "name": full,
        "title": _unescape(found.get("TITLE") or found.get("ROLE") or "").strip(),
        "phone": found.get("TEL", "").strip().removeprefix("tel:"),
        "email": found.get("EMAIL", "").strip().removeprefix("mailto:"),
    }
    return {key: cells.imported(value)[0] for key, value in person.items()}


def add(db, user, client, filename, found):
    """Add the people the client does not have yet; returns how many were added."""
    run_id = runs.create(db, user, client["team_id"], filename, None, kind="vcard")
    existing = list(
        db.query("SELECT id, name, email FROM contacts WHERE client_id = ?", [client["id"]])
    )
    with transaction(db):
        writer = apply.Writer(db, user, run_id)
        for person in found:
            if any(apply.same_person(c, person) for c in existing):
                continue
            writer.add_person(client["id"], person)
            existing.append(person)
        writer.finish()
        report = {"people_added": writer.counts["people_added"], "client_id": client["id"]}
        db.execute(
            "UPDATE import_runs SET status = 'applied', applied_at = created_at, report = ?"
            " WHERE id = ?",
            [json.dumps(report), run_id],
        )
    return writer.counts["people_added"]
