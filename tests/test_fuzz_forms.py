"""Fuzz every HTML form: over 2,000 hostile posts, with an invariant for each form.

The forms are every route with `methods=` in webapp/ and the search forms of the templates.
Each field gets the values forms do not expect: wrong types, empty and huge (100k characters)
strings, NUL, lone surrogates (a form body can only carry them as the bytes %ED%B3%80, so
that is how they are sent), huge and negative integers, NaN, Infinity and sNaN, far and
impossible dates, other teams' ids. Each form as a whole: a field missing, a field twice with
different values, arrays (f[]=, fifty copies), a JSON, multipart or undecodable body, other
teams' and impossible ids in the address. Whatever comes in:

- no answer is a 5xx, nor the page a redirect leads to;
- a refused post (4xx, or a redirect to an error message) changes no row of any table
  (only the audit log, failed-login counts and kept week figures may grow);
- an accepted one stores only what the form allows: lengths, choices, ranges, own team;
- a form shown again with errors (422; the login pages 200 or 429, as their own tests
  expect) shows what was typed, escaped, and a message, which for every other request is
  in Polish or Norwegian and never the English text.

A seeded generator rather than Hypothesis: the requests change one shared world, so a failing
example could be neither shrunk nor replayed alone. Each case is listed, named and counted
instead (`cases()`), and a failure names the request: form, field and value.
"""

import functools
import html
import json
import os
import random
import re
import unicodedata
import uuid
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import quote_from_bytes
from urllib.parse import urlsplit

import pytest
import wtforms
from babel.messages.pofile import read_po
from markupsafe import escape
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from tests.conftest import PASSWORD
from tests.conftest import Browser
from tests.conftest import csrf_token
from webapp import timeutil
from webapp.accounts.profile import TIME_ZONES
from webapp.review import exports

SEED = 20261205
MARK = "fz12"
#: "§name" stands for an id of the fuzz world, filled in when the request is made.
REF = re.compile(r"§(\w+)")

TEXTS = [
    "",
    " ",
    "\t\r\n",
    "x" * 100_000,
    "é" * 100_000,  # 600 kB once encoded: over the body limit
    "\x00",
    f"{MARK}\x00{MARK}",
    "\udcc0",  # lone surrogates: %ED%B3%80 and %ED%A0%80 in the body
    f"{MARK}\ud800{MARK}",
    b"\xff\xfe\xc0\x80",  # not UTF-8 at all, percent-encoded
    "\ufeff\u202e\u200b",
    "😀" * 40,
    f"<script>alert('{MARK}')</script>",
    f'"><b title="{MARK}">',
    "{{ 7*7 }} %(x)s",
    "' OR 1=1 --",
]
NUMBERS = [
    "0",
    "-1",
    "1" + "0" * 30,  # 10**30
    "9223372036854775808",
    "-9223372036854775809",
    "1e999",
    "1e-400",
    "3.5",
    "٣",  # Arabic-Indic three: int() reads it
    "NaN",
    "-nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    "-sNaN",
]
DATES = ["0001-01-01", "9999-12-31", "99999-01-01", "2026-02-30", "2026-13-01", "2026-W53"]
TYPES = ["true", "null", "[]", "{}", '{"$gt": ""}']
IDS = [
    "§their_client",
    "§their_contact",
    "§their_topic",
    "§their_promise",
    "§their_visit",
    "§their_note",
    "§stranger",
    "§south",
    "§my_visit_upper",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
]
EVERYTHING = TEXTS + NUMBERS + DATES + TYPES + IDS
POOLS = {
    "text": TEXTS,
    "secret": TEXTS,
    "number": NUMBERS + TEXTS[:4],
    "date": DATES + TEXTS[:4],
    "choice": TYPES + TEXTS[:6] + NUMBERS[:4],
    "id": IDS + NUMBERS,
}
#: Ids put into the address instead of the right one.
INT_URL_IDS = ["0", "-1", "9223372036854775808", "1" + "0" * 30, "1.5", "%ED%B3%80", "§theirs"]
UUID_URL_IDS = ["§my_visit_upper", "not-a-uuid", "%ED%B3%80", "%00", "x" * 5000, "§their_"]


@dataclass
class Form:
    """A form route: who posts it, its fields (kind, valid value), and how it answers."""

    url: str
    who: str | None
    fields: dict
    echo: tuple = ()
    shown: tuple = (422,)
    url_ids: list = field(default_factory=list)
    per_field: int = 6  # values beyond the field's own pool
    #: Whether an accepted post was entitled to be: (the form as read, the valid form).
    accepts: object = None


FORMS = {
    "login": Form(
        "/login",
        None,
        {
            "email": ("text", "rep@example.com"),
            "password": ("secret", PASSWORD),
            "remember": ("choice", "y"),
        },
        echo=("email",),
        shown=(200, 429),
        accepts=lambda seen, valid: (
            seen.get("email", "").strip().lower() == valid["email"]
            and seen.get("password") == valid["password"]
        ),
    ),
    "second_step": Form(
        "/login/code",
        "second_step",
        {"code": ("text", "000000")},
        echo=("code",),
        shown=(200, 429),
        accepts=lambda seen, valid: False,  # no code is right
    ),
    "profile": Form(
        "/profile",
        "fuzzer",
        {"locale": ("choice", "nb"), "timezone": ("choice", "Europe/Helsinki")},
    ),
    "password": Form(
        "/password",
        "fuzzer",
        {
            "current": ("secret", PASSWORD),
            "new": ("secret", "a quite new passphrase 7"),
            "repeat": ("secret", "a quite new passphrase 7"),
        },
        accepts=lambda seen, valid: (
            seen.get("current") == valid["current"]
            and seen.get("new") == seen.get("repeat")
            and 10 <= len(seen.get("new", "")) <= 200
        ),
    ),
    "two_step": Form(
        "/profile/two-step",
        "fuzzer",
        {
            "action": ("choice", "enable"),
            "enable-code": ("text", "000000"),
            "enable-password": ("secret", PASSWORD),
            "codes-password": ("secret", PASSWORD),
            "disable-password": ("secret", PASSWORD),
        },
        echo=("enable-code",),
    ),
    "end_sessions": Form(
        "/profile/sessions/end",
        "fuzzer",
        {"end-password": ("secret", PASSWORD)},
        accepts=lambda seen, valid: seen.get("end-password") == valid["end-password"],
    ),
    "client_new": Form(
        "/clients/new",
        "rep",
        {
            "name": ("text", "Bergström Bygg AB"),
            "address": ("text", "Storgatan 12"),
            "city": ("text", "Umeå"),
            "country": ("choice", "SE"),
            "lat": ("number", "63.8258"),
            "lon": ("number", "20.263"),
            "rhythm_weeks": ("number", "6"),
            "owner_id": ("id", "§rep"),
        },
        echo=("name", "address", "city"),
    ),
    "client_edit": Form(
        "/clients/§mine/edit",
        "rep",
        {
            "name": ("text", "Fjord Rør AS"),
            "address": ("text", "Bryggen 1"),
            "city": ("text", "Bergen"),
            "country": ("choice", "NO"),
            "lat": ("number", "60.39"),
            "lon": ("number", "5.32"),
            "rhythm_weeks": ("number", "4"),
            "owner_id": ("id", "§colleague"),
        },
        echo=("name", "address", "city"),
        url_ids=INT_URL_IDS,
    ),
    "client_archive": Form(
        "/clients/§spare_client/archive",
        "manager",
        {"confirm": ("choice", "y")},
        url_ids=INT_URL_IDS,
        per_field=30,
    ),
    "contact_new": Form(
        "/clients/§mine/contacts/new",
        "rep",
        {"name": ("text", "Siri Lunde"), "title": ("text", "CEO")},
        echo=("name", "title"),
        url_ids=INT_URL_IDS,
    ),
    "contact_edit": Form(
        "/contacts/§anna/edit",
        "rep",
        {"name": ("text", "Anna Berg"), "title": ("text", "Buyer")},
        echo=("name", "title"),
        url_ids=INT_URL_IDS,
    ),
    "topic_new": Form(
        "/contacts/§anna/topics/new",
        "rep",
        {
            "title": ("text", "Sailing"),
            "follow_up": ("text", "Ask about the race"),
            "status": ("choice", "open"),
        },
        echo=("title", "follow_up"),
        url_ids=INT_URL_IDS,
    ),
    "topic_edit": Form(
        "/topics/§anna_topic/edit",
        "rep",
        {
            "title": ("text", "Golf"),
            "follow_up": ("text", "Ask about the handicap"),
            "status": ("choice", "followed_up"),
        },
        echo=("title", "follow_up"),
        url_ids=UUID_URL_IDS,
    ),
    "note": Form(
        "/clients/§mine/note",
        "rep",
        {
            "body": ("text", "Spring order confirmed."),
            "contact": ("id", "§anna"),
            "topic": ("id", "§anna_topic"),
            "status-§anna_topic": ("choice", "followed_up"),
            "follow_up-§anna_topic": ("text", "Ask about the cup"),
            "new_topic_title": ("text", "Football cup"),
            "new_topic_contact": ("id", "§anna"),
            "new_topic_follow_up": ("text", "Ask how it went"),
            "new_topic_id": ("id", "§uuid"),
            "promise_text": ("text", "Send the price list"),
            "promise_due": ("date", "§due"),
            "promise_id": ("id", "§uuid"),
            "op_id": ("id", "§uuid"),
            "visit_id": ("id", "§my_visit"),
        },
        echo=(
            "body",
            "new_topic_title",
            "new_topic_follow_up",
            "promise_text",
            "promise_due",
            "follow_up-§anna_topic",
            "op_id",
            "new_topic_id",
            "promise_id",
            "visit_id",
        ),
        url_ids=INT_URL_IDS,
        per_field=3,
    ),
    "promise_kept": Form(
        "/promises/§my_promise/kept",
        "rep",
        {"kept": ("choice", "1"), "op_id": ("id", "§uuid")},
        url_ids=UUID_URL_IDS + ["§their_promise"],
    ),
    "check_in": Form(
        "/clients/§mine/check-in",
        "rep",
        {
            "op_id": ("id", "§uuid"),
            "lat": ("number", "60.39"),
            "lon": ("number", "5.32"),
            "accuracy": ("number", "12"),
        },
        url_ids=INT_URL_IDS,
    ),
    "check_out": Form(
        "/visits/§my_visit/check-out",
        "rep",
        {
            "op_id": ("id", "§uuid"),
            "lat": ("number", "60.39"),
            "lon": ("number", "5.32"),
            "accuracy": ("number", "12"),
        },
        url_ids=UUID_URL_IDS + ["§their_visit"],
    ),
    "user_new": Form(
        "/admin/users/new",
        "admin",
        {
            "email": ("text", "§email"),
            "name": ("text", "Ola Nordmann"),
            "role": ("choice", "rep"),
            "team_id": ("id", "§north"),
            "new_team": ("text", ""),
            "locale": ("choice", "nb"),
        },
        echo=("email", "name", "new_team"),
        per_field=4,
    ),
    "user_edit": Form(
        "/admin/users/§target",
        "admin",
        {
            "name": ("text", "Target Person"),
            "role": ("choice", "rep"),
            "team_id": ("id", "§north"),
            "new_team": ("text", ""),
            "locale": ("choice", "sv"),
        },
        echo=("name", "new_team"),
        url_ids=INT_URL_IDS + ["§admin_id"],
        per_field=4,
    ),
    "user_action": Form(
        "/admin/users/§target/§action",
        "admin",
        {"confirm": ("choice", "y")},
        url_ids=INT_URL_IDS,
        per_field=30,
    ),
    "privacy_export": Form(
        "/admin/privacy/contacts/§their_contact/export",
        "admin",
        {"format": ("choice", "json")},
        url_ids=INT_URL_IDS,
    ),
    "privacy_erase": Form(
        "/admin/privacy/contacts/§spare_contact/erase",
        "admin",
        {
            "confirm": ("text", "§spare_name"),
            "blank_note": ("id", "§named_note"),
            "blank_promise": ("id", "§named_promise"),
        },
        url_ids=INT_URL_IDS,
        accepts=lambda seen, valid: seen.get("confirm") == valid["confirm"],
    ),
    "calendar": Form("/review/calendar", "rep", {"action": ("choice", "create")}, per_field=30),
    "language": Form("/language", "rep", {"lang": ("choice", "pl"), "next": ("text", "/profile")}),
    "language_logged_out": Form(
        "/language", None, {"lang": ("choice", "fi"), "next": ("text", "/login")}
    ),
    "logout": Form("/logout", "colleague", {"confirm": ("choice", "y")}, per_field=10),
}
#: Forms sent with GET (search, week pickers, filters): the query string is fuzzed.
SEARCHES = {
    "today_search": Form("/", "rep", {"q": ("text", "Fjord")}),
    "review_week": Form(
        "/review", "manager", {"week": ("date", "2026-W48"), "rep": ("id", "§rep")}
    ),
    "review_csv": Form(
        "/review/export.csv", "manager", {"week": ("date", "2026-W48"), "rep": ("id", "§rep")}
    ),
    "audit_filter": Form(
        "/admin/audit", "admin", {"action": ("choice", "login"), "before": ("id", "1000")}
    ),
    "privacy_search": Form("/admin/privacy", "admin", {"q": ("text", "Anna")}),
    "calendar_feed": Form(
        "/calendar/§feed_token.ics",
        None,
        {"lang": ("choice", "en")},
        url_ids=["§feed_token_upper", "x" * 5000, "%00", "%ED%B3%80", "..%2F..%2Fetc", "1" * 31],
    ),
}
ALL_FORMS = {**FORMS, **SEARCHES}
#: Tables whose rows a refused post must leave exactly as they were, and columns that
#: change by merely being used.
LOGS = {"audit_log", "login_failures", "week_figures", "week_overdue_clients", "_sqlite_migrations"}
VOLATILE = {"sessions": ["last_seen_at"], "calendar_tokens": ["last_used_at"]}


def cases(name):
    """The requests for one form: (label, url, [(field, value)], encoding), all seeded."""
    form = ALL_FORMS[name]
    rng = random.Random(f"{SEED}-{name}")
    valid = [(key, value) for key, (_kind, value) in form.fields.items()]
    first = next(iter(form.fields))
    out = [("valid", form.url, valid, "form")]

    def put(key, values):
        """The valid form with `key` holding `values` (none: missing), in the same place."""
        pairs = []
        for k, v in valid:
            if k != key:
                pairs.append((k, v))
            else:
                pairs += [(key, value) for value in values]
        return pairs

    for key, (kind, value) in form.fields.items():
        extra = [v for v in EVERYTHING if v not in POOLS[kind]]
        for hostile in POOLS[kind] + rng.sample(extra, min(form.per_field, len(extra))):
            out.append((f"{key}={_short(hostile)}", form.url, put(key, [hostile]), "form"))
        hostile = rng.choice(EVERYTHING)
        out += [
            (f"{key} missing", form.url, put(key, []), "form"),
            (f"{key} twice, hostile second", form.url, put(key, [value, hostile]), "form"),
            (f"{key} twice, hostile first", form.url, put(key, [hostile, value]), "form"),
            (f"{key} fifty times", form.url, put(key, [hostile] * 25 + [value] * 25), "form"),
            (
                f"{key}[] array",
                form.url,
                [*put(key, []), (f"{key}[]", value), (f"{key}[]", hostile)],
                "form",
            ),
        ]
    out += [
        ("no fields", form.url, [], "form"),
        ("unknown fields", form.url, [*valid, ("x" * 2000, "y"), ("\udcc0", "\ud800")], "form"),
    ]
    if name not in SEARCHES:
        out += [
            ("csrf missing", form.url, valid, "no-csrf"),
            ("csrf twice, wrong first", form.url, valid, "wrong-csrf-first"),
            ("csrf twice, right first", form.url, [*valid, ("csrf_token", "x")], "form"),
            ("undecodable body", form.url, valid, "raw"),
            ("JSON body, wrong types", form.url, valid, "json"),
            ("multipart with a file", form.url, valid, "multipart"),
            (
                "multipart, bytes not UTF-8",
                form.url,
                put(first, [b"\xed\xb3\x80\xff"]),
                "multipart-fields",
            ),
        ]
    for url_id in form.url_ids:
        url = (
            REF.sub(lambda _m, new=url_id: new, form.url, count=1) if "§" in form.url else form.url
        )
        out.append((f"url id {_short(url_id)}", url, valid, "form"))
    return out


def _short(value):
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    return repr(text[:24] + ("…" if len(text) > 24 else ""))


def test_over_two_thousand_hostile_inputs():
    counts = {name: len(cases(name)) for name in ALL_FORMS}
    assert all(count >= 30 for count in counts.values()), counts
    assert sum(counts.values()) >= 2000, counts


# --- the world -----------------------------------------------------------------------------


@pytest.fixture
def fuzz(app, world, make, db, as_user):
    """The world of test_fuzz plus what the forms name, and a place for every user."""
    app.config.update(LOGIN_FAILURES_PER_ACCOUNT=10**6, LOGIN_FAILURES_PER_ADDRESS=10**6)
    anna = make.contact(world["mine"], name="Anna Berg")
    their_contact = make.contact(world["other_team"], name="Zofia Nowak")
    world["fuzzer"] = make.user("rep", world["north"], email="fuzzer@example.com")
    world["target"] = make.user("rep", world["north"], email="target@example.com")
    ids = {
        "rep": world["rep"]["id"],
        "colleague": world["colleague"]["id"],
        "stranger": world["stranger"]["id"],
        "target": world["target"]["id"],
        "admin_id": world["admin"]["id"],
        "north": world["north"],
        "south": world["south"],
        "mine": world["mine"],
        "theirs": world["other_team"],
        "their_client": world["other_team"],
        "anna": anna,
        "anna_topic": make.topic(anna, "Golf"),
        "their_contact": their_contact,
        "their_topic": make.topic(their_contact, "Sailing"),
        "my_visit": make.visit(world["mine"], world["rep"]["id"], days_ago=0, open_=True),
        "their_visit": make.visit(world["other_team"], world["stranger"]["id"], open_=True),
    }
    ids["my_visit_upper"] = ids["my_visit"].upper()
    ids["feed_token"] = exports.create_token(db, world["colleague"]["id"])
    ids["feed_token_upper"] = ids["feed_token"].upper()
    ids["their_"] = ids["their_visit"]
    for key, client, user in [
        ("my_promise", world["mine"], world["rep"]["id"]),
        ("their_promise", world["other_team"], world["stranger"]["id"]),
        ("named_promise", world["mine"], world["rep"]["id"]),
    ]:
        ids[key] = str(uuid.uuid4())
        db["promises"].insert(
            {
                "id": ids[key],
                "client_id": client,
                "user_id": user,
                "text": "Send Erik the price list",
                "due_date": "2026-12-01",
                "made_at": timeutil.now_iso(),
                "received_at": timeutil.now_iso(),
            }
        )
    for key, client, user, body in [
        ("their_note", world["other_team"], world["stranger"]["id"], "Zofia was there"),
        ("named_note", world["mine"], world["rep"]["id"], "Erik was there"),
    ]:
        ids[key] = str(uuid.uuid4())
        db["notes"].insert(
            {
                "id": ids[key],
                "client_id": client,
                "user_id": user,
                "body": body,
                "written_at": timeutil.now_iso(),
                "received_at": timeutil.now_iso(),
            }
        )
    spare = {
        "clients": [make.client(world["north"], name=f"Spare {n}") for n in range(12)],
        "contacts": [make.contact(world["mine"], name=f"Erik Spare {n}") for n in range(12)],
    }
    fuzzer_hash = db["users"].get(world["fuzzer"]["id"])["password_hash"]
    return {
        "ids": ids,
        "world": world,
        "spare": spare,
        "as_user": as_user,
        "browsers": {},
        "fuzzer_hash": fuzzer_hash,
    }


def _browser(fuzz, who):
    """One logged-in browser per user, made on first use."""
    if who not in fuzz["browsers"]:
        browser = fuzz["as_user"](who)
        browser.get("/profile/two-step" if who == "fuzzer" else "/profile")
        fuzz["browsers"][who] = browser
    return fuzz["browsers"][who]


def _user_id(fuzz, who):
    return {"second_step": fuzz["ids"]["admin_id"], "language_logged_out": None}.get(
        who, fuzz["world"][who]["id"] if who in fuzz["world"] else None
    )


# --- sending -------------------------------------------------------------------------------


def _bytes(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


def _resolve(value, fuzz, n):
    """Fill in "§name" with the world's ids (and fresh values where the form needs them)."""
    if not isinstance(value, str) or "§" not in value:
        return value

    def one(match):
        key = match.group(1)
        if key == "uuid":
            return str(
                uuid.UUID(int=random.Random(f"{SEED}-{n}-{value}").getrandbits(128), version=4)
            )
        if key == "email":
            return f"new{n}@example.com"
        if key == "due":
            return "2027-01-15"
        if key == "spare_client":
            return str(fuzz["spare"]["clients"][n % 12])
        if key in ("spare_contact", "spare_name"):
            contact = fuzz["spare"]["contacts"][n % 12]
            return str(contact) if key == "spare_contact" else f"Erik Spare {n % 12}"
        if key == "action":
            return ("deactivate", "reactivate", "end-sessions", "reset-two-step", "reset-password")[
                n % 5
            ]
        return str(fuzz["ids"][key])

    return REF.sub(one, value)


def _body(pairs, encoding, token):
    """The request body and its content type."""
    if encoding == "wrong-csrf-first":
        pairs = [("csrf_token", "x"), ("csrf_token", token), *pairs]
    elif encoding != "no-csrf":
        pairs = [("csrf_token", token), *pairs]
    if encoding == "raw":  # a byte that is not UTF-8, unescaped: the form cannot be decoded
        return b"&".join(_bytes(k) + b"=" + _bytes(v) + b"\xff" for k, v in pairs), None
    if encoding == "json":
        typed = {k: [1, {"x": None}] if i % 2 else 10**30 for i, (k, _v) in enumerate(pairs)}
        typed["csrf_token"] = token
        return json.dumps(typed), "application/json"
    if encoding.startswith("multipart"):
        with_files = encoding == "multipart"
        parts = b"".join(
            b'--fz\r\nContent-Disposition: form-data; name="%s"%s\r\n\r\n%s\r\n'
            % (
                _bytes(k),
                b'; filename="a.txt"' if with_files and k != "csrf_token" else b"",
                _bytes(v),
            )
            for k, v in pairs
        )
        return parts + b"--fz--\r\n", "multipart/form-data; boundary=fz"
    body = "&".join(_quote(_bytes(k)) + "=" + _quote(_bytes(v)) for k, v in pairs)
    return body.encode("ascii"), None


@functools.cache
def _quote(value):
    """Percent-encoded, every byte but letters and digits: the same huge values come again
    and again."""
    return quote_from_bytes(value, safe="")


def _seen(body, content_type):
    """The form as the app reads it from `body`."""
    environ = EnvironBuilder(
        method="POST", data=body, content_type=content_type or "application/x-www-form-urlencoded"
    ).get_environ()
    return Request(environ).form


def _logged_out_client(fuzz, lang, second_step=False):
    """A fresh browser on the login page (or at the second step of the admin's login)."""
    client = fuzz["app"].test_client()
    headers = {"Accept-Language": lang}
    page = client.get("/login", headers=headers)
    if second_step:
        client.post(
            "/login",
            headers=headers,
            data={
                "csrf_token": csrf_token(page.text),
                "email": "admin@example.com",
                "password": PASSWORD,
            },
        )
        page = client.get("/login/code", headers=headers)
    return client, csrf_token(page.text)


# --- checking ------------------------------------------------------------------------------


def _snapshot(db):
    """Every row of every table but the logs, without columns that change by use."""
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    state = {}
    for table in tables:
        if table in LOGS:
            continue
        columns = [
            r[1]
            for r in db.execute(f"PRAGMA table_info({table})")
            if r[1] not in VOLATILE.get(table, [])
        ]
        state[table] = db.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid"
        ).fetchall()
    return state


def _difference(before, after):
    """The tables whose rows changed, with a few rows that differ."""
    changed = {}
    for table in after:
        gone = set(before.get(table, [])) - set(after[table])
        new = set(after[table]) - set(before.get(table, []))
        if gone or new:
            changed[table] = {"gone": _clip(gone), "new": _clip(new)}
    return changed


def _clip(rows):
    return [tuple(str(v)[:60] for v in row) for row in list(rows)[:2]]


UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: What stored rows may hold, whoever wrote them: each query lists the rows that break it.
RULES = {
    "client": "SELECT id, name FROM clients WHERE trim(name) = '' OR length(name) > 120 "
    "OR length(address) > 200 OR length(city) > 80 OR country NOT IN ('NO', 'SE', 'FI', 'PL') "
    "OR NOT coalesce(lat BETWEEN -90 AND 90, lat IS NULL) "
    "OR NOT coalesce(lon BETWEEN -180 AND 180, lon IS NULL) "
    "OR rhythm_days NOT BETWEEN 7 AND 364 OR rhythm_days % 7",
    "client owner outside the team": "SELECT c.id FROM clients c JOIN users u "
    "ON u.id = c.owner_id WHERE u.team_id IS NOT c.team_id",
    "contact": "SELECT id FROM contacts WHERE trim(name) = '' OR length(name) > 120 "
    "OR length(title) > 120",
    "topic": "SELECT id FROM topics WHERE trim(title) = '' OR length(title) > 120 "
    "OR length(follow_up) > 200",
    "note": "SELECT id FROM notes WHERE trim(body) = '' OR length(body) > 1000",
    "promise": "SELECT id FROM promises WHERE trim(text) = '' OR length(text) > 200 "
    "OR date(due_date) IS NOT due_date",
    "visit": "SELECT id FROM visits WHERE NOT coalesce(lat BETWEEN -90 AND 90, lat IS NULL) "
    "OR NOT coalesce(lon BETWEEN -180 AND 180, lon IS NULL)",
    "user": "SELECT id FROM users WHERE trim(name) = '' OR length(name) > 120 "
    f"OR locale NOT IN ('en', 'nb', 'sv', 'fi', 'pl') "
    f"OR timezone NOT IN ({', '.join(repr(z) for z in TIME_ZONES)}) "
    "OR (role != 'admin' AND team_id IS NULL) OR email NOT LIKE '_%@_%._%'",
    "team": "SELECT id FROM teams WHERE trim(name) = '' OR length(name) > 80",
    "two-step login on without a code": "SELECT id FROM users "
    "WHERE email = 'fuzzer@example.com' AND totp_enabled_at IS NOT NULL",
    "the admin's own role changed": "SELECT id FROM users WHERE email = 'admin@example.com' "
    "AND role != 'admin'",
    "a client archived that only a manager's fuzz may archive": "SELECT id FROM clients "
    "WHERE archived = 1 AND name NOT LIKE 'Spare %'",
}


def _broken_rules(db):
    broken = {}
    for rule, sql in RULES.items():
        rows = db.execute(sql).fetchall()
        if rows:
            broken[rule] = _clip(rows)
    for table in ("notes", "visits", "topics", "promises", "operations"):
        for (row_id,) in db.execute(f"SELECT id FROM {table}"):
            if not re.fullmatch(UUID, row_id):
                broken[f"{table} id"] = row_id[:60]
    return broken


def _south(db, team):
    """Everything of the other team: no post by the north may change it."""
    return {
        "clients": db.execute("SELECT * FROM clients WHERE team_id = ?", [team]).fetchall(),
        "contacts": db.execute(
            "SELECT k.* FROM contacts k JOIN clients c ON c.id = k.client_id WHERE c.team_id = ?",
            [team],
        ).fetchall(),
        "topics": db.execute(
            "SELECT t.* FROM topics t JOIN contacts k ON k.id = t.contact_id "
            "JOIN clients c ON c.id = k.client_id WHERE c.team_id = ?",
            [team],
        ).fetchall(),
        "notes": db.execute(
            "SELECT n.* FROM notes n JOIN clients c ON c.id = n.client_id WHERE c.team_id = ?",
            [team],
        ).fetchall(),
        "promises": db.execute(
            "SELECT p.* FROM promises p JOIN clients c ON c.id = p.client_id WHERE c.team_id = ?",
            [team],
        ).fetchall(),
        "visits": db.execute(
            "SELECT v.* FROM visits v JOIN clients c ON c.id = v.client_id WHERE c.team_id = ?",
            [team],
        ).fetchall(),
    }


def _english_messages():
    """Every English message the app or WTForms can show, as patterns, by language: those
    the language's catalogue leaves the same are left out."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def catalogue(path):
        with open(path, "rb") as f:
            return read_po(f)

    ours = {
        lang: catalogue(os.path.join(root, "translations", lang, "LC_MESSAGES", "messages.po"))
        for lang in ("pl", "nb")
    }
    wtf_dir = os.path.join(os.path.dirname(wtforms.__file__), "locale")
    theirs = {
        lang: catalogue(os.path.join(wtf_dir, lang, "LC_MESSAGES", "wtforms.po"))
        for lang in ("pl", "nb")
    }
    found = {}
    for lang in ("pl", "nb"):
        patterns = []
        for cat in (ours[lang], theirs[lang]):
            for message in cat:
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                string = (
                    message.string[0] if isinstance(message.string, tuple) else (message.string)
                )
                # A no-break space (translate.typeset) does not make a text foreign.
                if not msgid or len(msgid) < 12 or (string or "").replace("\u00a0", " ") == msgid:
                    continue
                parts = re.split(r"%\(\w+\)[sd]|%[sd]", msgid)
                patterns.append(re.compile(".+?".join(re.escape(p) for p in parts)))
        found[lang] = patterns
    return found


ENGLISH = _english_messages()


def _error_texts(page):
    texts = re.findall(r'<p class="(?:error|flash flash-error)"[^>]*>(.*?)</p>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in texts]


def _check_shown(page, seen, form, fuzz, n, lang):
    """A refused form shown again: what was typed, escaped, and a message in the language."""
    problems = []
    for key in form.echo:
        key = _resolve(key, fuzz, n)
        typed = seen.get(key, "")
        shown = _as_shown(typed)
        if shown[-1] and not any(str(escape(text)) in page for text in shown):
            problems.append(f"typed {key}={_short(typed)} not shown")
    errors = _error_texts(page)
    if not errors:
        problems.append("no error message")
    problems += _check_language(errors, lang)
    return problems


def _as_shown(typed):
    """What a form may fairly show of what was typed: all of it, or trimmed, or without the
    invisible and control characters a name field removes (made a space, or dropped)."""
    if typed.isprintable():
        return [typed, typed.strip()]
    visible = "".join(c for c in typed if unicodedata.category(c) != "Cf")
    spaced = re.sub(
        r"\s+", " ", "".join(" " if unicodedata.category(c) == "Cc" else c for c in visible)
    ).strip()
    dropped = "".join(c for c in visible if unicodedata.category(c) != "Cc").strip()
    return [typed, typed.strip(), dropped, spaced]


def _check_language(errors, lang):
    if lang not in ENGLISH:
        return []
    return [
        f"English message in {lang}: {text[:80]!r}"
        for text in errors
        if any(p.search(text) for p in ENGLISH[lang])
    ]


def _same_site(location):
    parts = urlsplit(location.replace("\\", "/"))
    return not parts.scheme and not parts.netloc or parts.netloc == "localhost"


# --- the run -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ALL_FORMS))
def test_form_survives_hostile_input(name, fuzz, app, db):
    fuzz["app"] = app
    form = ALL_FORMS[name]
    south = _south(db, fuzz["world"]["south"])
    failures = []
    snapshot, version = None, None

    for n, (label, url, pairs, encoding) in enumerate(cases(name)):
        lang = ("en", "pl", "en", "nb")[n // 8 % 4]  # eight at a time: fewer snapshots
        user_id = _user_id(fuzz, form.who)
        if user_id is not None and db["users"].get(user_id)["locale"] != lang:
            db.execute("UPDATE users SET locale = ? WHERE id = ?", [lang, user_id])
            version = None  # this connection's own writes do not change its data_version
        if name == "logout":  # each post ends the session: log in again first
            fuzz["browsers"].pop(form.who, None)
        client, token = _client(fuzz, form.who, lang)
        if _data_version(db) != version:
            snapshot, version = _snapshot(db), _data_version(db)

        url = _resolve(url, fuzz, n)
        pairs = [(_resolve(k, fuzz, n), _resolve(v, fuzz, n)) for k, v in pairs]
        body, content_type = _body(pairs, encoding, token)
        headers = {"Accept-Language": lang}
        if name in SEARCHES:
            response = client.get(f"{url}?{body.decode('ascii', 'replace')}", headers=headers)
        else:
            if encoding == "json":
                headers["X-CSRFToken"] = token
            response = client.post(
                url,
                data=body,
                headers=headers,
                content_type=content_type or "application/x-www-form-urlencoded",
            )
        status, page = response.status_code, response.get_data(as_text=True)
        location = response.headers.get("Location", "")

        problems = [f"answered {status}"] if status >= 500 else []
        flashed = []
        if 300 <= status < 400:
            flashed = _follow(client, location, headers, form, fuzz, problems)
        refused = status >= 400 or status in form.shown or bool(flashed)
        if refused and _data_version(db) != version:
            changed = _difference(snapshot, _snapshot(db))
            if changed:
                problems.append(f"refused but changed {changed}")
        if not refused:
            broken = _broken_rules(db)
            if broken:
                problems.append(f"stored what the form does not allow: {broken}")
            valid = {
                _resolve(key, fuzz, n): _resolve(value, fuzz, n)
                for key, (_kind, value) in form.fields.items()
            }
            if form.accepts and not form.accepts(_seen(body, content_type), valid):
                problems.append("accepted what it should have refused")
        if status in form.shown and encoding in ("form", "multipart-fields"):
            problems += _check_shown(page, _seen(body, content_type), form, fuzz, n, lang)
        problems += _check_language(flashed, lang)
        if name not in SEARCHES:
            problems += _check_csrf(encoding, status, name)
        if "/login?next=" in location:
            problems.append("the session ended")
        if problems:
            method = "GET" if name in SEARCHES else "POST"
            failures.append(
                f"{name} #{n} {label}: {method} {url[:80]} ({lang}) -> {status}: "
                + "; ".join(problems)
            )

        if not refused and name in ("password", "profile", "two_step", "end_sessions"):
            _restore_fuzzer(fuzz, db)
            version = None
        if not refused and name == "note":
            _put_away(db, fuzz)
            version = None

    assert _south(db, fuzz["world"]["south"]) == south
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


def _data_version(db):
    """Changes when another connection (the app's) commits."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def _client(fuzz, who, lang):
    """The test client to post with, and its CSRF token."""
    if who in (None, "second_step"):
        return _logged_out_client(fuzz, lang, who == "second_step")
    browser = _browser(fuzz, who)
    return browser.client, browser.token


def _follow(client, location, headers, form, fuzz, problems):
    """Open the page a redirect leads to; its error messages (none when it also says the
    post succeeded: a page may show an error-styled notice, "this user is deactivated")."""
    if not _same_site(location):
        problems.append(f"redirects off the site to {location[:80]!r}")
        return []
    after = client.get(location, headers=headers)
    if after.status_code >= 500:
        problems.append(f"the page it leads to, {location[:80]}, answered {after.status_code}")
    page = after.get_data(as_text=True)
    if form.who not in (None, "second_step") and "csrf_token" in page:
        fuzz["browsers"][form.who].token = csrf_token(page)
    if 'class="flash flash-success"' in page:
        return []
    return [
        html.unescape(text)
        for text in re.findall(r'<p class="flash flash-error"[^>]*>(.*?)</p>', page)
    ]


def _check_csrf(encoding, status, name):
    """Without a valid token every post is refused (400); with one, none is refused as if
    it had none: else the fuzz would only be testing the CSRF check."""
    without = encoding in ("no-csrf", "wrong-csrf-first", "raw")
    if without and status != 400:
        return ["taken without a valid CSRF token"]
    if not without and status == 400 and name != "calendar":  # its unknown actions are 400
        return ["refused as if the CSRF token were wrong"]
    return []


def _put_away(db, fuzz):
    """Close the topics and keep the promises that accepted notes added: the note form and
    the briefing list every open one, and four hundred notes would make each page slower."""
    db.execute(
        "UPDATE topics SET status = 'closed' WHERE status != 'closed' AND id != ? "
        "AND contact_id IN (SELECT id FROM contacts WHERE client_id = ?)",
        [fuzz["ids"]["anna_topic"], fuzz["ids"]["mine"]],
    )
    db.execute(
        "UPDATE promises SET kept_at = made_at WHERE kept_at IS NULL AND note_id IS NOT NULL"
    )


def _restore_fuzzer(fuzz, db):
    """After an accepted change of the fuzzer's password, the next post starts from the same
    password; its browser logs in again when the change ended its session."""
    db["users"].update(fuzz["world"]["fuzzer"]["id"], {"password_hash": fuzz["fuzzer_hash"]})
    browser = fuzz["browsers"]["fuzzer"]
    page = browser.client.get("/profile/two-step")
    if page.status_code != 200:
        browser = fuzz["browsers"]["fuzzer"] = Browser(fuzz["app"].test_client())
        browser.login("fuzzer@example.com")
        page = browser.client.get("/profile/two-step")
    browser.token = csrf_token(page.get_data(as_text=True))
