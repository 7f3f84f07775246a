"""Clients and people brought in from spreadsheets and vCards, and the organisation out.

reading.py turns a file into rows, mapping.py rows into clients with people, outcomes.py decides
what each becomes, apply.py writes it (and undoes it), vcard.py reads phones' contact cards,
export.py writes everything out again; views.py holds the pages.
"""

from flask_babel import lazy_gettext as _l

from webapp import audit
from webapp.imports.views import bp

__all__ = ["bp", "init_app"]

#: The largest file an import takes, in bytes (a 50,000-row CSV is about 10 MB).
IMPORT_MAX_BYTES = 20_000_000

audit.ACTIONS.update(
    {
        "import_applied": _l("Clients imported"),
        "import_undone": _l("Import undone"),
    }
)


def init_app(app):
    """The upload limit, unless the configuration sets FOLKA_IMPORT_MAX_BYTES."""
    app.config.setdefault("IMPORT_MAX_BYTES", IMPORT_MAX_BYTES)
