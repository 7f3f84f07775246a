"""A cell that a spreadsheet would run as a formula, made harmless going in and going out.

A value that begins with "=", "@", or a "+" or "-" that no digit follows (a phone number's
"+47" is fine) is what a spreadsheet evaluates when the file is opened: a client named
'=HYPERLINK("http://…")' would be a link in the next person's export. On import such a value
is kept as text with an apostrophe first, which spreadsheets show as the text itself; on
export every cell beginning with one of the characters gets the apostrophe (OWASP's rule),
and an import takes an apostrophe before them off again first, so a file exported by Folka
comes back unchanged.
"""

import re

#: What makes a spreadsheet evaluate a cell on export: these first characters, any of them.
EXPORT_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: What an imported cell may not begin with: the same, except a signed number.
FORMULA = re.compile(r"[=@\t\r]|[+-](?![0-9 (])")


def imported(value):
    """(clean value, whether it was a formula made harmless)."""
    if value.startswith("'") and value[1:2] and value[1] in EXPORT_TRIGGERS:
        value = value[1:]  # escaped by an export: the value itself
    if FORMULA.match(value):
        return "'" + value, True
    return value, False


def exported(value):
    """A value as a CSV cell that no spreadsheet runs."""
    if value is None:
        return ""
    value = str(value)
    if value.startswith(EXPORT_TRIGGERS):
        return "'" + value
    return value
