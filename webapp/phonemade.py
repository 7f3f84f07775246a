"""The page of clients made on a phone before they are synced: /clients/0.

A rep who walks into a prospect's shop offline makes the client on the phone, checks in and
writes the note, all before any sync. Such a client has no row id yet, only the UUID of
the operation that made it (its ref). One page serves them all and holds no client's data:
without a ref (#<ref> in the address) it is the new-client form; with one, the phone fills
it from its outbox (static/js/localclient.js) as a briefing with Check in, the people
added, and the note form. Its address matches the saved pages' pattern (/clients/<digits>),
so the service worker keeps it with the user's other pages. 0 is no client's id: SQLite's
row ids start at 1.
"""

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask_babel import get_locale
from flask_login import login_required

from webapp import timeutil
from webapp.manage import COUNTRIES
from webapp.sync import checks

bp = Blueprint("phonemade", __name__)

#: The address of the page, one of the pages the phone keeps (webapp/savedpages.py).
LOCAL_CLIENT_URL = "/clients/0"
#: The country a new client is most likely in, by the language of the page.
COUNTRY_BY_LANGUAGE = {"nb": "NO", "sv": "SE", "fi": "FI", "pl": "PL"}


@bp.before_request
@login_required
def require_login():
    """The page is the user's, saved with their pages; the outbox it reads is theirs."""


@bp.route(LOCAL_CLIENT_URL)
def local_client():
    """A new client made on the phone, and its briefing until it is synced."""
    return render_template(
        "field/local.html",
        countries=COUNTRIES,
        country=COUNTRY_BY_LANGUAGE.get(str(get_locale()), "NO"),
        max_length=current_app.config["NOTE_MAX_LENGTH"],
        due_range=checks.due_date_range(timeutil.now()),
        due_days=(checks.DUE_DAYS_BEFORE, checks.DUE_DAYS_AFTER),
    )
