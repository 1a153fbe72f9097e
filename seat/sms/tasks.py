"""Background tasks of text messages (django-tasks; see docs/ARCHITECTURE.md)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from seat.sms import services


@task()
def retry_outbound() -> int:
    """Periodic: messages a provider refused, again (a few times), and ones whose moment was lost."""
    return services.sms_outbound_retry()


@task()
def purge_log() -> int:
    """Periodic: the log of messages in and out past its retention period (docs/PRIVACY.md)."""
    return services.sms_log_purge(older_than_days=settings.SEAT_SMS_LOG_DAYS)


@task()
def finish_held() -> int:
    """Periodic: a last answer held in case the rest of a long message followed, saved."""
    return services.sms_finish_held()
