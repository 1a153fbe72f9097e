"""Survivor advisors are paid for answering the self-assessment (issue 11: "answering the
self-assessment as a survivor advisor creates a payment line"), by the advisor rate card, and
told beforehand what they will be paid."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seat.assessment import services
from seat.assessment.models import AdvisorPayment, Indicator
from seat.compensation.models import PaymentLine
from seat.compensation.rates import rate_card_create
from seat.tests.personas import make_advisor, make_expert


def card(world, unit: str, rate: str, currency: str = "BDT"):
    return rate_card_create(
        actor=world.admin_a,
        organisation=world.org_a,
        role="advisor",
        unit=unit,
        currency=currency,
        survivor_rate=Decimal(rate),
        peer_rate=Decimal(rate),
    )


def a_round_answered(world):
    """A round that staff, world.expert (an advisor) and a second advisor answered, and one
    advisor who did not answer."""
    make_advisor(world.expert.user, world.org_a)
    answered = make_expert("advisor-2", "Mitu")
    silent = make_expert("advisor-3", "Joya")
    make_advisor(answered.user, world.org_a)
    make_advisor(silent.user, world.org_a)
    assessment_round = services.round_open(
        actor=world.staff_a, organisation=world.org_a, title="Spring"
    )
    key = Indicator.objects.filter(domain__framework=assessment_round.framework).first().key
    for user in (world.staff_a, world.expert.user, answered.user):
        services.ratings_save(actor=user, assessment_round=assessment_round, answers={key: (2, "")})
    return assessment_round, answered, silent


@pytest.mark.django_db
def test_completing_a_round_pays_each_advisor_who_answered_the_flat_fee(world):
    card(world, "day", "2500")
    card(world, "flat", "1500")
    assessment_round, answered, silent = a_round_answered(world)
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    lines = PaymentLine.objects.filter(work="assessment")
    assert {line.expert for line in lines} == {world.expert, answered}
    for line in lines:
        assert (line.amount, line.currency, line.unit, line.status) == (
            Decimal("1500.00"),
            "BDT",
            "flat",
            "owed",
        )
        assert line.description == "Spring" and line.organisation == world.org_a
    assert AdvisorPayment.objects.filter(round=assessment_round).count() == 2


@pytest.mark.django_db
def test_a_day_card_pays_one_day_and_no_card_pays_nothing(world):
    assessment_round, _answered, _silent = a_round_answered(world)
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    assert not PaymentLine.objects.filter(work="assessment").exists()

    card(world, "hour", "300")  # hours are not known, so an hourly card is not used
    card(world, "day", "2500")
    second = services.round_open(actor=world.staff_a, organisation=world.org_a, title="Autumn")
    key = Indicator.objects.filter(domain__framework=second.framework).first().key
    services.ratings_save(actor=world.expert.user, assessment_round=second, answers={key: (3, "")})
    services.round_close(actor=world.staff_a, assessment_round=second)
    (line,) = PaymentLine.objects.filter(work="assessment")
    assert (line.units, line.unit, line.amount) == (Decimal(1), "day", Decimal("2500.00"))


@pytest.mark.django_db
def test_her_request_and_the_round_page_say_the_pay_from_the_card(client, world):
    asked = services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    client.force_login(world.expert.user)
    page = client.get(f"/me/advise/{asked.pk}/").content.decode()
    assert "Organisation A has not set what it pays survivor advisors." in page
    card(world, "flat", "1500")
    page = client.get(f"/me/advise/{asked.pk}/").content.decode()
    assert (
        "For each round you answer, Organisation A pays you 1,500.00 Bangladeshi takas, due "
        "14 days after the round is completed."
    ) in page
    assessment_round = services.round_open(
        actor=world.staff_a, organisation=world.org_a, title="Spring"
    )
    client.force_login(world.staff_a)
    page = client.get(f"/assessment/rounds/{assessment_round.pk}/").content.decode()
    assert "records a payment of 1,500.00 Bangladeshi takas for each survivor advisor" in page


@pytest.mark.django_db
def test_completing_says_how_many_were_paid(client, world):
    from seat.tests.personas import verify_second_factor

    card(world, "flat", "1500")
    assessment_round, _answered, _silent = a_round_answered(world)
    verify_second_factor(client, world.admin_a)
    response = client.post(f"/assessment/rounds/{assessment_round.pk}/close/", follow=True)
    assert (
        "A payment is recorded for each of the 2 survivor advisors who answered."
        in response.content.decode()
    )
