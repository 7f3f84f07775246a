"""Likely duplicates found (finding.py, by folding.py's rules), merged (merging.py), and the
merged-away ids answering for the kept ones (redirects.py); views.py holds the page."""

from flask_babel import lazy_gettext as _l

from webapp import audit
from webapp.merge.views import bp

__all__ = ["bp"]

audit.ACTIONS.update(
    {
        "client_merged": _l("Clients merged"),
        "person_merged": _l("People merged"),
    }
)
