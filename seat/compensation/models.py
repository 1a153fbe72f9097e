from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.accounts.models import Organisation
from seat.compensation.enums import CURRENCIES, PaymentStatus
from seat.consultations.enums import PayUnit
from seat.core.models import PublicModel
from seat.core.money import pay_total
from seat.partners.enums import CollectivePay
from seat.people.models import ExpertProfile


class PaymentLine(PublicModel):
    """What an organisation owes a person for one contribution: units × rate + expenses."""

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
    contribution = models.OneToOneField(
        "consultations.Contribution", on_delete=models.PROTECT, related_name="payment"
    )
    units = models.DecimalField(_("units"), max_digits=6, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=PayUnit.choices)
    rate = models.DecimalField(_("rate"), max_digits=10, decimal_places=2)
    expenses = models.DecimalField(
        _("expenses"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.OWED
    )
    due_on = models.DateField(pgettext_lazy("payment deadline", "due by"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(units__gt=0) & models.Q(rate__gte=0) & models.Q(expenses__gte=0),
                name="payment_amounts_not_negative",
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
        """Not paid, and its due day has passed."""
        return self.status != PaymentStatus.PAID and self.due_on < timezone.localdate()

    @property
    def amount(self) -> Decimal:
        return pay_total(units=self.units, rate=self.rate, expenses=self.expenses)

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
