"""Her statement of earnings: her own payment lines for a period of work days, with totals per
currency (owed, approved, paid, overdue), as a page, a CSV file and a PDF.

A line belongs to the period by the day of the work (``PaymentLine.work_on``), so the same
period always shows the same lines whatever happened to them since. Cancelled lines are kept
apart with their reason and count in no total. Overdue is a part of what is still to be paid
(owed or approved, past its due day), not a fourth kind of money: it is shown beside the others
and never added to them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from seat.compensation.enums import EXPENSE_FIELDS, PaymentStatus
from seat.compensation.models import FOR_WHAT_RELATED, PaymentLine
from seat.core.exports import csv_text
from seat.people.models import ExpertProfile


@dataclass
class CurrencyTotals:
    currency: str
    owed: Decimal = Decimal("0.00")
    approved: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    overdue: Decimal = Decimal("0.00")


@dataclass
class Statement:
    start: datetime.date
    end: datetime.date
    lines: list[PaymentLine] = field(default_factory=list)
    cancelled: list[PaymentLine] = field(default_factory=list)

    @property
    def totals(self) -> list[CurrencyTotals]:
        """One entry per currency (alphabetical); amounts in different currencies never meet."""
        by_currency: dict[str, CurrencyTotals] = {}
        for line in self.lines:
            totals = by_currency.setdefault(line.currency, CurrencyTotals(line.currency))
            name = str(line.status)
            setattr(totals, name, getattr(totals, name) + line.amount)
            if line.is_late:
                totals.overdue += line.amount
        return [by_currency[currency] for currency in sorted(by_currency)]


def default_period() -> tuple[datetime.date, datetime.date]:
    """The last twelve months to today, both days included."""
    today = timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + datetime.timedelta(days=1), today


def statement_of_expert(
    *, expert: ExpertProfile, start: datetime.date, end: datetime.date
) -> Statement:
    """Her own lines whose work was done from ``start`` to ``end``, in the order of the work."""
    found = (
        PaymentLine.objects.filter(expert=expert, work_on__gte=start, work_on__lte=end)
        .select_related("organisation", "paid_through", *FOR_WHAT_RELATED)
        .order_by("work_on", "created_at", "pk")
    )
    statement = Statement(start=start, end=end)
    for line in found:
        if line.status == PaymentStatus.CANCELLED:
            statement.cancelled.append(line)
        else:
            statement.lines.append(line)
    return statement


CSV_HEADER = [
    "work_on",
    "payment_id",
    "organisation",
    "what_for",
    "work_kind",
    "currency",
    "fee",
    *(f"expenses_{kind}" for kind in EXPENSE_FIELDS),
    "total",
    "status",
    "overdue",
    "due_on",
    "paid_on",
    "method",
    "paid_through",
    "cancel_reason",
]


def _csv_rows(statement: Statement) -> Iterator[list[object]]:
    for line in [*statement.lines, *statement.cancelled]:
        yield [
            line.work_on,
            str(line.pk),
            line.organisation.name,
            line.for_what,
            line.work,
            line.currency,
            line.fee,
            *(getattr(line, name) for name in EXPENSE_FIELDS.values()),
            line.amount,
            line.status,
            line.is_late,
            line.due_on,
            line.paid_on,
            line.method,
            line.paid_through.name if line.paid_through is not None else "",
            line.cancel_reason,
        ]


def statement_csv(statement: Statement) -> str:
    """One row per line (cancelled ones last), amounts as plain decimals beside their currency,
    every cell defused (``core.exports``). Column names are fixed English words, as in the
    finance export, so a spreadsheet mapping keeps working."""
    return csv_text(header=CSV_HEADER, rows=_csv_rows(statement))


class PdfUnavailable(RuntimeError):
    """The server lacks the system libraries WeasyPrint needs (Pango)."""


def statement_pdf(*, statement: Statement, context: dict[str, Any]) -> bytes:
    """The statement as a PDF in the active language, with the locally installed fonts only."""
    # Imported here: WeasyPrint takes over a second to import and only this path needs it.
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango missing: say so instead of failing with a 500
        raise PdfUnavailable from exc
    html = render_to_string(
        "compensation/statement_pdf.html",
        {**context, "statement": statement, "today": timezone.localdate()},
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
