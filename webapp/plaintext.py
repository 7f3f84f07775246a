"""Text as people will see it, made so on input: names, titles, promises and notes.

Some characters change how the text around them is shown without being seen themselves.
A bidi override makes "Fjord Rør AS" read "SA røR drojF" and can turn around the text that
follows it on the page; zero-width characters make two names that look the same differ, so
a search or a check for duplicates misses one. A name never needs them, so every form and
the sync remove them before checking lengths; a name can never carry a bidi override.
"""

import re

#: Bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder
#: what follows them on the screen.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: Zero-width space, non-joiner and joiner, the direction marks, the word joiner and the
#: invisible operators, and the byte-order mark (U+FEFF, a zero-width no-break space).
ZERO_WIDTH = "\u200b-\u200f\u2060-\u2064\ufeff"
#: Control characters (C0, DEL, C1) and the line and paragraph separators.
CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"

_INVISIBLE_IN_A_LINE = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}]")
_BREAKS_IN_A_LINE = re.compile(f"[{CONTROLS}]+")
#: In a note, joiners stay (emoji such as 👩‍🔧 and some scripts need them), and so do tabs and
#: line breaks; the other controls go.
_INVISIBLE_IN_TEXT = re.compile(f"[{BIDI_CONTROLS}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_line(text):
    """A one-line text (a name, a title, a question, a promise) as it is shown: invisible
    formatting characters removed, control characters and line breaks made one space, no
    spaces at the ends. None stays None: WTForms runs its filters on empty fields too."""
    if text is None:
        return None
    text = _INVISIBLE_IN_A_LINE.sub("", text)
    return _BREAKS_IN_A_LINE.sub(" ", text).strip()


def plain_text(text):
    """A text of several lines (a note) without bidi controls and control characters other
    than tabs and line breaks (U+2028 and U+2029 become a newline), no spaces at the ends."""
    if text is None:
        return None
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _INVISIBLE_IN_TEXT.sub("", text).strip()
