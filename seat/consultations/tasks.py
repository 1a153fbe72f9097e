"""Periodic work of the engagement loop (run by ``seat worker``; see seat/core/tasks.py)."""

from __future__ import annotations

from django_tasks import task

from seat.consultations.services import (
    deadline_reminders_send,
    invitations_due_send,
    kept_answers_purge,
)


@task()
def send_due_invitations() -> int:
    """Invitations of open consultations whose "invitations go out on" day has come."""
    return invitations_due_send()


@task()
def send_deadline_reminders() -> int:
    """People who said yes and have not sent input, a few days before the last day."""
    return deadline_reminders_send()


@task()
def purge_kept_answers() -> int:
    """Answers kept after a logout, past their 24 hours."""
    return kept_answers_purge()
