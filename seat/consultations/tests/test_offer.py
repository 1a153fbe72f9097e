"""The offer a survivor reads before accepting is whole: when and how she is paid, and how her
costs come back when they are covered (item 17 of issue 7). A gap gets a message, never a save."""

from __future__ import annotations

import pytest

from seat.consultations.models import Consultation
from seat.consultations.services import LoopError
from seat.consultations.tests.test_views import consultation_form
from seat.tests.personas import make_consultation

EXPENSES_HOW = (
    "Say how people get their costs paid back, for example: “Keep your tickets and receipts; "
    "we pay them back in cash on the day.”"
)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"expenses_how": ""}, "expenses_how", EXPENSES_HOW),
        ({"expenses_how": "   "}, "expenses_how", EXPENSES_HOW),
        ({"pay_method": ""}, "pay_method", "Say how people will be paid."),
        ({"pay_within_days": "0"}, "pay_within_days", "Choose between 1 and 90 days."),
        ({"pay_within_days": "91"}, "pay_within_days", "Choose between 1 and 90 days."),
        (
            {"pay_within_days": ""},
            "pay_within_days",
            "Say within how many days of sending their input people are paid.",
        ),
    ],
)
@pytest.mark.django_db
def test_an_incomplete_offer_gets_a_message_on_its_field_and_saves_nothing(
    client, world, overrides, field, message
):
    client.force_login(world.staff_a)
    before = Consultation.objects.count()
    response = client.post(
        f"/projects/{world.project.pk}/consultations/new/", consultation_form(**overrides)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<div id="id_{field}_error"><p class="error">{message}</p></div>' in body
    assert Consultation.objects.count() == before


@pytest.mark.django_db
def test_no_costs_covered_and_no_pay_need_neither_text(client, world):
    client.force_login(world.staff_a)
    data = consultation_form(expenses_how="", pay_method="", pay_rate="", pay_unit="")
    del data["expenses_covered"]
    response = client.post(f"/projects/{world.project.pk}/consultations/new/", data)
    assert response.status_code == 302
    consultation = Consultation.objects.get(title="Opening hours of the help line")
    assert (consultation.expenses_covered, consultation.pay_method) == (False, "")


@pytest.mark.django_db
def test_the_form_saves_the_offer_and_starts_from_the_organisations_days(client, world):
    world.org_a.pay_within_days = 21
    world.org_a.save(update_fields=["pay_within_days"])
    client.force_login(world.staff_a)
    body = client.get(f"/projects/{world.project.pk}/consultations/new/").content.decode()
    assert 'name="pay_within_days" value="21"' in body
    client.post(
        f"/projects/{world.project.pk}/consultations/new/",
        consultation_form(pay_within_days="14", pay_method="voucher"),
    )
    consultation = Consultation.objects.get(title="Opening hours of the help line")
    assert (consultation.pay_within_days, consultation.pay_method, consultation.expenses_how) == (
        14,
        "voucher",
        "Keep your receipts; we pay them back on the day.",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"expenses_how": ""}, "Say how people get their costs paid back"),
        ({"pay_method": ""}, "Say how people will be paid."),
        ({"pay_within_days": 120}, "Choose between 1 and 90 days."),
    ],
)
@pytest.mark.django_db
def test_the_service_refuses_an_incomplete_offer_too(world, overrides, message):
    before = Consultation.objects.count()
    with pytest.raises(LoopError, match=message):
        make_consultation(world.staff_a, world.project, publish=False, **overrides)
    assert Consultation.objects.count() == before
