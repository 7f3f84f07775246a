"""Users and teams: who can log in, in which role, in which team and language."""

from flask_login import UserMixin
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from webapp import timeutil
from webapp.db import NotFound
from webapp.db import transaction

ROLES = ("rep", "manager", "admin")
#: Hash parameters; a stored hash with other parameters is upgraded at the next login.
PASSWORD_METHOD = "pbkdf2:sha256:600000"
# A valid hash to check against when the e-mail is unknown, so both answers take as long.
_DUMMY_HASH = generate_password_hash("folka-timing-equaliser", method=PASSWORD_METHOD)


class User(UserMixin):
    """The logged-in person, as Flask-Login wants it; fields come straight from the row."""

    def __init__(self, row):
        self.row = row
        self.id = row["id"]
        self.email = row["email"]
        self.name = row["name"]
        self.role = row["role"]
        self.team_id = row["team_id"]
        self.locale = row["locale"]
        self.timezone = row["timezone"]

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
    with transaction(db):
        return (
            db["users"]
            .insert(
                {
                    "email": email.strip().lower(),
                    "name": name,
                    "password_hash": generate_password_hash(password, method=PASSWORD_METHOD),
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


def get_user(db, user_id):
    """The user with this id; raises NotFound."""
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    if not rows:
        raise NotFound(user_id)
    return User(rows[0])


def authenticate(db, email, password):
    """The active user with these credentials, or None; takes as long either way."""
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [(email or "").strip().lower()]))
    row = rows[0] if rows else None
    ok = check_password_hash(row["password_hash"] if row else _DUMMY_HASH, password or "")
    if not (row and ok and row["active"]):
        return None
    if not row["password_hash"].startswith(PASSWORD_METHOD + "$"):
        with transaction(db):
            db["users"].update(
                row["id"],
                {"password_hash": generate_password_hash(password, method=PASSWORD_METHOD)},
            )
    return User(row)


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
    """Every user with the team name, for the admin's list."""
    return list(
        db.query(
            "SELECT u.id, u.email, u.name, u.role, u.locale, u.active, t.name AS team "
            "FROM users u LEFT JOIN teams t ON t.id = u.team_id ORDER BY t.name, u.name"
        )
    )
