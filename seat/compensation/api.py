"""``GET /api/v1/payments``: the payment lines of the organisations where the caller approves
and pays (``accounts.rules.PAYING_ROLES``), for a finance system to read. Anyone else (an
expert, staff who do not pay, a viewer) is refused with 403: an expert reads her own lines on
her own pages and statement.

People are named as finance sees them on its pages: the chosen name, or the collective the
money goes to; never identity or payment details. Amounts are decimal strings with the
currency's minor units ("80.00", "1500"), never floats.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from seat.api.schemas import ErrorOut
from seat.compensation.enums import EXPENSE_FIELDS, UNSETTLED, PaymentStatus, WorkKind
from seat.compensation.finance import payee_name, payments_for_api
from seat.compensation.models import PaymentLine
from seat.compensation.rules import can_settle_payments
from seat.core.bounds import CURRENCY_EXPONENT

router = Router(tags=["payments"])


def money_text(amount: Decimal, currency: str) -> str:
    """The amount as a decimal string with exactly the currency's minor-unit digits."""
    digits = CURRENCY_EXPONENT.get(currency, 2)
    return str(amount.quantize(Decimal(1).scaleb(-digits)))


class ExpensesOut(Schema):
    travel: str
    data: str
    childcare: str
    other: str


class PaymentOut(Schema):
    id: UUID
    organisation: UUID = Field(description="The organisation that pays.")
    payee: str = Field(description="Her chosen name, or the collective the money goes to.")
    paid_through: str | None = Field(
        description="The partner the money goes through, which passes it on."
    )
    work: WorkKind
    for_what: str
    amount: str = Field(description="Fee plus expenses, as a decimal string.")
    fee: str
    expenses: ExpensesOut
    currency: str = Field(description="ISO 4217 code.")
    status: PaymentStatus
    due_on: datetime.date
    overdue: bool = Field(description="Still to be paid (owed or approved) and past its due day.")
    paid_on: datetime.date | None
    method: str | None
    reference: str | None


class PaymentPageOut(Schema):
    count: int
    page: int
    per_page: int
    has_next: bool
    items: list[PaymentOut]


class PaymentsIn(Schema):
    status: Literal["owed", "approved", "paid", "cancelled", "overdue"] | None = Field(
        None, description="Only lines in this status; overdue: still to be paid and past due."
    )
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(50, ge=1, le=200)


def _out(line: PaymentLine, today: datetime.date) -> dict[str, Any]:
    currency = line.currency
    return {
        "id": line.pk,
        "organisation": line.organisation_id,
        "payee": payee_name(line),
        "paid_through": line.paid_through.name if line.paid_through is not None else None,
        "work": line.work,
        "for_what": line.for_what,
        "amount": money_text(line.amount, currency),
        "fee": money_text(line.fee, currency),
        "expenses": {
            kind: money_text(getattr(line, name), currency) for kind, name in EXPENSE_FIELDS.items()
        },
        "currency": currency,
        "status": line.status,
        "due_on": line.due_on,
        "overdue": line.status in UNSETTLED and line.due_on < today,
        "paid_on": line.paid_on,
        "method": line.method or None,
        "reference": line.reference or None,
    }


@router.get(
    "",
    url_name="payments",
    response={200: PaymentPageOut, 403: ErrorOut},
    summary="Payments of the organisations you pay for",
)
def payments(request: HttpRequest, query: Query[PaymentsIn]) -> Any:
    """Payment lines of every organisation where you are an administrator or in finance,
    oldest due first, a page at a time. 403 for anyone who pays for no organisation."""
    user = request.auth  # type: ignore[attr-defined]
    if not can_settle_payments(user):
        return Status(
            403,
            {
                "detail": _(
                    "Only an organisation's administrators and finance people see its payments."
                )
            },
        )
    lines = payments_for_api(user=user, status=query.status)
    count = lines.count()
    start = (query.page - 1) * query.per_page
    today = timezone.localdate()
    return {
        "count": count,
        "page": query.page,
        "per_page": query.per_page,
        "has_next": start + query.per_page < count,
        "items": [_out(line, today) for line in lines[start : start + query.per_page]],
    }
