"""Twilio: outgoing messages through its REST API, incoming ones at the webhook, each request
checked against its ``X-Twilio-Signature`` (base64 HMAC-SHA1, keyed by the auth token, of the
webhook's full URL followed by every POST parameter's name and value, sorted by name).

Settings: ``SEAT_TWILIO_ACCOUNT_SID``, ``SEAT_TWILIO_AUTH_TOKEN`` (or ``..._FILE``),
``SEAT_TWILIO_FROM`` (the number or messaging service it sends from), and ``SEAT_BASE_URL``,
which must be the address Twilio calls (the signature covers it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest

from seat.sms.gateways import BadInbound, InboundSms

API = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"

# (url, form fields, (user, password)) → (HTTP status, body). Tests replace it: no network.
Transport = Callable[[str, dict[str, str], tuple[str, str]], tuple[int, bytes]]


class SmsSendError(Exception):
    """The provider refused the message; the text says only the status and its error code."""


def urllib_transport(url: str, data: dict[str, str], auth: tuple[str, str]) -> tuple[int, bytes]:
    token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 (a fixed https address)
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Authorization": f"Basic {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()


transport: Transport = urllib_transport


class TwilioSmsBackend:
    """``SEAT_SMS_BACKEND=twilio``: an ``SmsBackend`` that sends through Twilio's API."""

    def send(self, *, to: str, body: str) -> None:
        sid = settings.SEAT_TWILIO_ACCOUNT_SID
        status, answer = transport(
            API.format(sid=sid),
            {"To": to, "From": settings.SEAT_TWILIO_FROM, "Body": body},
            (sid, settings.SEAT_TWILIO_AUTH_TOKEN),
        )
        if status >= 400:
            try:
                code = json.loads(answer).get("code", "")
            except ValueError:
                code = ""
            raise SmsSendError(f"twilio {status} {code}".strip())


def twilio_signature(*, url: str, params: list[tuple[str, str]], token: str) -> str:
    """What Twilio puts in ``X-Twilio-Signature`` for a POST of ``params`` to ``url``."""
    payload = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class TwilioInbound:
    name = "twilio"

    def verify(self, request: HttpRequest) -> bool:
        token = settings.SEAT_TWILIO_AUTH_TOKEN
        given = request.headers.get("X-Twilio-Signature", "")
        if not token or not given:
            return False
        url = settings.SEAT_BASE_URL.rstrip("/") + request.get_full_path()
        params = [(name, value) for name, values in request.POST.lists() for value in values]
        expected = twilio_signature(url=url, params=params, token=token)
        return hmac.compare_digest(expected, given)

    def parse(self, request: HttpRequest) -> InboundSms:
        message_id = request.POST.get("MessageSid", "")
        sender = request.POST.get("From", "")
        if not message_id or not sender or len(message_id) > 64:
            raise BadInbound
        return InboundSms(
            provider=self.name,
            message_id=message_id,
            sender=sender,
            body=request.POST.get("Body", ""),
        )

    def acknowledge(self) -> tuple[str, str]:
        return '<?xml version="1.0" encoding="UTF-8"?><Response></Response>', "text/xml"
