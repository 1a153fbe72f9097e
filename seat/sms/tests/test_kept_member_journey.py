"""Done when: a member whose profile her collective keeps (no login, a basic phone) is enrolled
by the collective's facilitator, and then takes part by text message in Bengali, from the
invitation the collective forwards her to the host's answer and her pay."""

from __future__ import annotations

import re

from django.utils import translation

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.compensation import services as pay
from seat.compensation.models import PaymentLine
from seat.consultations.enums import Attribution, ContributionChannel, InvitationStatus
from seat.consultations.models import Contribution
from seat.core.formats import format_day, format_money
from seat.partners.members import member_get_for_user
from seat.partners.services import invitation_forward
from seat.people.enums import ConsentChannel, ConsentPurpose
from seat.people.models import ConsentRecord
from seat.sms import texts
from seat.sms.services import sms_contact_confirm, sms_contact_request
from seat.sms.tests.conftest import sent_to
from seat.sms.tests.test_journey import bn

HER_PHONE = "+880 1811 222 333"
HER_NUMBER = "+8801811222333"


def test_a_member_the_collective_keeps_takes_part_by_sms_in_bengali_from_invitation_to_pay(
    world, partners, text, django_capture_on_commit_callbacks
):
    mina, facilitator = partners.device_less, partners.facilitator

    # The facilitator gives her number; she reads the code on her phone back to him.
    with django_capture_on_commit_callbacks(execute=True):
        assert sms_contact_request(actor=facilitator, expert=mina, phone=HER_PHONE, language="bn")
    (message,) = sent_to(HER_NUMBER)
    code = re.search(r"\b(\d{6})\b", message).group(1)  # type: ignore[union-attr]
    with django_capture_on_commit_callbacks(execute=True):
        sms_contact_confirm(actor=facilitator, expert=mina, code=code)
    mina.refresh_from_db()
    assert mina.user is not None and mina.sms_only
    assert member_get_for_user(user=facilitator, expert_id=mina.pk).kept_by_organisation

    # The collective forwards the host's request to her: the invitation arrives in Bengali.
    consultation = world.consultation
    with django_capture_on_commit_callbacks(execute=True):
        (invitation,) = invitation_forward(
            actor=facilitator, request=partners.request, experts=[mina]
        )
    invited = sent_to(HER_NUMBER)[-1]
    ref = re.search(r"\(([A-Z0-9]{4})\)", invited).group(1)  # type: ignore[union-attr]
    with translation.override("bn"):
        assert invited == texts.invitation(
            ref=ref,
            deadline=format_day(consultation.deadline),
            amount=format_money(consultation.expected_pay, consultation.currency)  # type: ignore[arg-type]
            if consultation.expected_pay
            else "",
        )

    # She says yes: her consent to take part is recorded as given by text message.
    assert text(f"হ্যাঁ {ref}", sender=HER_PHONE) == [bn(texts.consent_ask, ref=ref)]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    consent = ConsentRecord.objects.get(expert=mina, purpose=ConsentPurpose.PARTICIPATE)
    assert (consent.given, consent.channel) == (True, ConsentChannel.SMS)

    # Quoting without a name, then her answers, in Bengali.
    first, second = [q.text for q in consultation.questions.all()]
    assert text("১", sender=HER_PHONE) == [
        bn(texts.question, ref=ref, number=1, total=2, text=f"[bn] {first}")
    ]
    assert text("কাজের মিথ্যা প্রতিশ্রুতি", sender=HER_PHONE) == [
        bn(texts.question, ref=ref, number=2, total=2, text=f"[bn] {second}")
    ]
    assert text("আমাদের দল", sender=HER_PHONE) == [bn(texts.saved, ref=ref)]
    contribution = Contribution.objects.get(invitation=invitation)
    assert (contribution.expert, contribution.channel, contribution.attribution) == (
        mina,
        ContributionChannel.SMS,
        Attribution.ANONYMOUS,
    )
    assert sorted(a.text for a in contribution.answers.all()) == sorted(
        ["কাজের মিথ্যা প্রতিশ্রুতি", "আমাদের দল"]
    )

    # The host answers her input: she hears the outcome, and reads the reason when she asks.
    reason = "আমরা প্রশিক্ষণে একটি অংশ যোগ করছি।"
    with django_capture_on_commit_callbacks(execute=True):
        response_record(
            actor=world.staff_a, contribution=contribution, outcome=Outcome.ADOPTED, reason=reason
        )
    with translation.override("bn"):
        outcome = str(Outcome.ADOPTED.label)
    assert sent_to(HER_NUMBER)[-1] == bn(texts.response, ref=ref, outcome=outcome)
    assert text(f"WHY {ref}", sender=HER_PHONE) == [bn(texts.reason, ref=ref, text=reason)]

    # She is paid: she hears of it, by the same code.
    line = PaymentLine.objects.get(contribution=contribution)
    line = pay.payment_approve(actor=world.admin_a, payment=line)
    with django_capture_on_commit_callbacks(execute=True):
        pay.payment_pay(
            actor=world.finance_a, payment=line, method="mobile_money", reference="MM-2"
        )
    with translation.override("bn"):
        amount = format_money(line.amount, line.currency)
    assert sent_to(HER_NUMBER)[-1] == bn(texts.paid, ref=ref, amount=amount)

    # Nothing she received names her, the collective, the host or the consultation.
    for body in sent_to(HER_NUMBER):
        for secret in (consultation.title, "Organisation A", "Collective C", "Mina"):
            assert secret not in body
    # And the collective still keeps her profile.
    assert member_get_for_user(user=facilitator, expert_id=mina.pk).kept_by_organisation
