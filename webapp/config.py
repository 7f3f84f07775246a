"""Default settings; the instance folder and FOLKA_* environment variables override them."""

import os

#: The SQLite file. Relative paths are resolved against the project directory.
DATABASE = "instance/folka.db"
#: Signing key for sessions and CSRF tokens. make run writes a random one to the instance folder.
SECRET_KEY = "dev-only-change-me"
#: Largest request body accepted, in bytes; larger ones get 413.
MAX_CONTENT_LENGTH = 256 * 1024
#: Longest note a rep can write, in characters.
NOTE_MAX_LENGTH = 1000
#: A check-in farther than this from the client's site (in metres) shows a warning.
FAR_FROM_SITE_METRES = 500
#: Languages with complete catalogues, in the order the switcher shows them.
LANGUAGES = ["en", "nb", "sv", "fi", "pl"]
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
#: CSRF tokens live as long as the session, so a form left open all day still posts.
WTF_CSRF_TIME_LIMIT = None


def from_environment():
    """Collect FOLKA_* variables as config keys without the prefix (FOLKA_DATABASE → DATABASE)."""
    settings = {}
    for name, value in os.environ.items():
        if name.startswith("FOLKA_"):
            key = name.removeprefix("FOLKA_")
            if value.isdigit():
                value = int(value)
            elif value.lower() in ("true", "false"):
                value = value.lower() == "true"
            settings[key] = value
    return settings
