"""Every page names the user it was rendered for, so the phone keeps it for that user only.

The service worker saves pages for reading offline. It learns who is logged in from the
`Folka-User` header of each page it sees go by: the user's id, or 0 when nobody is logged in
(the login page after a logout, an ended session, a changed password). When the header
names someone other than the user the phone's saved pages belong to, the worker deletes
them before it shows the page, and offline it shows a saved page only when the header it
was saved with names the user the phone is logged in as (static/js/owner.js).
"""

from flask import request
from flask_login import current_user

#: The response header; its value is a user id, or "0" for nobody.
HEADER = "Folka-User"


def name_the_user(response):
    """Adds the header to HTML pages, but not to the app shell the worker shares by all."""
    if response.mimetype != "text/html" or request.blueprint == "pwa":
        return response
    user = current_user
    response.headers[HEADER] = str(user.id) if user.is_authenticated else "0"
    return response


def init_app(app):
    """Name the user on every page the app renders."""
    app.after_request(name_the_user)
