"""A payment falls due when the consultation promised: the day the input was sent plus the
consultation's pay_within_days (item 17 of issue 7). Before, every line was due 30 days after
whoever recorded it happened to record it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from seat.compensation.models import PaymentLine
from seat.compensation.services import PaymentError, payment_record
from seat.consultations.models import Consultation, Contribution


def sent_days_ago(world, days: int, pay_within_days: int) -> datetime.date:
    """Her input was sent ``days`` ago to a consultation that pays within ``pay_within_days``."""
    Consultation.objects.filter(pk=world.consultation.pk).update(pay_within_days=pay_within_days)
    sent = timezone.now() - datetime.timedelta(days=days)
    Contribution.objects.filter(pk=world.contribution.pk).update(created_at=sent)
    world.contribution.refresh_from_db()
    world.contribution.consultation.refresh_from_db()
    return timezone.localdate(sent)


def record(world, **fields):
    return payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal(2),
        unit="hour",
        rate=Decimal("25.00"),
        expenses_travel=Decimal(0),
        currency="USD",
        **fields,
    )


@pytest.mark.django_db
def test_the_due_date_is_the_sending_day_plus_the_consultations_pay_within_days(world):
    sent = sent_days_ago(world, 3, pay_within_days=10)
    assert record(world).due_on == sent + datetime.timedelta(days=10)


@pytest.mark.django_db
def test_the_payment_form_starts_from_the_promised_day_and_says_why(client, world):
    sent = sent_days_ago(world, 3, pay_within_days=10)
    client.force_login(world.staff_a)
    body = client.get(
        f"/payments/record/{world.consultation.pk}/{world.expert.pk}/"
    ).content.decode()
    promised = sent + datetime.timedelta(days=10)
    assert f'value="{promised.isoformat()}"' in body
    assert "The consultation promised payment within 10 days of sending the input" in body


@pytest.mark.django_db
def test_a_due_date_later_than_promised_is_refused_in_form_and_service(client, world):
    sent = sent_days_ago(world, 3, pay_within_days=10)
    late = sent + datetime.timedelta(days=11)
    with pytest.raises(PaymentError, match="promised payment within 10 days"):
        record(world, due_on=late)
    client.force_login(world.staff_a)
    response = client.post(
        f"/payments/record/{world.consultation.pk}/{world.expert.pk}/",
        {
            "units": "2",
            "unit": "hour",
            "rate": "25.00",
            "expenses_travel": "0",
            "currency": "USD",
            "due_on": late.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Choose that day or an earlier one." in response.content.decode()
    # Nothing was recorded: the line her input made is still Seat's, untouched.
    assert PaymentLine.objects.get(contribution=world.contribution).recorded_by is None
    # An earlier day keeps the promise.
    assert record(world, due_on=sent + datetime.timedelta(days=2)).due_on == sent + (
        datetime.timedelta(days=2)
    )
