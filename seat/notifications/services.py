"""The one notification service every part of Seat uses, and the writes of the inbox.

    notify(event=Event.PAYMENT_PAID, recipients=[expert.user], key=f"payment.paid:{line.pk}",
           url=reverse("portal:contribution", args=[line.contribution_id]),
           context={"organisation": org.name, "title": title, "amount": str(line.amount),
                    "currency": line.currency})

- The inbox entry is written at once, in the caller's transaction: a rolled-back action leaves
  no message. So are the delivery rows for the channels the person chose (one per channel,
  unique), before anything is sent.
- Sending runs in a background task, enqueued when the transaction commits
  (``transaction.on_commit``): a rolled-back request sends nothing.
- A key reaches each person once: calling ``notify`` again with the same key changes nothing,
  sends nothing. Each delivery is claimed before it is sent, so it goes out at most once; a
  failing channel is recorded on its own row and does not stop the others or the request.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from seat.accounts.models import User
from seat.core.privacy.audit import audit_record
from seat.core.retries import MAX_ATTEMPTS, due_again, stranded_since
from seat.notifications import channels
from seat.notifications.contacts import contacts_read, contacts_write
from seat.notifications.enums import Channel, DeliveryStatus, Event
from seat.notifications.models import ContactChoice, Delivery, Notification

logger = logging.getLogger(__name__)


def _claimable() -> Q:
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) | Q(
        status=DeliveryStatus.SENDING, updated_at__lte=stranded_since()
    )


# Apps that carry a message's content themselves register here (in their AppConfig.ready):
# ``sms`` tells a person who takes part by text message what happened, since she has no
# link to follow. Each is called with the new notifications, inside ``notify``'s transaction,
# so a rolled-back action relays nothing; it must send only on commit. It returns the ids of
# the notifications it carried by SMS: their generic text message is not sent as well.
Relay = Callable[[list[Notification]], set[Any]]
_relays: list[Relay] = []


def notify_relay_register(relay: Relay) -> None:
    if relay not in _relays:
        _relays.append(relay)


def notify(
    *,
    event: str,
    recipients: Iterable[User | None],
    key: str,
    url: str = "",
    context: dict[str, Any] | None = None,
) -> list[Notification]:
    """Tell each recipient about ``event`` once per ``key``; returns the new notifications.

    ``url`` is a path inside Seat (the page the message is about); ``context`` holds the values
    its inbox text names (see ``texts.INBOX_TEXTS``): strings and numbers only, nothing the
    recipient may not see. Inactive accounts and ``None`` are skipped.
    """
    event = Event(event)  # an unknown event is a programming error: add it to enums.Event
    context = dict(context or {})
    json.dumps(context)  # fails now, not in the worker
    if len(key) > 200 or not key:
        raise ValueError("a notification key is 1 to 200 characters")
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return []
    created: list[Notification] = []
    with transaction.atomic():
        chosen = {
            choice.user_id: choice.channels
            for choice in ContactChoice.objects.filter(user_id__in=list(users))
        }
        for user in users.values():
            notification, is_new = Notification.objects.get_or_create(
                recipient=user, key=key, defaults={"event": event, "url": url, "context": context}
            )
            if not is_new:
                continue
            created.append(notification)
        relayed_by_sms: set[Any] = set()
        for relay in _relays if created else []:
            relayed_by_sms |= relay(created)
        channels_of = {
            n.pk: [
                channel
                for channel in chosen.get(n.recipient_id, [])
                if not (channel == Channel.SMS and n.pk in relayed_by_sms)
            ]
            for n in created
        }
        Delivery.objects.bulk_create(
            Delivery(notification=n, channel=channel)
            for n in created
            for channel in channels_of[n.pk]
        )
        to_send = [str(n.pk) for n in created if channels_of[n.pk]]
        if to_send:
            transaction.on_commit(lambda: _enqueue(to_send))
    return created


def _enqueue(notification_ids: list[str]) -> None:
    from seat.notifications.tasks import deliver_notifications

    try:
        deliver_notifications.enqueue(notification_ids)
    except Exception:
        # The request that caused the message has succeeded; the periodic sweep sends it later.
        logger.exception("could not enqueue notifications %s", ",".join(notification_ids))


def deliveries_send(*, notification_ids: Iterable[str]) -> int:
    """Send the waiting deliveries of these notifications; returns how many went out."""
    waiting = Delivery.objects.filter(
        notification_id__in=list(notification_ids), status=DeliveryStatus.PENDING
    ).select_related("notification__recipient")
    return sum(delivery_attempt(delivery=delivery) for delivery in waiting)


def deliveries_retry() -> int:
    """Periodic: try again failed deliveries (a few times, each wait longer: seat.core.retries)
    and ones whose task was lost; returns how many went out."""
    due = Delivery.objects.filter(
        Q(due_again(now=timezone.now()), status=DeliveryStatus.FAILED)
        | Q(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
            updated_at__lte=stranded_since(),
        )
    ).select_related("notification__recipient")
    return sum(delivery_attempt(delivery=delivery) for delivery in due[:500])


def delivery_attempt(*, delivery: Delivery) -> bool:
    """Claim one delivery, send it, record how it went. False if someone else has it, it was
    sent already, or the channel failed (recorded on the row, never raised)."""
    claimed = Delivery.objects.filter(
        _claimable(), pk=delivery.pk, attempts__lt=MAX_ATTEMPTS
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return False
    user = delivery.notification.recipient
    error = ""
    try:
        contacts = contacts_read(user=user, purpose="notification")
        address = contacts.email if delivery.channel == Channel.EMAIL else contacts.phone
        channels.send(
            channel=delivery.channel, user=user, address=address, reference=str(delivery.pk)
        )
    except channels.NoAddress:
        error = "no_address"
    except Exception as exc:  # any failure of a channel is recorded, never passed on
        error = type(exc).__name__[:100] or "error"
    if error:
        # Ids and the kind of failure only: never the address or the message.
        logger.warning("delivery %s by %s failed: %s", delivery.pk, delivery.channel, error)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            error=error,
            # Without an address, trying again cannot help.
            **({"attempts": MAX_ATTEMPTS} if error == "no_address" else {}),
            updated_at=timezone.now(),
        )
        return False
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, error="", sent_at=timezone.now(), updated_at=timezone.now()
    )
    return True


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def contact_choice_update(
    *, user: User, by_email: bool, by_sms: bool, email: str, phone: str
) -> ContactChoice:
    """The person's own choice of channels and the addresses for them (an expert's addresses are
    her private details). Applies to messages from now on."""
    contacts_write(user=user, email=email, phone=phone)
    choice, _created = ContactChoice.objects.get_or_create(user=user)
    choice.by_email, choice.by_sms = by_email, by_sms
    choice.save(update_fields=["by_email", "by_sms", "updated_at"])
    audit_record(
        actor=user, verb="notifications.choose", target=choice, channels=sorted(choice.channels)
    )
    return choice


def notifications_purge(*, older_than_days: int) -> int:
    """Delete notifications (and their deliveries) older than the retention period."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    deleted, _by_model = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
