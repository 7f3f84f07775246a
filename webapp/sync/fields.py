"""What a person's, a client's and a topic's fields may hold, when a phone or a form sets them.

The lengths are the forms' (webapp/manage.py). Like checks.py, each check returns the clean
value or records in `errors` why not, in the user's language, and none reads the database.
"""

import re

from flask_babel import gettext as _

from webapp.sync import checks

MAX_NAME = 120
MAX_TITLE = 120
MAX_ADDRESS = 200
MAX_CITY = 80
MAX_ACCESS_NOTES = 500
MAX_PHONE = 40
MAX_EMAIL = 254
COUNTRY_CODES = ("NO", "SE", "FI", "PL")
#: A visit rhythm is one to 52 weeks, sent as days.
RHYTHM_DAYS = (7, 52 * 7)

#: Digits with the usual separators, an optional + first: "+47 912 34 567", "(022) 123-45-67".
PHONE = re.compile(r"\+?[0-9][0-9 ()./-]*")
#: Something@somewhere.tld without spaces: enough to catch a typo, not a proof it arrives.
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def _text(max_length, required=False, lines=False):
    def check(data, key, errors):
        return checks.clean_text(data, key, errors, max_length, required=required, lines=lines)

    return check


def phone(data, key, errors):
    """A phone number or nothing: digits and separators, at least five digits."""
    value = checks.clean_text(data, key, errors, MAX_PHONE, required=False)
    digits = sum(char.isdigit() for char in value)
    if value and key not in errors and (not PHONE.fullmatch(value) or digits < 5):
        errors[key] = _("Enter a phone number, such as +47 912 34 567.")
    return value


def email(data, key, errors):
    """An e-mail address or nothing."""
    value = checks.clean_text(data, key, errors, MAX_EMAIL, required=False)
    if value and key not in errors and not EMAIL.fullmatch(value):
        errors[key] = _("Enter an e-mail address, such as anna@example.com.")
    return value


def country(data, key, errors):
    """One of the countries Folka knows, or none."""
    value = data.get(key)
    if value in (None, ""):
        return ""
    if value not in COUNTRY_CODES:
        errors[key] = _("Choose a country from the list.")
    return value


def rhythm_days(data, key, errors):
    """How often to visit, in days: from one week to 52."""
    value = data.get(key)
    first, last = RHYTHM_DAYS
    if not checks.is_id(value) or not first <= value <= last:
        errors[key] = _("Visit every 1 to 52 weeks.")
    return value


def status(data, key, errors):
    """A topic's status: open, followed up or closed."""
    value = data.get(key)
    if value not in checks.TOPIC_STATUSES:
        errors[key] = _("Choose open, followed up or closed.")
    return value


def row_id(data, key, errors):
    """A row id (the owner); who it may be is checked against the database."""
    value = data.get(key)
    if not checks.is_id(value):
        errors[key] = _("Choose someone from the list.")
    return value


PERSON = {
    "name": _text(MAX_NAME, required=True),
    "title": _text(MAX_TITLE),
    "phone": phone,
    "email": email,
}
TOPIC = {
    "title": _text(checks.MAX_TOPIC_TITLE, required=True),
    "follow_up": _text(checks.MAX_FOLLOW_UP),
    "status": status,
}
CLIENT = {
    "name": _text(MAX_NAME, required=True),
    "address": _text(MAX_ADDRESS),
    "city": _text(MAX_CITY),
    "country": country,
    "rhythm_days": rhythm_days,
    "access_notes": _text(MAX_ACCESS_NOTES, lines=True),
    "owner_id": row_id,
}


def given(data, spec, errors, keys=None, required=()):
    """The fields of `spec` (or only `keys`) that `data` holds, checked, and the `required`
    ones whether there or not; absent ones are left out."""
    return {
        key: check(data, key, errors)
        for key, check in spec.items()
        if (key in data or key in required) and (keys is None or key in keys)
    }


def edited(op, spec, errors):
    """The fields an edit changes (op["fields"]): at least one, each one `spec` knows."""
    fields = op.get("fields")
    if not isinstance(fields, dict) or not fields:
        errors["fields"] = _("Say which fields change.")
        return {}
    for key in fields:
        if key not in spec:
            errors[str(key)[:40]] = _("This field cannot be changed here.")
    return given(fields, spec, errors)


def site(op, errors, required=True):
    """A position as (lat, lon, accuracy), or None when none is given and none is required. A
    latitude of 91 is an error, not a position left out: a site is stored for good."""
    given_any = any(op.get(key) is not None for key in checks.POSITION_FIELDS)
    if not given_any and not required:
        return None
    values = {key: checks.finite_number(op.get(key)) for key in checks.POSITION_FIELDS}
    limits = {"lat": 90, "lon": 180}
    for key, limit in limits.items():
        if values[key] is None or not -limit <= values[key] <= limit:
            errors[key] = (
                _("The latitude must be between -90 and 90.")
                if key == "lat"
                else _("The longitude must be between -180 and 180.")
            )
    accuracy = values["accuracy"]
    if op.get("accuracy") is not None and (accuracy is None or not 0 <= accuracy < 100_000):
        errors["accuracy"] = _("The accuracy must be a number of metres.")
    return values["lat"], values["lon"], accuracy
