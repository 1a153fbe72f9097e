"""What a consultation offers a survivor beyond the rate: when she is paid, how, and how her costs
come back. She reads it before accepting, so the staff form and ``consultation_create`` refuse an
offer that leaves one of these unsaid."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from seat.core.bounds import pay_within_problem


def offer_problems(
    *,
    pay_rate: Decimal | None,
    pay_within_days: int | None,
    pay_method: str,
    expenses_covered: bool,
    expenses_how: str,
) -> dict[str, str]:
    """What is missing or wrong, by field name, in words for staff; empty when the offer is whole."""
    problems: dict[str, str] = {}
    paid = pay_rate is not None and pay_rate > 0
    if problem := pay_within_problem(pay_within_days):
        problems["pay_within_days"] = problem
    if paid and not pay_method:
        problems["pay_method"] = _("Say how people will be paid.")
    if expenses_covered and not expenses_how.strip():
        problems["expenses_how"] = _(
            "Say how people get their costs paid back, for example: “Keep your tickets and "
            "receipts; we pay them back in cash on the day.”"
        )
    return problems
