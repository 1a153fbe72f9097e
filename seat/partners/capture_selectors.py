"""Reads for in-person sessions, always for the acting user: a partner's facilitators and admins
see their own organisation's sessions; anyone else finds nothing (404), or is told their role
cannot (403) when the thing is theirs to know about."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from seat.accounts.models import Organisation
from seat.accounts.rules import is_member
from seat.consultations.enums import ConsultationStatus
from seat.consultations.models import Contribution
from seat.partners.enums import PartnerRequestStatus
from seat.partners.models import Capture, PartnerRequest
from seat.partners.rules import can_act_for_members, can_see_request
from seat.partners.selectors import partner_members, partner_organisations_for_user
from seat.people.models import ExpertProfile


def request_for_capture(*, user: Any, request_id: Any) -> PartnerRequest:
    """A request the user may write sessions down for: 404 unless the user is in the partner or
    is the host who asked; 403 for the host, and for a partner's role that does not act for
    members."""
    request = (
        PartnerRequest.objects.select_related("consultation__project__organisation", "partner")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404
    if can_act_for_members(user, request.partner):
        return request
    if is_member(user, request.partner) or can_see_request(user, request):
        raise PermissionDenied
    raise Http404


def members_of(*, request: PartnerRequest) -> list[ExpertProfile]:
    """The partner's members by chosen name, with or without a device: who can be written down
    in a session for ``request``."""
    return list(partner_members(partner=request.partner))


def organisations_acting_for_members(*, user: Any) -> list[Organisation]:
    """The survivor-led organisations whose members the user writes sessions down for."""
    return partner_organisations_for_user(user=user)


def sessions_of(*, organisations: list[Organisation]) -> QuerySet[Capture]:
    """The organisations' sessions, newest first, each with how many people took part."""
    return (
        Capture.objects.filter(partner__in=organisations)
        .select_related("consultation")
        .annotate(participants_count=Count("contributions"))
        .order_by("-held_on", "-created_at")
    )


def requests_open_for_capture(*, organisations: list[Organisation]) -> list[PartnerRequest]:
    """The organisations' accepted requests whose consultations still take input: where a
    session can be written down now, soonest last day first."""
    return list(
        PartnerRequest.objects.filter(
            partner__in=organisations,
            status=PartnerRequestStatus.ACCEPTED,
            consultation__status=ConsultationStatus.OPEN,
            consultation__deadline__gte=timezone.localdate(),
        )
        .select_related("consultation__project__organisation")
        .order_by("consultation__deadline", "created_at")
    )


def capture_get_for_user(*, user: Any, capture_id: Any) -> Capture:
    """One session, for the partner's facilitators and admins (its other members: 403)."""
    capture = (
        Capture.objects.select_related(
            "consultation__project__organisation", "partner", "captured_by"
        )
        .filter(pk=capture_id)
        .first()
    )
    if capture is None or not is_member(user, capture.partner):
        raise Http404
    if not can_act_for_members(user, capture.partner):
        raise PermissionDenied
    return capture


def capture_contributions(*, capture: Capture) -> list[Contribution]:
    """One contribution per participant, by chosen name, each with how many answers it has."""
    return list(
        capture.contributions.select_related("expert")
        .annotate(answers_count=Count("answers"))
        .order_by("expert__pseudonym", "pk")
    )
