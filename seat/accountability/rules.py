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
