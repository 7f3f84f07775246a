"""Users and teams: who can log in, in which role, in which team and language.

Also the password rules: long enough, not common, not the user's own name. Anything that
changes how a user logs in ends their open sessions (see sessions.py).
"""

import datetime
import functools
import os
import re
import secrets

from flask_babel import gettext as _
from flask_login import UserMixin
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from webapp import timeutil
from webapp.accounts import sessions
from webapp.db import get_one
from webapp.db import transaction

ROLES = ("rep", "manager", "admin")
#: Hash parameters; a stored hash with other parameters is upgraded at the next login.
PASSWORD_METHOD = "pbkdf2:sha256:600000"
#: Shortest and longest password accepted when one is set (ASVS: at least 8, allow 64+).
PASSWORD_MIN = 10
PASSWORD_MAX = 200
#: Words that make a password easy to guess here, besides the user's own name and e-mail.
CONTEXT_WORDS = ("folka",)
_TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


@functools.cache
def _dummy_hash(method):
    """A valid hash to check when the e-mail is unknown, so both answers take as long."""
    return generate_password_hash("folka-timing-equaliser", method=method)


class PasswordExpired(Exception):
    """The right temporary password, but too late: the admin must reset it again."""


class User(UserMixin):
    """The logged-in person, as Flask-Login wants it; fields come straight from the row."""

    def __init__(self, row, session_key=None):
        self.row = row
        self.id = row["id"]
        self.email = row["email"]
        self.name = row["name"]
        self.role = row["role"]
        self.team_id = row["team_id"]
        self.locale = row["locale"]
        self.timezone = row["timezone"]
        #: "user id:token" of the server-side session this request runs in.
        self.session_key = session_key

    def get_id(self):
        """What Flask-Login puts in the session and remember-me cookies: id and session token."""
        return self.session_key

    @property
    def is_active(self):
        """Deactivated users cannot log in, and their sessions stop working."""
        return bool(self.row["active"])

    @property
    def is_manager(self):
        """Managers and admins may do what only leads do (archive clients, team views)."""
        return self.role in ("manager", "admin")

    @property
    def is_admin(self):
        """Admins see every team and manage users."""
        return self.role == "admin"

    @property
    def has_totp(self):
        """True when the second login step is on."""
        return bool(self.row["totp_enabled_at"])

    @property
    def must_change_password(self):
        """True after an admin reset: the temporary password must be replaced first."""
        return bool(self.row["must_change_password"])


def get_or_create_team(db, name):
    """The id of the team with this name, created when new."""
    row = db.execute("SELECT id FROM teams WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    return db["teams"].insert({"name": name}).last_pk


def list_teams(db):
    """All teams by name."""
    return list(db.query("SELECT id, name FROM teams ORDER BY name"))


def create_user(db, email, name, password, role, team_id=None, locale="en", tz="Europe/Oslo"):
    """Add a user with a hashed password; returns the new id."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    # Hash before taking the write lock: 600,000 rounds would hold it for half a second.
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    with transaction(db):
        return (
            db["users"]
            .insert(
                {
                    "email": email.strip().lower(),
                    "name": name,
                    "password_hash": password_hash,
                    "role": role,
                    "team_id": team_id,
                    "locale": locale,
                    "timezone": tz,
                    "active": 1,
                    "created_at": timeutil.now_iso(),
                }
            )
            .last_pk
        )


def email_taken(db, email, except_id=None):
    """True when another user already has this e-mail."""
    row = db.execute(
        "SELECT id FROM users WHERE email = ?", [(email or "").strip().lower()]
    ).fetchone()
    return bool(row) and row[0] != except_id


def get_user(db, user_id):
    """The user with this id; raises NotFound."""
    return User(get_one(db, "SELECT * FROM users WHERE id = ?", [user_id]))


def authenticate(db, email, password):
    """The active user with these credentials, or None; takes as long either way.

    Raises PasswordExpired for a temporary password used after its deadline.
    """
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [(email or "").strip().lower()]))
    row = rows[0] if rows else None
    stored = row["password_hash"] if row else _dummy_hash(PASSWORD_METHOD)
    ok = check_password_hash(stored, password or "")
    if not (row and ok and row["active"]):
        return None
    if row["password_expires_at"] and row["password_expires_at"] < timeutil.now_iso():
        raise PasswordExpired(row["id"])
    if not row["password_hash"].startswith(PASSWORD_METHOD + "$"):
        upgraded = generate_password_hash(password, method=PASSWORD_METHOD)
        with transaction(db):
            db["users"].update(row["id"], {"password_hash": upgraded})
    return User(row)


def check_password(db, user_id, password):
    """True when `password` is the user's current one (for re-authentication)."""
    row = db.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    stored = row[0] if row else _dummy_hash(PASSWORD_METHOD)
    return check_password_hash(stored, password or "") and bool(row)


@functools.cache
def common_passwords():
    """The bundled list of common passwords, lower case."""
    path = os.path.join(os.path.dirname(__file__), "data", "common-passwords.txt")
    with open(path, encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))


def password_problems(password, email="", name=""):
    """What is wrong with a new password, as messages for the user (empty when it is fine).

    Length, commonness and the user's own name or e-mail (in any order, with any digits):
    no rules about character classes, which make passwords harder to remember without
    making them harder to guess.
    """
    password = password or ""
    if len(password) < PASSWORD_MIN:
        return [_("Use at least %(min)d characters.", min=PASSWORD_MIN)]
    if len(password) > PASSWORD_MAX:
        return [_("Use at most %(max)d characters.", max=PASSWORD_MAX)]
    lowered = password.strip().lower()
    core = lowered.strip("0123456789!@#$%^&*()_+-=.,;:?'\"/\\| ")
    common = common_passwords()
    if lowered in common or core in common or len(set(lowered)) < 4:
        return [_("This password is too common. Try a few words that do not belong together.")]
    email = (email or "").strip().lower()
    local_part = email.split("@")[0]
    personal = {*CONTEXT_WORDS, *_words(email), *_words(name or "")}
    words = _words(lowered)
    if (
        (email and email in lowered)
        or (len(local_part) >= 4 and local_part in lowered)
        or any(word in lowered for word in CONTEXT_WORDS)
        or (words and all(word in personal for word in words))
    ):
        return [_("Do not use your name, your e-mail or the word Folka in your password.")]
    return []


def _words(text):
    """The runs of letters in a text, lower case: "berg-nora-99" has "berg" and "nora"."""
    return re.findall(r"[^\W\d_]+", text.lower())


def temporary_password():
    """A one-time password for a new or reset account: 16 random letters, ~80 bits."""
    raw = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def set_temporary_password(db, user_id, hours):
    """Give the user a temporary password that must be changed at the next login.

    Ends every session of the user; returns the password, to be shown once.
    """
    password = temporary_password()
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    with transaction(db):
        db["users"].update(user_id, {"password_hash": password_hash})
        require_password_change(db, user_id, hours)
        sessions.end_all(db, user_id)
    return password


def require_password_change(db, user_id, hours):
    """The current password works for `hours` more, and only to choose a new one."""
    expires = timeutil.iso(timeutil.now() + datetime.timedelta(hours=hours))
    with transaction(db):
        db["users"].update(
            user_id,
            {
                "must_change_password": 1,
                "password_expires_at": expires,
                "password_changed_at": timeutil.now_iso(),
            },
        )


def change_password(db, user_id, password):
    """Set a new password chosen by the user; ends every session of the user."""
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    with transaction(db):
        db["users"].update(
            user_id,
            {
                "password_hash": password_hash,
                "must_change_password": 0,
                "password_expires_at": None,
                "password_changed_at": timeutil.now_iso(),
            },
        )
        sessions.end_all(db, user_id)


def set_active(db, user_id, active):
    """Deactivate (ending every session) or reactivate a user."""
    with transaction(db):
        db["users"].update(user_id, {"active": int(bool(active))})
        if not active:
            sessions.end_all(db, user_id)


def update_user(db, user_id, name, role, team_id, locale):
    """An admin's changes to a user's name, role, team and language."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    with transaction(db):
        db["users"].update(
            user_id, {"name": name, "role": role, "team_id": team_id, "locale": locale}
        )


def set_locale(db, user_id, locale):
    """Save the user's language."""
    with transaction(db):
        db["users"].update(user_id, {"locale": locale})


def update_preferences(db, user_id, locale, timezone):
    """Save the user's language and time zone."""
    with transaction(db):
        db["users"].update(user_id, {"locale": locale, "timezone": timezone})


def team_members(db, team_id):
    """Active users of a team, for the owner choice on the client form."""
    return list(
        db.query(
            "SELECT id, name FROM users WHERE team_id = ? AND active = 1 ORDER BY name", [team_id]
        )
    )


def list_users(db):
    """Every user with the team name, second-step state and last login, for the admin's list."""
    return list(
        db.query(
            "SELECT u.id, u.email, u.name, u.role, u.locale, u.active, u.totp_enabled_at,"
            " u.must_change_password, t.name AS team,"
            " (SELECT MAX(a.at) FROM audit_log a WHERE a.actor_id = u.id AND a.action = 'login')"
            "   AS last_login_at "
            "FROM users u LEFT JOIN teams t ON t.id = u.team_id ORDER BY t.name, u.name"
        )
    )
