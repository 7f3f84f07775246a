"""What the demo's reps write, per language (one module each): personal topics, the sentences
of a visit note, and promises.

A topic is (title, follow-up question, a sentence for a note where "{name}" is the contact's
first name); sentences avoid grammatical gender and cases so any first name fits.
"""

from webapp.demo.phrases import en
from webapp.demo.phrases import fi
from webapp.demo.phrases import nb
from webapp.demo.phrases import pl
from webapp.demo.phrases import sv

#: Language code -> {"topics": [...], "work": [...], "promises": [...]}.
TEXT = {"en": en.PHRASES, "nb": nb.PHRASES, "sv": sv.PHRASES, "fi": fi.PHRASES, "pl": pl.PHRASES}
