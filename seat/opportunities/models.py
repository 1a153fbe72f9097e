from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.accounts.models import Organisation
from seat.core.formats import format_money
from seat.core.languages import language_names
from seat.core.models import PublicModel
from seat.opportunities.enums import (
    PAID_ROLE_KINDS,
    ApplicationStatus,
    OpportunityKind,
    OpportunityStatus,
    PayUnit,
)
from seat.people.models import ExpertProfile

TITLE_MAX = 120
DESCRIPTION_MAX = 2_000
PLACE_MAX = 100
NOTE_MAX = 1_000


class Opportunity(PublicModel):
    """Paid work, training, or a small grant an organisation offers survivor experts.

    Every kind says what it pays (amount, currency, unit) except training, which may instead say
    whether the costs of taking part are covered."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="opportunities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("what it is"), max_length=DESCRIPTION_MAX)
    pay_amount = models.DecimalField(
        pgettext_lazy("what it pays", "pay"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    pay_currency = models.CharField(_("currency"), max_length=3, blank=True)
    pay_unit = models.CharField(_("paid"), max_length=10, choices=PayUnit.choices, blank=True)
    costs_covered = models.BooleanField(_("costs of taking part covered"), default=False)
    # Comma-separated codes from core.languages.PARTICIPANT_LANGUAGES, as consultations keep them.
    languages = models.CharField(_("languages"), max_length=100)
    # A city or district, never an address; empty when the work is remote.
    place = models.CharField(_("place"), max_length=PLACE_MAX, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    leadership = models.BooleanField(_("leadership role"), default=False)
    closes_on = models.DateField(_("closing day"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["closes_on", "title"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            # Pay is whole or absent: an amount always has its currency and unit.
            models.CheckConstraint(
                condition=(
                    models.Q(pay_amount__isnull=True, pay_currency="", pay_unit="")
                    | (
                        models.Q(pay_amount__isnull=False, pay_amount__gt=0)
                        & ~models.Q(pay_currency="")
                        & ~models.Q(pay_unit="")
                    )
                ),
                name="opportunity_pay_whole_or_absent",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="training") | models.Q(pay_amount__isnull=False),
                name="opportunity_paid_unless_training",
            ),
            models.CheckConstraint(
                condition=models.Q(remote=True) | ~models.Q(place=""),
                name="opportunity_has_place_or_remote",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def is_paid_role(self) -> bool:
        return self.kind in PAID_ROLE_KINDS

    @property
    def language_names(self) -> list[tuple[str | None, str]]:
        return language_names(self.language_codes)

    def pay_words(self) -> str:
        """What it pays, in words and in the reader's language ("1,500.00 Bangladeshi takas
        per day"); for training without pay, whether the costs of taking part are covered."""
        if self.pay_amount is None:
            if self.costs_covered:
                return str(_("No pay. The costs of taking part are covered."))
            return str(_("No pay, and the costs of taking part are not covered."))
        return str(_("%(amount)s %(unit)s")) % {
            "amount": format_money(self.pay_amount, self.pay_currency),
            "unit": PayUnit(self.pay_unit).label,
        }


class Application(PublicModel):
    """An expert's application to an opportunity: one per expert and opportunity.

    It holds her short note and where it stands; the organisation sees her chosen name and the
    note (rules.WHAT_THE_ORGANISATION_SEES), never her private details."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="applications"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="applications")
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "expert"], name="one_application")
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.opportunity}"


class ApplicationEvent(models.Model):
    """One step in an application's history: the status it moved to, when, and who moved it."""

    id = models.BigAutoField(primary_key=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.status}"


class HiresOutsideSeat(models.Model):
    """Survivors the organisation has in paid and in leadership roles that it did not fill
    through Seat, as counted on a day. The latest count is the one that holds."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hires_outside_seat"
    )
    paid_roles = models.PositiveIntegerField(_("survivors in paid roles"))
    leadership_roles = models.PositiveIntegerField(_("survivors in leadership roles"))
    counted_on = models.DateField(_("counted on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-counted_on", "-recorded_at"]
        verbose_name = _("survivors hired outside Seat")
        verbose_name_plural = _("survivors hired outside Seat")

    def __str__(self) -> str:
        return f"{self.counted_on}: {self.paid_roles} paid, {self.leadership_roles} leading"
