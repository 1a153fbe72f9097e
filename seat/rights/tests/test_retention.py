"""The retention task: rows past their period in docs/PRIVACY.md go, younger rows stay."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from seat.core.models import AuditEvent
from seat.people.models import ExpertLink, JoinCode, ResetCode
from seat.people.services import join_code_create, reset_code_create
from seat.rights.retention import (
    AUDIT_EVENT_DAYS,
    JOIN_CODE_DAYS,
    RESET_CODE_DAYS,
    TRAINING_IMPORT_DAYS,
)
from seat.rights.tasks import enforce_retention
from seat.trainings.models import TrainingImport
from seat.trainings.services import trainings_import
from seat.trainings.tests.test_import import HEADER, row

pytestmark = pytest.mark.django_db


def aged(model, row, days: int, field: str = "created_at") -> None:
    """Move a row ``days`` back in time, as if made then."""
    model.objects.filter(pk=row.pk).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )


def run() -> dict[str, int]:
    return enforce_retention.call()


def test_the_task_runs_with_the_periodic_work():
    assert "seat.rights.tasks.enforce_retention" in settings.SEAT_PERIODIC_TASKS


def test_joining_codes_go_after_24_months_and_the_link_they_made_stays(world):
    old, _code = join_code_create(actor=world.staff_a, organisation=world.org_a)
    young, _code = join_code_create(actor=world.staff_a, organisation=world.org_a)
    link = ExpertLink.objects.get(expert=world.expert, organisation=world.org_a)
    ExpertLink.objects.filter(pk=link.pk).update(join_code=old)
    aged(JoinCode, old, JOIN_CODE_DAYS + 1)
    aged(JoinCode, young, JOIN_CODE_DAYS - 1)

    assert run()["join_codes"] == 1
    assert not JoinCode.objects.filter(pk=old.pk).exists()
    assert JoinCode.objects.filter(pk=young.pk).exists()
    link.refresh_from_db()
    assert link.join_code is None


def test_reset_codes_go_after_24_months(world):
    old, _code = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    young, _code = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    aged(ResetCode, old, RESET_CODE_DAYS + 1)
    aged(ResetCode, young, RESET_CODE_DAYS - 1)

    assert run()["reset_codes"] == 1
    assert not ResetCode.objects.filter(pk=old.pk).exists()
    assert ResetCode.objects.filter(pk=young.pk).exists()


def test_audit_events_go_after_24_months(world):
    old = AuditEvent.objects.order_by("id").first()
    young = AuditEvent.objects.order_by("id").last()
    aged(AuditEvent, old, AUDIT_EVENT_DAYS + 1, field="at")
    aged(AuditEvent, young, AUDIT_EVENT_DAYS - 1, field="at")
    count = AuditEvent.objects.count()

    assert run()["audit_events"] == 1
    assert AuditEvent.objects.count() == count - 1
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_finished_import_reports_go_after_12_months(world):
    data = (HEADER + row()).encode()
    old = trainings_import(actor=world.staff_a, organisation=world.org_a, data=data)
    young = trainings_import(actor=world.staff_a, organisation=world.org_a, data=data)
    aged(TrainingImport, old, TRAINING_IMPORT_DAYS + 1, field="finished_at")
    aged(TrainingImport, young, TRAINING_IMPORT_DAYS - 1, field="finished_at")

    assert run()["training_imports"] == 1
    assert list(TrainingImport.objects.values_list("pk", flat=True)) == [young.pk]


def test_a_second_run_deletes_nothing_more(world):
    first = run()
    assert run() == dict.fromkeys(first, 0)
