"""From an uploaded file's bytes to a header and rows of text, or a reason in plain words.

Spreadsheets reach Folka as CSV saved by Excel, Numbers, LibreOffice or a CRM's export, in
whatever encoding that program chose, or as XLSX. The encoding is found without guessing
where it can be: a byte-order mark names it (UTF-8, UTF-16 as Excel's "Unicode text"
writes it); then a strict UTF-8 decode, which text in any other encoding almost never
passes; then Windows-1252, Excel's "CSV" on a Western European Windows. A file that is UTF-8
in places and Windows-1252 in others (two exports pasted together) decodes as neither
cleanly and is refused rather than stored with garbled letters. No detection library: the
three encodings the issue names are told apart by these rules alone.
"""

import codecs
import csv
import io
import re
import zipfile

from flask_babel import gettext as _

#: The delimiters a spreadsheet program writes; the first line decides among them.
DELIMITERS = (",", ";", "\t")
#: A cell longer than this is not a client's field; refused with its line.
MAX_CELL = 2000
MAX_COLUMNS = 200


class Unreadable(ValueError):
    """The file cannot be read as a table; the message says why, in the user's language."""


def read_table(data, filename=""):
    """(header, rows) of a CSV or XLSX file's first sheet (see _table). Raises Unreadable."""
    if not data or not data.strip():
        raise Unreadable(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(_("This is an old Excel file (.xls). Save it as .xlsx or CSV."))
    text = decode(data)
    return _csv(text)


def decode(data):
    """The file's text; raises Unreadable when it is no text or mixes encodings."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise Unreadable(_("The file's text is damaged: save it again as CSV.")) from None
    head = data[:4000]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if max(odd, even) > len(head) // 3 and min(odd, even) == 0:
        # UTF-16 without a mark: every other byte of Latin text is zero, the others never.
        encoding = "utf-16-le" if odd else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise Unreadable(_wrong_type()) from None
        if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
            raise Unreadable(_wrong_type())
        return text
    if b"\x00" in data:
        raise Unreadable(_wrong_type())
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if _has_utf8_letters(data):
        raise Unreadable(
            _(
                "The file mixes two encodings (UTF-8 and Windows-1252), so some letters would "
                "come out wrong. Open it in your spreadsheet and save it again as CSV UTF-8."
            )
        )
    if "\ufffd" in text:
        raise Unreadable(_wrong_type())
    return text


#: A letter of the Latin alphabets (é, ø, å, ł, ś…) written in UTF-8: two bytes.
UTF8_LETTER = re.compile(rb"[\xc3-\xc5][\x80-\xbf]")


def _has_utf8_letters(data):
    """Whether the bytes hold letters written in UTF-8 ("ø" as C3 B8), one pass over them."""
    for match in UTF8_LETTER.finditer(data):
        if match.group().decode("utf-8", "replace").isalpha():
            return True
    return False


def _wrong_type():
    return _("This is not a spreadsheet. Upload a CSV or XLSX file.")


def sniff_delimiter(text):
    """Comma, semicolon or tab: whichever the first line (outside quotes) has most of."""
    first = text.split("\n", 1)[0]
    outside, quoted = [], False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv(text):
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error:
        raise Unreadable(
            _(
                "Line %(line)d: a quotation mark is not closed, so the columns cannot be "
                "told apart. Check that line in your spreadsheet and save it again.",
                line=reader.line_num,
            )
        ) from None
    return _table(rows)


def _xlsx(data):
    from openpyxl import load_workbook  # only an XLSX upload pays for loading it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise Unreadable(_("This XLSX file cannot be opened. Save it again and retry.")) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise Unreadable(_("The file is empty."))
        rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _table(rows)


def _cell(value):
    """An XLSX cell as text: 12.0 as "12", a date as its ISO form, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table(rows):
    """The header and [(line, cells)]: blank rows dropped, cells stripped, every row as long
    as the header; line is the row's number as the spreadsheet shows it."""
    rows = [(line, [cell.strip() for cell in row]) for line, row in enumerate(rows, start=1)]
    rows = [(line, row) for line, row in rows if any(row)]
    if not rows:
        raise Unreadable(_("The file is empty."))
    header = rows[0][1]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise Unreadable(_("The first line must name the columns."))
    if len(header) > MAX_COLUMNS:
        raise Unreadable(_("The file has more than %(max)d columns.", max=MAX_COLUMNS))
    width = len(header)
    body = []
    for line, row in rows[1:]:
        if any(len(cell) > MAX_CELL for cell in row):
            raise Unreadable(_("Line %(line)d has a cell that is far too long.", line=line))
        body.append((line, (row + [""] * width)[:width]))
    if not body:
        raise Unreadable(_("The file has column names but no rows."))
    return header, body
