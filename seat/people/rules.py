from __future__ import annotations

from typing import Any

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.accounts.rules import MANAGING_ROLES, role_in
from seat.people.models import ExpertProfile


def is_self(user: Any, expert: ExpertProfile) -> bool:
    return bool(getattr(user, "is_authenticated", False) and expert.user_id == user.pk)


def can_read_identity(user: Any, expert: ExpertProfile) -> bool:
    """Only the person themself. Organisation staff never see legal names or contacts."""
    return is_self(user, expert)


def can_bring_experts(user: Any, organisation: Organisation) -> bool:
    """Who may make joining and password reset codes for an organisation: its admins and staff,
    and the facilitators of a survivor-led organisation, for its own members."""
    role = role_in(user, organisation)
    if role in MANAGING_ROLES:
        return True
    return role == Role.FACILITATOR and organisation.is_survivor_led


# Roles in a survivor-led organisation that act for its members in person: they keep profiles
# for members without a device, record consent said aloud and write down input.
SPEAKING_FOR_MEMBERS_ROLES = frozenset({Role.FACILITATOR, Role.ADMIN})


def can_act_for_members(user: Any, organisation: Organisation) -> bool:
    """A facilitator (or admin) of a survivor-led organisation or collective, for its members."""
    return (
        organisation.is_survivor_led and role_in(user, organisation) in SPEAKING_FOR_MEMBERS_ROLES
    )
