"""Installable and offline: the service worker, the web app manifest and the offline page.

The service worker (static/sw.js) is served from /sw.js so its scope is the whole site. Flask
injects its cache version — a fingerprint of the static files and of the offline page — and
the app shell to precache, so a deploy that changes any of them installs a new worker that
replaces the old caches. No build step makes a version string.
"""

import hashlib
import json
import os

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from webapp import clients
from webapp.db import LAST_VISIT
from webapp.db import marks
from webapp.handover import covers

bp = Blueprint("pwa", __name__)

#: Most clients whose briefing and note form the phone keeps offline. A rep's own book is
#: rarely above 150 clients, so 200 covers it with room for the team's clients most due
#: for a visit; 200 briefings and note forms are ~400 small pages (a few MB, well inside
#: even Safari's quota) that the service worker refreshes four at a time in seconds.
OFFLINE_CLIENTS = 200
#: Folders under static/ that make up the app shell the service worker precaches.
SHELL_FOLDERS = ("css", "js", "vendor", "icons")
#: Light theme colours; dark mode colours are in base.html's theme-color meta tags.
THEME_COLOR = "#1f5f5b"
BACKGROUND_COLOR = "#f6f5f2"


def fingerprint(folders):
    """A short hash of every file under the folders: it changes when any byte does."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(_files(folder)):
            digest.update(os.path.relpath(path, folder).encode())
            with open(path, "rb") as f:
                digest.update(f.read())
    return digest.hexdigest()[:16]


def _files(folder):
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            if not name.startswith("."):
                yield os.path.join(parent, name)


def shell_urls():
    """The URLs the service worker precaches: styles, scripts, icons, manifest, offline page."""
    static = current_app.static_folder
    urls = []
    for folder in SHELL_FOLDERS:
        for path in sorted(_files(os.path.join(static, folder))):
            filename = os.path.relpath(path, static).replace(os.sep, "/")
            urls.append(url_for("static", filename=filename))
    return urls + [url_for("pwa.offline"), url_for("pwa.manifest")]


def _worker_source():
    """static/sw.js with the version and the shell filled in; computed once per app."""
    cached = current_app.extensions.get("folka_sw")
    if cached and not current_app.debug:
        return cached
    static = current_app.static_folder
    templates = os.path.join(current_app.root_path, "templates", "pwa")
    version = fingerprint([static, templates])
    with open(os.path.join(static, "sw.js"), encoding="utf-8") as f:
        source = f.read()
    source = source.replace('"__FOLKA_VERSION__"', json.dumps(version), 1)
    source = source.replace('["__FOLKA_SHELL__"]', json.dumps(shell_urls()), 1)
    # Its imports under the static files' fingerprint, as the pages' (webapp/assets.py).
    source = source.replace(' from "/static/', f' from "{url_for("static", filename="")}')
    current_app.extensions["folka_sw"] = source
    return source


@bp.route("/sw.js")
def service_worker():
    """The service worker, at the root so it may control every page."""
    response = current_app.response_class(_worker_source(), mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on navigations; never answer from an HTTP cache.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest that makes Folka installable to the home screen."""

    def icon(name, size, purpose="any", kind="image/png"):
        src = url_for("static", filename=f"icons/{name}")
        return {"src": src, "sizes": size, "type": kind, "purpose": purpose}

    data = {
        "id": "/",
        "name": "Folka",
        "short_name": "Folka",
        "description": _("Briefings, notes and promises for people who visit customers."),
        "lang": str(get_locale()),
        "dir": "ltr",
        "start_url": url_for("field.today"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "categories": ["business", "productivity"],
        "icons": [
            icon("icon-192.png", "192x192"),
            icon("icon-512.png", "512x512"),
            icon("maskable-192.png", "192x192", "maskable"),
            icon("maskable-512.png", "512x512", "maskable"),
            icon("icon.svg", "any", kind="image/svg+xml"),
        ],
    }
    response = current_app.response_class(
        json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/manifest+json"
    )
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline")
def offline():
    """Shown for a page that is not saved on the phone; public, and free of personal data."""
    return render_template("pwa/offline.html")


def offline_clients(db, user, limit=None, only=None):
    """The visible clients most worth having offline: own first, then most overdue. With
    `only` (ids), those of them the user may see, whatever their rank."""
    where, params = clients.scope(user)
    if only is not None:
        where += f" AND c.id IN ({marks(only)})"
        params = [*params, *only]
    rows = db.query(
        "SELECT c.id, c.name, c.city, c.owner_id, c.team_id, c.rhythm_days,"
        f" {LAST_VISIT} AS last_visit_at "
        f"FROM clients c WHERE c.archived = 0 AND {where}",
        params,
    )
    mine = set(covers.book(db, user))  # their own, and a colleague's they cover today
    ranked = sorted(
        (clients.with_rhythm(row) for row in rows),
        key=lambda c: (
            c["owner_id"] not in mine,
            c["team_id"] != user.team_id,
            -c["overdue_days"],
            c["name"].casefold(),
        ),
    )
    return ranked if only is not None else ranked[: limit or OFFLINE_CLIENTS]
