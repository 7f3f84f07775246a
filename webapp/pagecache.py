"""Rendered field pages kept for a minute, reused only while nothing they show has changed.

A rep opens Today and the same briefings again and again in a day, and the service worker
fetches them all again after every sync; rendering one costs ten times the request itself
(make bench). So Today and the briefing are kept per login session, language and address,
and served again while

- the team's data version is the one they were rendered at: triggers bump it whenever a
  client, contact, topic, visit, note, promise or user of the team changes, by whatever
  path (migration m005), so a page is never older than the database;
- they are younger than PAGE_CACHE_SECONDS, since relative times ("3 hours ago") age;
- no flash message waits (it belongs to one answer).

What must differ on every answer is put in when serving: the CSRF token (per browser
session) and the id of the check-in form's operation (one per page view, see fresh_id()).
Each gunicorn worker keeps its own pages, at most MAX_PAGES, the least recently used go.
"""

import collections
import functools
import threading
import time
import uuid

from flask import current_app
from flask import g
from flask import request
from flask import session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp.db import get_db

#: Most pages one worker keeps (a briefing is about 13 KB, Today up to 45 KB).
MAX_PAGES = 500
_CSRF_MARK = "\x00csrf\x00"
_ID_MARK = "\x00id{}\x00"

_pages = collections.OrderedDict()
_lock = threading.Lock()
Page = collections.namedtuple("Page", "version expires html")


def data_version(db, user):
    """A number that changes whenever anything the user's pages show changes."""
    if user.is_admin:  # an admin's pages show every team
        return db.execute("SELECT total(data_version), count(*) FROM teams").fetchone()
    return db.execute("SELECT data_version FROM teams WHERE id = ?", [user.team_id]).fetchone()


def fresh_id():
    """A new operation id for a form on a kept page: a different one on every answer."""
    value = str(uuid.uuid4())
    g.setdefault("page_ids", []).append(value)
    return value


def kept(view):
    """Serve the view's page from the worker's pages while it is current (see above)."""

    @functools.wraps(view)
    def serve(*args, **kwargs):
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        if not seconds or session.get("_flashes"):
            return view(*args, **kwargs)
        key = (
            current_app.config["DATABASE"],
            current_user.session_row,
            # Who is shown in the header and whose team: an admin's own row has no team.
            (current_user.id, current_user.name, current_user.email, current_user.role),
            current_user.team_id,
            str(get_locale()),
            current_user.timezone,
            request.full_path,
        )
        version = tuple(data_version(get_db(), current_user) or ())
        now = time.monotonic()
        with _lock:
            page = _pages.get(key)
            if page and (page.version != version or page.expires <= now):
                del _pages[key]  # stale: rendered again below
                page = None
            elif page:
                _pages.move_to_end(key)
        if page:
            return _fill(page.html)
        answer = view(*args, **kwargs)
        if isinstance(answer, str) and not session.get("_flashes"):
            html = answer.replace(generate_csrf(), _CSRF_MARK)
            for number, value in enumerate(g.get("page_ids", [])):
                html = html.replace(value, _ID_MARK.format(number))
            with _lock:
                _pages[key] = Page(version, now + seconds, html)
                _pages.move_to_end(key)
                while len(_pages) > MAX_PAGES:
                    _pages.popitem(last=False)
        return answer

    return serve


def _fill(html):
    html = html.replace(_CSRF_MARK, generate_csrf())
    number = 0
    while _ID_MARK.format(number) in html:
        html = html.replace(_ID_MARK.format(number), fresh_id())
        number += 1
    return html


def forget_all():
    """Drop every kept page of this worker (tests)."""
    with _lock:
        _pages.clear()
