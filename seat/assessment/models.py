"""The self-assessment: a versioned framework kept as data, rounds, ratings and actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.accounts.models import Organisation
from seat.assessment.enums import (
    MAX_LEVEL,
    MIN_LEVEL,
    ActionStatus,
    AdvisorRequestStatus,
    Perspective,
    RoundStatus,
)
from seat.core.models import PublicModel
from seat.people.models import ExpertProfile


class Framework(PublicModel):
    """One version of the framework file, loaded as it was; never edited afterwards."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    sources = models.JSONField(_("sources"), default=list)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    key = models.CharField(_("id"), max_length=60)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    # {"bn": {"title": ..., "summary": ...}}: the framework's words in other languages.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="domain_key_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def in_language(self, lang: str) -> dict[str, str]:
        found = self.translations.get(lang.split("-")[0], {})
        return {
            "title": found.get("title", self.title),
            "summary": found.get("summary", self.summary),
        }


class Indicator(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("id"), max_length=100)
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("statement"))
    levels = models.JSONField(_("level descriptors"))
    sources = models.JSONField(_("sources"), default=list)
    tip = models.JSONField(_("TIP checklist items"), default=list, blank=True)
    # {"bn": {"text": ..., "levels": [4 strings]}}
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["domain__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "key"], name="indicator_key_unique")
        ]

    def __str__(self) -> str:
        return self.key

    def in_language(self, lang: str) -> dict[str, Any]:
        found = self.translations.get(lang.split("-")[0], {})
        return {"text": found.get("text", self.text), "levels": found.get("levels", self.levels)}


class AssessmentRound(PublicModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self) -> str:
        return self.title


class Rating(models.Model):
    """One respondent's level for one indicator. It belongs to that respondent alone."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="ratings")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_ratings"
    )
    perspective = models.CharField(_("perspective"), max_length=10, choices=Perspective.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="ratings")
    # Empty means "I don't know": counted as answered, left out of scores.
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    evidence = models.TextField(_("evidence note"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent", "indicator"], name="one_rating_per_indicator"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True)
                | models.Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="rating_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.key}: {self.level}"


class ActionItem(PublicModel):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="actions")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("what will be done"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(pgettext_lazy("action deadline", "due by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.TODO
    )

    class Meta:
        ordering = ["status", "due_on"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="one_action_per_gap")
        ]

    def __str__(self) -> str:
        return self.title


class AdvisorRequest(PublicModel):
    """An organisation asks a survivor expert to advise its self-assessment.

    Nobody becomes a survivor advisor without saying yes: the advisor role is granted only when
    the expert accepts, and she can stop at any time. A "no" is kept so she is not asked again
    and again.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="advisor_requests"
    )
    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.CASCADE, related_name="advisor_requests"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AdvisorRequestStatus.choices,
        default=AdvisorRequestStatus.PENDING,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to advise")
        verbose_name_plural = _("requests to advise")
        constraints = [
            # One question at a time: asking twice must not put two requests in front of her.
            models.UniqueConstraint(
                fields=["organisation", "expert"],
                condition=models.Q(status="pending"),
                name="one_open_advisor_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.expert} ({self.get_status_display()})"


class AdvisorPayment(models.Model):
    """What a survivor advisor is owed for answering one round: made when the round is
    completed, at most one line per round and advisor."""

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="advisor_payments"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="+")
    payment = models.OneToOneField(
        "compensation.PaymentLine", on_delete=models.PROTECT, related_name="advisor_round"
    )

    class Meta:
        verbose_name = _("advisor payment")
        verbose_name_plural = _("advisor payments")
        constraints = [
            models.UniqueConstraint(fields=["round", "expert"], name="one_line_per_round_advisor")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.payment}"
