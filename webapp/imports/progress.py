"""How far a large import has got, told as it goes: rows of the file done, of all rows.

Grouping, checking and saving each walk the file's rows; they are written as generators that
yield a Step every EVERY rows and return their result. A plain form post runs them to the end
(finish()); a page that asks for progress gets lines(): newline-delimited JSON, a line per
step ({"stage": "check", "done": 12000, "of": 50000}) and a last line saying where to go
(or the error, in the user's language). Nothing here guesses: each number is rows done.
"""

import json
from typing import NamedTuple

from flask import current_app
from flask import request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext

#: A step is told after about this many rows (a 50,000-row file: 25 lines a stage).
EVERY = 2000
#: The answer's type, and what a page sends in Accept to be told the progress.
MIMETYPE = "application/x-ndjson"


class Step(NamedTuple):
    """`done` of `of` rows through `stage`: "open", "read", "check" or "save"."""

    stage: str
    done: int
    of: int


def wanted():
    """Whether the request asks to be told the progress (the page's script does)."""
    return MIMETYPE in request.headers.get("Accept", "")


def words(step):
    """A step as the preview page says it: "Checking rows · 12,000 of 50,000 rows" (the
    script of the Import button says the same, static/js/importprogress.js)."""
    label = {
        "open": _("Opening the file…"),
        "read": _("Reading rows"),
        "check": _("Checking rows"),
        "save": _("Saving rows"),
    }[step.stage]
    if not step.of:
        return label
    rows = ngettext(
        "%(done)s of %(total)s row",
        "%(done)s of %(total)s rows",
        step.of,
        done=format_decimal(step.done),
        total=format_decimal(step.of),
    )
    return f"{label} · {rows}"


def finish(steps):
    """Run `steps` to the end, telling nobody; what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def counted(groups):
    """The rows of the file that `groups` (mapping.clients) were read from."""
    return sum(len(group["lines"]) for group in groups)


def line(data):
    return json.dumps(data, separators=(",", ":")) + "\n"


def lines(steps, end):
    """The lines of `steps`, then `end(result)` as the last one. A page that goes away does
    not stop the work: it runs to the end as the form post's would. An unexpected failure
    (the transaction is rolled back) ends in an error line, logged."""
    try:
        while True:
            try:
                step = next(steps)
            except StopIteration as stop:
                result = stop.value
                break
            yield line(step._asdict())
    except GeneratorExit:
        finish(steps)
        raise
    except Exception:
        current_app.logger.exception("An import stopped half-way")
        yield line({"error": _("The import stopped and nothing was saved. Try again.")})
        return
    yield line(end(result))
