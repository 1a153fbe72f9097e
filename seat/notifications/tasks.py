"""Background tasks of notifications (django-tasks; see docs/ARCHITECTURE.md, "Background work")."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from seat.notifications import services


@task()
def deliver_notifications(notification_ids: list[str]) -> int:
    """Send the e-mails and text messages of freshly written notifications."""
    return services.deliveries_send(notification_ids=notification_ids)


@task()
def retry_deliveries() -> int:
    """Periodic: failed channels again (a few times) and deliveries whose task was lost."""
    return services.deliveries_retry()


@task()
def purge_notifications() -> int:
    """Periodic: inbox messages past their retention period (docs/PRIVACY.md)."""
    return services.notifications_purge(older_than_days=settings.SEAT_NOTIFICATION_DAYS)
