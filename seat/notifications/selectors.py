"""Reads of the inbox: always the signed-in person's own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from seat.notifications.contacts import Contacts, contacts_read
from seat.notifications.models import ContactChoice, Notification


def inbox_for_user(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    """One query, for the menu on every page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user: Any, notification_id: Any) -> Notification:
    """The person's own notification; anybody else's is not found (404), never forbidden."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise Http404
    return notification


def contact_choice_for_user(*, user: Any) -> tuple[ContactChoice, Contacts]:
    """The person's channels and addresses, for her own settings page (reading an expert's
    addresses is an audited read of her private details)."""
    choice = ContactChoice.objects.filter(user=user).first() or ContactChoice(user=user)
    return choice, contacts_read(user=user, purpose="")


def keys_notified(*, keys: list[str]) -> set[str]:
    """Which of these event keys have already been sent to someone (for periodic jobs that
    should not even try again)."""
    return set(Notification.objects.filter(key__in=keys).values_list("key", flat=True).distinct())
