"""``/api/v1/me``: the caller themselves, and their inbox. Only ever the caller's own data.

What it says about an expert is what she sees on her own pages (her chosen name, languages,
expertise and the organisations she works with), never her private details.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.rules import roles_of
from seat.accounts.selectors import organisations_for_user
from seat.api.schemas import ErrorOut, ValidationErrorOut
from seat.compensation import statement as statements
from seat.compensation.api import ExpensesOut, money_text
from seat.compensation.enums import EXPENSE_FIELDS, PaymentStatus
from seat.compensation.forms import period_form
from seat.notifications import selectors as inbox
from seat.notifications.enums import Event
from seat.notifications.texts import inbox_text
from seat.people import selectors as people

router = Router(tags=["me"])


class OrganisationOut(Schema):
    id: UUID
    name: str
    kind: OrganisationKind
    role: Role


class WorksWithOut(Schema):
    id: UUID
    name: str


class ExpertOut(Schema):
    id: UUID
    pseudonym: str
    languages: list[str]
    expertise: str
    works_with: list[WorksWithOut]


class MeOut(Schema):
    id: UUID
    username: str
    organisations: list[OrganisationOut]
    expert: ExpertOut | None


@router.get("", response=MeOut, summary="Who you are")
def me(request: HttpRequest) -> dict[str, Any]:
    """Your account, your role in each organisation you are a member of, and, if you are a
    survivor expert, what your own pages show about you (never your private details)."""
    user = request.auth  # type: ignore[attr-defined]
    roles = roles_of(user)
    expert = people.expert_for_user(user=user)
    return {
        "id": user.pk,
        "username": user.username,
        "organisations": [
            {"id": o.pk, "name": o.name, "kind": o.kind, "role": roles[o.pk]}
            for o in organisations_for_user(user=user)
        ],
        "expert": None
        if expert is None
        else {
            "id": expert.pk,
            "pseudonym": expert.pseudonym,
            "languages": expert.language_codes,
            "expertise": expert.expertise,
            "works_with": [
                {"id": link.organisation.pk, "name": link.organisation.name}
                for link in people.organisations_of_expert(expert=expert)
            ],
        },
    }


class NotificationOut(Schema):
    id: UUID
    event: Event
    title: str
    text: str
    message: str | None = Field(description="What the organisation wrote, when it wrote anything.")
    link: str | None = Field(description="The page it is about, on this site.")
    read: bool
    created_at: datetime.datetime


class NotificationPageOut(Schema):
    count: int
    page: int
    per_page: int
    has_next: bool
    items: list[NotificationOut]


class PageIn(Schema):
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(20, ge=1, le=100)


@router.get("/notifications", response=NotificationPageOut, summary="Your messages")
def notifications(request: HttpRequest, query: Query[PageIn]) -> dict[str, Any]:
    """Your inbox, newest first, in the same words as your messages page, in your language.
    Reading them here does not mark them read."""
    user = request.auth  # type: ignore[attr-defined]
    messages = inbox.inbox_for_user(user=user)
    count = messages.count()
    start = (query.page - 1) * query.per_page
    items = list(messages[start : start + query.per_page])
    return {
        "count": count,
        "page": query.page,
        "per_page": query.per_page,
        "has_next": start + query.per_page < count,
        "items": [
            {
                "id": n.pk,
                "event": n.event,
                "title": n.get_event_display(),
                "text": inbox_text(n.event, n.context),
                "message": str(n.context["message"]) if n.context.get("message") else None,
                "link": n.url or None,
                "read": n.read_at is not None,
                "created_at": n.created_at,
            }
            for n in items
        ],
    }


class StatementIn(Schema):
    model_config = ConfigDict(populate_by_name=True)

    start: datetime.date | None = Field(
        None, alias="from", description="First day of the work, YYYY-MM-DD (both or neither)."
    )
    end: datetime.date | None = Field(
        None, alias="to", description="Last day of the work: at most 366 days after the first."
    )


class StatementTotalOut(Schema):
    currency: str = Field(description="ISO 4217 code; currencies are never added together.")
    owed: str
    approved: str
    paid: str
    overdue: str = Field(description="The part of owed and approved past its due day.")


class StatementLineOut(Schema):
    id: UUID
    organisation: str = Field(description="The organisation that pays.")
    for_what: str
    work_on: datetime.date
    fee: str
    expenses: ExpensesOut
    amount: str = Field(description="Fee plus expenses, as a decimal string.")
    currency: str
    status: PaymentStatus
    overdue: bool = Field(description="Still to be paid (owed or approved) and past its due day.")
    due_on: datetime.date
    paid_on: datetime.date | None
    method: str | None
    paid_through: str | None = Field(description="The partner that passes the money on to you.")
    cancel_reason: str | None


class StatementOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    start: datetime.date = Field(alias="from")
    end: datetime.date = Field(alias="to")
    totals: list[StatementTotalOut]
    lines: list[StatementLineOut]


def _statement_line(line: Any) -> dict[str, Any]:
    currency = line.currency
    return {
        "id": line.pk,
        "organisation": line.organisation.name,
        "for_what": line.for_what,
        "work_on": line.work_on,
        "fee": money_text(line.fee, currency),
        "expenses": {
            kind: money_text(getattr(line, name), currency) for kind, name in EXPENSE_FIELDS.items()
        },
        "amount": money_text(line.amount, currency),
        "currency": currency,
        "status": line.status,
        "overdue": line.is_late,
        "due_on": line.due_on,
        "paid_on": line.paid_on,
        "method": line.method or None,
        "paid_through": line.paid_through.name if line.paid_through is not None else None,
        "cancel_reason": line.cancel_reason or None,
    }


@router.get(
    "/statement",
    url_name="me-statement",
    response={200: StatementOut, 403: ErrorOut, 422: ValidationErrorOut},
    by_alias=True,
    summary="Your statement of earnings",
)
def statement(request: HttpRequest, query: Query[StatementIn]) -> Any:
    """Your own payment lines for work done from ``from`` to ``to`` (both included; the last 12
    months to today when neither is given), in the order of the work, the same as your earnings
    page: totals per currency (owed, approved, paid, and the overdue part of what is still to be
    paid), then each line; cancelled lines are in ``lines`` with their reason and count in no
    total. Amounts are decimal strings. 403 for anyone who is not a survivor expert; 422 for a
    period that cannot be read or ends before it starts."""
    user = request.auth  # type: ignore[attr-defined]
    expert = people.expert_for_user(user=user)
    if expert is None:
        return Status(403, {"detail": _("Only a survivor expert has a statement of earnings.")})
    given = {
        name: day.isoformat() for name, day in (("from", query.start), ("to", query.end)) if day
    }
    form = period_form(given, statements.default_period)
    if not form.is_valid():
        issues = [
            {"loc": ["query", name], "msg": str(error), "type": "value_error"}
            for name, errors in form.errors.items()
            for error in errors
        ]
        return Status(422, {"detail": issues})
    start, end = form.period
    found = statements.statement_of_expert(expert=expert, start=start, end=end)
    return {
        "from": start,
        "to": end,
        "totals": [
            {
                "currency": t.currency,
                **{
                    name: money_text(getattr(t, name), t.currency)
                    for name in ("owed", "approved", "paid", "overdue")
                },
            }
            for t in found.totals
        ],
        "lines": [
            _statement_line(line)
            for line in sorted(
                [*found.lines, *found.cancelled], key=lambda line: (line.work_on, line.created_at)
            )
        ],
    }
