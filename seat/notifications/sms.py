"""Text messages: one small interface, and the backends Seat ships.

A provider (an SMS gateway's HTTP API) is another class with the same ``send``;
``SEAT_SMS_BACKEND`` names it (``twilio``: ``seat.sms.adapters.twilio``, which also reads
incoming messages; ``seat.sms.gateways`` says how). Backends raise on failure; the caller records it.
"""

from __future__ import annotations

import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

# Messages "sent" by the locmem backend, for tests (like django.core.mail.outbox).
outbox: list[tuple[str, str]] = []


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> None: ...


def masked(number: str) -> str:
    """A phone number with all but its last two digits hidden, for anything printed."""
    digits = [c for c in number if c.isdigit()]
    return "…" + "".join(digits[-2:])


class ConsoleSmsBackend:
    """Development and demo: writes the message to standard output, the number masked."""

    def send(self, *, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {masked(to)}: {body}\n")
        sys.stdout.flush()


class LocmemSmsBackend:
    """Tests: keeps messages in ``seat.notifications.sms.outbox``."""

    def send(self, *, to: str, body: str) -> None:
        outbox.append((to, body))


ALIASES = {
    "console": "seat.notifications.sms.ConsoleSmsBackend",
    "locmem": "seat.notifications.sms.LocmemSmsBackend",
    "twilio": "seat.sms.adapters.twilio.TwilioSmsBackend",
}


def sms_backend() -> SmsBackend:
    name = settings.SEAT_SMS_BACKEND
    backend: SmsBackend = import_string(ALIASES.get(name, name))()
    return backend
