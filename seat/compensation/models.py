from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import Organisation
from seat.compensation.enums import (
    CURRENCIES,
    EXPENSE_FIELDS,
    UNSETTLED,
    ExpenseKind,
    LineUnit,
    PaymentStatus,
    PaymentStep,
    RateRole,
    RateUnit,
    WorkKind,
)
from seat.core.models import PublicModel
from seat.core.money import PayMethod, pay_total
from seat.core.privacy.files import EncryptedFileSystemStorage
from seat.partners.enums import CollectivePay
from seat.people.models import ExpertProfile


def receipt_storage() -> FileSystemStorage:
    """Receipts can carry names and account numbers: kept encrypted under the data directory,
    never in MEDIA or static, and served only by compensation.views.payment_receipt to those
    who may."""
    return EncryptedFileSystemStorage(location=settings.DATA_DIR / "receipts", base_url=None)


# What ``PaymentLine.for_what`` reads: lists select these along, so naming each line costs no
# query of its own.
FOR_WHAT_RELATED = ("contribution__consultation", "council_attendance__meeting__council")


class PaymentLine(PublicModel):
    """What an organisation owes a person for one piece of paid work: units × rate (the fee),
    plus expenses by kind, shown apart from the fee."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="payments"
    )
    # Whose pay it is: one person, or (expert empty) a collective for its one contribution.
    expert = models.ForeignKey(
        ExpertProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    # The partner the money goes through when input came through one; it passes the money on
    # to the member (or to ``members_count`` members) and records when it did.
    paid_through = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments_through",
        verbose_name=_("paid through"),
    )
    members_count = models.PositiveSmallIntegerField(
        _("members to share it"), null=True, blank=True
    )
    # For a collective's contribution: whether the collective keeps the money for its work
    # (to_collective) or passes an equal share to each of ``members_count`` members
    # (per_member), as the host offered when it asked the partner (PartnerRequest).
    collective_pay = models.CharField(
        _("how a collective's pay reaches people"),
        max_length=20,
        choices=CollectivePay.choices,
        blank=True,
    )
    passed_on_at = models.DateTimeField(_("passed on at"), null=True, blank=True)
    passed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work = models.CharField(
        _("paid for"), max_length=20, choices=WorkKind.choices, default=WorkKind.CONTRIBUTION
    )
    # The input it pays for; empty for other work, which ``description`` names instead.
    contribution = models.OneToOneField(
        "consultations.Contribution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment",
    )
    description = models.CharField(_("what it was for"), max_length=200, blank=True)
    work_on = models.DateField(_("day of the work"))
    units = models.DecimalField(_("units"), max_digits=6, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=LineUnit.choices)
    rate = models.DecimalField(_("rate"), max_digits=10, decimal_places=2)
    expenses_travel = models.DecimalField(
        pgettext_lazy("expense", "Travel"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    expenses_data = models.DecimalField(
        pgettext_lazy("expense", "Phone data"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    expenses_childcare = models.DecimalField(
        pgettext_lazy("expense", "Childcare"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    expenses_other = models.DecimalField(
        pgettext_lazy("expense", "Other expenses"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.OWED
    )
    due_on = models.DateField(pgettext_lazy("payment deadline", "due by"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Approving and paying are separate steps, by different people where the organisation has
    # more than one person who pays (services.payment_pay).
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(
        pgettext_lazy("payment", "paid by"), max_length=20, choices=PayMethod.choices, blank=True
    )
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    receipt = models.FileField(
        _("receipt"), storage=receipt_storage, upload_to="%Y/%m/", blank=True, max_length=200
    )
    cancel_reason = models.CharField(_("why it is cancelled"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(units__gt=0)
                & models.Q(rate__gte=0)
                & models.Q(expenses_travel__gte=0)
                & models.Q(expenses_data__gte=0)
                & models.Q(expenses_childcare__gte=0)
                & models.Q(expenses_other__gte=0),
                name="payment_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(work=WorkKind.CONTRIBUTION)
                | models.Q(contribution__isnull=False),
                name="payment_for_input_names_it",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PaymentStatus.PAID)
                | (models.Q(paid_on__isnull=False) & ~models.Q(method="")),
                name="payment_paid_has_day_and_method",
            ),
            models.CheckConstraint(
                condition=models.Q(expert__isnull=False) | models.Q(paid_through__isnull=False),
                name="payment_to_a_person_or_through_a_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_status_display()})"

    @property
    def is_late(self) -> bool:
        """Still to be paid (owed or approved), and its due day has passed."""
        return self.status in UNSETTLED and self.due_on < timezone.localdate()

    @property
    def fee(self) -> Decimal:
        """Units × rate: what the work itself is paid."""
        return pay_total(units=self.units, rate=self.rate)

    @property
    def expenses(self) -> Decimal:
        """Every kind of expense together; ``expense_lines`` keeps them apart."""
        return sum((getattr(self, name) for name in EXPENSE_FIELDS.values()), Decimal("0.00"))

    @property
    def expense_lines(self) -> list[tuple[str, Decimal]]:
        """(label, amount) for each kind of expense claimed, in ExpenseKind order."""
        return [
            (str(ExpenseKind(kind).label), getattr(self, name))
            for kind, name in EXPENSE_FIELDS.items()
            if getattr(self, name)
        ]

    @property
    def amount(self) -> Decimal:
        return pay_total(units=self.units, rate=self.rate, expenses=self.expenses)

    @property
    def for_what(self) -> str:
        """What the line pays for, in words a statement can show: the consultation's title for
        input; for a council meeting, the council and the day, in the reader's language (built
        now: stored, it would stay in the language of whoever recorded the attendance); the
        description otherwise. Lists read the relations along (``FOR_WHAT_RELATED``)."""
        if self.contribution is not None:
            return str(self.contribution.consultation.title)
        if self.work == WorkKind.COUNCIL:
            from seat.core.formats import format_day

            try:
                meeting = self.council_attendance.meeting  # type: ignore[attr-defined]
            except models.ObjectDoesNotExist:
                meeting = None
            if meeting is not None:
                return gettext("%(council)s: meeting of %(day)s") % {
                    "council": meeting.council.name,
                    "day": format_day(meeting.held_on),
                }
        return self.description or str(self.get_work_display())

    @property
    def per_member(self) -> Decimal | None:
        """Each member's equal share when a collective passes the pay on to its members; exact,
        since a line that does not split to the cent is never recorded (payment_record)."""
        if self.collective_pay != CollectivePay.PER_MEMBER or not self.members_count:
            return None
        return (self.amount / self.members_count).quantize(Decimal("0.01"))

    @property
    def for_members(self) -> str:
        from seat.consultations.selectors import for_members

        return for_members(self.members_count) if self.expert_id is None else ""


class PaymentEvent(PublicModel):
    """One step in a payment's history, never changed or deleted: recorded, amounts changed,
    approved, paid (how, with what reference), cancelled (why), or a step taken back (why)."""

    payment = models.ForeignKey(PaymentLine, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=12, choices=PaymentStep.choices)
    from_status = models.CharField(max_length=10, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=PaymentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(max_length=20, choices=PayMethod.choices, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("payment step")
        verbose_name_plural = _("payment history")

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.created_at:%Y-%m-%d}"


class RateCard(PublicModel):
    """What an organisation pays survivors in one role, per unit, in one currency, beside what it
    pays other (non-survivor) consultants for the same: parity is the one over the other."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rate_cards"
    )
    role = models.CharField(_("role"), max_length=20, choices=RateRole.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=RateUnit.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES)
    survivor_rate = models.DecimalField(_("survivor rate"), max_digits=10, decimal_places=2)
    peer_rate = models.DecimalField(
        _("rate for other consultants"), max_digits=10, decimal_places=2
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["role", "unit", "currency"]
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role", "unit", "currency"], name="one_rate_per_role_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(survivor_rate__gt=0) & models.Q(peer_rate__gt=0),
                name="rate_card_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.unit} {self.currency}"

    @property
    def parity(self) -> Decimal:
        """The survivor rate as a share of the rate for other consultants: 1 is parity."""
        return (self.survivor_rate / self.peer_rate).quantize(Decimal("0.01"))
