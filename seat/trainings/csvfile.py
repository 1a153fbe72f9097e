"""Reading a CSV file of training sessions: its limits, its columns, its rows.

Only the file's shape is checked here (size, encoding, columns, number of rows); each row's
values are checked by ``services.trainings_import``, row by row, so one bad row never stops the
others."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from seat.compensation.enums import EXPENSE_FIELDS, ExpenseKind
from seat.core.exports import FORMULA_STARTS
from seat.core.formats import format_number

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000

# The columns, in the order the template and the rejected-rows file use.
COLUMNS = (
    "trainer",
    "date",
    "audience",
    "place",
    "participants",
    "units",
    "unit",
    "rate",
    "currency",
    "travel",
    "data",
    "childcare",
    "other",
    "feedback",
    "rating",
)
REQUIRED = ("trainer", "date", "audience", "place", "participants", "units", "currency")
# Each expense column and the payment line's field it fills.
EXPENSE_COLUMNS = {
    "travel": EXPENSE_FIELDS[ExpenseKind.TRAVEL],
    "data": EXPENSE_FIELDS[ExpenseKind.DATA],
    "childcare": EXPENSE_FIELDS[ExpenseKind.CHILDCARE],
    "other": EXPENSE_FIELDS[ExpenseKind.OTHER],
}
ALIASES = {"other expenses": "other", "other_expenses": "other"}
# The column the rejected-rows file adds, read past when that file comes back fixed.
PROBLEM_COLUMN = "problem"


class ImportFileError(Exception):
    """The file cannot be read as sessions at all; the message is safe to show. Nothing is
    saved."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    # The known column at each position of the header; None for one read past.
    columns: list[str | None]
    # (row number as a spreadsheet shows it, cells), blank rows left out.
    rows: list[tuple[int, list[str]]]


def undefused(cell: str) -> str:
    """A cell as it was before Seat's exports defused it (core.exports.defuse_cell): the
    rejected-rows file comes back with the apostrophe it put before '-', '=', '+' or '@'."""
    if cell.startswith("'") and cell[1:].lstrip(" ")[:1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def read_table(data: bytes) -> Table:
    """The file's header and rows, or ImportFileError saying why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than 1 MB. Split it into smaller files and upload each.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file is not in UTF-8. In your spreadsheet, save it as “CSV UTF-8” and "
                "upload it again."
            )
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV file. Save the sheet as CSV and try again."))
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to languages that write 1,5 save CSV with semicolons.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = [undefused(cell.strip()) for cell in record]
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s sessions. Split it and upload each part.")
                    % {"max": format_number(MAX_ROWS)}
                )
    except csv.Error:
        raise ImportFileError(
            _(
                "Line %(line)s cannot be read: a quotation mark is not closed. Check that "
                "line, save the file as CSV again and upload it."
            )
            % {"line": format_number(reader.line_num)}
        ) from None
    if header is None:
        raise ImportFileError(_("The file is empty."))
    columns = _columns(header)
    if not rows:
        raise ImportFileError(_("The file has its column names but no sessions under them."))
    return Table(header=header, columns=columns, rows=rows)


def _columns(header: list[str]) -> list[str | None]:
    names = [" ".join(name.split()).lower() for name in header]
    names = [ALIASES.get(name, name) for name in names]
    # A column without a name (a trailing comma a spreadsheet left) is read past.
    known = (*COLUMNS, PROBLEM_COLUMN, "")
    unknown = [h for h, n in zip(header, names, strict=True) if n not in known]
    if unknown:
        raise ImportFileError(
            _(
                "Seat does not know these columns: %(unknown)s. The first row names the "
                "columns; they can be: %(columns)s."
            )
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMNS)}
        )
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        raise ImportFileError(
            _("These columns are there twice: %(columns)s. Keep one of each.")
            % {"columns": ", ".join(twice)}
        )
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise ImportFileError(
            _("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return [None if n in (PROBLEM_COLUMN, "") else n for n in names]
