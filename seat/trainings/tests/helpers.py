"""Building blocks for the trainings tests: a session as the form or a row gives it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from seat.trainings.services import SessionInput, training_session_record


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def session_input(trainer: Any, **overrides: Any) -> SessionInput:
    fields: dict[str, Any] = {
        "trainer": trainer,
        "delivered_on": days_ago(3),
        "audience": "Mirpur police station",
        "place": "Dhaka",
        "participants": 24,
        "units": Decimal("3"),
        "unit": "hour",
        "rate": Decimal("25.00"),
        "currency": "USD",
        "feedback": "Officers asked for a second session on recruitment agents.",
        "rating": 5,
        "expenses": {"expenses_travel": Decimal("4.50")},
    }
    fields.update(overrides)
    return SessionInput(**fields)


def record(world: Any, trainer: Any = None, **overrides: Any) -> Any:
    """A session of organisation A by its trainer Tara, recorded by A's staff."""
    session, _created = training_session_record(
        actor=world.staff_a,
        organisation=world.org_a,
        session=session_input(trainer or world.expert, **overrides),
    )
    return session


def form_data(world: Any, **overrides: Any) -> dict[str, str]:
    data = {
        "trainer": str(world.expert.pk),
        "delivered_on": days_ago(3).isoformat(),
        "audience": "Mirpur police station",
        "place": "Dhaka",
        "participants": "24",
        "units": "3",
        "unit": "hour",
        "rate": "25.00",
        "currency": "USD",
        "expenses_travel": "4.50",
        "expenses_data": "",
        "expenses_childcare": "",
        "expenses_other": "",
        "feedback": "Officers asked for a second session.",
        "rating": "5",
    }
    data.update(overrides)
    return data
