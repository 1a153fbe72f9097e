from __future__ import annotations

from typing import Any

from seat.people.enums import ConsentPurpose
from seat.people.models import ConsentRecord, ExpertProfile


def expert_for_user(*, user: Any) -> ExpertProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ExpertProfile.objects.filter(user=user).first()


def consent_state(*, expert: ExpertProfile) -> dict[str, bool]:
    """Each purpose mapped to whether consent stands now (the latest record wins; none means no)."""
    state = dict.fromkeys(ConsentPurpose.values, False)
    seen: set[str] = set()
    for purpose, given in (
        ConsentRecord.objects.filter(expert=expert)
        .order_by("-created_at")
        .values_list("purpose", "given")
    ):
        if purpose not in seen:
            seen.add(purpose)
            state[purpose] = given
    return state


def consent_is_given(*, expert: ExpertProfile, purpose: str) -> bool:
    latest = (
        ConsentRecord.objects.filter(expert=expert, purpose=purpose)
        .order_by("-created_at")
        .values_list("given", flat=True)
        .first()
    )
    return bool(latest)


def consent_states(*, expert_ids: list[Any]) -> dict[Any, dict[str, bool]]:
    """``consent_state`` for many people in one query (for lists of contributions)."""
    states: dict[Any, dict[str, bool]] = {
        expert_id: dict.fromkeys(ConsentPurpose.values, False) for expert_id in expert_ids
    }
    seen: set[tuple[Any, str]] = set()
    rows = (
        ConsentRecord.objects.filter(expert_id__in=expert_ids)
        .order_by("-created_at")
        .values_list("expert_id", "purpose", "given")
    )
    for expert_id, purpose, given in rows:
        if (expert_id, purpose) not in seen:
            seen.add((expert_id, purpose))
            states[expert_id][purpose] = given
    return states
