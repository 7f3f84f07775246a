"""Which column holds which field: guessed from the header, chosen on the page, saved to reuse.

A mapping is one field (or "", ignored) per column. Person fields may appear several times:
a person's field that the person being read already has begins the next person, so
"Contact name, Contact phone, Contact 2 name, Contact 2 phone" is two people in one row. The
rows then become clients, each with its people: rows naming the same client (same external
id, organisation number, or name, city and address) are one client, so a file with one row
per person and the client repeated gives the same result as one row per client.
"""

import json
import re

from flask_babel import lazy_gettext as _l

from webapp import timeutil
from webapp.db import transaction
from webapp.imports import cells
from webapp.imports import progress
from webapp.merge.folding import fold_company
from webapp.merge.folding import fold_text
from webapp.merge.folding import org_number

CLIENT_FIELDS = {
    "name": _l("Client name"),
    "external_id": _l("External id"),
    "org_number": _l("Organisation number"),
    "address": _l("Address"),
    "postcode": _l("Postcode"),
    "city": _l("City"),
    "country": _l("Country"),
    "lat": _l("Latitude"),
    "lon": _l("Longitude"),
    "rhythm_days": _l("Visit rhythm (days)"),
    "owner_email": _l("Owner's e-mail"),
    "team": _l("Team"),
}
PERSON_FIELDS = {
    "person_name": _l("Person: name"),
    "person_first_name": _l("Person: first name"),
    "person_last_name": _l("Person: last name"),
    "person_title": _l("Person: role"),
    "person_phone": _l("Person: phone"),
    "person_email": _l("Person: e-mail"),
}
FIELDS = {**CLIENT_FIELDS, **PERSON_FIELDS}

#: Header names each field is guessed from, in English, Norwegian, Swedish, Finnish and
#: Polish, written as fold_text() leaves them (lower case, no accents, ø as o).
GUESSES = {
    "name": "name, client, client name, customer, customer name, company, company name, "
    "account, account name, organisation, organization, kunde, kundenavn, firma, firmanavn, "
    "bedrift, selskap, kund, kundnamn, foretag, foretagsnamn, asiakas, asiakkaan nimi, "
    "yritys, yrityksen nimi, klient, nazwa, nazwa firmy, nazwa klienta",
    "external_id": "external id, externalid, id, customer id, customer number, account id, "
    "crm id, record id, kundenummer, kundenr, kundnummer, kundnr, kund id, asiakasnumero, "
    "asiakasnro, asiakas id, numer klienta, id klienta, nr klienta",
    "org_number": "org number, orgnumber, organisation number, organization number, "
    "company number, business id, vat, vat number, orgnr, org nr, organisasjonsnummer, "
    "organisationsnummer, y tunnus, ytunnus, nip, krs, regon",
    "address": "address, street, street address, address line 1, adresse, gateadresse, "
    "besoksadresse, adress, gatuadress, besoksadress, osoite, katuosoite, kayntiosoite, "
    "adres, ulica",
    "postcode": "postcode, post code, postal code, zip, zip code, postnummer, postnr, "
    "postinumero, kod pocztowy, kod",
    "city": "city, town, poststed, by, sted, ort, postort, stad, kaupunki, "
    "postitoimipaikka, paikkakunta, miasto, miejscowosc",
    "country": "country, country code, land, landkode, maa, kraj",
    "lat": "latitude, lat, breddegrad, latitud, leveysaste, leveys, szerokosc, "
    "szerokosc geograficzna",
    "lon": "longitude, lon, lng, long, lengdegrad, longitud, pituusaste, pituus, dlugosc, "
    "dlugosc geograficzna",
    "rhythm_days": "rhythm days, rhythm, visit rhythm, visit every, visit interval, "
    "besoksfrekvens, besoksrytme, besoksintervall, besoksrytm, kayntivali, kayntitiheys, "
    "czestotliwosc wizyt, rytm wizyt",
    "owner_email": "owner email, owner, account owner, sales rep, rep, rep email, ansvarlig, "
    "selger, eier, ansvarig, saljare, agare, vastuuhenkilo, myyja, omistaja, opiekun, "
    "handlowiec, wlasciciel",
    "team": "team, sales team, lag, salgsteam, saljteam, tiimi, myyntitiimi, zespol",
    "person_name": "person name, contact, contact name, contact person, person, full name, "
    "kontakt, kontaktperson, navn, namn, yhteyshenkilo, henkilo, osoba kontaktowa, "
    "osoba, imie i nazwisko",
    "person_first_name": "first name, firstname, given name, fornavn, fornamn, etunimi, imie",
    "person_last_name": "last name, lastname, surname, family name, etternavn, efternamn, "
    "sukunimi, nazwisko",
    "person_title": "person title, title, role, job title, position, stilling, tittel, rolle, "
    "befattning, titel, roll, titteli, tehtava, asema, rooli, stanowisko, funkcja, rola",
    "person_phone": "person phone, phone, telephone, mobile, phone number, mobile phone, tel, "
    "telefon, mobil, mobiltelefon, telefonnummer, puhelin, matkapuhelin, puhelinnumero, "
    "telefon komorkowy, komorka",
    "person_email": "person email, email, e mail, mail, email address, e post, epost, "
    "e postadresse, e postadress, sahkoposti, adres e mail",
}
_BY_HEADER = {word.strip(): field for field, words in GUESSES.items() for word in words.split(",")}
_BY_HEADER.update({fold_text(key): key for key in FIELDS})


def guess(header):
    """A field for each column, from its name ("" when nothing fits), each client field once.

    "Contact 2 e-mail" is a person's e-mail; a column naming the client's side ("Owner's
    e-mail", "Company phone") is not taken for a person's."""
    chosen, taken = [], set()
    for name in header:
        folded = fold_text(re.sub(r"\d+", " ", name))
        if folded.startswith("folka "):  # Folka's own ids, in its export (export.py)
            chosen.append("")
            continue
        field = _BY_HEADER.get(folded) or _BY_HEADER.get(folded.replace(" ", ""))
        if field is None:
            words = folded.split()
            for size in (2, 1):  # "contact email" as a person's e-mail, "company name"
                for start in range(len(words) - size, -1, -1):
                    field = _BY_HEADER.get(" ".join(words[start : start + size]))
                    if field:
                        break
                if field:
                    break
        if field in CLIENT_FIELDS and field in taken:
            field = None
        taken.add(field)
        chosen.append(field or "")
    return chosen


def checked(mapping, width):
    """A mapping as posted or stored: `width` known fields or "", or None when it is not one."""
    if not isinstance(mapping, list) or len(mapping) != width:
        return None
    if any(field not in FIELDS and field != "" for field in mapping):
        return None
    return mapping


def clients(rows, mapping):
    """The file's clients: [{"lines", "values", "people", "formulas"}] in the file's order."""
    return progress.finish(clients_steps(rows, mapping))


def clients_steps(rows, mapping):
    """clients(), telling a progress.Step("read", …) every progress.EVERY rows."""
    groups, order = {}, []
    for number, (line, row) in enumerate(rows, 1):
        values, people, formulas = _read_row(row, mapping)
        key = group_key(values)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"lines": [], "values": values, "people": [], "formulas": 0}
            order.append(group)
        else:
            for field, value in values.items():
                group["values"].setdefault(field, value)
        group["lines"].append(line)
        group["formulas"] += formulas
        for person in people:
            if not any(_same_person(person, other) for other in group["people"]):
                group["people"].append(person)
        if number % progress.EVERY == 0:
            yield progress.Step("read", number, len(rows))
    if len(rows) % progress.EVERY:
        yield progress.Step("read", len(rows), len(rows))
    return order


def _read_row(row, mapping):
    values, people, person, formulas = {}, [], {}, 0
    for field, cell in zip(mapping, row, strict=True):
        if not field or not cell:
            continue
        cell, was_formula = cells.imported(cell)
        formulas += was_formula
        if field in PERSON_FIELDS:
            if field in person:
                people.append(person)
                person = {}
            person[field] = cell
        elif field not in values:
            values[field] = cell
    people.append(person)
    return values, [_person(p) for p in people if p], formulas


def _person(found):
    """A person's fields as Folka keeps them: first and last name joined into the name."""
    name = found.get("person_name") or " ".join(
        part for part in (found.get("person_first_name"), found.get("person_last_name")) if part
    )
    return {
        "name": name,
        "title": found.get("person_title", ""),
        "phone": found.get("person_phone", ""),
        "email": found.get("person_email", ""),
    }


def _same_person(one, other):
    if one["email"] and one["email"].casefold() == other["email"].casefold():
        return True
    return bool(one["name"]) and fold_text(one["name"]) == fold_text(other["name"])


def group_key(values):
    """What makes two rows the same client: its external id, organisation number, or name
    with city and address."""
    if values.get("external_id"):
        return ("x", values["external_id"])
    number = org_number(values.get("org_number"))
    if number:
        return ("o", number)
    return (
        "n",
        fold_company(values.get("name", "")),
        fold_text(values.get("city", "")),
        fold_text(values.get("address", "")),
    )


def saved(db, team_id):
    """The mappings saved for a team (None: the admin's, for any team), newest first."""
    return list(
        db.query(
            "SELECT id, name, mapping FROM import_mappings WHERE team_id IS ? ORDER BY id DESC",
            [team_id],
        )
    )


def save(db, team_id, user_id, name, header, mapping):
    """Keep a mapping under a name, by column name, so a file with columns in another order
    still fits; the same name is replaced."""
    by_name = {column: field for column, field in zip(header, mapping, strict=True)}
    with transaction(db):
        db.execute("DELETE FROM import_mappings WHERE team_id IS ? AND name = ?", [team_id, name])
        db["import_mappings"].insert(
            {
                "team_id": team_id,
                "name": name,
                "mapping": json.dumps(by_name, ensure_ascii=False),
                "created_by": user_id,
                "created_at": timeutil.now_iso(),
            }
        )


def from_saved(row, header):
    """A saved mapping applied to this file's columns; a column it does not name is guessed."""
    by_name = json.loads(row["mapping"])
    guessed = guess(header)
    return [by_name.get(column, guessed[i]) for i, column in enumerate(header)]
