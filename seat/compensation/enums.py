from django.db import models
from django.utils.translation import pgettext_lazy


class PaymentStatus(models.TextChoices):
    OWED = "owed", pgettext_lazy("payment status", "Owed")
    APPROVED = "approved", pgettext_lazy("payment status", "Approved, about to be paid")
    PAID = "paid", pgettext_lazy("payment status", "Paid")


# ISO 4217 codes Seat offers in forms; money is always Decimal plus one of these.
CURRENCIES = [
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("BDT", "BDT"),
    ("INR", "INR"),
    ("NPR", "NPR"),
    ("IDR", "IDR"),
    ("KHR", "KHR"),
    ("PHP", "PHP"),
    ("THB", "THB"),
    ("VND", "VND"),
    ("MYR", "MYR"),
    ("MXN", "MXN"),
    ("COP", "COP"),
    ("XOF", "XOF"),
]
CURRENCY_CODES = frozenset(code for code, _label in CURRENCIES)
