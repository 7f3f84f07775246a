"""Exports of the weekly review: the week as CSV, and a calendar feed (ICS) at a secret URL.

CSV: UTF-8 with a byte-order mark, so Excel opens Nordic and Polish letters correctly;
comma-separated, or semicolon-separated in languages that write decimals with a comma (as
Excel expects there). A cell that starts with = + - @ (or a tab or carriage return) gets a
leading apostrophe, so a spreadsheet never runs it as a formula.

ICS (RFC 5545): the user's open promises on their due dates, and the next visit due at each
of their clients by its rhythm, with the follow-up questions waiting there. The feed's URL
holds a random token; only its SHA-256 hash is stored, so a copy of the database cannot be
used to read anyone's calendar. Rotating or revoking the link makes the old URL a 404.
"""

import csv
import datetime
import hashlib
import io
import re
import secrets

from babel.numbers import get_decimal_symbol
from flask_babel import gettext as _

from webapp import clients
from webapp import timeutil
from webapp.db import NotFound
from webapp.db import transaction
from webapp.review import week_ahead

#: CSV columns, in order (documented in the README).
CSV_COLUMNS = [
    "kind",
    "date",
    "start",
    "end",
    "minutes",
    "rep",
    "client",
    "city",
    "personal_touch",
    "people",
    "topics",
    "text",
    "id",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell(value):
    """A CSV cell as text, defused when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def delimiter(locale):
    """The separator Excel expects for this language: ";" where decimals use a comma."""
    return ";" if get_decimal_symbol(locale) == "," else ","


def week_csv(visits, notes, tz, sep=","):
    """The week's visits and notes as CSV bytes, one row each, in time order."""
    rows = []
    for v in visits:
        start = v["checked_in"].astimezone(tz)
        end = v["checked_out"].astimezone(tz) if v["checked_out"] else None
        rows.append(
            (
                v["checked_in_at"],
                0,
                [
                    "visit",
                    start.date().isoformat(),
                    start.strftime("%H:%M"),
                    end.strftime("%H:%M") if end else "",
                    v["minutes"] if v["minutes"] is not None else "",
                    v["rep_name"],
                    v["client_name"],
                    v["city"],
                    int(v["personal"]),
                    "",
                    "",
                    "",
                    v["id"],
                ],
            )
        )
    for n in notes:
        written = n["written"].astimezone(tz)
        rows.append(
            (
                n["written_at"],
                1,
                [
                    "note",
                    written.date().isoformat(),
                    written.strftime("%H:%M"),
                    "",
                    "",
                    n["rep_name"],
                    n["client_name"],
                    n["city"],
                    "",
                    "; ".join(n["contacts"]),
                    "; ".join(t["title"] for t in n["topics"]),
                    n["body"],
                    n["id"],
                ],
            )
        )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for _at, _kind, row in sorted(rows, key=lambda r: (r[0], r[1], r[2][-1])):
        writer.writerow([cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


# --- Calendar feed tokens -------------------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(db, user_id):
    """A new secret feed token for the user, replacing any earlier one; returns the token."""
    token = secrets.token_urlsafe(32)
    with transaction(db):
        db.execute("DELETE FROM calendar_tokens WHERE user_id = ?", [user_id])
        db["calendar_tokens"].insert(
            {"user_id": user_id, "token_hash": _hash(token), "created_at": timeutil.now_iso()}
        )
    return token


def revoke_token(db, user_id):
    """Turn the user's feed off; its URL answers 404 from now on."""
    with transaction(db):
        db.execute("DELETE FROM calendar_tokens WHERE user_id = ?", [user_id])


def token_status(db, user_id):
    """When the user's feed link was made and last fetched, or None when there is none."""
    rows = list(
        db.query(
            "SELECT created_at, last_used_at FROM calendar_tokens WHERE user_id = ?", [user_id]
        )
    )
    if not rows:
        return None
    row = rows[0]
    return {
        "created": timeutil.parse(row["created_at"]),
        "last_used": timeutil.parse(row["last_used_at"]) if row["last_used_at"] else None,
    }


def user_for_token(db, token):
    """The active user whose feed this token opens, noting the fetch; raises NotFound."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise NotFound("token")
    digest = _hash(token)
    rows = list(
        db.query(
            "SELECT u.id FROM calendar_tokens ct JOIN users u ON u.id = ct.user_id "
            "WHERE ct.token_hash = ? AND u.active = 1",
            [digest],
        )
    )
    if not rows:
        raise NotFound("token")
    with transaction(db):
        db.execute(
            "UPDATE calendar_tokens SET last_used_at = ? WHERE token_hash = ?",
            [timeutil.now_iso(), digest],
        )
    return rows[0]["id"]


# --- Calendar feed contents -----------------------------------------------------------


def calendar_events(db, user, tz, now):
    """The feed's events: open promises on their due dates, and the next visit due at each
    of the user's clients (today when overdue) with the questions waiting there."""
    where, params = clients.scope(user)
    events = []
    promises = db.query(
        "SELECT p.id, p.text, p.due_date, c.id AS client_id, c.name AS client_name"
        " FROM promises p JOIN clients c ON c.id = p.client_id"
        # The promises the user owns: their own, and those handed over to them (m017).
        f" WHERE COALESCE(p.owner_id, p.user_id) = ? AND p.kept_at IS NULL AND c.archived = 0"
        f" AND {where}"
        " ORDER BY p.due_date, p.id",
        [user.id, *params],
    )
    for p in promises:
        events.append(
            {
                "uid": f"promise-{p['id']}@folka",
                "date": datetime.date.fromisoformat(p["due_date"]),
                "summary": _(
                    "Promise to %(client)s: %(text)s", client=p["client_name"], text=p["text"]
                ),
                "description": p["text"],
                "client_id": p["client_id"],
            }
        )
    today = now.astimezone(tz).date()
    questions = {}
    for topic in week_ahead.follow_ups(db, user, user.id):
        line = f"{topic['contact_name']}: {topic['follow_up']}"
        questions.setdefault(topic["client_id"], []).append(line)
    for client in week_ahead.due_clients(db, user, now, None, tz, owner_id=user.id):
        due = client["due_date"] or today
        asks = questions.get(client["id"], [])
        events.append(
            {
                "uid": f"visit-{client['id']}@folka",
                "date": max(due, today),
                "summary": _("Visit %(client)s", client=client["name"]),
                "description": "\n".join(
                    [_("Questions to follow up:"), *asks] if asks else [_("No questions waiting.")]
                ),
                "client_id": client["id"],
            }
        )
    # The day plans' stops. Imported here: webapp/plan reads through the sync's checks,
    # whose package imports the review's.
    from webapp.plan.calendar import planned_visits

    events += planned_visits(db, user, tz, today)
    events.sort(key=lambda e: (e["date"], e["uid"]))
    return events


#: Control characters RFC 5545 forbids in a TEXT value (all C0 but tab, and DEL), and C1,
#: which calendar apps show as boxes or act on.
ICS_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def ics_escape(text):
    """Text as an RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped.

    Every line break Python knows (CR, LF, VT, FF, NEL, U+2028, U+2029...) becomes an escaped
    newline and other control characters are dropped: raw, they break the feed.
    """
    lines = []
    for line in (text or "").splitlines():
        line = ICS_CONTROLS.sub("", line)
        for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,")):
            line = line.replace(plain, escaped)
        lines.append(line)
    return "\\n".join(lines)


def fold_line(line):
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _when(event):
    """DTSTART and DTEND: at UTC times for an event with a start and end (a planned visit),
    else the whole day."""
    if event.get("start"):
        utc = [
            event[key].astimezone(timeutil.UTC).strftime("%Y%m%dT%H%M%SZ")
            for key in ("start", "end")
        ]
        return [f"DTSTART:{utc[0]}", f"DTEND:{utc[1]}"]
    day = event["date"]
    return [
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
    ]


def ics(events, name, now, url_for_client):
    """The calendar as RFC 5545 text: CRLF line ends, folded lines, all-day events."""
    stamp = now.astimezone(timeutil.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Folka//Weekly review//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{stamp}",
            *_when(event),
            f"SUMMARY:{ics_escape(event['summary'])}",
            f"DESCRIPTION:{ics_escape(event['description'])}",
            f"URL:{url_for_client(event['client_id'])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
