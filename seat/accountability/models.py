from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.accountability.enums import DECISIONS, Outcome
from seat.core.models import PublicModel

# A reason per question is a sentence or two; the whole response has room for more.
QUESTION_REASON_MAX_CHARS = 2000


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

    @property
    def is_decided(self) -> bool:
        return self.outcome in DECISIONS


class QuestionResponse(PublicModel):
    """What became of her answer to one question, where staff answer it apart from the rest
    (a question's answer adopted while the rest was not, say). Optional; shown to her beside
    the answer it is about."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="per_question")
    question = models.ForeignKey(
        "consultations.Question", on_delete=models.CASCADE, related_name="responses"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=QUESTION_REASON_MAX_CHARS)

    class Meta:
        ordering = ["question__position"]
        verbose_name = _("response to one question")
        verbose_name_plural = _("responses to one question")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_response_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()
