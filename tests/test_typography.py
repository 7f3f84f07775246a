"""The catalogues keep the typography and the register the glossary asks for: no-break
spaces where a line must not break, "e.g." followed by lower case, Polish without masculine
fallbacks and Swedish without "hen" (translations/GLOSSARY.md)."""

import os
import re

import pytest
from babel.messages.pofile import read_po

from tests.conftest import Browser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOREIGN = ["nb", "sv", "fi", "pl"]
EXAMPLE = {"nb": "f.eks.", "sv": "t.ex.", "fi": "esim.", "pl": "np."}


def _strings(locale):
    path = os.path.join(ROOT, "translations", locale, "LC_MESSAGES", "messages.po")
    with open(path, "rb") as f:
        for message in read_po(f):
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                if string:
                    yield message.id, string


@pytest.mark.parametrize("locale", FOREIGN)
def test_a_number_keeps_its_unit_on_the_line(locale):
    broken = [s for _id, s in _strings(locale) if re.search(r"(%\(\w+\)[sd]|\d) (MB|Mt|km|m)\b", s)]
    assert broken == []


@pytest.mark.parametrize("locale", FOREIGN)
def test_a_count_keeps_the_word_it_counts(locale):
    broken = [s for _id, s in _strings(locale) if re.search(r"%\((num|count)\)d \w", s)]
    assert broken == []


def test_a_polish_one_letter_word_never_ends_a_line():
    broken = [s for _id, s in _strings("pl") if re.search(r"(?<![\w%)])[aiouwzAIOUWZ] ", s)]
    assert broken == []


@pytest.mark.parametrize("locale", FOREIGN)
def test_for_example_is_followed_by_lower_case_and_a_no_break_space(locale):
    examples = [s for msgid, s in _strings(locale) if str(msgid).startswith("e.g.")]
    assert examples, locale
    for text in examples:
        assert re.match(re.escape(EXAMPLE[locale]) + r"\u00a0\w", text), text
        assert text[len(EXAMPLE[locale]) + 1].islower(), text


def test_polish_speaks_of_people_without_masculine_forms():
    masculine = re.compile(
        r"\b(wylogowany|zalogowany|mógł|Obecni|był na|jego zalogowanie|zresetował|wprowadził)\b"
    )
    assert [s for _id, s in _strings("pl") if masculine.search(s)] == []


def test_swedish_says_personen_not_hen():
    assert [s for _id, s in _strings("sv") if re.search(r"\b(hen|hens)\b", s)] == []


def test_a_distance_on_the_page_keeps_its_unit(app, world, make, db):
    """The briefing's visit far from the client's site: "850 m" with a no-break space."""
    visit = make.visit(world["mine"], world["rep"]["id"], days_ago=1)
    db.execute("UPDATE visits SET distance_m = 850 WHERE id = ?", [visit])
    browser = Browser(app.test_client())
    assert browser.login(world["rep"]["email"]).status_code == 302
    page = browser.get(f"/clients/{world['mine']}").text
    assert "850\u00a0m from site" in page
