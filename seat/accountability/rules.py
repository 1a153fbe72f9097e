from __future__ import annotations

from typing import Any

from seat.accountability.models import Response
from seat.accounts.rules import can_manage_engagement
from seat.consultations.models import Contribution


def can_respond(user: Any, contribution: Contribution) -> bool:
    return can_manage_engagement(user, contribution.consultation.project.organisation)


def can_relay(user: Any, response: Response) -> bool:
    """The partner the input came through (its facilitators and admins) tells the person;
    the host cannot say it did."""
    from seat.consultations.selectors import contribution_partner
    from seat.people.rules import can_act_for_members

    partner = contribution_partner(response.contribution)
    return partner is not None and can_act_for_members(user, partner)


# Outcome reports (reports.py): staff and admins write, translate and send them; the roles that
# read what people said read them and their delivered/read counts (finance does not).
def can_manage_reports(user: Any, organisation: Any) -> bool:
    return can_manage_engagement(user, organisation)


def can_read_reports(user: Any, organisation: Any) -> bool:
    from seat.accounts.rules import role_in
    from seat.consultations.rules import CONTRIBUTION_READING_ROLES

    return role_in(user, organisation) in CONTRIBUTION_READING_ROLES
