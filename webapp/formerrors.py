"""A form shown again with its errors, for screen readers: the page title starts with
"Error:" (the first thing read when the page opens) and the first field with an error has
the focus. Every form gets both from base.html and the field macros, whatever its view.
"""

from flask import g
from jinja2 import pass_context
from wtforms import Form


def _has_errors(value):
    """A WTForms form with errors, or a dict of forms (a page of several) with one."""
    if isinstance(value, Form):
        return bool(value.errors)
    if isinstance(value, dict):
        return any(isinstance(item, Form) and item.errors for item in value.values())
    return False


@pass_context
def form_has_errors(context):
    """True when the page shows a form again with errors: a WTForms form among the template's
    values, or the note form's `errors` (its fields are not WTForms')."""
    if context.get("errors"):
        return True
    return any(_has_errors(value) for value in context.get_all().values())


def autofocus_first_error():
    """True the first time a field with an error asks on this page, False after: the fields
    render in page order, so the first one marked takes the focus."""
    if g.get("_folka_error_focused"):
        return False
    g._folka_error_focused = True
    return True


def init_app(app):
    """Make both available to every template (the macros too, which see only globals)."""
    app.jinja_env.globals.update(
        form_has_errors=form_has_errors, autofocus_first_error=autofocus_first_error
    )
