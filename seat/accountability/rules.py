from __future__ import annotations

from typing import Any

from seat.accounts.rules import can_manage_engagement
from seat.consultations.models import Contribution


def can_respond(user: Any, contribution: Contribution) -> bool:
    return can_manage_engagement(user, contribution.consultation.project.organisation)
