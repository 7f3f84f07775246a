"""Names made comparable: what makes "Fjord Rør AS" and "FJORD ROR" the same company.

Case, accents and the letters no accent removal reaches (ø, æ, ł, ß) are folded, the legal
form of a company is dropped wherever it stands ("AS", "ASA", "AB", "Oy", "Oyj", "ApS",
"sp. z o.o.", "S.A.", "GmbH", "Ltd"), and punctuation and spaces are evened out. Used by
the duplicate finder and by the import's preview, which must agree on what a duplicate is.
"""

import re
import unicodedata

#: Letters that Unicode does not decompose into a base letter and an accent.
LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "ß": "ss", "đ": "d", "þ": "th"})
#: Legal forms, as words after folding and with dots and spaces removed within them.
COMPANY_FORMS = {
    "as", "asa", "ans", "da", "sa", "ab", "hb", "kb", "oy", "oyj", "ky", "tmi", "aps",
    "spzoo", "spoo", "spj", "spk", "gmbh", "ag", "ltd", "limited", "inc", "llc", "bv",
    "nv", "plc", "co", "corp",
}  # fmt: skip
#: Written with spaces or dots inside: folded to one word before the words are compared.
SPACED_FORMS = re.compile(r"\bsp\.?\s*z\s*o\.?\s*o\.?|\bs\.\s*a\.|\bsp\.\s*j\.|\bsp\.\s*k\.")


def _base_letters():
    """Each lower-case letter of the Latin alphabets (U+00C0 to U+024F) as its base letter;
    built once, so folding a name is one str.translate, not a decomposition per letter."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code).casefold()
        if len(char) != 1:
            continue
        decomposed = unicodedata.normalize("NFKD", char.translate(LETTERS))
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base != char:
            table[ord(char)] = base
    return {**table, **{ord(k): v for k, v in LETTERS_MAP.items()}}


LETTERS_MAP = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "ß": "ss", "đ": "d", "þ": "th"}
BASE_LETTERS = _base_letters()
NOT_WORD = re.compile(r"[^\w]+")


def fold_text(text):
    """Lower case, no accents, ø as o: for comparing a city or a person's name."""
    text = (text or "").casefold().translate(BASE_LETTERS)
    if not text.isascii():  # letters beyond the table's: decomposed one by one
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(NOT_WORD.sub(" ", text).split())


def fold_company(name):
    """A company's name without case, accents or legal form: "Fjord Rør AS" -> "fjord ror"."""
    text = (name or "").casefold().translate(LETTERS)
    text = SPACED_FORMS.sub(lambda m: re.sub(r"[\s.]", "", m.group(0)), text)
    words = [word for word in fold_text(text).split() if word not in COMPANY_FORMS]
    return " ".join(words) or fold_text(name)


def org_number(text):
    """An organisation number as letters and digits only, upper case: "NO 912 345 678 MVA"
    and "912345678" are one number (the VAT suffix and country prefix are dropped)."""
    value = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    value = re.sub(r"MVA$", "", value)
    if len(value) > 2 and value[:2].isalpha() and value[2:].isdigit():
        value = value[2:]
    return value or None


def phone_digits(text):
    """A phone number's last eight digits: "+47 912 34 567" and "91234567" are one number."""
    digits = re.sub(r"\D", "", text or "")
    return digits[-8:] if len(digits) >= 5 else ""
