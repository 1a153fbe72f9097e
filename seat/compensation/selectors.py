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


def payment_get_for_user(*, user: Any, payment_id: Any) -> PaymentLine:
    """404 when the payment belongs to an organisation whose engagement the user may not read."""
    from django.http import Http404

    from seat.accounts.rules import can_read_engagement

    payment = PaymentLine.objects.select_related("organisation").filter(pk=payment_id).first()
    if payment is None or not can_read_engagement(user, payment.organisation):
        raise Http404
    return payment


def payment_defaults(*, contribution: Any) -> dict[str, Any]:
    """What a new payment line starts from: the consultation's offer, due in the usual time."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    consultation = contribution.consultation
    return {
        "units": consultation.expected_hours if consultation.pay_unit == "hour" else 1,
        "unit": consultation.pay_unit or "session",
        "rate": consultation.pay_rate,
        "expenses": 0,
        "currency": consultation.currency,
        "due_on": timezone.localdate() + datetime.timedelta(days=settings.SEAT_DEFAULT_PAY_DAYS),
    }
