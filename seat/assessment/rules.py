from __future__ import annotations

from typing import Any

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.accounts.rules import can_manage_engagement, role_in
from seat.assessment.enums import Perspective


def can_view_assessment(user: Any, organisation: Organisation) -> bool:
    """Every member, survivor advisors included: they answered, they see the results."""
    return role_in(user, organisation) is not None


def can_manage_assessment(user: Any, organisation: Organisation) -> bool:
    return can_manage_engagement(user, organisation)


def perspective_of(user: Any, organisation: Organisation) -> str | None:
    """Which side of the table the user answers from, or None if they may not answer."""
    role = role_in(user, organisation)
    if role is None:
        return None
    return Perspective.SURVIVOR if role == Role.ADVISOR else Perspective.STAFF


def can_export_ratings(user: Any, organisation: Organisation) -> bool:
    return can_manage_engagement(user, organisation)
