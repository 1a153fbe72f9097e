"""Payment lines in every state, made through the services as the product makes them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from seat.compensation import services
from seat.compensation.models import PaymentLine


def make_line(
    world: Any,
    *,
    organisation: Any = None,
    expert: Any = None,
    worked_days_ago: int = 3,
    currency: str = "USD",
    rate: str = "40.00",
    units: str = "2",
    status: str = "owed",
    approver: Any = None,
    payer: Any = None,
    description: str = "Advised on the shelter's hiring",
    **expenses: Decimal,
) -> PaymentLine:
    """A line for a meeting ``worked_days_ago`` days ago (due 14 days after it), moved to
    ``status`` by ``approver`` (admin of A unless said) and ``payer`` (finance of A)."""
    organisation = organisation or world.org_a
    line = services.payment_for_work(
        actor=world.staff_a if organisation == world.org_a else None,
        organisation=organisation,
        expert=expert or world.expert,
        work="meeting",
        description=description,
        work_on=timezone.localdate() - datetime.timedelta(days=worked_days_ago),
        units=Decimal(units),
        unit="hour",
        rate=Decimal(rate),
        currency=currency,
        **expenses,
    )
    if status in {"approved", "paid"}:
        line = services.payment_approve(actor=approver or world.admin_a, payment=line)
    if status == "paid":
        line = services.payment_pay(
            actor=payer or world.finance_a, payment=line, method="bank", reference="TR-1"
        )
    if status == "cancelled":
        line = services.payment_cancel(
            actor=approver or world.admin_a, payment=line, reason="Counted twice."
        )
    return line


def clear_offer_lines() -> None:
    """Drop the lines the world's contributions owe from the start (every paid contribution
    makes one: payment_owed_for_contribution), for tests of the finance pages' mechanics that
    count only the lines they make themselves."""
    PaymentLine.objects.filter(work="contribution", recorded_by__isnull=True).delete()
