"""Copies of her message arriving at the same moment, on the real database (row locks and
unique constraints do the work)."""

from __future__ import annotations

import re
import threading

import pytest
from django.conf import settings
from django.db import connection

from seat.consultations import services as loop
from seat.consultations.enums import InvitationStatus
from seat.people.enums import ConsentPurpose
from seat.people.models import ConsentRecord
from seat.sms.gateways import InboundSms
from seat.sms.models import SmsInbound
from seat.sms.services import sms_contact_enrol, sms_receive
from seat.sms.tests.conftest import PHONE, sent_to
from seat.tests.personas import make_consultation

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="row locks are tested on PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_copies_of_her_yes_arriving_at_once_accept_once(world):
    sms_contact_enrol(actor=world.expert.user, expert=world.expert, phone=PHONE, language="bn")
    consultation = make_consultation(world.staff_a, world.project, title="At once")
    (invitation,) = loop.invitations_send(
        actor=world.staff_a, consultation=consultation, experts=[world.expert]
    )
    ref = re.search(r"\(([A-Z0-9]{4})\)", sent_to()[-1]).group(1)  # type: ignore[union-attr]
    consents = ConsentRecord.objects.filter(purpose=ConsentPurpose.PARTICIPATE).count()
    ids = ["SM-same", "SM-same", "SM-a", "SM-b"]
    barrier = threading.Barrier(len(ids))
    replies: list[list[str]] = []
    errors: list[BaseException] = []

    def deliver(message_id: str) -> None:
        try:
            barrier.wait()
            replies.append(
                sms_receive(
                    message=InboundSms(
                        provider="test", message_id=message_id, sender=PHONE, body=f"YES {ref}"
                    )
                )
            )
        except BaseException as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(len(r) for r in replies) == [0, 1, 2, 2]  # a copy; her yes; two repeats
    assert sorted(SmsInbound.objects.values_list("outcome", flat=True)) == [
        "accepted",
        "repeat",
        "repeat",
    ]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert ConsentRecord.objects.filter(purpose=ConsentPurpose.PARTICIPATE).count() == consents + 1
