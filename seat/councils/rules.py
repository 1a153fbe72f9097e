"""Who may see and run a council. The host's admins and staff are its secretariat and run it;
finance and viewers read it. Members (survivor experts with a term) read the council they sit
on, their own attendance and their own pay, and nobody else's pay."""

from __future__ import annotations

from typing import Any

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.accounts.rules import PAYMENT_RECORDING_ROLES, can_manage_engagement, role_in, roles_of

READING_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.FINANCE, Role.VIEWER})


def can_read_council(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in READING_ROLES


def can_manage_council(user: Any, organisation: Organisation) -> bool:
    """The secretariat: the host's admins and staff."""
    return can_manage_engagement(user, organisation)


def can_see_council_pay(user: Any, organisation: Organisation) -> bool:
    """Who sees what each member is owed for a meeting: those who record pay."""
    return role_in(user, organisation) in PAYMENT_RECORDING_ROLES


def can_manage_councils_anywhere(user: Any) -> bool:
    return any(role in {Role.ADMIN, Role.STAFF} for role in roles_of(user).values())


def can_read_councils_anywhere(user: Any) -> bool:
    return any(role in READING_ROLES for role in roles_of(user).values())
