from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from seat.compensation.enums import PaymentStatus
from seat.compensation.models import PaymentLine
from seat.compensation.rules import PAYING_ROLES
from seat.people.models import ExpertProfile


def payments_of_expert(*, expert: ExpertProfile) -> list[PaymentLine]:
    return list(
        PaymentLine.objects.filter(expert=expert)
        .select_related("organisation", "contribution__consultation")
        .order_by("status", "due_on")
    )


def totals_by_currency(
    *, payments: list[PaymentLine], unpaid_only: bool = False
) -> dict[str, Decimal]:
    """Totals per currency: amounts in different currencies are never added together."""
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for line in payments:
        if unpaid_only and line.status == PaymentStatus.PAID:
            continue
        totals[line.currency] += line.amount
    return dict(sorted(totals.items()))


def payments_to_settle(*, user: Any) -> list[PaymentLine]:
    """Unpaid lines of the organisations where the user may approve or pay, soonest due first.

    Staff see people by chosen name only; identity and payment details stay with the person.
    """
    from seat.accounts.models import Membership

    organisation_ids = Membership.objects.filter(user=user, role__in=PAYING_ROLES).values(
        "organisation_id"
    )
    return list(
        PaymentLine.objects.filter(organisation_id__in=organisation_ids)
        .exclude(status=PaymentStatus.PAID)
        .select_related("organisation", "expert", "contribution__consultation")
        .order_by("due_on", "created_at")
    )
