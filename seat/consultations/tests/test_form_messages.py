"""Every number and list on the consultation and engagement plan forms says what it accepts in
words a manager understands, the same at both ends of a range: never Django's "Ensure that there
are no more than 10 digits in total" or "Select a valid choice. zz is not one of the available
choices". Nothing is saved."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from seat.consultations.forms import ConsultationEditForm, ConsultationForm, EngagementPlanForm
from seat.consultations.models import Consultation, EngagementPlan
from seat.consultations.tests.test_views import consultation_form

RATE_CAP = "The most Seat accepts here is 10,000 USD. Check the amount."
HOURS_RANGE = "Write the hours as a number more than 0 and up to 9,999.9."
DAYS_RANGE = "Choose between 1 and 90 days."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pay_rate", "99999999999", RATE_CAP),
        ("pay_rate", "1e20", RATE_CAP),
        ("pay_rate", "12345678.99", RATE_CAP),
        ("pay_rate", "1.234", "USD has at most 2 digits after the decimal point."),
        ("pay_rate", "abc", "Write the rate in numbers."),
        ("pay_rate", "NaN", "Write the rate in numbers."),
        ("expected_hours", "123456", HOURS_RANGE),
        ("expected_hours", "10000", HOURS_RANGE),
        ("expected_hours", "0", HOURS_RANGE),
        ("expected_hours", "-1", HOURS_RANGE),
        (
            "expected_hours",
            "1.25",
            "Round the hours to one digit after the point, for example 1.5.",
        ),
        ("expected_hours", "abc", "Write the hours in numbers, for example 1.5."),
        ("pay_within_days", "-1", DAYS_RANGE),
        ("pay_within_days", "0", DAYS_RANGE),
        ("pay_within_days", "91", DAYS_RANGE),
        ("pay_within_days", "99999999999", DAYS_RANGE),
        ("pay_within_days", "abc", "Enter a number of days."),
        (
            "pay_within_days",
            "",
            "Say within how many days of sending their input people are paid.",
        ),
        ("languages", ["zz"], "Choose languages from the list."),
        ("languages", ["en", "zz"], "Choose languages from the list."),
        ("currency", "zz", "Choose a currency from the list."),
        ("text_language", "zz", "Choose a language from the list."),
        ("stage", "zz", "Choose a stage from the list."),
        ("influence", "zz", "Choose one of the options shown."),
        ("pay_method", "zz", "Choose one of the options shown."),
    ],
)
@pytest.mark.django_db
def test_each_consultation_field_says_what_it_accepts(world, field, value, message):
    new = ConsultationForm(data=consultation_form(**{field: value}))
    edit = ConsultationEditForm(
        data=consultation_form(**{field: value}),
        consultation=world.consultation,
        questions_locked=False,
    )
    assert (new.is_valid(), new.errors[field]) == (False, [message])
    assert (edit.is_valid(), edit.errors[field]) == (False, [message])


@pytest.mark.django_db
def test_an_oversized_rate_with_no_currency_says_the_largest_number_it_can_hold(world):
    form = ConsultationForm(data=consultation_form(pay_rate="99999999999", currency="zz"))
    assert not form.is_valid()
    assert form.errors["pay_rate"] == ["Write the rate as a number up to 99,999,999.99."]
    assert form.errors["currency"] == ["Choose a currency from the list."]


@pytest.mark.django_db
def test_the_largest_hours_and_days_are_accepted(world):
    form = ConsultationForm(data=consultation_form(expected_hours="9999.9", pay_within_days="90"))
    assert "expected_hours" not in form.errors
    assert "pay_within_days" not in form.errors


@pytest.mark.django_db
def test_the_page_shows_the_plain_message_and_saves_nothing(client, world):
    client.force_login(world.staff_a)
    before = Consultation.objects.count()
    response = client.post(
        f"/projects/{world.project.pk}/consultations/new/",
        consultation_form(pay_rate="99999999999", expected_hours="123456", pay_within_days="-1"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<div id="id_pay_rate_error"><p class="error">{RATE_CAP}</p></div>' in body
    assert f'<div id="id_expected_hours_error"><p class="error">{HOURS_RANGE}</p></div>' in body
    assert f'<div id="id_pay_within_days_error"><p class="error">{DAYS_RANGE}</p></div>' in body
    assert "Ensure" not in body
    assert Consultation.objects.count() == before


def plan_form(**overrides: object) -> dict[str, object]:
    return {
        "stage": "implementation",
        "method": "written",
        "starts_on": "2026-12-10",
        "ends_on": "2027-01-10",
        "budget": "100",
        "currency": "USD",
        "lead": "Our programme officer",
        "form_key": str(uuid.uuid4()),
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "budget",
            "123456789012345",
            "The most Seat accepts here is 1,000,000 USD. Check the amount.",
        ),
        ("budget", "1.234", "USD has at most 2 digits after the decimal point."),
        ("budget", "", "Enter the budget, or 0 if there is none yet."),
        ("currency", "zz", "Choose a currency from the list."),
        ("stage", "zz", "Choose a stage from the list."),
        ("method", "zz", "Choose a method from the list."),
    ],
)
@pytest.mark.django_db
def test_each_plan_field_says_what_it_accepts(world, field, value, message):
    before = EngagementPlan.objects.count()
    form = EngagementPlanForm(data=plan_form(**{field: value}), project=world.project)
    assert (form.is_valid(), form.errors[field]) == (False, [message])
    assert EngagementPlan.objects.count() == before


@pytest.mark.django_db
def test_the_limits_are_said_in_the_managers_language(world):
    with translation.override("bn"):
        form = ConsultationForm(data=consultation_form(expected_hours="0", currency="zz"))
        assert not form.is_valid()
        assert form.errors["expected_hours"] == ["ঘণ্টা সংখ্যায় লিখুন: ০-এর বেশি এবং সর্বোচ্চ ৯,৯৯৯.৯।"]
    with translation.override("es"):
        form = ConsultationForm(data=consultation_form(languages=["zz"]))
        assert not form.is_valid()
        assert form.errors["languages"] == ["Elija los idiomas de la lista."]
