"""Translation chores: `flask --app webapp translate update|compile|check`.

English is the source language; its catalogue is filled from the source texts so that all
five catalogues are complete. The other four are translated by people, following
translations/GLOSSARY.md.
"""

import os
import re

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from babel.messages.pofile import write_po
from flask import current_app
from flask.cli import AppGroup

LOCALES = ("en", "nb", "sv", "fi", "pl")
#: Beyond pybabel's own (_, gettext, ngettext, pgettext, npgettext…): the lazy ones of forms.
KEYWORDS = ("_l", "lazy_gettext", "lazy_pgettext:1c,2")
#: A comment starting so, just above a text in the code or a template, reaches the catalogues
#: as a note to the translator ("#. Translators: …").
COMMENT_TAG = "Translators:"


def paths():
    """The project's translation folder and template file."""
    root = current_app.config["PROJECT_ROOT"]
    folder = os.path.join(root, "translations")
    return root, folder, os.path.join(folder, "messages.pot")


def pybabel(*args):
    """Run a pybabel command in-process."""
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract():
    """Write translations/messages.pot from the code and templates, each text with the files
    it is used in (without line numbers, which would move with every edit) and the
    translators' notes: a translator sees where a text is shown and what it means."""
    root, _, pot = paths()
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    here = os.getcwd()
    os.chdir(root)  # so that the references read "webapp/…", the same on every machine
    try:
        pybabel(
            "extract", "-F", "babel.cfg", *keywords, "-o", pot,
            "--add-location", "file", "--add-comments", COMMENT_TAG, "--sort-output",
            "--project", "Folka", "webapp",
        )  # fmt: skip
    finally:
        os.chdir(here)
    return pot


#: Where a line must not break (translations/GLOSSARY.md, "Typography"): a number and its
#: unit or the word it counts, an abbreviation and the word after it, and in Polish a
#: one-letter word and the next.
NBSP = "\u00a0"
UNIT = re.compile(r"(%\(\w+\)[sd]|\d) (MB|Mt|km|m|min|h)\b")
#: A count and the word it counts ("2 tygodnie", "5 dager"): one line.
COUNT = re.compile(r"(%\((?:num|count)\)d) (?=\w)")
ABBREVIATION = {
    "nb": re.compile(r"\b(f\.eks\.|kl\.|nr\.) "),
    "sv": re.compile(r"\b(t\.ex\.|kl\.|nr) "),
    "fi": re.compile(r"\b(esim\.|klo|n\.) "),
    "pl": re.compile(r"\b(np\.|godz\.|nr) "),
}
POLISH_ONE_LETTER = re.compile(r"(?<![\w%)])([aiouwzAIOUWZ]) ")


def typeset(locale, text):
    """A translation with no-break spaces where the glossary wants them (translators type a
    plain space, and `translate update` puts the right one in), a spaced en dash for an em
    dash and no space before an ellipsis."""
    text = text.replace(" — ", " – ").replace(" …", "…")
    text = UNIT.sub(lambda m: m[1] + NBSP + m[2], text)
    text = COUNT.sub(lambda m: m[1] + NBSP, text)
    if locale in ABBREVIATION:
        text = ABBREVIATION[locale].sub(lambda m: m[1] + NBSP, text)
    if locale == "pl":
        text = POLISH_ONE_LETTER.sub(lambda m: m[1] + NBSP, text)
    return text


def typeset_catalogue(po_path, locale):
    """typeset() every translation of one catalogue, in place."""
    with open(po_path, "rb") as f:
        catalog = read_po(f, locale=locale)
    for message in catalog:
        if isinstance(message.string, tuple):
            message.string = tuple(typeset(locale, text) for text in message.string)
        elif message.id and message.string:
            message.string = typeset(locale, message.string)
    with open(po_path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


def fill_english(po_path):
    """English says what the source says; plural forms are the two source texts."""
    with open(po_path, "rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with open(po_path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


@click.group("translate", cls=AppGroup)
def translate_group():
    """Extract, update, compile and check the translation catalogues."""


@translate_group.command("update")
def update_command():
    """Extract texts and merge them into every catalogue (new ones start empty)."""
    _, folder, pot = paths()
    extract()
    for locale in LOCALES:
        po = os.path.join(folder, locale, "LC_MESSAGES", "messages.po")
        if os.path.exists(po):
            pybabel("update", "-i", pot, "-d", folder, "-l", locale, "--no-fuzzy-matching",
                    "--ignore-obsolete", "-w", "100")  # fmt: skip
        else:
            pybabel("init", "-i", pot, "-d", folder, "-l", locale, "-w", "100")
        if locale != "en":
            typeset_catalogue(po, locale)
    fill_english(os.path.join(folder, "en", "LC_MESSAGES", "messages.po"))
    click.echo("Catalogues updated; translate the empty entries, then run translate compile.")


@translate_group.command("compile")
def compile_command():
    """Compile every catalogue to .mo for use at run time."""
    _, folder, _ = paths()
    pybabel("compile", "-d", folder, "--statistics")


@translate_group.command("check")
def check_command():
    """List untranslated and fuzzy entries; fails when there are any."""
    _, folder, _ = paths()
    problems = 0
    for locale in LOCALES:
        with open(os.path.join(folder, locale, "LC_MESSAGES", "messages.po"), "rb") as f:
            catalog = read_po(f)
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and (message.fuzzy or not all(strings)):
                problems += 1
                click.echo(f"{locale}: {message.id!r}")
    if problems:
        raise click.ClickException(f"{problems} entries need a translation.")
    click.echo("All catalogues are complete.")


def init_app(app):
    """Register the commands."""
    app.cli.add_command(translate_group)
