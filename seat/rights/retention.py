"""The retention periods of docs/PRIVACY.md that have a clear period, enforced on a schedule.

Each rule deletes rows older than its period, counted from when the row stopped mattering
(made, for a code that worked for days; finished, for an import report). Idempotent: a second
run finds nothing more to delete. The counts it returns are ids-free, so they may be logged.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from seat.core.models import AuditEvent
from seat.people.models import JoinCode, ResetCode
from seat.trainings.models import TrainingImport

# Periods from docs/PRIVACY.md ("kept for"). Two years and one year, in days.
JOIN_CODE_DAYS = 730
RESET_CODE_DAYS = 730
AUDIT_EVENT_DAYS = 730
TRAINING_IMPORT_DAYS = 365


@transaction.atomic
def retention_enforce(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete what has outlived its period; returns how many rows of each kind went."""
    now = now or timezone.now()

    def before(days: int) -> datetime.datetime:
        return now - datetime.timedelta(days=days)

    # A joining code worked for 14 days; its row (no name, a digest) is the organisation's
    # record of whom it brought in. An expert's link keeps existing without it (SET_NULL).
    join_codes, _ = JoinCode.objects.filter(created_at__lt=before(JOIN_CODE_DAYS)).delete()
    reset_codes, _ = ResetCode.objects.filter(created_at__lt=before(RESET_CODE_DAYS)).delete()
    # Only finished imports: one still being written keeps its text until its rows are in.
    imports, _ = TrainingImport.objects.filter(
        finished_at__isnull=False, finished_at__lt=before(TRAINING_IMPORT_DAYS)
    ).delete()
    audit_events, _ = AuditEvent.objects.filter(at__lt=before(AUDIT_EVENT_DAYS)).delete()
    return {
        "join_codes": join_codes,
        "reset_codes": reset_codes,
        "training_imports": imports,
        "audit_events": audit_events,
    }
