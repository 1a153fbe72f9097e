"""Figures follow the reader's language: Bengali digits and lakh grouping on Bengali pages,
Spanish separators on Spanish ones, currency names rather than shared symbols."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from seat.core.formats import format_day, format_money, format_number


@pytest.mark.parametrize(
    ("language", "number", "money", "day"),
    [
        ("en", "1,234,567.5", "1,250.00 Bangladeshi takas", "November 30, 2026"),
        ("bn", "১২,৩৪,৫৬৭.৫", "১,২৫০.০০ বাংলাদেশী টাকা", "৩০ নভেম্বর, ২০২৬"),
        ("es", "1.234.567,5", "1.250,00 takas bangladesíes", "30 de noviembre de 2026"),
    ],
)
def test_each_language_has_one_convention(language, number, money, day) -> None:
    with translation.override(language):
        assert format_number(Decimal("1234567.5")) == number
        assert format_money(Decimal("1250.00"), "BDT") == money
        assert format_day(datetime.date(2026, 11, 30)) == day


def test_a_moment_is_shown_as_the_local_day() -> None:
    moment = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    with translation.override("en"), timezone.override("Asia/Dhaka"):
        assert format_day(moment) == "December 1, 2026"


def test_the_filters() -> None:
    template = Template(
        "{% load seat_format %}{{ h|number }} · {{ a|money:'USD' }} · {{ d|day }} · {{ none|day }}"
    )
    context = Context({"h": Decimal("2.5"), "a": Decimal("55"), "d": datetime.date(2026, 1, 2)})
    with translation.override("bn"):
        assert template.render(context) == "২.৫ · ৫৫.০০ মার্কিন ডলার · ২ জানুয়ারি, ২০২৬ · "


def test_cents_seat_keeps_in_a_currency_cldr_writes_whole_are_shown() -> None:
    """Seat takes cents in Colombian pesos and rupiahs; CLDR writes them in whole units and
    would round 395,349.11 pesos owed to 395,349. Whole amounts keep CLDR's way."""
    with translation.override("en"):
        assert format_money(Decimal("395349.11"), "COP") == "395,349.11 Colombian pesos"
        assert format_money(Decimal("1500.50"), "IDR") == "1,500.50 Indonesian rupiahs"
        assert format_money(Decimal("1500.00"), "IDR") == "1,500 Indonesian rupiahs"
