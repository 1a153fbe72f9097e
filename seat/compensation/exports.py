"""What was paid in a period, as files an accounting package imports: CSV and XLSX.

One row per payment, in the order paid, with one currency on each row, and nothing else: every
row of the CSV and of the XLSX's "payments" sheet is a transaction an accounting package can
import. The totals per currency (amounts in different currencies are never added together) are
on the page and on the XLSX's own "totals" sheet, never among the transactions. Amounts are
numbers (Decimal in CSV text, numeric cells in XLSX with the currency's number format), never
text and never float arithmetic. Every text cell goes through ``core.exports.defuse_cell``, so a
chosen name or a reference cannot start a formula. Column names are fixed English words, the
same in every language, so an import mapping made once keeps working.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from seat.compensation.enums import EXPENSE_FIELDS
from seat.compensation.finance import payee_name
from seat.compensation.models import PaymentLine
from seat.core.bounds import CURRENCY_EXPONENT
from seat.core.exports import csv_text, defuse_cell

HEADER = [
    "date_paid",
    "payment_id",
    "payee",
    "paid_through",
    "what_for",
    "work_kind",
    "currency",
    "fee",
    *(f"expenses_{kind}" for kind in EXPENSE_FIELDS),
    "total",
    "method",
    "reference",
    "due_on",
    "organisation",
]
# Where the amounts are in each row (fee, each expense kind, total), for the totals and formats.
AMOUNTS = slice(HEADER.index("fee"), HEADER.index("total") + 1)
# The word in the first column of each totals row.
TOTAL = "total"


def rows(lines: Sequence[PaymentLine]) -> Iterator[list[object]]:
    """One row per line, in HEADER's order."""
    for line in lines:
        yield [
            line.paid_on,
            str(line.pk),
            payee_name(line),
            line.paid_through.name if line.paid_through is not None else "",
            line.for_what,
            line.work,
            line.currency,
            line.fee,
            *(getattr(line, name) for name in EXPENSE_FIELDS.values()),
            line.amount,
            line.method,
            line.reference,
            line.due_on,
            line.organisation.name,
        ]


def totals(lines: Sequence[PaymentLine]) -> list[list[object]]:
    """One row per currency (alphabetical), each amount column summed in that currency only."""
    sums: dict[str, list[Decimal]] = {}
    width = AMOUNTS.stop - AMOUNTS.start
    for line_row in rows(lines):
        currency = str(line_row[HEADER.index("currency")])
        column = sums.setdefault(currency, [Decimal("0.00")] * width)
        for i, value in enumerate(line_row[AMOUNTS]):
            column[i] += value  # type: ignore[operator]
    blank = [""] * len(HEADER)
    result = []
    for currency in sorted(sums):
        row: list[object] = list(blank)
        row[0] = TOTAL
        row[HEADER.index("currency")] = currency
        row[AMOUNTS] = sums[currency]
        result.append(row)
    return result


def paid_csv(lines: Sequence[PaymentLine]) -> str:
    """The period as CSV: one row per payment, nothing else."""
    return csv_text(header=HEADER, rows=rows(lines))


def number_format(currency: str) -> str:
    """The currency's number format in a spreadsheet: its minor-unit digits and its code."""
    digits = CURRENCY_EXPONENT.get(currency, 2)
    return ("#,##0." + "0" * digits if digits else "#,##0") + f' "{currency}"'


def paid_xlsx(lines: Sequence[PaymentLine]) -> bytes:
    """The period as an XLSX workbook: the "payments" sheet with the CSV's columns and rows, the
    "totals" sheet with one row per currency; amounts are numeric cells in their currency's
    format, days are date cells."""
    book = Workbook()
    payments = book.active
    assert payments is not None  # a new workbook always has its first sheet
    payments.title = "payments"
    _sheet_fill(payments, list(rows(lines)))
    _sheet_fill(book.create_sheet("totals"), totals(lines))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_fill(sheet: Any, body: list[list[object]]) -> None:
    sheet.append([defuse_cell(name) for name in HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in body:
        sheet.append([_cell(value) for value in row])
        excel_row = sheet.max_row
        currency = str(row[HEADER.index("currency")])
        for column in range(AMOUNTS.start, AMOUNTS.stop):
            sheet.cell(row=excel_row, column=column + 1).number_format = number_format(currency)
        for name in ("date_paid", "due_on"):
            cell = sheet.cell(row=excel_row, column=HEADER.index(name) + 1)
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"


def _cell(value: object) -> object:
    """Days stay days and amounts stay numbers; everything else is defused text."""
    if isinstance(value, datetime.date):
        return value
    return defuse_cell(value)
