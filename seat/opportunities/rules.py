"""Who may see and run an organisation's opportunities, and what an applicant shows it.

Admins and staff post opportunities and move applications; finance reads them (read-only);
other roles do not see who applied."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.accounts.rules import MANAGING_ROLES, role_in, roles_of

READING_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.FINANCE})

# What the organisation's pages show of an application: the apply form promises exactly this,
# and the organisation's list of applications shows exactly this (plus where it stands).
WHAT_THE_ORGANISATION_SEES = (
    ("pseudonym", _("your chosen name")),
    ("note", _("your note, if you write one")),
)


def can_read_opportunities(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in READING_ROLES


def can_manage_opportunities(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in MANAGING_ROLES


def can_read_opportunities_anywhere(user: Any) -> bool:
    return any(role in READING_ROLES for role in roles_of(user).values())
