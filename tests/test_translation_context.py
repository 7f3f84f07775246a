"""Translators see where and how a text is used: the catalogues keep the files each text comes
from and the translators' notes, and an English text used for different things carries a
context (pgettext), so that each use is translated on its own.

The rule for a text used in several files: a label of one or two words ("Overdue", "Status",
"On") is where English reuses a word for different things, so such a label shared by several
files either carries a context or is listed in SAME_MEANING below, after someone has checked
that every use means the same. Longer texts and sentences say enough to be translated once.
"""

import collections
import os
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from webapp.i18n.translate import LOCALES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "_l": None,
    "lazy_gettext": None,
    "lazy_pgettext": ((1, "c"), 2),
}

#: English texts known to be used for different things: every use must carry a context.
DIFFERENT_MEANINGS = {
    # A client not visited in time, and a promise past its due date (Swedish: "försenad"
    # for a client, "försenat" for a promise; Norwegian: not "forfalt" for a client).
    "%(num)d day overdue",
    # A badge on a promise, a column of promises, a heading over clients and promises.
    "Overdue",
    # A personal topic's status, and the calendar link's.
    "Status",
    # Two-step login is on (Polish: "włączone"), the calendar link is on ("włączona").
    "On",
    "Off",
    # A personal topic's status: not a shop that is closed (Finnish "suljettu").
    "Open",
    "Closed",
    "open",
    "closed",
    "Followed up",
    "followed up",
    "Still open",
}

#: Short labels used in several files, checked to mean the same everywhere.
# fmt: off
SAME_MEANING = {
    # Navigation, pages and their headings.
    "Admin", "Audit log", "Calendar feed", "Change password", "Main", "New client",
    "New user", "Privacy", "Profile", "Today", "Users", "Weekly review", "Two-step login",
    "Skip to content", "Webhooks",
    # Roles.
    "Manager", "Rep",
    # Form fields, each for the same field of the same record.
    "City", "Country", "E-mail", "Full name", "Job title", "Language", "Name", "Phone",
    "Role", "Street address", "Team", "Temporary password", "Notes on access",
    "Follow-up question", "Personal topic", "Note", "Voice memo",
    # Actions: the same action on the same kind of thing.
    "Add person", "Check in", "Check out", "Edit", "Edit client", "Edit person", "Log in",
    "Save", "Save client", "Save note", "Show", "Turn off", "Write note",
    "Add to the note", "Someone new", "New personal topic", "Edit personal topic",
    # States and headings.
    "Checked in", "Last notes", "People", "Promise made", "Personal touch", "Time",
    "Visits", "When", "Waiting to sync", "User created", "New recovery codes",
    "Not visited yet", "just now", "Synced", "Kept", "Cancel", "Read only",
    # The same figure or line with its number, name or date.
    "%(num)d day", "%(num)d photo", "About %(name)s", "Latitude", "Longitude",
    "Met: %(names)s", "Team %(name)s", "Topics: %(titles)s", "Week %(num)d", "due %(date)s",
    "since %(time)s", "%(minutes)s visit", "%(num)d client", "%(num)d person", "%(num)d stop",
    "driving %(duration)s",
    # Later additions, each checked: the same thing in every file.
    "Change", "Client", "Clients", "Day", "Details", "Directions", "Due today", "Error:",
    "New", "Undone", "Visited:", "Who",
    # The import's progress, said the same by the page and its script; a webhook's pages.
    "Reading rows", "Checking rows", "Saving rows", "Webhook",
    # The button that leaves a secret shown once (an access token, a webhook's secret).
    "Done",
}
# fmt: on

#: Texts whose English says too little: their translators' notes must reach the catalogues.
NEEDS_A_NOTE = ["Personal touch", "yours", "Due today", "Every client is on rhythm."]

WORDS = re.compile(r"\S+")


def _extracted():
    """(file, context, message id) for every translatable text in the code and templates."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    found = []
    for filename, _line, message, _comments, context in extract_from_dir(
        os.path.join(ROOT, "webapp"),
        method_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.append((filename, context, msgid))
    return found


def _catalog(name):
    path = os.path.join(ROOT, "translations", name)
    with open(path, "rb") as f:
        return read_po(f)


CATALOGUES = ["messages.pot"] + [f"{locale}/LC_MESSAGES/messages.po" for locale in LOCALES]


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_entry_says_where_it_is_used(name):
    without = []
    missing_files = set()
    for message in _catalog(name):
        if not message.id:
            continue
        if not message.locations:
            without.append(message.id)
        for filename, _line in message.locations:
            if not os.path.exists(os.path.join(ROOT, filename)):
                missing_files.add(filename)
    assert without == [], f"{name}: entries without a source reference (make translations)"
    assert missing_files == set(), f"{name}: references to files that are not there"


@pytest.mark.parametrize("name", CATALOGUES)
def test_translators_notes_reach_the_catalogue(name):
    catalog = _catalog(name)
    for msgid in NEEDS_A_NOTE:
        message = catalog.get(msgid)
        assert message is not None, (name, msgid)
        assert message.auto_comments, f"{name}: {msgid!r} has no translators' note"


def test_texts_with_different_meanings_always_carry_a_context():
    bare = sorted(
        {(f, m) for f, context, m in _extracted() if m in DIFFERENT_MEANINGS and not context}
    )
    assert bare == [], "use pgettext/npgettext with a context that says which thing is meant"


def test_catalogues_translate_each_context_on_its_own():
    contexts = collections.defaultdict(set)
    for message in _catalog("messages.pot"):
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            contexts[key].add(message.context)
    assert len(contexts["%(num)d day overdue"]) == 2
    assert len(contexts["Overdue"]) >= 3
    assert None not in contexts["Overdue"]


def test_short_labels_shared_by_files_carry_a_context_or_one_meaning():
    files = collections.defaultdict(set)
    for filename, context, msgid in _extracted():
        if context is None:
            files[msgid].add(filename)
    shared = {
        msgid
        for msgid, where in files.items()
        if len(where) > 1 and len(WORDS.findall(msgid)) <= 2 and not msgid.endswith((".", "?"))
    }
    unchecked = sorted(shared - SAME_MEANING)
    assert unchecked == [], (
        "a short label used in several files: give each use a context with pgettext, or add"
        " it to SAME_MEANING once every use is checked to mean the same"
    )
