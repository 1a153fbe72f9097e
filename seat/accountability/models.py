from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.accountability.enums import Outcome
from seat.core.models import PublicModel


class Response(PublicModel):
    """What became of one contribution, and why, told to the person who gave it."""

    contribution = models.OneToOneField(
        "consultations.Contribution", on_delete=models.CASCADE, related_name="response"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=4000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared with the contributor at"), null=True, blank=True)
    # For input given through a partner: when its facilitator told the person, in her language.
    relayed_at = models.DateTimeField(_("told to the person at"), null=True, blank=True)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return self.get_outcome_display()
