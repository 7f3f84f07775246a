"""Texts for the page scripts, translated on the server and handed over as JSON.

Plural texts are sent as one text per CLDR plural category of the language (Polish has
one/few/many/other), so the browser picks the form with Intl.PluralRules.
"""

from babel import Locale
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext


def _plural(singular, plural):
    """The gettext plural forms, keyed by CLDR category, with {count} left for the browser."""
    rule = Locale.parse(str(get_locale())).plural_form
    forms = {}
    for n in range(0, 200):
        category = rule(n)
        if category not in forms:
            forms[category] = ngettext(singular, plural, n).replace(str(n), "{count}", 1)
    forms.setdefault("other", forms.get("many") or next(iter(forms.values())))
    return forms


def catalogue():
    """Every text the scripts can show, in the current language."""
    return {
        "charactersLeft": _plural("%(num)d character left", "%(num)d characters left"),
    }
