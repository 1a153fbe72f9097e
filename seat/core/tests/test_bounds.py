"""Money and dates stay within sensible bounds in forms and services (a typo is not saved)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from seat.assessment.services import AssessmentError, action_from_gap, action_update
from seat.compensation.enums import CURRENCY_CODES
from seat.compensation.models import PaymentLine
from seat.compensation.services import PaymentError, payment_record
from seat.consultations.models import Consultation
from seat.consultations.services import LoopError
from seat.core.bounds import CURRENCY_EXPONENT, MONEY_CAP, date_problem, money_problem
from seat.core.formats import format_day
from seat.tests.personas import make_consultation

FAR_PAST = datetime.date(1, 1, 1)
FAR_FUTURE = datetime.date(9999, 12, 31)


def test_every_offered_currency_has_a_cap_and_an_exponent():
    assert set(MONEY_CAP) == set(CURRENCY_CODES) == set(CURRENCY_EXPONENT)
    # The amount columns hold ten digits, two after the point.
    assert max(MONEY_CAP.values()) < Decimal("100000000")


def test_the_date_window_is_one_year_back_and_two_years_ahead():
    today = timezone.localdate()
    assert date_problem(today - datetime.timedelta(days=365)) is None
    assert date_problem(today + datetime.timedelta(days=730)) is None
    assert "no more than a year ago" in date_problem(today - datetime.timedelta(days=366))
    # The day in words as Seat writes days everywhere ("December 1, 2025", not "Dec. 1, 2025").
    earliest = today - datetime.timedelta(days=365)
    assert format_day(earliest) in date_problem(today - datetime.timedelta(days=366))
    assert "no more than two years ahead" in date_problem(today + datetime.timedelta(days=731))


def test_amounts_respect_the_cap_and_the_currency_exponent():
    assert money_problem(Decimal("10000"), "USD") is None
    assert money_problem(Decimal("10000.01"), "USD") == (
        "The most Seat accepts here is 10,000 USD. Check the amount."
    )
    assert money_problem(Decimal("1500"), "XOF") is None
    assert money_problem(Decimal("1500.50"), "XOF") == (
        "XOF has no smaller unit: enter a whole number."
    )
    assert money_problem(Decimal("1.005"), "USD") == (
        "USD has at most 2 digits after the decimal point."
    )
    assert money_problem(Decimal("5"), "XXX") == "Choose a currency from the list."


def _payment(world, **overrides):
    fields = {
        "units": Decimal("2"),
        "unit": "hour",
        "rate": Decimal("25"),
        "expenses_travel": Decimal("0"),
        "currency": "USD",
        "due_on": timezone.localdate() + datetime.timedelta(days=30),
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rate": Decimal("0")}, "The total to pay must be more than zero."),
        ({"rate": Decimal("99999999.99")}, "The most Seat accepts here is 10,000 USD."),
        (
            {"units": Decimal("400"), "rate": Decimal("9000")},
            "more than Seat accepts for one payment (10,000 USD)",
        ),
        ({"due_on": FAR_PAST}, "no more than a year ago"),
        ({"due_on": FAR_FUTURE}, "no more than two years ahead"),
        ({"currency": "XOF", "rate": Decimal("1500.50")}, "XOF has no smaller unit"),
    ],
)
@pytest.mark.django_db
def test_the_payment_service_refuses_absurd_amounts_and_dates(world, overrides, message):
    with pytest.raises(PaymentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        payment_record(
            actor=world.staff_a, contribution=world.contribution, **_payment(world, **overrides)
        )
    # Nothing was recorded: the line her input made from the offer is as Seat made it.
    assert not PaymentLine.objects.filter(recorded_by__isnull=False).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rate": "0"}, "The total to pay must be more than zero."),
        ({"rate": "99999999.99"}, "The most Seat accepts here is 10,000 USD."),
        ({"due_on": "0001-01-01"}, "no more than a year ago"),
        ({"due_on": "9999-12-31"}, "no more than two years ahead"),
    ],
)
@pytest.mark.django_db
def test_the_payment_form_says_what_is_wrong(client, world, overrides, message):
    client.force_login(world.staff_a)
    data = {k: str(v) for k, v in _payment(world).items()}
    data.update(overrides)
    response = client.post(f"/payments/record/{world.consultation.pk}/{world.expert.pk}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    # Nothing was recorded: the line her input made from the offer is as Seat made it.
    assert not PaymentLine.objects.filter(recorded_by__isnull=False).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"opens_on": FAR_PAST}, "no more than a year ago"),
        ({"deadline": FAR_FUTURE}, "no more than two years ahead"),
        ({"pay_rate": Decimal("99999999.99")}, "The most Seat accepts here is 10,000 USD."),
    ],
)
@pytest.mark.django_db
def test_the_consultation_service_refuses_absurd_dates_and_pay(world, overrides, message):
    before = Consultation.objects.count()
    with pytest.raises(LoopError, match=message):
        make_consultation(world.staff_a, world.project, publish=False, **overrides)
    assert Consultation.objects.count() == before


@pytest.mark.django_db
def test_an_action_cannot_be_due_in_year_9999(client, world):
    from seat.assessment.models import Indicator
    from seat.assessment.services import round_open

    assessment_round = round_open(actor=world.staff_a, organisation=world.org_a, title="2026")
    action = action_from_gap(
        actor=world.staff_a,
        assessment_round=assessment_round,
        indicator=Indicator.objects.filter(domain__framework=assessment_round.framework).first(),
    )
    with pytest.raises(AssessmentError, match="no more than two years ahead"):
        action_update(
            actor=world.staff_a,
            action=action,
            title="x",
            owner=None,
            due_on=FAR_FUTURE,
            status="todo",
        )
    client.force_login(world.staff_a)
    response = client.post(
        f"/assessment/actions/{action.pk}/",
        {"title": "x", "owner": "", "due_on": "9999-12-31", "status": "todo"},
    )
    assert response.status_code == 200
    assert "no more than two years ahead" in response.content.decode()
    action.refresh_from_db()
    assert action.due_on != FAR_FUTURE
