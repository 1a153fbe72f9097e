"""Building blocks for the opportunities tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from seat.opportunities.services import OpportunityInput, opportunity_create


def days_ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def opportunity_input(**overrides: Any) -> OpportunityInput:
    fields: dict[str, Any] = {
        "kind": "trainer",
        "title": "Trainer for police sensitisation",
        "description": "Run two-hour sessions at police stations in Jessore district.",
        "pay_amount": Decimal("1500"),
        "pay_currency": "BDT",
        "pay_unit": "day",
        "costs_covered": False,
        "languages": ["bn", "en"],
        "place": "Jessore",
        "remote": False,
        "leadership": False,
        "closes_on": days_ahead(20),
    }
    fields.update(overrides)
    return OpportunityInput(**fields)


def post(world: Any, publish: bool = True, organisation: Any = None, **overrides: Any) -> Any:
    """An opportunity of organisation A (open unless ``publish`` is false), posted by its staff."""
    org = organisation or world.org_a
    actor = world.staff_a if org == world.org_a else world.staff_b
    return opportunity_create(
        actor=actor, organisation=org, data=opportunity_input(**overrides), publish=publish
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "consultant",
        "title": "Consultant on safe migration",
        "description": "Advise our safe-migration project, four days a month.",
        "pay_amount": "40.00",
        "pay_currency": "USD",
        "pay_unit": "day",
        "languages": ["en", "bn"],
        "place": "Dhaka",
        "closes_on": days_ahead(10).isoformat(),
    }
    data.update(overrides)
    return data
