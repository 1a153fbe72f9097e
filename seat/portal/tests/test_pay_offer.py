"""Item 17 of issue 7: pay she can understand. Before accepting, the total for the expected
time, when and how she is paid and how to claim her costs; on "What I am owed", what each
amount is for."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seat.compensation.models import PaymentLine
from seat.compensation.services import payment_record
from seat.consultations.models import Consultation
from seat.core.formats import format_day
from seat.tests.personas import make_consultation, make_invitation


def invitation_page(client, world, **consultation) -> str:
    invitation = make_invitation(
        world.staff_a,
        make_consultation(world.staff_a, world.project, override_by=world.admin_a, **consultation),
        world.other_expert,
    )
    client.force_login(world.other_expert.user)
    return client.get(f"/me/invitations/{invitation.pk}/").content.decode()


@pytest.mark.django_db
def test_before_accepting_she_reads_the_total_when_and_how_she_is_paid_and_how_to_claim_costs(
    client, world
):
    body = invitation_page(
        client,
        world,
        expected_hours=Decimal("2.5"),
        pay_rate=Decimal("25.00"),
        pay_within_days=14,
        pay_method="mobile_money",
        expenses_how="Keep your bus tickets; Asha pays them back in cash at the meeting.",
    )
    assert "You will be paid 62.50 US dollars in all for about 2.5 hours." in body
    assert "<dt>When you are paid</dt><dd>Within 14 days of sending your input</dd>" in body
    assert "<dt>How you are paid</dt><dd>Mobile money</dd>" in body
    assert (
        "How to get them paid back: Keep your bus tickets; Asha pays them back in cash at the "
        "meeting." in body
    )


@pytest.mark.django_db
def test_a_rate_per_session_or_day_is_the_total(client, world):
    body = invitation_page(
        client, world, expected_hours=Decimal(3), pay_rate=Decimal("40.00"), pay_unit="session"
    )
    assert "You will be paid 40.00 US dollars in all for about 3 hours." in body
    body = invitation_page(
        client, world, expected_hours=Decimal(1), pay_rate=Decimal("60.00"), pay_unit="day"
    )
    assert "You will be paid 60.00 US dollars in all for about 1 hour." in body


@pytest.mark.django_db
def test_the_total_is_written_in_bengali_digits_for_a_bengali_reader(client, world):
    user = world.other_expert.user
    user.language = "bn"
    user.save()
    body = invitation_page(
        client,
        world,
        expected_hours=Decimal("2.5"),
        pay_rate=Decimal("1250.00"),
        currency="BDT",
        pay_within_days=14,
    )
    assert "৩,১২৫.০০ বাংলাদেশী টাকা" in body  # 2.5 × 1,250.00
    assert "২.৫" in body and "১৪" in body


@pytest.mark.django_db
def test_an_unpaid_consultation_says_so_plainly_and_promises_no_payday(client, world):
    body = invitation_page(client, world, pay_rate=None, pay_unit="", pay_method="")
    assert "<dd>Not paid</dd>" in body
    assert "You will be paid" not in body
    assert "When you are paid" not in body and "How you are paid" not in body


@pytest.mark.django_db
def test_what_i_am_owed_says_what_each_amount_is_for(client, world):
    payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal("2.5"),
        unit="hour",
        rate=Decimal("25.00"),
        expenses_travel=Decimal("12.00"),
        currency="USD",
    )
    client.force_login(world.expert.user)
    body = client.get("/").content.decode()
    pay = body[body.index('id="pay"') :]
    link = f'<a href="/me/input/{world.contribution.pk}/">{world.consultation.title}</a>'
    assert f"<h3>{link}</h3>" in pay
    assert "74.50 US dollars" in pay
    assert "For your time: 2.5 × 25.00 US dollars per hour" in pay
    assert "Your costs paid back: 12.00 US dollars" in pay
    # The same on the page of her input.
    body = client.get(f"/me/input/{world.contribution.pk}/").content.decode()
    assert "For your time: 2.5 × 25.00 US dollars per hour" in body


@pytest.mark.django_db
def test_totals_stay_per_currency_while_each_line_names_its_consultation(client, world):
    from seat.tests.personas import make_contribution

    second = make_consultation(
        world.staff_a, world.project, title="Shelter rules", currency="BDT", pay_rate=Decimal(600)
    )
    contribution = make_contribution(
        make_invitation(world.staff_a, second, world.expert, accept=True)
    )
    for each, currency, rate in [
        (world.contribution, "USD", Decimal(25)),
        (contribution, "BDT", Decimal(600)),
    ]:
        payment_record(
            actor=world.staff_a,
            contribution=each,
            units=Decimal(2),
            unit="hour",
            rate=rate,
            expenses_travel=Decimal(0),
            currency=currency,
        )
    client.force_login(world.expert.user)
    pay = client.get("/").content.decode().split('id="pay"')[1]
    assert "<strong>1,200.00 Bangladeshi takas</strong> not paid yet" in pay
    assert "<strong>50.00 US dollars</strong> not paid yet" in pay
    assert ">Shelter rules</a></h3>" in pay and f">{world.consultation.title}</a></h3>" in pay


@pytest.mark.django_db
def test_the_promise_and_the_payment_line_come_from_one_rule(world):
    from seat.compensation.selectors import payment_defaults

    consultation = Consultation.objects.get(pk=world.consultation.pk)
    defaults = payment_defaults(contribution=world.contribution)
    line = payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        **{k: defaults[k] for k in ("units", "unit", "rate", "currency")},
    )
    assert line.amount == consultation.expected_pay == Decimal("50.00")


@pytest.mark.django_db
def test_pay_promised_for_input_sent_is_owed_before_anyone_records_it(client, world):
    """From the moment she sends her input, her page says what she was promised and by when,
    and counts it as not paid yet; once staff record the payment, the line takes its place."""
    import datetime

    from django.utils import timezone

    # Input sent before Seat made each line as input arrives has no line until staff record it.
    PaymentLine.objects.filter(contribution=world.contribution).delete()
    client.force_login(world.expert.user)
    due = timezone.localdate(world.contribution.created_at) + datetime.timedelta(days=30)
    pay = client.get("/").content.decode().split('id="pay"')[1].split("<h2")[0]
    assert "<strong>50.00 US dollars</strong> not paid yet" in pay
    assert f">{world.consultation.title}</a></h3>" in pay
    assert '<strong>50.00 US dollars</strong> · <span class="badge">Promised</span>' in pay
    assert f"Due by {format_day(due)}" in pay
    assert "Nothing is owed to you right now." not in pay
    page = client.get(f"/me/input/{world.contribution.pk}/").content.decode()
    assert (
        f"You were promised this for your time. <bdi>{world.org_a.name}</bdi> has not recorded the payment "
        f"yet. It is due by {format_day(due)}."
    ) in page

    payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal(2),
        unit="hour",
        rate=Decimal(25),
        expenses_travel=Decimal(5),
        currency="USD",
    )
    pay = client.get("/").content.decode().split('id="pay"')[1].split("<h2")[0]
    assert "<strong>55.00 US dollars</strong> not paid yet" in pay
    assert "Promised" not in pay
    assert "Promised" not in client.get(f"/me/input/{world.contribution.pk}/").content.decode()


@pytest.mark.django_db
def test_unpaid_consultations_promise_nothing(client, world):
    unpaid = make_consultation(
        world.staff_a, world.project, title="Unpaid", pay_rate=None, override_by=world.admin_a
    )
    from seat.tests.personas import make_contribution

    contribution = make_contribution(
        make_invitation(world.staff_a, unpaid, world.expert, accept=True)
    )
    client.force_login(world.expert.user)
    page = client.get(f"/me/input/{contribution.pk}/").content.decode()
    assert "Promised" not in page and "This consultation offered no pay." in page
