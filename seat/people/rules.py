from __future__ import annotations

from typing import Any

from seat.people.models import ExpertProfile


def is_self(user: Any, expert: ExpertProfile) -> bool:
    return bool(getattr(user, "is_authenticated", False) and expert.user_id == user.pk)


def can_read_identity(user: Any, expert: ExpertProfile) -> bool:
    """Only the person themself. Organisation staff never see legal names or contacts."""
    return is_self(user, expert)
