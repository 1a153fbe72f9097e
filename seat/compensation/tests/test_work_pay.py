"""Pay for a meeting, council work or other work, recorded by staff (issue 11: every paid
participation has a payment line): once, for someone who works with the organisation, never in
the future, and waiting for approval like any line."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from seat.compensation.models import PaymentLine
from seat.tests.personas import verify_second_factor


def url(world) -> str:
    return f"/payments/work/{world.org_a.pk}/"


def form(world, **overrides) -> dict[str, str]:
    data = {
        "expert": str(world.expert.pk),
        "work": "meeting",
        "description": "Planning meeting for the complaints line",
        "work_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "units": "2",
        "unit": "hour",
        "rate": "600.00",
        "currency": "BDT",
        "expenses_travel": "150",
        "expenses_data": "",
        "expenses_childcare": "",
        "expenses_other": "",
    }
    data.update(overrides)
    return data


def meeting_lines():
    return PaymentLine.objects.filter(work="meeting")


@pytest.mark.django_db
def test_staff_record_a_meeting_and_it_waits_for_approval(client, world):
    client.force_login(world.staff_a)
    page = client.get(url(world)).content.decode()
    assert "Tara" in page and "Rosa" not in page  # only who works with the organisation
    response = client.post(url(world), form(world))
    assert response.status_code == 302
    (line,) = meeting_lines()
    assert (line.expert, line.organisation, line.status) == (world.expert, world.org_a, "owed")
    assert (line.fee, line.expenses_travel, line.amount) == (
        Decimal("1200.00"),
        Decimal("150.00"),
        Decimal("1350.00"),
    )
    assert line.due_on == line.work_on + datetime.timedelta(days=world.org_a.pay_within_days)
    assert line.recorded_by == world.staff_a
    client.force_login(world.finance_a)
    assert "Planning meeting for the complaints line" in client.get("/payments/").content.decode()


@pytest.mark.django_db
def test_the_same_work_twice_is_refused_and_a_cancelled_one_can_be_entered_again(client, world):
    from seat.compensation.services import payment_cancel

    client.force_login(world.staff_a)
    client.post(url(world), form(world))
    again = client.post(
        url(world), form(world, description="planning  meeting for the COMPLAINTS line")
    )
    assert again.status_code == 400
    assert "already recorded for her on that day" in again.content.decode()
    assert meeting_lines().count() == 1
    payment_cancel(actor=world.admin_a, payment=meeting_lines().get(), reason="Wrong day.")
    assert client.post(url(world), form(world)).status_code == 302
    assert meeting_lines().count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # Days ahead, not one: parameters are computed at collection, and a run that
        # crosses midnight would make "tomorrow" today.
        (
            {"work_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "once the work is done",
        ),
        ({"rate": "-5"}, ""),
        ({"currency": "XOF", "rate": "600.50"}, "XOF has no smaller unit"),
        ({"units": "0"}, "more than zero"),
        ({"description": "   "}, "This field is required."),
        ({"work": "contribution"}, "Select a valid choice."),
    ],
)
@pytest.mark.django_db
def test_bad_input_gets_a_message_and_saves_nothing(client, world, overrides, message):
    client.force_login(world.staff_a)
    response = client.post(url(world), form(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not meeting_lines().exists()


@pytest.mark.django_db
def test_someone_who_does_not_work_with_the_organisation_cannot_be_paid_by_it(client, world):
    client.force_login(world.staff_a)
    response = client.post(url(world), form(world, expert=str(world.other_expert.pk)))
    assert response.status_code == 400
    assert "Choose one of the people who work with you." in response.content.decode()
    assert not meeting_lines().exists()


@pytest.mark.django_db
def test_who_may_record(client, world):
    for user, status in [
        (world.staff_a, 200),
        (world.finance_a, 200),
        (world.admin_a, 200),
        (world.viewer_a, 403),
        (world.staff_b, 404),
        (world.expert.user, 404),
    ]:
        if user == world.admin_a:
            verify_second_factor(client, user)
        else:
            client.force_login(user)
        assert client.get(url(world)).status_code == status, user
    client.logout()
    assert client.get(url(world)).status_code == 302
    client.force_login(world.staff_a)
    assert f'href="{url(world)}"' in client.get("/projects/").content.decode()
