from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from seat.compensation.models import PaymentLine
from seat.compensation.selectors import totals_by_currency
from seat.compensation.services import (
    PaymentError,
    payment_approve,
    payment_pay,
    payment_record,
)


def assert_offer_line_untouched(world) -> None:
    """Nothing was saved: the line her input made from the offer is as it was made."""
    line = PaymentLine.objects.get(contribution=world.contribution)
    assert (line.amount, line.recorded_by, line.events.count()) == (Decimal("50.00"), None, 1)


def record(world, **overrides):
    fields = {
        "units": Decimal("2.5"),
        "unit": "hour",
        "rate": Decimal("33.33"),
        "expenses_travel": Decimal("4.10"),
        "currency": "USD",
        "due_on": world.consultation.deadline,
    }
    fields.update(overrides)
    return payment_record(actor=world.staff_a, contribution=world.contribution, **fields)


@pytest.mark.django_db
def test_amount_is_exact_decimal_units_times_rate_plus_expenses(world):
    line = record(world)
    line.refresh_from_db()
    assert line.amount == Decimal(
        "87.43"
    )  # 2.5 × 33.33 = 83.325 → 83.33 after adding 4.10, half up
    assert isinstance(line.amount, Decimal)


@pytest.mark.django_db
def test_one_payment_line_per_contribution(world):
    first = record(world)
    second = record(world, rate=Decimal("99"))
    assert first == second
    assert PaymentLine.objects.filter(contribution=world.contribution).count() == 1


@pytest.mark.django_db
def test_unknown_currency_is_refused(world):
    with pytest.raises(PaymentError):
        record(world, currency="ABC")
    assert_offer_line_untouched(world)


@pytest.mark.django_db
def test_payment_moves_owed_approved_paid_and_no_further(world):
    line = record(world)
    line = payment_approve(actor=world.admin_a, payment=line)
    assert line.status == "approved" and line.paid_on is None
    line = payment_pay(actor=world.finance_a, payment=line, method="bank", reference="T-1")
    assert line.status == "paid" and line.paid_on is not None
    with pytest.raises(PaymentError):
        payment_approve(actor=world.admin_a, payment=line)
    with pytest.raises(PaymentError):
        payment_pay(actor=world.admin_a, payment=line, method="bank", reference="T-1")


@pytest.mark.django_db
def test_approving_twice_never_marks_as_paid(client, world):
    """Two people, or one double click, on "Approve" must not skip to paid."""
    line = record(world)
    client.force_login(world.finance_a)
    first = client.post(f"/payments/{line.pk}/advance/", {"from": "owed"})
    second = client.post(f"/payments/{line.pk}/advance/", {"from": "owed"}, follow=True)
    line.refresh_from_db()
    assert first.status_code == 302
    assert line.status == "approved" and line.paid_on is None
    assert "already moved on" in second.content.decode()


def test_totals_never_mix_currencies():
    lines = [
        PaymentLine(
            units=Decimal(1),
            rate=Decimal("10.00"),
            expenses_travel=Decimal(0),
            currency="USD",
            status="owed",
        ),
        PaymentLine(
            units=Decimal(2),
            rate=Decimal("600.00"),
            expenses_travel=Decimal(150),
            currency="BDT",
            status="owed",
        ),
        PaymentLine(
            units=Decimal(1),
            rate=Decimal("5.00"),
            expenses_travel=Decimal(0),
            currency="USD",
            status="paid",
        ),
    ]
    assert totals_by_currency(payments=lines) == {
        "BDT": Decimal("1350.00"),
        "USD": Decimal("15.00"),
    }
    assert totals_by_currency(payments=lines, unpaid_only=True) == {
        "BDT": Decimal("1350.00"),
        "USD": Decimal("10.00"),
    }


@pytest.mark.django_db
def test_bad_payment_form_gets_a_message_and_saves_nothing(client, world):
    client.force_login(world.staff_a)
    data = {
        "units": "-1",
        "unit": "hour",
        "rate": "abc",
        "expenses_travel": "0",
        "currency": "USD",
        "due_on": world.consultation.deadline.isoformat(),
    }
    response = client.post(f"/payments/record/{world.consultation.pk}/{world.expert.pk}/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a number." in body
    assert 'value="-1"' in body  # what was typed is kept
    assert_offer_line_untouched(world)


@pytest.mark.django_db
def test_finance_sees_what_is_owed_in_their_organisation_only(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    line = record(world)
    other = payment_record(
        actor=world.staff_b,
        contribution=world.contribution_b,
        units=Decimal(1),
        unit="hour",
        rate=Decimal("9.00"),
        expenses_travel=Decimal(0),
        currency="EUR",
        due_on=world.consultation.deadline,
    )
    client.force_login(world.finance_a)
    with CaptureQueriesContext(connection) as one:
        body = client.get("/payments/").content.decode()
    assert "87.43 US dollars" in body and "Tara" in body
    assert "9.00 euros" not in body and "9.00 EUR" not in body and str(other.pk) not in body
    assert "Tahmina" not in body  # chosen names only
    response = client.post(f"/payments/{line.pk}/advance/", {"from": "owed", "next": "/payments/"})
    assert response["Location"] == "/payments/"
    line.refresh_from_db()
    assert line.status == "approved"
    with CaptureQueriesContext(connection) as again:
        client.get("/payments/")
    assert len(again) == len(one)
    for who, status in [(world.staff_a, 403), (world.viewer_a, 403), (world.expert.user, 403)]:
        client.force_login(who)
        assert client.get("/payments/").status_code == status


@pytest.mark.django_db
def test_the_payment_form_starts_from_the_consultations_offer(client, world, partners):
    """Someone paying types nothing the consultation already says: the unit, rate and currency
    it offered are chosen in the form, for a person and for a collective's members alike."""
    from seat.partners.collective import collective_contribution_submit

    collective_contribution_submit(
        actor=partners.facilitator,
        request=partners.request,
        members_count=3,
        answers={str(world.consultation.questions.first().pk): "Our members agree."},
        attribution="not_quoted",
        idempotency_key=uuid.uuid4(),
    )
    client.force_login(world.staff_a)
    offer = world.consultation
    for url in (
        f"/payments/record/{offer.pk}/{world.expert.pk}/",
        f"/payments/record/{offer.pk}/collective/{partners.collective.pk}/",
    ):
        form = client.get(url).context["form"]
        assert form["unit"].value() == offer.pay_unit, url
        assert form["currency"].value() == offer.currency, url
        assert Decimal(form["rate"].value()) == offer.pay_rate, url
        body = client.get(url).content.decode()
        assert f'<option value="{offer.currency}" selected>' in body, url
