"""Survivor-led organisations and collectives as partners: a host asks a partner to bring a
consultation to its members, and the partner's facilitators capture input in person.

The host sees only what a partner passes on: pseudonyms and counts, never who its members are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import Organisation
from seat.consultations.models import Consultation
from seat.core.models import PublicModel
from seat.partners.enums import CollectivePay, PartnerRequestStatus, SessionKind


class PartnerRequest(PublicModel):
    """A host organisation asks a survivor-led organisation or collective to bring one
    consultation, with its pay and terms, to the members the partner chooses."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="partner_requests"
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partner_requests",
        verbose_name=_("partner organisation"),
    )
    collective_pay = models.CharField(
        _("pay for a collective contribution"),
        max_length=20,
        choices=CollectivePay.choices,
        default=CollectivePay.PER_MEMBER,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnerRequestStatus.choices,
        default=PartnerRequestStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to a partner")
        verbose_name_plural = _("requests to partners")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "partner"], name="one_request_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} → {self.partner_id}"


class Capture(PublicModel):
    """One in-person session (a focus group, a village meeting) written down by a facilitator.

    Each participant's input is a Contribution pointing here. The idempotency key and the digest
    of what was sent make a replayed capture land once, and a changed one be refused.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="captures"
    )
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="captures")
    partner_request = models.ForeignKey(
        PartnerRequest, on_delete=models.PROTECT, related_name="captures"
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written down by"),
    )
    kind = models.CharField(_("kind of session"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("held on"))
    # Coarse on purpose (a district or a town), never an address: it is where members live.
    place = models.CharField(_("place (district or town)"), max_length=80)
    idempotency_key = models.UUIDField(unique=True)
    content_digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("in-person session")
        verbose_name_plural = _("in-person sessions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"
