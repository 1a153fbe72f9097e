"""Who may do what with projects, consultations and contributions."""

from __future__ import annotations

from typing import Any

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.accounts.rules import (
    ENGAGEMENT_ROLES,
    PAYMENT_RECORDING_ROLES,
    can_manage_engagement,
    can_read_engagement,
    role_in,
)
from seat.consultations.models import Consultation, Invitation, Project
from seat.people.rules import is_self


def can_view_project(user: Any, project: Project) -> bool:
    return can_read_engagement(user, project.organisation)


def can_manage_project(user: Any, project: Project) -> bool:
    return can_manage_engagement(user, project.organisation)


def can_answer_invitation(user: Any, invitation: Invitation) -> bool:
    return is_self(user, invitation.expert)


def can_view_consultation(user: Any, consultation: Consultation) -> bool:
    return can_view_project(user, consultation.project)


# Finance pays people and never needs their words, so it reads no contribution at all. The
# invitation counts the members in these roles to tell her who reads her words (promises.py).
CONTRIBUTION_READING_ROLES = frozenset(ENGAGEMENT_ROLES - {Role.FINANCE})


def can_read_contributions(user: Any, consultation: Consultation) -> bool:
    return can_read_contributions_to(user, consultation.project.organisation)


def can_read_contributions_to(user: Any, organisation: Organisation) -> bool:
    """Reads the input given to the organisation (and so sees what awaits a response)."""
    return role_in(user, organisation) in CONTRIBUTION_READING_ROLES


def can_record_payment_for(user: Any, consultation: Consultation) -> bool:
    return role_in(user, consultation.project.organisation) in PAYMENT_RECORDING_ROLES
