"""The open gateway interface: how a provider's message reaches Seat, and how Seat answers.

Outgoing messages use the one outbound interface Seat has, ``notifications.sms.SmsBackend``
(``SEAT_SMS_BACKEND`` names it: ``console``, ``locmem``, ``twilio`` or a dotted path). An
incoming one arrives at the provider's webhook; an ``InboundGateway`` checks that the provider
really sent it and reads it into an ``InboundSms``. The simulator (``seat sms-simulate``) builds
an ``InboundSms`` itself and goes the same way from there (``services.sms_receive``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.http import HttpRequest


@dataclass(frozen=True)
class InboundSms:
    provider: str
    message_id: str
    sender: str
    body: str


class BadInbound(Exception):
    """The request is signed but does not hold a message Seat can read."""


class InboundGateway(Protocol):
    name: str

    def verify(self, request: HttpRequest) -> bool:
        """Whether the provider sent this request (its signature checks out)."""
        ...

    def parse(self, request: HttpRequest) -> InboundSms:
        """The message in a verified request; raises BadInbound."""
        ...

    def acknowledge(self) -> tuple[str, str]:
        """(body, content type) the provider expects back; replies go out through the API."""
        ...


def inbound_gateway(name: str) -> InboundGateway | None:
    """The gateway for a provider's name in the webhook's URL, or None."""
    from seat.sms.adapters.twilio import TwilioInbound

    gateways: dict[str, type[InboundGateway]] = {"twilio": TwilioInbound}
    gateway = gateways.get(name)
    return gateway() if gateway is not None else None
