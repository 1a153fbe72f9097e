"""Files people open in a spreadsheet: every cell defused against formula injection.

A spreadsheet program (Excel, LibreOffice, Google Sheets) runs a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return can smuggle one past a
quick look. Anyone who can type a title, a chosen name or a note could then make a colleague's
spreadsheet fetch a URL with the sheet's contents (``=HYPERLINK(...)``, ``=WEBSERVICE(...)``) or,
in old programs, run a command (DDE). Every export in Seat writes through this module, so no
cell is forgotten: CSV through :func:`csv_text`, and any future XLSX writer through
:func:`defuse_cell` for each string cell.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

# The OWASP list, plus the full-width forms some East Asian spreadsheet settings also treat as
# formula starts, and a line feed (harmless to defuse, and some importers split on it).
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


def defuse_cell(value: object) -> str | int | Decimal:
    """Return ``value`` safe to put in a spreadsheet cell.

    Numbers stay numbers (a negative amount is a number, not a formula, once it is not text).
    Anything else becomes text; text that a spreadsheet would read as a formula gets a leading
    apostrophe, which spreadsheets show as plain text and do not evaluate. Leading spaces are
    looked through, because some programs trim them before deciding.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def csv_text(*, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV file as text: the header and each row, every cell through defuse_cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([defuse_cell(name) for name in header])
    for row in rows:
        writer.writerow([defuse_cell(value) for value in row])
    return buffer.getvalue()
