"""``seat sms-simulate --from NUMBER TEXT``: play one incoming text message and print the replies.

It goes the way a provider's message goes after the webhook checked it (``sms_receive``), with
a loopback outbox in place of the provider, so nothing leaves the machine.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from seat.notifications import sms
from seat.sms.gateways import InboundSms
from seat.sms.phone import phone_normalise
from seat.sms.services import DUPLICATE, sms_receive_outcome

# Why a message got no reply, by what Seat did with it (``SmsInbound.outcome``).
NO_REPLY = {
    DUPLICATE: "this message id was handled before",
    "stopped": "messages to this number are stopped; only START gets a reply",
    "unknown_stop": "a stop word from a number Seat does not know gets no reply",
    "answer_held": "the last answer is held in case the rest of a long message follows",
    "answer_part": "taken as the next part of a long answer",
}


class Command(BaseCommand):
    help = "Play an incoming text message from NUMBER and print Seat's replies."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="sender", required=True, help="the sender's number")
        parser.add_argument("text", nargs="+", help="the message")
        parser.add_argument(
            "--id", dest="message_id", default="", help="the provider's message id (to replay one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not phone_normalise(options["sender"]):
            raise CommandError("--from needs a phone number, for example +8801700000001")
        message = InboundSms(
            provider="simulator",
            message_id=options["message_id"] or f"SIM{uuid.uuid4().hex}",
            sender=options["sender"],
            body=" ".join(options["text"]),
        )
        with override_settings(SEAT_SMS_BACKEND="locmem"):
            outcome, replies = sms_receive_outcome(message=message)
        if not replies:
            reason = NO_REPLY.get(outcome, f"nothing to say ({outcome})")
            self.stdout.write(f"(no reply: {reason})")
        for body in replies:
            self.stdout.write(f"→ {sms.masked(message.sender)}: {body}")
