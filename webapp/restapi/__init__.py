"""The REST API for other systems: personal access tokens (tokens.py, their pages in
pages.py), who calls (auth.py), the resources under /api/v1/ (resources.py, views.py,
writes.py, paging.py) and the OpenAPI document with its readable page (spec.py, docs.py).
"""

# First, in create_app's order: the app's packages import each other (accounts and i18n,
# the sync's checks and attachments), and only that order resolves for a script or test
# that imports this package on its own.
from webapp import accounts  # noqa: F401, I001
from webapp import attachments  # noqa: F401, I001
from webapp.restapi import auth
from webapp.restapi import docs
from webapp.restapi import pages
from webapp.restapi import writes  # noqa: F401  (registers the write routes on bp)
from webapp.restapi.views import bp  # noqa: F401

pages_bp = pages.bp
docs_bp = docs.bp


def init_app(app):
    """Run the token check before every other hook, so the API's user is the token's."""
    app.before_request(auth.bearer_user)
    app.jinja_env.globals["api_tokens_of"] = pages.tokens_of
