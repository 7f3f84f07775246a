"""What an operation may carry: ids, times, positions, texts and the items of a note.

Each check either returns the clean value or records (or raises, as Rejected) why not, with a
message in the user's language. None of them reads the database: operations.py looks up what
they are checked against, once per batch.
"""

import datetime
import math
import re
import uuid

from flask_babel import gettext as _

from webapp import plaintext
from webapp import timeutil
from webapp.attachments import content
from webapp.db import MAX_ROW_ID

TOPIC_STATUSES = ("open", "followed_up", "closed")
MAX_TOPIC_TITLE = 120
MAX_FOLLOW_UP = 200
MAX_PROMISE_TEXT = 200
MAX_ITEMS = 20
#: How far ahead of the server's clock a phone's time may be (clock skew).
FUTURE_SLACK = datetime.timedelta(minutes=10)
#: How old an offline action may be when it finally arrives.
MAX_AGE = datetime.timedelta(days=90)


class Rejected(Exception):
    """An operation that cannot be applied; `errors` maps field names to messages."""

    def __init__(self, code, message, errors=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or {}


def action_time(value, now=None):
    """When the action happened, by the phone: not in the future, not too old; or Rejected.
    `now` is the server's time (a batch reads the clock once)."""
    try:
        at = timeutil.parse(value)
    except (TypeError, ValueError):
        raise Rejected("invalid", _("The time of the action is missing or not valid.")) from None
    now = now or timeutil.now()
    if at > now + FUTURE_SLACK:
        raise Rejected("invalid", _("The time of the action is in the future."))
    if at < now - MAX_AGE:
        raise Rejected("too_old", _("This action is too old to be saved."))
    return min(at, now)


POSITION_FIELDS = ("lat", "lon", "accuracy")


def position(op):
    """Latitude, longitude and accuracy when all are plausible, else Nones: an odd fix costs
    the position, not the check-in. A field that is no finite number at all (true, "60",
    NaN, 1e400) is Rejected, since no phone sends one."""
    values, errors = [], {}
    for key in POSITION_FIELDS:
        value = finite_number(op.get(key))
        if value is None and op.get(key) is not None:
            errors[key] = _("This must be a number.")
        values.append(value)
    if errors:
        raise Rejected("invalid", _("The position is not valid."), errors)
    if None in values:
        return None, None, None
    lat, lon, accuracy = values
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= accuracy < 100_000):
        return None, None, None
    return lat, lon, accuracy


def finite_number(value):
    """`value` as a float when it is a finite number, else None. A boolean is no number
    (Python counts True as 1), and an integer too large for a float raised OverflowError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def is_id(value):
    """True for a row id as JSON sends one: an integer SQLite can store, never a boolean
    (true == 1, so a plain isinstance check took true for the row with id 1)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def storable(text):
    """True when the text can be stored. JSON's "\\udc00" makes a lone surrogate, which no
    UTF-8 encoder takes (SQLite raised UnicodeEncodeError)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: A UUID as phones write it (crypto.randomUUID()): already the form Folka stores.
CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def uuid_of(value):
    """The UUID in `value` in canonical form, or None. A batch checks some 400 of them: the
    canonical ones are recognised without building a UUID object."""
    if not isinstance(value, str) or len(value) != 36:
        return None
    if CANONICAL_UUID.fullmatch(value):
        return value
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def items(op, key):
    """The list op[key], or nothing when it is not a list."""
    value = op.get(key)
    return value if isinstance(value, list) else []


def listed(op, key, errors):
    """The list op[key] (absent: empty); a non-list or one of over MAX_ITEMS is an error."""
    value = op.get(key) or []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        errors[key] = _("Too many items.")
        return []
    return value


def clean_text(data, key, errors, max_length, required=True, lines=False):
    """data[key] as it is shown (one line, or several when `lines`: see plaintext); missing
    when required, too long or not text is an error."""
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = _("This must be text.")
        return ""
    if not storable(value):
        errors[key] = _("This text holds characters that are not valid.")
        return ""
    value = plaintext.plain_text(value) if lines else plaintext.plain_line(value)
    if required and not value:
        errors[key] = _("Please fill this in.")
    elif len(value) > max_length:
        errors[key] = _("At most %(max)d characters.", max=max_length)
    return value


def topic_updates(topic_clients, client_id, op, errors):
    """The known topics a note mentions, as (id, status, follow-up); `topic_clients` gives
    each topic's client, so only this client's topics pass."""
    updates = []
    for item in listed(op, "topics", errors):
        topic_id = uuid_of(item.get("id")) if isinstance(item, dict) else None
        status = item.get("status", "open") if isinstance(item, dict) else None
        follow_up = item.get("follow_up") if isinstance(item, dict) else None
        if topic_id is None or status not in TOPIC_STATUSES:
            errors["topics"] = _("A personal topic in this note is not valid.")
            continue
        if follow_up is not None and (
            not isinstance(follow_up, str) or len(plaintext.plain_line(follow_up)) > MAX_FOLLOW_UP
        ):
            errors[f"follow_up-{topic_id}"] = _(
                "A follow-up question can be at most %(max)d characters.", max=MAX_FOLLOW_UP
            )
            continue
        if follow_up is not None and not storable(follow_up):
            errors[f"follow_up-{topic_id}"] = _("This text holds characters that are not valid.")
            continue
        if topic_clients.get(topic_id) != client_id:
            errors["topics"] = _("A personal topic in this note is not valid.")
            continue
        updates.append((topic_id, status, plaintext.plain_line(follow_up)))
    return updates


def _each_item(op, key, prefix, errors, check):
    """The items of op[key] that pass `check(item, local)`, which returns the clean item and
    records what is wrong in `local`; those messages go into `errors` as "prefix.field"."""
    passed = []
    for item in listed(op, key, errors):
        local = {}
        value = check(item if isinstance(item, dict) else {}, local)
        for field, message in local.items():
            errors[f"{prefix}.{field}"] = message
        if not local:
            passed.append(value)
    return passed


def new_topics(op, contacts, errors):
    """The personal topics a note adds, about people of this client (`contacts`)."""

    def check(item, local):
        title = clean_text(item, "title", local, MAX_TOPIC_TITLE)
        follow_up = clean_text(item, "follow_up", local, MAX_FOLLOW_UP, required=False)
        contact_id = item.get("contact_id")
        if not is_id(contact_id) or contact_id not in contacts:
            local["contact_id"] = _("Choose who this topic is about.")
        topic_id = uuid_of(item.get("id"))
        if topic_id is None:
            local["title"] = _("The personal topic has no valid id.")
        return {"id": topic_id, "contact_id": contact_id, "title": title, "follow_up": follow_up}

    return _each_item(op, "new_topics", "new_topic", errors, check)


#: A promise's due date may lie this many days before the note (a note written late), and
#: this many after it. The note form hands both to the phone, which checks the same.
DUE_DAYS_BEFORE = MAX_AGE.days
DUE_DAYS_AFTER = 3 * 366


def due_date_range(at):
    """The first and last due date a promise made at `at` (UTC) may have."""
    day = at.date()
    return (
        day - datetime.timedelta(days=DUE_DAYS_BEFORE),
        day + datetime.timedelta(days=DUE_DAYS_AFTER),
    )


def new_promises(op, at, errors):
    """The promises a note makes, each with a due date in due_date_range(at)."""
    first, last = due_date_range(at)

    def check(item, local):
        text = clean_text(item, "text", local, MAX_PROMISE_TEXT)
        due, given = None, item.get("due_date")
        try:
            if given is None or (isinstance(given, str) and not given.strip()):
                local["due_date"] = _("Add a due date.")
            else:
                due = timeutil.parse_date(given)
                if not first <= due <= last:
                    raise ValueError(due)
        except ValueError:
            local["due_date"] = _("Enter a due date within the next three years.")
        promise_id = uuid_of(item.get("id"))
        if promise_id is None:
            local["text"] = _("The promise has no valid id.")
        return {"id": promise_id, "text": text, "due_date": due and due.isoformat()}

    return _each_item(op, "promises", "promise", errors, check)


def attachments(op, errors):
    """The files a note says will follow ({id, kind, type, size}); they are uploaded on their
    own after the note is applied (webapp/attachments), which checks them again by content.
    Optional: a note without them, or from an older phone, is a note like any other."""

    def check(item, local):
        found = content.kind_of(item.get("type") if isinstance(item.get("type"), str) else "")
        kind, size = item.get("kind"), item.get("size")
        if found is None or found[0] != kind:
            local["type"] = _("Send a photo (JPEG, WebP, PNG) or a voice memo.")
        elif not is_id(size) or size > content.max_bytes(kind):
            local["size"] = _("This file is larger than %(size)d MB.", size=_megabytes(kind))
        if uuid_of(item.get("id")) is None:
            local["id"] = _("The file has no valid id.")
        return item

    return _each_item(op, "attachments", "attachment", errors, check)


def _megabytes(kind):
    return content.max_bytes(kind) // (1024 * 1024)
