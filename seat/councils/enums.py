"""Roles on a council and where a recommendation stands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class TermRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("council role", "Member")
    CHAIR = "chair", pgettext_lazy("council role", "Chair")


class RecommendationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("recommendation status", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("recommendation status", "Accepted")
    PARTLY_ACCEPTED = "partly_accepted", pgettext_lazy("recommendation status", "Partly accepted")
    REJECTED = "rejected", pgettext_lazy("recommendation status", "Rejected")
    IMPLEMENTED = "implemented", pgettext_lazy("recommendation status", "Implemented")


class Decision(models.TextChoices):
    """What the host answers a recommendation with."""

    ACCEPTED = "accepted", pgettext_lazy("host decision", "Accepted")
    PARTLY_ACCEPTED = "partly_accepted", pgettext_lazy("host decision", "Partly accepted")
    REJECTED = "rejected", pgettext_lazy("host decision", "Rejected")


# Only what the host accepted, in whole or in part, can be implemented.
IMPLEMENTABLE = frozenset({RecommendationStatus.ACCEPTED, RecommendationStatus.PARTLY_ACCEPTED})
