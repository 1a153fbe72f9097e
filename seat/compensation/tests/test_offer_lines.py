"""Every paid contribution creates its payment line as it is saved (issue 11: "every
participation creates a payment line"), from the consultation's offer; whoever records the payment
then confirms or changes its amounts once."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from seat.compensation.enums import PaymentStep
from seat.compensation.models import PaymentEvent, PaymentLine
from seat.compensation.selectors import payment_due_by
from seat.compensation.services import payment_approve, payment_record
from seat.consultations import services as loop
from seat.consultations.selectors import people_to_pay
from seat.tests.personas import make_consultation, make_expert, make_invitation


@pytest.mark.django_db
def test_her_input_to_a_paid_consultation_is_owed_the_offer_at_once(world):
    line = PaymentLine.objects.get(contribution=world.contribution)
    # make_consultation: 2 hours at 25.00 USD, so 50.00 owed, due when the invitation promised.
    assert (line.units, line.rate, line.currency, line.amount) == (
        Decimal("2.0"),
        Decimal("25.00"),
        "USD",
        Decimal("50.00"),
    )
    assert line.status == "owed" and line.expenses == 0
    assert line.due_on == payment_due_by(contribution=world.contribution)
    assert line.recorded_by is None
    (event,) = line.events.all()
    assert event.step == PaymentStep.RECORDED and event.actor is None


@pytest.mark.django_db
def test_the_same_form_sent_twice_owes_once(world):
    question = world.consultation.questions.first()
    expert = make_expert("second", "Mita")
    invitation = make_invitation(world.staff_a, world.consultation, expert, accept=True)
    key = uuid.uuid4()
    for _ in range(2):
        loop.contribution_submit(
            actor=expert.user,
            invitation=invitation,
            answers={str(question.pk): "Start with the fees."},
            attribution="pseudonym",
            idempotency_key=key,
        )
    assert PaymentLine.objects.filter(expert=expert).count() == 1


@pytest.mark.django_db
def test_unpaid_consultations_owe_nothing(world):
    unpaid = make_consultation(
        world.staff_a, world.project, override_by=world.admin_a, title="Unpaid", pay_rate=None
    )
    expert = make_expert("third", "Joya")
    invitation = make_invitation(world.staff_a, unpaid, expert, accept=True)
    question = unpaid.questions.first()
    contribution = loop.contribution_submit(
        actor=expert.user,
        invitation=invitation,
        answers={str(question.pk): "Start with the fees."},
        attribution="pseudonym",
        idempotency_key=uuid.uuid4(),
    )
    assert not PaymentLine.objects.filter(contribution=contribution).exists()


@pytest.mark.django_db
def test_the_first_record_sets_the_amounts_and_a_second_changes_nothing(world):
    line = payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal("2"),
        unit="hour",
        rate=Decimal("25.00"),
        currency="USD",
        expenses_travel=Decimal("4.50"),
    )
    assert line.amount == Decimal("54.50") and line.recorded_by == world.staff_a
    steps = list(line.events.order_by("created_at", "id").values_list("step", "actor"))
    assert steps == [(PaymentStep.RECORDED, None), (PaymentStep.EDITED, world.staff_a.pk)]
    again = payment_record(
        actor=world.finance_a,
        contribution=world.contribution,
        units=Decimal("9"),
        unit="hour",
        rate=Decimal("25.00"),
        currency="USD",
    )
    again.refresh_from_db()
    assert again.pk == line.pk and again.amount == Decimal("54.50")
    assert again.recorded_by == world.staff_a
    assert PaymentEvent.objects.filter(payment=line).count() == 2


@pytest.mark.django_db
def test_an_approved_line_is_not_changed_by_recording(world):
    line = PaymentLine.objects.get(contribution=world.contribution)
    payment_approve(actor=world.finance_a, payment=line)
    payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal("9"),
        unit="hour",
        rate=Decimal("25.00"),
        currency="USD",
    )
    line.refresh_from_db()
    assert line.amount == Decimal("50.00") and line.status == "approved"


@pytest.mark.django_db
def test_staff_confirm_the_offer_line_from_the_consultation_page(client, world):
    (person,) = people_to_pay(consultation=world.consultation)
    assert person.contribution_to_pay == world.contribution and len(person.payments) == 1
    client.force_login(world.staff_a)
    url = reverse("compensation:payment-record", args=[world.consultation.pk, world.expert.pk])
    page = client.get(reverse("consultations:consultation-detail", args=[world.consultation.pk]))
    assert url in page.content.decode()
    assert "Confirm the amounts<span" in page.content.decode()
    response = client.post(
        url,
        {
            "units": "2",
            "unit": "hour",
            "rate": "25.00",
            "currency": "USD",
            "expenses_travel": "3.00",
            "expenses_data": "",
            "expenses_childcare": "",
            "expenses_other": "",
            "due_on": payment_due_by(contribution=world.contribution).isoformat(),
        },
    )
    assert response.status_code == 302
    line = PaymentLine.objects.get(contribution=world.contribution)
    assert line.amount == Decimal("53.00") and line.recorded_by == world.staff_a
    (person,) = people_to_pay(consultation=world.consultation)
    assert person.contribution_to_pay is None
    # Once confirmed, the record page has nothing left to record.
    assert client.get(url).status_code == 404
