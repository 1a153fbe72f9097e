"""What finance reads: the queue to approve and to pay, one payment with its history, what was
paid in a period. Every read takes the acting user and stays inside the organisations where
that user pays (``accounts.rules.PAYING_ROLES``): a payment of another organisation is not
there at all (404), and a member who does not pay is refused (403).

Finance sees people by chosen name only (or the collective's name); where to send the money is
read on the payment's page through ``people.services.identity_read``, which audits each read.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from seat.accounts.models import Membership
from seat.accounts.rules import PAYING_ROLES, can_read_engagement, role_in, roles_of
from seat.compensation.enums import UNSETTLED, PaymentStatus
from seat.compensation.models import FOR_WHAT_RELATED, PaymentEvent, PaymentLine
from seat.compensation.selectors import totals_by_currency

# What a line's page and the queue read along with it, so that a list costs the same few
# queries whatever its length.
_RELATED = (
    "organisation",
    "expert",
    "paid_through",
    "approved_by",
    *FOR_WHAT_RELATED,
)


def paying_organisation_ids(*, user: Any) -> list[Any]:
    """The organisations whose payments the user approves and pays."""
    return [org for org, role in roles_of(user).items() if role in PAYING_ROLES]


def lines_for_payer(*, user: Any) -> QuerySet[PaymentLine]:
    """Every line of the organisations where the user pays; nothing else."""
    return PaymentLine.objects.filter(
        organisation_id__in=paying_organisation_ids(user=user)
    ).select_related(*_RELATED)


def payer_counts(*, organisation_ids: list[Any]) -> Counter[Any]:
    """How many people pay for each organisation: with two or more, the one who approved a line
    is not the one who marks it paid (``services.separation_problem``)."""
    return Counter(
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role__in=PAYING_ROLES
        ).values_list("organisation_id", flat=True)
    )


def payee_name(line: PaymentLine) -> str:
    """Who is paid, as finance may know them: her chosen name, or the collective (the partner)
    the money goes to."""
    if line.expert is not None:
        return line.expert.pseudonym
    return line.paid_through.name if line.paid_through is not None else ""


@dataclass(frozen=True)
class QueueLine:
    line: PaymentLine
    # The viewer approved it and someone else of the organisation pays it: no pay control.
    someone_else_pays: bool

    @property
    def payee(self) -> str:
        return payee_name(self.line)


@dataclass
class Queue:
    to_approve: list[QueueLine] = field(default_factory=list)
    to_pay: list[QueueLine] = field(default_factory=list)

    @property
    def totals_to_approve(self) -> dict[str, Decimal]:
        return totals_by_currency(payments=[q.line for q in self.to_approve])

    @property
    def totals_to_pay(self) -> dict[str, Decimal]:
        return totals_by_currency(payments=[q.line for q in self.to_pay])

    @property
    def overdue(self) -> int:
        return sum(1 for q in (*self.to_approve, *self.to_pay) if q.line.is_late)

    @property
    def payable(self) -> list[QueueLine]:
        """The lines on "To pay" that the viewer may mark paid (the bulk form's choices)."""
        return [q for q in self.to_pay if not q.someone_else_pays]


def payment_queue(*, user: Any) -> Queue:
    """Lines owed (to approve) and approved (to pay), oldest due first, each marked when the
    viewer approved it and so leaves paying it to a colleague."""
    lines = list(
        lines_for_payer(user=user)
        .filter(status__in=UNSETTLED)
        .order_by("due_on", "created_at", "pk")
    )
    counts = payer_counts(organisation_ids=sorted({line.organisation_id for line in lines}))
    queue = Queue()
    for line in lines:
        if line.status == PaymentStatus.OWED:
            queue.to_approve.append(QueueLine(line, someone_else_pays=False))
        else:
            blocked = line.approved_by_id == user.pk and counts[line.organisation_id] >= 2
            queue.to_pay.append(QueueLine(line, someone_else_pays=blocked))
    return queue


def payment_get_for_payer(*, user: Any, payment_id: Any) -> PaymentLine:
    """One line for its page and its steps: 404 when its organisation is not the user's (or the
    user only advises it), 403 for a member who does not pay."""
    line = PaymentLine.objects.select_related(*_RELATED).filter(pk=payment_id).first()
    if line is None or not can_read_engagement(user, line.organisation):
        raise Http404
    if role_in(user, line.organisation) not in PAYING_ROLES:
        raise PermissionDenied
    return line


def payment_history(*, payment: PaymentLine) -> list[PaymentEvent]:
    """Every step of the line, first to last, with who took it."""
    return list(payment.events.select_related("actor").order_by("created_at", "pk"))


def payments_paid_between(
    *, user: Any, start: datetime.date, end: datetime.date
) -> list[PaymentLine]:
    """Lines paid (``paid_on``) from ``start`` to ``end``, both included, in the order paid."""
    return list(
        lines_for_payer(user=user)
        .filter(status=PaymentStatus.PAID, paid_on__gte=start, paid_on__lte=end)
        .select_related("paid_by")
        .order_by("paid_on", "created_at", "pk")
    )


def payments_for_api(*, user: Any, status: str | None) -> QuerySet[PaymentLine]:
    """Lines of the organisations where the user pays, oldest due first; ``status`` is one of
    PaymentStatus or ``overdue`` (still to be paid, past its due day)."""
    lines = lines_for_payer(user=user).order_by("due_on", "created_at", "pk")
    if status == "overdue":
        return lines.filter(status__in=UNSETTLED, due_on__lt=timezone.localdate())
    if status:
        return lines.filter(status=status)
    return lines
