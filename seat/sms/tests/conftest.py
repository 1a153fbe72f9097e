"""A survivor who takes part by text message, in Bengali, and a way to send as her."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import pytest

from seat.consultations import services as loop
from seat.consultations.models import Invitation
from seat.notifications import sms
from seat.sms.gateways import InboundSms
from seat.sms.models import SmsContact
from seat.sms.services import sms_contact_enrol, sms_receive
from seat.tests.personas import World, make_consultation

PHONE = "+880 1711 999 111"
NUMBER = "+8801711999111"

_ids = itertools.count(1)

Texter = Callable[..., list[str]]


@pytest.fixture
def contact(world: World) -> SmsContact:
    return sms_contact_enrol(
        actor=world.expert.user,  # type: ignore[arg-type]
        expert=world.expert,
        phone=PHONE,
        language="bn",
    )


@pytest.fixture
def text(django_capture_on_commit_callbacks) -> Texter:  # type: ignore[no-untyped-def]
    """Send ``body`` from ``sender`` (her number unless told) as the provider would; returns the
    replies. ``message_id`` repeats a message the provider delivers again."""

    def send(body: str, *, sender: str = PHONE, message_id: str = "") -> list[str]:
        message = InboundSms(
            provider="test",
            message_id=message_id or f"SM{next(_ids)}",
            sender=sender,
            body=body,
        )
        with django_capture_on_commit_callbacks(execute=True):
            return sms_receive(message=message)

    return send


def sent_to(number: str = NUMBER) -> list[str]:
    return [body for to, body in sms.outbox if to == number]


@pytest.fixture
def invited(world, contact, django_capture_on_commit_callbacks) -> tuple[Invitation, str]:
    consultation = make_consultation(world.staff_a, world.project, title="Second round")
    with django_capture_on_commit_callbacks(execute=True):
        (invitation,) = loop.invitations_send(
            actor=world.staff_a, consultation=consultation, experts=[world.expert]
        )
    ref = re.search(r"\(([A-Z0-9]{4})\)", sent_to()[-1]).group(1)  # type: ignore[union-attr]
    return invitation, ref
