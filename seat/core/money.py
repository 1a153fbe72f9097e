"""One rule for what pay comes to: what a consultation promises for its expected time and what a
payment line then owes are worked out by the same function, so the two cannot disagree."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def pay_total(*, units: Decimal, rate: Decimal, expenses: Decimal = Decimal(0)) -> Decimal:
    """units × rate + expenses, rounded half up to the cent (Decimal, never float)."""
    total = units * rate + expenses
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
