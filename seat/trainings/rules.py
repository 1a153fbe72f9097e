"""Who may see and record an organisation's training sessions.

Admins and staff run the deployments (record, import); finance reads them, since it pays the
trainers; other roles (viewers, facilitators, survivor advisors) do not see trainers' pay."""

from __future__ import annotations

from typing import Any

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.accounts.rules import MANAGING_ROLES, role_in, roles_of

READING_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.FINANCE})


def can_read_trainings(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in READING_ROLES


def can_manage_trainings(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in MANAGING_ROLES


def can_read_trainings_anywhere(user: Any) -> bool:
    """The link to the trainings pages is shown to those with a role that reads them somewhere."""
    return any(role in READING_ROLES for role in roles_of(user).values())
