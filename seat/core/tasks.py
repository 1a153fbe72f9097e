"""Background work shared by the whole installation, and the periodic schedule.

Seat's task queue is django-tasks (the backport of Django 6's ``django.tasks``): ``SEAT_TASKS``
picks the immediate backend (the task runs in the process that enqueues it) or the database
backend (a row in the database, run by ``seat worker``). See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# Finished task rows (ids, task names and return values: counts) are kept this long for operators.
TASK_RESULT_DAYS = 7


def periodic_tasks() -> list:  # type: ignore[type-arg]
    return [import_string(path) for path in settings.SEAT_PERIODIC_TASKS]


def periodic_enqueue() -> int:
    """Queue every periodic task once (run at once with the immediate backend). Each task is
    idempotent, so a second worker doing the same does no harm."""
    count = 0
    for periodic in periodic_tasks():
        try:
            periodic.enqueue()
            count += 1
        except Exception:
            logger.exception("could not enqueue %s", periodic.module_path)
    return count


@task()
def clear_sessions() -> None:
    """Expired sessions leave the table (Django's ``clearsessions``)."""
    call_command("clearsessions")


@task()
def prune_task_results() -> int:
    """Finished rows of the database queue older than a week."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(days=TASK_RESULT_DAYS)
    deleted, _by_model = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return deleted
