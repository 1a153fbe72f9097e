"""Marks a consultation's materialised figures stale when it, its input or answers change.

Cache invalidation, not domain logic: the services that write contributions and answers know
nothing of insights (nothing imports this app), and every write to those rows, whichever
service makes it, must reach the summaries.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from seat.accountability.models import Response
from seat.consultations.models import Consultation, Contribution
from seat.insights.summaries import consultations_mark_stale


def consultation_changed(sender: type, instance: Consultation, **kwargs: Any) -> None:
    consultations_mark_stale([instance.pk])


def contribution_changed(sender: type, instance: Contribution, **kwargs: Any) -> None:
    consultations_mark_stale([instance.consultation_id])


def response_changed(sender: type, instance: Response, **kwargs: Any) -> None:
    if Response.contribution.is_cached(instance):  # type: ignore[attr-defined]
        consultation_ids = [instance.contribution.consultation_id]
    else:
        consultation_ids = list(
            Contribution.objects.filter(pk=instance.contribution_id).values_list(
                "consultation_id", flat=True
            )
        )
    consultations_mark_stale(consultation_ids)


def connect() -> None:
    # A deleted consultation takes its figures with it (on delete cascade).
    post_save.connect(
        consultation_changed, sender=Consultation, dispatch_uid="insights-consultation-saved"
    )
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            contribution_changed, sender=Contribution, dispatch_uid=f"insights-contribution-{name}"
        )
        signal.connect(response_changed, sender=Response, dispatch_uid=f"insights-response-{name}")
