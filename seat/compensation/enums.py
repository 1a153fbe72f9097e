from django.db import models
from django.utils.translation import pgettext_lazy


class PaymentStatus(models.TextChoices):
    OWED = "owed", pgettext_lazy("payment status", "Owed")
    APPROVED = "approved", pgettext_lazy("payment status", "Approved, about to be paid")
    PAID = "paid", pgettext_lazy("payment status", "Paid")
    # Not to be paid, with the reason recorded (PaymentLine.cancel_reason) and told to the person.
    CANCELLED = "cancelled", pgettext_lazy("payment status", "Cancelled")


# A line that is still to be paid: counted as owed, shown in the finance queue, can fall overdue.
UNSETTLED = frozenset({PaymentStatus.OWED, PaymentStatus.APPROVED})


class WorkKind(models.TextChoices):
    """What a payment line pays for: every kind of paid work a survivor does through Seat."""

    CONTRIBUTION = "contribution", pgettext_lazy("paid work", "Input to a consultation")
    MEETING = "meeting", pgettext_lazy("paid work", "A meeting")
    TRAINING = "training", pgettext_lazy("paid work", "A training delivered")
    COUNCIL = "council", pgettext_lazy("paid work", "Advisory council work")
    ASSESSMENT = "assessment", pgettext_lazy("paid work", "Advising on the self-assessment")
    OTHER = "other", pgettext_lazy("paid work", "Other paid work")


class ExpenseKind(models.TextChoices):
    """Expenses are paid back apart from the fee, each kind on its own line."""

    TRAVEL = "travel", pgettext_lazy("expense", "Travel")
    DATA = "data", pgettext_lazy("expense", "Phone data")
    CHILDCARE = "childcare", pgettext_lazy("expense", "Childcare")
    OTHER = "other", pgettext_lazy("expense", "Other expenses")


# PaymentLine's field holding each kind of expense.
EXPENSE_FIELDS = {kind: f"expenses_{kind}" for kind in ExpenseKind.values}


class RateRole(models.TextChoices):
    """The roles an organisation keeps a rate card for."""

    ADVISOR = "advisor", pgettext_lazy("paid role", "Advisor")
    CONSULTANT = "consultant", pgettext_lazy("paid role", "Consultant")
    TRAINER = "trainer", pgettext_lazy("paid role", "Trainer")
    STAFF = "staff", pgettext_lazy("paid role", "Staff")
    PARTICIPANT = "participant", pgettext_lazy("paid role", "Participant")


class RateUnit(models.TextChoices):
    HOUR = "hour", pgettext_lazy("pay unit", "per hour")
    DAY = "day", pgettext_lazy("pay unit", "per day")
    FLAT = "flat", pgettext_lazy("pay unit", "flat fee")


class LineUnit(models.TextChoices):
    """What a payment line's units count: a consultation's units (consultations.PayUnit) and a
    rate card's (RateUnit)."""

    HOUR = "hour", pgettext_lazy("pay unit", "per hour")
    DAY = "day", pgettext_lazy("pay unit", "per day")
    SESSION = "session", pgettext_lazy("pay unit", "per session")
    FLAT = "flat", pgettext_lazy("pay unit", "flat fee")


class PaymentStep(models.TextChoices):
    """One entry in a payment's history (PaymentEvent)."""

    RECORDED = "recorded", pgettext_lazy("payment step", "Recorded")
    APPROVED = "approved", pgettext_lazy("payment step", "Approved")
    PAID = "paid", pgettext_lazy("payment step", "Paid")
    CANCELLED = "cancelled", pgettext_lazy("payment step", "Cancelled")
    # Undoes the last step (paid → approved, approved → owed, cancelled → owed) with a reason:
    # the only way a step is taken back, so the history keeps both.
    CORRECTED = "corrected", pgettext_lazy("payment step", "Corrected")
    EDITED = "edited", pgettext_lazy("payment step", "Amounts changed")


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
