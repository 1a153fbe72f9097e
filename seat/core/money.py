"""One rule for what pay comes to: what a consultation promises for its expected time and what a
payment line then owes are worked out by the same function, so the two cannot disagree."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import pgettext_lazy


def pay_total(*, units: Decimal, rate: Decimal, expenses: Decimal = Decimal(0)) -> Decimal:
    """units × rate + expenses, rounded half up to the cent (Decimal, never float)."""
    total = units * rate + expenses
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class PayMethod(models.TextChoices):
    """How people are paid: a few ways survivors can actually receive money, named plainly."""

    CASH = "cash", pgettext_lazy("how paid", "Cash, in person")
    MOBILE_MONEY = "mobile_money", pgettext_lazy("how paid", "Mobile money")
    BANK = "bank", pgettext_lazy("how paid", "Bank transfer")
    VOUCHER = "voucher", pgettext_lazy("how paid", "Voucher for a shop")
    OTHER = "other", pgettext_lazy("how paid", "Another way")
