"""The pages a phone keeps for reading offline: which, in what version, and many at once.

The service worker keeps Today and, for up to pwa.OFFLINE_CLIENTS clients, the briefing and
the note form. Fetching all of them again on every refresh cost a rep megabytes each time, so
each page has a version: a short hash of everything its text depends on. The phone fetches
a page again only when its version moved, in batches of many clients per request.

A client's pages depend on
- its rows: the client, people, topics, notes, visits, promises, files, field history — one
  number per client that triggers raise on every write (m013, table page_versions);
- the viewer: who they are (name and role show in the header), their language and time zone,
  the session's CSRF secret (a saved form must still post), and, on a briefing, the visit
  they are checked in at anywhere ("checking in here ends that visit");
- the day (overdue counts, "due tomorrow", the due dates a note form allows), in the user's
  zone and in UTC, and the relative times a briefing shows ("Last visit 3 hours ago", each
  topic's "2 weeks ago"), as the words they are now;
- the code: a deploy that changes templates, translations or scripts changes every version.
Today depends on all of the rep's clients: it is always fetched with the rest (one page).
"""

import hashlib
import json
import os
import re

from flask import current_app
from flask import request
from flask import session
from flask import url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException

from webapp import pwa
from webapp import timeutil
from webapp import visits
from webapp.db import marks
from webapp.i18n import ago
from webapp.i18n import formats

#: Most clients one batch request may ask for: 2 pages each, ~30 KB compressed in all.
BATCH_CLIENTS = 20
#: The files of a note a saved briefing shows, which the phone keeps with the page.
THUMBNAIL = re.compile(r"""/files/[0-9a-fA-F-]{36}/thumb""")
#: Pages kept offline beside Today and fetched with it: the map's list, the day's route.
PLAN_PAGES = ("plan.day_map", "plan.day_route")
#: Folders whose files make up what a page looks like (their fingerprint is the code's).
CODE_FOLDERS = ("webapp", "static", "translations")


def code_fingerprint():
    """A fingerprint of the templates, code, translations and static files: computed once."""
    found = current_app.extensions.get("folka_code")
    if found is None or current_app.debug:
        root = current_app.config["PROJECT_ROOT"]
        folders = [os.path.join(root, name) for name in CODE_FOLDERS]
        found = pwa.fingerprint([f for f in folders if os.path.isdir(f)])
        current_app.extensions["folka_code"] = found
    return found


def _hash(*parts):
    text = json.dumps(parts, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def viewer_stamp(user):
    """What every page of `user` depends on besides its client: see the module's docstring."""
    found = formats()
    generate_csrf()  # makes the session's secret if it has none yet
    secret = session.get("csrf_token", "")
    return [
        code_fingerprint(),
        user.id,
        user.name,
        user.email,
        user.role,
        user.team_id,
        str(found.locale),
        str(found.zone),
        found.now.astimezone(found.zone).date().isoformat(),
        found.now.date().isoformat(),
        hashlib.sha256(secret.encode()).hexdigest()[:16],
    ]


def client_versions(db, user, clients):
    """{client id: version} for `clients` (rows of pwa.offline_clients, with last_visit)."""
    ids = [c["id"] for c in clients]
    if not ids:
        return {}
    counters = dict(
        db.execute(
            f"SELECT client_id, version FROM page_versions WHERE client_id IN ({marks(ids)})",
            ids,
        ).fetchall()
    )
    relative = {client_id: [] for client_id in ids}
    for client_id, moment in db.execute(
        "SELECT k.client_id, t.last_mentioned_at FROM topics t JOIN contacts k"
        f" ON k.id = t.contact_id WHERE k.client_id IN ({marks(ids)}) AND t.status != 'closed'"
        " ORDER BY t.id",
        ids,
    ):
        relative[client_id].append(ago(timeutil.parse(moment)))
    current = visits.current_visit(db, user)
    here = current and [current["id"], current["client_id"], current["client_name"]]
    viewer = viewer_stamp(user)
    return {
        c["id"]: _hash(
            viewer, here, counters.get(c["id"], 0), ago(c.get("last_visit")), relative[c["id"]]
        )
        for c in clients
    }


def render_pages(paths):
    """{path: html} for pages of the logged-in user, each rendered as if asked for itself.

    Each page gets a request of its own (the same cookies, its own path), so what it shows
    of the address (the login link's ?next=, the current menu entry) is its own. Only the
    before-request hooks and the view run: no answer is sent, so the session is not touched
    and a message waiting to be shown ("Checked in.") is left out and stays for the page it
    was meant for.
    A page that is not there (404: archived a moment ago) is left out.
    """
    app = current_app._get_current_object()
    pages = {}
    for path in paths:
        environ = dict(request.environ)
        environ.pop("werkzeug.request", None)
        environ.update(PATH_INFO=path, QUERY_STRING="", REQUEST_METHOD="GET")
        with app.request_context(environ) as context:
            context.flashes = []  # a message waiting is for the page the user opens next
            try:
                answer = app.preprocess_request()
                if answer is None:
                    answer = app.dispatch_request()
                response = app.make_response(answer)
            except HTTPException:
                continue
            if response.status_code == 200 and response.mimetype == "text/html":
                pages[path] = response.get_data(as_text=True)
    return pages


def thumbnails(html):
    """The thumbnails a page shows, in order, each once."""
    return list(dict.fromkeys(THUMBNAIL.findall(html)))


def offline_pages(db, user):
    """The pages the service worker keeps for `user`: Today, then briefing and note form, each
    client's with its version (webapp/py); Today is fetched on every refresh."""
    chosen = pwa.offline_clients(db, user)
    versions = client_versions(db, user, chosen)
    pages = [{"url": url_for("field.today"), "kind": "today", "title": _("Today")}]
    # The page of clients made on the phone (webapp/phonemade.py), served with Today.
    pages.append({"url": url_for("phonemade.local_client"), "kind": "local"})
    # The map's list and the day's route (webapp/plan), fetched with Today: they show the
    # same clients' states and the day's plan.
    for endpoint in PLAN_PAGES:
        pages.append({"url": url_for(endpoint), "kind": "today"})
    for client in chosen:
        version = versions[client["id"]]
        pages.append(
            {
                "url": url_for("field.briefing", client_id=client["id"]),
                "kind": "briefing",
                "client_id": client["id"],
                "title": client["name"],
                "city": client["city"],
                "version": version,
            }
        )
        pages.append(
            {
                "url": url_for("field.note", client_id=client["id"]),
                "kind": "note",
                "client_id": client["id"],
                "version": version,
            }
        )
    return {
        "user_id": user.id,
        "limit": pwa.OFFLINE_CLIENTS,
        "batch": {"url": url_for("sync.offline_batch"), "clients": BATCH_CLIENTS},
        "pages": pages,
    }


def offline_batch(db, user, ids, today=False):
    """The pages of the clients `ids` that `user` may see, rendered, each with its version
    and the thumbnails it shows, and Today when asked; ids not served are `missing`."""
    visible = pwa.offline_clients(db, user, only=ids)
    versions = client_versions(db, user, visible)
    paths = {url_for("field.today"): None, url_for("phonemade.local_client"): None} if today else {}
    if today:
        paths.update({url_for(endpoint): None for endpoint in PLAN_PAGES})
    for client in visible:
        paths[url_for("field.briefing", client_id=client["id"])] = client["id"]
        paths[url_for("field.note", client_id=client["id"])] = client["id"]
    rendered = render_pages(paths)
    served = {paths[path] for path in rendered}
    pages = [
        {
            "url": path,
            "html": html,
            "version": versions.get(paths[path]),
            "files": thumbnails(html),
        }
        for path, html in rendered.items()
    ]
    return {"user_id": user.id, "pages": pages, "missing": [i for i in ids if i not in served]}
