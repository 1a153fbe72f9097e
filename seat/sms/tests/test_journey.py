"""Done when: a survivor goes from an invitation to reading her outcome and hearing of her pay
using only text messages, in Bengali."""

from __future__ import annotations

import re

from django.utils import translation

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.compensation import services as pay
from seat.compensation.models import PaymentLine
from seat.consultations import services as loop
from seat.consultations.enums import Attribution, ContributionChannel, InvitationStatus
from seat.consultations.models import Contribution
from seat.core.formats import format_money
from seat.people.enums import ConsentChannel, ConsentPurpose
from seat.people.models import ConsentRecord
from seat.sms import texts
from seat.sms.tests.conftest import sent_to
from seat.tests.personas import make_consultation

TITLE = "Support after leaving trafficking"


def bn(function, **kwargs):  # type: ignore[no-untyped-def]
    with translation.override("bn"):
        return function(**kwargs)


def test_a_survivor_takes_part_from_invitation_to_outcome_and_pay_by_sms_in_bengali(
    world, contact, text, django_capture_on_commit_callbacks
):
    consultation = make_consultation(world.staff_a, world.project, title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        (invitation,) = loop.invitations_send(
            actor=world.staff_a, consultation=consultation, experts=[world.expert]
        )

    # The invitation arrives in Bengali, with a short code and nothing that names anything.
    (invited,) = sent_to()
    ref = re.search(r"\(([A-Z0-9]{4})\)", invited).group(1)  # type: ignore[union-attr]
    assert any(c.isdigit() for c in ref)  # never a word she might write in an answer
    with translation.override("bn"):
        from seat.core.formats import format_day

        assert invited == texts.invitation(
            ref=ref,
            deadline=format_day(consultation.deadline),
            amount=format_money(consultation.expected_pay, "USD"),  # type: ignore[arg-type]
        )
    assert invited.startswith("Seat: আপনাকে মতামত দিতে আমন্ত্রণ")

    # She says yes: her consent to take part is recorded as given by text message.
    assert text(f"yes {ref}") == [bn(texts.consent_ask, ref=ref)]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    consent = ConsentRecord.objects.filter(
        expert=world.expert, purpose=ConsentPurpose.PARTICIPATE
    ).first()
    assert (consent.given, consent.channel) == (True, ConsentChannel.SMS)  # type: ignore[union-attr]

    # Quoting without a name: yes (a Bengali digit one). Then the questions, in Bengali.
    first, second = [q.text for q in consultation.questions.all()]
    assert text("১") == [bn(texts.question, ref=ref, number=1, total=2, text=f"[bn] {first}")]
    assert text("দালালের মিথ্যা প্রতিশ্রুতি") == [
        bn(texts.question, ref=ref, number=2, total=2, text=f"[bn] {second}")
    ]
    assert text("গ্রামের সারভাইভাররা", message_id="SM-last") == [bn(texts.saved, ref=ref)]

    contribution = Contribution.objects.get(invitation=invitation)
    assert (contribution.channel, contribution.attribution) == (
        ContributionChannel.SMS,
        Attribution.ANONYMOUS,
    )
    assert sorted(a.text for a in contribution.answers.all()) == sorted(
        ["দালালের মিথ্যা প্রতিশ্রুতি", "গ্রামের সারভাইভাররা"]
    )
    # The provider delivers her last message again, and she sends YES again: still one.
    assert text("গ্রামের সারভাইভাররা", message_id="SM-last") == []
    assert text("YES") == [bn(texts.already_saved, ref=ref)]
    assert Contribution.objects.filter(invitation=invitation).count() == 1

    # Staff answer her input: she hears the outcome, and reads the reason when she asks.
    reason = "আগামী প্রশিক্ষণে আমরা দালালের প্রতিশ্রুতি নিয়ে একটি অংশ যোগ করছি।"
    with django_capture_on_commit_callbacks(execute=True):
        response_record(
            actor=world.staff_a, contribution=contribution, outcome=Outcome.ADOPTED, reason=reason
        )
    with translation.override("bn"):
        outcome = str(Outcome.ADOPTED.label)
    assert sent_to()[-1] == bn(texts.response, ref=ref, outcome=outcome)
    assert text(f"WHY {ref}") == [bn(texts.reason, ref=ref, text=reason)]

    # She is paid: she hears of it, by the same code.
    line = PaymentLine.objects.get(contribution=contribution)
    line = pay.payment_approve(actor=world.admin_a, payment=line)
    with django_capture_on_commit_callbacks(execute=True):
        pay.payment_pay(
            actor=world.finance_a, payment=line, method="mobile_money", reference="MM-1"
        )
    with translation.override("bn"):
        amount = format_money(line.amount, line.currency)
    assert sent_to()[-1] == bn(texts.paid, ref=ref, amount=amount)

    # Nothing she received names her, the organisation or what the consultation is about.
    for body in sent_to():
        for secret in (TITLE, "Organisation A", "Tara", "Tahmina", "trafficking"):
            assert secret not in body
