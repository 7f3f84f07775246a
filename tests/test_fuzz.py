"""Fuzz: 1,200 malformed and hostile requests against the sync API and the forms.

A seeded generator mutates valid operations and form posts: wrong types, huge strings, deep
nesting, invalid UUIDs, other users' and other teams' ids, SQL and HTML injection. Whatever
comes in: no answer is a 5xx, nothing is stored that should not be, and injected HTML is
never rendered as HTML.
"""

import datetime
import json
import random
import uuid

import pytest

from webapp import timeutil

SEED = 20261124
MARK = "fz9"  # every hostile string carries it, so its rendering can be checked
HOSTILE = [
    f"<script>alert('{MARK}')</script>",
    f'"><img src=x onerror=alert("{MARK}")>',
    f"'; DROP TABLE notes; -- {MARK}",
    f"{MARK}' OR '1'='1",
    f"{MARK}\x00\x01\x1b[31m",
    f"{MARK} \u202egnp.exe",
    f"{{{{ config }}}} {MARK} {{% raw %}}",
    f"%(name)s %s {MARK}",
    f"../../../etc/passwd {MARK}",
    f"javascript:alert('{MARK}')",
    f"{MARK} " + "😀" * 300,
    f"{MARK}" * 20_000,
    "=cmd|' /C calc'!A0",
]
RAW_MARKERS = [f"<script>alert('{MARK}')", f'<img src=x onerror=alert("{MARK}")>']


def _values(rng, ids):
    """A hostile or wrongly typed value."""
    choices = [
        None,
        True,
        False,
        0,
        -1,
        2**63,
        -(2**70),
        1e308,
        3.5,
        "",
        " ",
        [],
        {},
        [None],
        {"$gt": ""},
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000000",
        str(uuid.uuid4()).upper(),
        str(uuid.uuid4())[:-1] + "g",
        "2026-13-45T99:99:99Z",
        "9999-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
        *ids.values(),
        *HOSTILE,
        rng.choice(HOSTILE),
    ]
    value = rng.choice(choices)
    if rng.random() < 0.05:
        for _ in range(rng.randint(5, 40)):
            value = [value] if rng.random() < 0.5 else {"x": value}
    return value


def _valid_op(rng, ids):
    now = timeutil.now() - datetime.timedelta(minutes=rng.randint(1, 500))
    kind = rng.choice(["check_in", "check_out", "note", "note", "promise_kept"])
    op = {"id": str(uuid.uuid4()), "kind": kind, "at": timeutil.iso(now)}
    if kind == "check_in":
        op |= {"client_id": ids["mine"], "lat": 60.39, "lon": 5.32, "accuracy": 10}
    elif kind == "check_out":
        op |= {"visit_id": ids["my_visit"]}
    elif kind == "promise_kept":
        op |= {"promise_id": ids["my_promise"], "kept": True}
    else:
        op |= {
            "client_id": ids["mine"],
            "body": "Visit went fine.",
            "contacts_met": [ids["anna"]],
            "topics": [{"id": ids["anna_topic"], "status": "followed_up", "follow_up": "Ask"}],
            "new_topics": [
                {
                    "id": str(uuid.uuid4()),
                    "contact_id": ids["anna"],
                    "title": "New",
                    "follow_up": "",
                }
            ],
            "promises": [
                {
                    "id": str(uuid.uuid4()),
                    "text": "Send it",
                    "due_date": (now.date() + datetime.timedelta(days=3)).isoformat(),
                }
            ],
        }
    return op


def _mutate(rng, value, ids, depth=0):
    """Change one thing somewhere inside a valid operation."""
    if isinstance(value, dict) and value and depth < 3 and rng.random() < 0.7:
        key = rng.choice(list(value))
        action = rng.random()
        if action < 0.15:
            del value[key]
        elif action < 0.25:
            value[rng.choice(HOSTILE)[:40]] = _values(rng, ids)
        elif action < 0.6 and isinstance(value[key], dict | list):
            _mutate(rng, value[key], ids, depth + 1)
        else:
            value[key] = _values(rng, ids)
    elif isinstance(value, list) and value and rng.random() < 0.7:
        index = rng.randrange(len(value))
        if isinstance(value[index], dict | list):
            _mutate(rng, value[index], ids, depth + 1)
        else:
            value[index] = _values(rng, ids)
    return value


def _sync_payload(rng, ids):
    """A request body for /api/sync and whether it is JSON at all."""
    roll = rng.random()
    ops = [_mutate(rng, _valid_op(rng, ids), ids) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.25:
        ops.append(_mutate(rng, _mutate(rng, _valid_op(rng, ids), ids), ids))
    payload = {"user_id": ids["rep"], "operations": ops}
    if roll < 0.06:
        payload["user_id"] = _values(rng, ids)
    elif roll < 0.10:
        payload["operations"] = _values(rng, ids)
    elif roll < 0.13:
        payload = _values(rng, ids)
    elif roll < 0.16:
        return "[" * rng.randint(10, 200_000) + "]" * rng.randint(0, 10), "application/json"
    elif roll < 0.19:
        return json.dumps(payload)[: rng.randint(0, 200)], "application/json"
    elif roll < 0.21:
        return rng.choice(HOSTILE), rng.choice(["text/plain", "application/json", "text/html"])
    elif roll < 0.23:
        payload["operations"] = [_valid_op(rng, ids) for _ in range(101)]
    return json.dumps(payload), "application/json"


FORMS = [
    (
        "/clients/{mine}/note",
        [
            "body",
            "contact",
            "topic",
            "new_topic_title",
            "new_topic_contact",
            "new_topic_follow_up",
            "new_topic_id",
            "promise_text",
            "promise_due",
            "promise_id",
            "op_id",
            "visit_id",
            "status-{anna_topic}",
            "follow_up-{anna_topic}",
        ],
    ),
    ("/clients/{mine}/check-in", ["op_id", "lat", "lon", "accuracy"]),
    ("/clients/{theirs_team}/note", ["body", "contact"]),
    (
        "/clients/new",
        ["name", "address", "city", "country", "lat", "lon", "rhythm_weeks", "owner_id"],
    ),
    (
        "/clients/{mine}/edit",
        ["name", "address", "city", "country", "lat", "lon", "rhythm_weeks", "owner_id"],
    ),
    ("/clients/{mine}/contacts/new", ["name", "title"]),
    ("/contacts/{anna}/edit", ["name", "title"]),
    ("/contacts/{anna}/topics/new", ["title", "follow_up", "status"]),
    ("/topics/{anna_topic}/edit", ["title", "follow_up", "status"]),
    ("/topics/{their_topic}/edit", ["title", "follow_up", "status"]),
    ("/promises/{my_promise}/kept", ["kept", "op_id"]),
    ("/promises/{their_promise}/kept", ["kept", "op_id"]),
    ("/visits/{their_visit}/check-out", ["op_id"]),
    ("/profile", ["locale", "timezone"]),
    ("/password", ["current", "new", "repeat"]),
    ("/language", ["lang", "next"]),
    ("/?q={hostile}", []),
]
ADMIN_FORMS = [
    ("/admin/users/new", ["email", "name", "role", "team_id", "new_team", "locale"]),
    ("/admin/users/{rep}", ["name", "role", "team_id", "locale"]),
    ("/admin/privacy?q={hostile}", []),
    ("/admin/audit?action={hostile}&before={hostile}", []),
    ("/admin/privacy/contacts/{their_contact}/erase", ["confirm", "blank_note"]),
]


def _form_value(rng, ids):
    value = _values(rng, ids)
    if isinstance(value, list | dict) or value is None:
        value = json.dumps(value)
    return str(value)


@pytest.fixture
def ids(world, make, db):
    """Ids the fuzzer may throw around: the rep's own and the other team's records."""
    anna = make.contact(world["mine"], name="Anna Berg")
    their_contact = make.contact(world["other_team"], name="Zofia Nowak")
    my_visit = make.visit(world["mine"], world["rep"]["id"], days_ago=0, open_=True)
    their_visit = make.visit(world["other_team"], world["stranger"]["id"], days_ago=0, open_=True)
    promises = {}
    for key, client, user in [
        ("my_promise", world["mine"], world["rep"]["id"]),
        ("their_promise", world["other_team"], world["stranger"]["id"]),
    ]:
        promises[key] = str(uuid.uuid4())
        db["promises"].insert(
            {
                "id": promises[key],
                "client_id": client,
                "user_id": user,
                "text": "Send it",
                "due_date": "2026-12-01",
                "made_at": timeutil.now_iso(),
                "received_at": timeutil.now_iso(),
            }
        )
    return {
        "rep": world["rep"]["id"],
        "colleague": world["colleague"]["id"],
        "mine": world["mine"],
        "theirs": world["theirs"],
        "theirs_team": world["other_team"],
        "anna": anna,
        "anna_topic": make.topic(anna, "Golf"),
        "their_contact": their_contact,
        "their_topic": make.topic(their_contact, "Sailing"),
        "my_visit": my_visit,
        "their_visit": their_visit,
        **promises,
    }


SOUTH = {
    "clients": "SELECT * FROM clients WHERE team_id = ?",
    "contacts": "SELECT k.* FROM contacts k JOIN clients c ON c.id = k.client_id "
    "WHERE c.team_id = ?",
    "topics": "SELECT t.* FROM topics t JOIN contacts k ON k.id = t.contact_id "
    "JOIN clients c ON c.id = k.client_id WHERE c.team_id = ?",
    "visits": "SELECT v.* FROM visits v JOIN clients c ON c.id = v.client_id WHERE c.team_id = ?",
    "notes": "SELECT n.* FROM notes n JOIN clients c ON c.id = n.client_id WHERE c.team_id = ?",
    "promises": "SELECT p.* FROM promises p JOIN clients c ON c.id = p.client_id "
    "WHERE c.team_id = ?",
}


def _south(db, team):
    return {name: [tuple(r) for r in db.execute(sql, [team])] for name, sql in SOUTH.items()}


def _check_html(response, where):
    assert response.status_code < 500, (where, response.status_code)
    if response.mimetype == "text/html":
        for marker in RAW_MARKERS:
            assert marker not in response.text, where


#: The ids of applied operations: a note or a visit is the record of the operation that made
#: it; check-outs and kept promises have a row in operations.
RECORDED = (
    "SELECT id FROM notes UNION ALL SELECT id FROM visits UNION ALL SELECT id FROM operations"
)


def test_a_thousand_hostile_requests_do_no_harm(world, ids, as_user, db):
    rng = random.Random(SEED)
    recorded_before = {row[0] for row in db.execute(RECORDED)}
    south_before = _south(db, world["south"])
    users_before = [tuple(r) for r in db.execute("SELECT id, email, role, team_id FROM users")]
    rep = as_user("rep")
    token = rep.client.get("/api/session").json["csrf_token"]
    applied, rejected, statuses = set(), set(), {}

    for n in range(800):
        body, content_type = _sync_payload(rng, ids)
        response = rep.client.post(
            "/api/sync",
            data=body,
            headers={"Content-Type": content_type, "X-CSRFToken": token},
        )
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (n, body[:300])
        assert response.is_json, n
        for result in (response.json or {}).get("results", []):
            op_id = result["id"].lower() if result["id"] else None  # stored in lower case
            (applied if result["status"] == "applied" else rejected).add(op_id)

    # Every stored sync write was answered "applied", and only those were stored.
    stored_ops = {row[0] for row in db.execute(RECORDED)} - recorded_before
    assert applied <= stored_ops and not (rejected - applied) & stored_ops
    assert {row[0] for row in db.execute("SELECT id FROM notes")} <= applied
    visits = {row[0] for row in db.execute("SELECT id FROM visits")}
    assert visits - {ids["my_visit"], ids["their_visit"]} <= applied

    forms = 0
    admin = as_user("admin")
    for n in range(400):
        user, (template, fields) = (
            (admin, rng.choice(ADMIN_FORMS)) if n % 5 == 0 else (rep, rng.choice(FORMS))
        )
        url = template.format(**ids, hostile=rng.choice(HOSTILE)[:200])
        user.get("/")
        data = {}
        for field in fields:
            if rng.random() < 0.8:
                data[field.format(**ids)] = _form_value(rng, ids)
        response = user.post(url, data=data) if fields else user.get(url)
        _check_html(response, (url, data))
        forms += 1
    assert sum(statuses.values()) + forms >= 1200

    # Nothing of another team was touched, and no user changed but through the admin.
    assert _south(db, world["south"]) == south_before
    users_after = [tuple(r) for r in db.execute("SELECT id, email, role, team_id FROM users")]
    assert users_after[: len(users_before)] == users_before
    for row in db.execute(RECORDED):
        assert str(uuid.UUID(row[0])) == row[0]
    # What was stored stays within every limit.
    assert (
        db.execute(
            "SELECT COUNT(*) FROM notes WHERE length(body) > 1000 OR trim(body) = ''"
        ).fetchone()[0]
        == 0
    )
    assert (
        db.execute(
            "SELECT COUNT(*) FROM topics WHERE length(title) > 120 OR length(follow_up) > 200"
        ).fetchone()[0]
        == 0
    )
    assert (
        db.execute(
            "SELECT COUNT(*) FROM notes n JOIN clients c ON c.id = n.client_id "
            "WHERE c.team_id != ?",
            [world["north"]],
        ).fetchone()[0]
        == 0
    )
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Pages that show what the fuzzer stored show it as text (and it did store some HTML).
    stored_html = db.execute(
        "SELECT (SELECT COUNT(*) FROM notes WHERE body LIKE '%<script>%')"
        " + (SELECT COUNT(*) FROM contacts WHERE name LIKE '%<script>%' OR name LIKE '%<img%')"
        " + (SELECT COUNT(*) FROM topics WHERE title LIKE '%<script>%' OR title LIKE '%<img%')"
    ).fetchone()[0]
    assert stored_html > 0
    for url in ["/", f"/clients/{ids['mine']}", f"/clients/{ids['mine']}/note", "/profile"]:
        _check_html(rep.get(url), url)
    for url in ["/admin/", "/admin/audit", f"/admin/privacy/contacts/{ids['anna']}"]:
        _check_html(admin.get(url), url)
    assert 200 in statuses and 400 in statuses and len(applied) > 20 and len(rejected) > 100
