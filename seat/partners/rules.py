"""Who may do what with partner requests and in-person sessions."""

from __future__ import annotations

from typing import Any

from seat.accounts.rules import can_manage_engagement, role_in
from seat.partners.models import PartnerRequest
from seat.people.rules import SPEAKING_FOR_MEMBERS_ROLES, can_act_for_members

__all__ = ["can_act_for_members", "can_ask_partner", "can_decide_request", "can_see_request"]


def can_ask_partner(user: Any, request: PartnerRequest) -> bool:
    """The host's admins and staff ask partners and withdraw what they asked."""
    return can_manage_engagement(user, request.consultation.project.organisation)


def can_decide_request(user: Any, request: PartnerRequest) -> bool:
    """The partner's facilitators and admins decide, forward and write down input."""
    return can_act_for_members(user, request.partner)


def can_see_request(user: Any, request: PartnerRequest) -> bool:
    return can_ask_partner(user, request) or (
        role_in(user, request.partner) in SPEAKING_FOR_MEMBERS_ROLES
    )
