"""Sending one notification through one outside channel, in the recipient's language."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from seat.accounts.models import User
from seat.notifications import texts
from seat.notifications.enums import Channel
from seat.notifications.sms import sms_backend


class NoAddress(Exception):
    """The person chose a channel but has no address for it (any more)."""


def absolute(path: str) -> str:
    return settings.SEAT_BASE_URL.rstrip("/") + path


def recipient_language(user: User) -> str:
    """The language the recipient chose for Seat, whoever caused the message."""
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def message_id(reference: str) -> str:
    """The e-mail's Message-ID, the same each time one delivery is sent: a copy sent again after
    a worker stopped mid-send is known for the same message by mail servers and readers."""
    domain = urlsplit(settings.SEAT_BASE_URL).hostname or "seat.invalid"
    return f"<{reference}@{domain}>"


def send(*, channel: str, user: User, address: str, reference: str) -> None:
    """Send the generic message for ``channel``; raises if the channel fails. ``reference``
    names the delivery (opaque), the same on every try."""
    if not address:
        raise NoAddress
    with translation.override(recipient_language(user)):
        inbox_url = absolute(reverse("notifications:inbox"))
        if channel == Channel.EMAIL:
            context = {
                "inbox_url": inbox_url,
                "choices_url": absolute(reverse("notifications:choices")),
            }
            message = EmailMultiAlternatives(
                subject=texts.outside_subject(),
                body=render_to_string("notifications/email/message.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                headers={"Message-ID": message_id(reference)},
            )
            message.attach_alternative(
                render_to_string("notifications/email/message.html", context), "text/html"
            )
            message.send()
        elif channel == Channel.SMS:
            sms_backend().send(to=address, body=texts.sms_text(inbox_url=inbox_url))
        else:
            raise ValueError(f"unknown channel {channel!r}")
