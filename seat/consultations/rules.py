"""Who may do what with projects, consultations and contributions."""

from __future__ import annotations

from typing import Any

from seat.accounts.rules import can_manage_engagement, can_read_engagement
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
