"""Keeping the materialised summaries (``models.py``) true.

A consultation's figures are computed from it, its contributions and answers when a reader
needs them and they are missing or marked stale; writes to consultations, contributions and
answers mark the consultation stale (``signals.py``) in the same transaction. The reader removes the marks before
it computes, so a write that commits meanwhile marks the consultation again for the next one
(the writer's upsert holds the mark's row, so the reader's removal waits for it to commit).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    Q,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from seat.accountability.enums import DECISIONS
from seat.consultations.enums import ConsultationStatus, ContributionChannel
from seat.consultations.models import Consultation, Contribution
from seat.insights.models import AnswerDelay, ConsultationFigures, StaleConsultation

# Answers that took input up, whole or in part (metrics counts them too).
ADOPTED_OUTCOMES = ("adopted", "partly_adopted")
# Published consultations: a draft has invited nobody yet (metrics counts only these).
PUBLISHED = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED, ConsultationStatus.CANCELLED)
# Consultations computed per round trip: bounded so the IN lists stay small.
CHUNK = 2000
COPIED = ("organisation_id", "project_id", "opens_on", "published")
COUNTED = (
    "contributions",
    "collective_members",
    "from_collectives",
    "shared",
    "decided",
    "adopted",
)


def consultations_mark_stale(consultation_ids: Iterable[Any]) -> None:
    """Mark consultations that are new or changed, or whose input or answers changed (an
    upsert, so it holds the mark's row until the writer commits)."""
    marks = [StaleConsultation(consultation_id=pk) for pk in set(consultation_ids) if pk]
    if marks:
        StaleConsultation.objects.bulk_create(
            marks,
            update_conflicts=True,
            unique_fields=["consultation_id"],
            update_fields=["marked_at"],
        )


def figures_refresh() -> int:
    """Compute the figures of every consultation marked stale, and of any that has none (only
    after rows were written without the services: every new consultation is marked). Three
    small queries when all are up to date. Returns how many were computed."""
    ids = list(StaleConsultation.objects.values_list("consultation_id", flat=True))
    # Figures go with their consultation (on delete cascade): equal counts mean none missing.
    if ConsultationFigures.objects.count() < Consultation.objects.count():
        ids += Consultation.objects.filter(insights_figures__isnull=True).values_list(
            "pk", flat=True
        )
    for start in range(0, len(ids), CHUNK):
        _compute(ids[start : start + CHUNK])
    return len(ids)


def figures_rebuild() -> int:
    """Compute every consultation's figures again (after rows were written without the
    services, such as by ``seat generate`` or a restore). Returns how many."""
    ids = list(Consultation.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        _compute(ids[start : start + CHUNK])
    StaleConsultation.objects.exclude(
        consultation_id__in=Consultation.objects.values("pk")
    ).delete()
    return len(ids)


def _days_to_answer() -> ExpressionWrapper:
    """Calendar days from the day of the input to the day its answer was shared, both days
    in Seat's own time zone, so the figure does not depend on who is looking."""
    zone = timezone.get_default_timezone()
    return ExpressionWrapper(
        TruncDate("response__shared_at", tzinfo=zone) - TruncDate("created_at", tzinfo=zone),
        output_field=DurationField(),
    )


def _whole_days(value: datetime.timedelta | int | float) -> int:
    if isinstance(value, datetime.timedelta):
        return value.days
    return round(value / 86_400_000_000)  # SQLite returns microseconds


def _compute(ids: Sequence[Any]) -> None:
    StaleConsultation.objects.filter(consultation_id__in=ids).delete()
    # A mark may outlive its consultation (deleted since): only those still here are computed.
    copied = {
        row["pk"]: {
            "organisation_id": row["project__organisation_id"],
            "project_id": row["project_id"],
            "opens_on": row["opens_on"],
            "published": row["status"] in PUBLISHED,
        }
        for row in Consultation.objects.filter(pk__in=ids).values(
            "pk", "project_id", "project__organisation_id", "opens_on", "status"
        )
    }
    ids = list(copied)
    shared = Q(response__shared_at__isnull=False)
    counted = (
        Contribution.objects.filter(consultation_id__in=ids)
        .values("consultation_id")
        .order_by()
        .annotate(
            contributions=Count("pk"),
            collective_members=Sum("members_count", filter=Q(expert__isnull=True), default=0),
            from_collectives=Count("pk", filter=Q(channel=ContributionChannel.COLLECTIVE)),
            shared=Count("pk", filter=shared),
            decided=Count("pk", filter=shared & Q(response__outcome__in=DECISIONS)),
            adopted=Count("pk", filter=shared & Q(response__outcome__in=ADOPTED_OUTCOMES)),
        )
    )
    figures = {
        pk: ConsultationFigures(consultation_id=pk, **copied[pk], **dict.fromkeys(COUNTED, 0))
        for pk in ids
    }
    for counts in counted:
        row: dict[str, Any] = dict(counts)
        for name in COUNTED:
            setattr(figures[row["consultation_id"]], name, row[name])
    delays: dict[tuple[Any, int], int] = {}
    waited = (
        Contribution.objects.filter(shared, consultation_id__in=ids)
        .annotate(_days=_days_to_answer())
        .values("consultation_id", "_days")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for group in waited:
        waits: dict[str, Any] = dict(group)
        key = (waits["consultation_id"], _whole_days(waits["_days"]))
        delays[key] = delays.get(key, 0) + waits["n"]
    with transaction.atomic():
        # The upsert locks these figures' rows first, so two readers computing the same
        # consultation take turns instead of both writing its histogram.
        ConsultationFigures.objects.bulk_create(
            figures.values(),
            update_conflicts=True,
            unique_fields=["consultation"],
            update_fields=[*COPIED, *COUNTED, "computed_at"],
        )
        AnswerDelay.objects.filter(consultation_id__in=ids).delete()
        AnswerDelay.objects.bulk_create(
            AnswerDelay(consultation_id=pk, **copied[pk], days=days, count=n)
            for (pk, days), n in delays.items()
        )
