"""A payment past its due day and not paid is late, and every page that shows it says so: her
home, her input's page and the finance list. Before the day, it is due by it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from seat.compensation.selectors import payment_due_by
from seat.compensation.services import payment_record
from seat.core.formats import format_day
from seat.tests.personas import make_consultation, make_contribution, make_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(world):
    """Tara's recorded payment and, for a second consultation, pay promised but not recorded."""
    payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal(2),
        unit="hour",
        rate=Decimal("25.00"),
        expenses_travel=Decimal("0.00"),
        currency="USD",
    )
    second = make_consultation(world.staff_a, world.project, title="Second")
    promised = make_contribution(make_invitation(world.staff_a, second, world.expert, accept=True))
    return payment_due_by(contribution=world.contribution), payment_due_by(contribution=promised)


def days_later(monkeypatch, days: int) -> None:
    later = timezone.now() + datetime.timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_before_the_day_it_is_due(client, world, owed):
    client.force_login(world.expert.user)
    home = client.get("/").content.decode()
    assert home.count("Due by ") == 2
    assert "Late" not in home


def test_after_the_day_her_pages_say_it_is_late(client, world, owed, monkeypatch):
    recorded_due, promised_due = owed
    days_later(monkeypatch, 90)
    client.force_login(world.expert.user)
    home = client.get("/").content.decode()
    assert f"Late: was due by {format_day(recorded_due)}" in home
    assert f"Late: was due by {format_day(promised_due)}" in home
    assert "Due by " not in home
    page = client.get(f"/me/input/{world.contribution.pk}/").content.decode()
    assert f"Late: was due by {format_day(recorded_due)}" in page


def test_after_the_day_the_finance_list_says_it_is_late(client, world, owed, monkeypatch):
    recorded_due, _promised = owed
    days_later(monkeypatch, 90)
    client.force_login(world.finance_a)
    page = client.get("/payments/").content.decode()
    assert f"Late: was due by {format_day(recorded_due)}" in page
    assert "Due by " not in page
