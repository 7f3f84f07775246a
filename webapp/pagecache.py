"""Rendered pages kept for a minute, reused only while nothing they show has changed.

A rep goes back and forth between Today and the same few briefings, and a manager between
the weeks of the review; rendering a page costs ten times the request itself (make bench).
So Today, the briefing and the weekly review are kept per login session, language and
address, and served again while

- the team's data version is the one they were rendered at: triggers bump it whenever a
  client, contact, topic, visit, note, promise, user or calendar feed of the team, or its
  name, changes, by whatever path (migration m005), so a page is never older than the
  database;
- they are younger than PAGE_CACHE_SECONDS, since relative times ("3 hours ago") age;
- no flash message waits (it belongs to one answer).

The browser session's CSRF secret is part of the key, so a kept page's forms carry a token
that session accepts (tokens do not expire, see WTF_CSRF_TIME_LIMIT). What must differ on
every answer is put in when serving: the id of the check-in form's operation (one per page
view, see fresh_id()).
Each app (in each gunicorn worker) keeps its own pages, at most MAX_PAGES, the least
recently used go; they live on the app, in app.extensions.
"""

import collections
import functools
import re
import threading
import time
import uuid

from flask import current_app
from flask import g
from flask import request
from flask import session
from flask_babel import get_locale
from flask_login import current_user

from webapp.db import get_db

#: Most pages one worker keeps (a briefing is about 13 KB, Today up to 45 KB).
MAX_PAGES = 500
#: A kept page: the bytes around its form ids, and which id (numbered from 0) goes where.
Page = collections.namedtuple("Page", "version expires parts slots")


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
        user = current_user._get_current_object()
        key = _key(user)
        version = tuple(data_version(get_db(), user) or ())
        now = time.monotonic()
        pages, lock = _store()
        with lock:
            page = pages.get(key)
            if page and (page.version != version or page.expires <= now):
                del pages[key]  # stale: rendered again below
                page = None
            elif page:
                pages.move_to_end(key)
        if page:
            return _fill(page)
        answer = view(*args, **kwargs)
        if isinstance(answer, str) and not session.get("_flashes"):
            parts, slots = _split(answer, g.get("page_ids", []))
            key = _key(user)  # rendering may have made the session's CSRF secret
            with lock:
                pages[key] = Page(version, now + seconds, parts, slots)
                pages.move_to_end(key)
                while len(pages) > MAX_PAGES:
                    pages.popitem(last=False)
        return answer

    return serve


def _store():
    """The app's kept pages, least recently used first, and the lock that guards them."""
    return current_app.extensions["folka_pages"]


def _key(user):
    return (
        user.session_row,
        session.get("csrf_token"),
        # Who is shown in the header and whose team: an admin's own row has no team.
        (user.id, user.name, user.email, user.role, user.team_id),
        str(get_locale()),
        user.timezone,
        request.full_path,
    )


def _split(html, ids):
    """The page as encoded parts around each occurrence of the form ids, and which id
    (by number) stood in each place: serving then only joins bytes."""
    if not ids:
        return [html.encode()], []
    numbers = {value: number for number, value in enumerate(ids)}
    parts, slots, last = [], [], 0
    for match in re.finditer("|".join(numbers), html):  # UUIDs: nothing to escape
        parts.append(html[last : match.start()].encode())
        slots.append(numbers[match.group()])
        last = match.end()
    parts.append(html[last:].encode())
    return parts, slots


def _fill(page):
    ids, out = {}, [page.parts[0]]
    for slot, part in zip(page.slots, page.parts[1:], strict=True):
        # The same form id in several places of the page stays one id.
        out.append(ids.setdefault(slot, fresh_id().encode()))
        out.append(part)
    return b"".join(out)


def init_app(app):
    """Give the app its (empty) kept pages."""
    app.extensions["folka_pages"] = (collections.OrderedDict(), threading.Lock())
