"""Background tasks of text messages (django-tasks; see docs/ARCHITECTURE.md)."""

from __future__ import annotations

from django_tasks import task

from seat.sms import services


@task()
def retry_outbound() -> int:
    """Periodic: messages a provider refused, again (a few times), and ones whose moment was lost."""
    return services.sms_outbound_retry()
