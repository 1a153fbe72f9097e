from __future__ import annotations

from decimal import Decimal

import pytest

from seat.opportunities.selectors import REMOTE, opportunities_matching, places_open
from seat.opportunities.services import opportunity_close
from seat.opportunities.tests.helpers import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(world):
    trainer = post(world, title="Trainer", languages=["bn"], place="Jessore")
    consultant = post(
        world,
        kind="consultant",
        title="Consultant",
        languages=["en", "hi"],
        place="",
        remote=True,
        pay_amount=Decimal("40"),
        pay_currency="USD",
    )
    training = post(
        world,
        kind="training",
        title="Bookkeeping course",
        languages=["bn", "en"],
        place="dhaka",
        pay_amount=None,
        pay_currency="",
        pay_unit="",
    )
    post(world, publish=False, title="Draft")
    closed = post(world, title="Closed")
    opportunity_close(actor=world.staff_a, opportunity=closed)
    return trainer, consultant, training


def titles(**filters):
    return sorted(o.title for o in opportunities_matching(**filters))


def test_only_open_opportunities_are_listed(three):
    assert titles() == ["Bookkeeping course", "Consultant", "Trainer"]


def test_filter_by_language_matches_whole_codes(three):
    assert titles(language="bn") == ["Bookkeeping course", "Trainer"]
    assert titles(language="hi") == ["Consultant"]
    assert titles(language="ne") == []


def test_filter_by_place_and_remote(three):
    assert titles(place="Jessore") == ["Trainer"]
    assert titles(place="Dhaka") == ["Bookkeeping course"]
    assert titles(place=REMOTE) == ["Consultant"]
    assert places_open() == ["dhaka", "Jessore"]


def test_filter_by_kind(three):
    assert titles(kind="training") == ["Bookkeeping course"]


def test_pay_compares_only_within_a_currency(three):
    assert titles(min_pay=Decimal("30"), currency="USD") == ["Consultant"]
    assert titles(min_pay=Decimal("50"), currency="USD") == []
    # 1,500 taka is more than 40 as a number, but it is never compared with dollars.
    assert titles(min_pay=Decimal("1000"), currency="BDT") == ["Trainer"]
    assert titles(min_pay=Decimal("1"), currency="EUR") == []
    assert titles(unit="day", min_pay=Decimal("1"), currency="BDT") == ["Trainer"]
