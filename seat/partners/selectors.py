"""Reads for partner requests, always scoped to the person asking.

The host reads its requests with counts only: who a partner's members are never leaves the
partner. The partner reads what the host asks and how each member it invited takes part.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from seat.accounts.enums import OrganisationKind
from seat.accounts.models import Organisation
from seat.accounts.rules import can_read_engagement, role_in, roles_of
from seat.consultations.enums import InvitationStatus
from seat.consultations.models import Consultation, Invitation
from seat.partners.enums import PartnerRequestStatus
from seat.partners.models import PartnerRequest
from seat.partners.rules import can_act_for_members, can_ask_partner
from seat.people.models import ExpertProfile
from seat.people.rules import SPEAKING_FOR_MEMBERS_ROLES

SURVIVOR_LED_KINDS = (OrganisationKind.SURVIVOR_LED, OrganisationKind.COLLECTIVE)


def partner_members(*, partner: Organisation) -> QuerySet[ExpertProfile]:
    """The partner's members (ExpertLink), by chosen name: those with an account and those it
    keeps a profile for because they have no device. Nothing of their other links."""
    return (
        ExpertProfile.objects.filter(links__organisation=partner)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .select_related("user")
        .order_by("pseudonym")
    )


def partner_organisations_for_user(*, user: Any) -> list[Organisation]:
    """The survivor-led organisations and collectives ``user`` acts for as facilitator or
    admin: her workspace covers their requests."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role__in=SPEAKING_FOR_MEMBERS_ROLES,
            kind__in=SURVIVOR_LED_KINDS,
        ).order_by("name")
    )


def _with_counts(requests: QuerySet[PartnerRequest]) -> QuerySet[PartnerRequest]:
    """Each request with how many invitations its partner forwarded, accepted, declined, and
    with input sent: counts, never who."""
    return requests.annotate(
        forwarded=Count("invitations", distinct=True),
        accepted=Count(
            "invitations",
            filter=Q(invitations__status=InvitationStatus.ACCEPTED),
            distinct=True,
        ),
        declined=Count(
            "invitations",
            filter=Q(invitations__status=InvitationStatus.DECLINED),
            distinct=True,
        ),
        input_sent=Count("invitations__contribution", distinct=True),
    )


def requests_for_consultation(*, consultation: Consultation) -> list[PartnerRequest]:
    """The host's requests for one consultation, with counts. The caller fetched the
    consultation for the reader (``consultation_get_for_user``)."""
    return list(
        _with_counts(consultation.partner_requests.select_related("partner")).order_by(
            "partner__name"
        )
    )


def partners_to_ask(*, consultation: Consultation) -> QuerySet[Organisation]:
    """Survivor-led organisations and collectives registered in Seat that the host may ask now:
    not itself, and none with a request waiting or accepted."""
    return (
        Organisation.objects.filter(kind__in=SURVIVOR_LED_KINDS)
        .exclude(pk=consultation.project.organisation_id)
        .exclude(
            partner_requests__consultation=consultation,
            partner_requests__status__in=[
                PartnerRequestStatus.PENDING,
                PartnerRequestStatus.ACCEPTED,
            ],
        )
        .order_by("name")
    )


def partner_request_get_for_host(*, user: Any, request_id: Any) -> PartnerRequest:
    """A request as its host may act on it: 404 for another organisation, 403 for a role that
    does not ask partners."""
    request = (
        PartnerRequest.objects.select_related("consultation__project__organisation", "partner")
        .filter(pk=request_id)
        .first()
    )
    if request is None or not can_read_engagement(user, request.consultation.organisation):
        raise Http404
    if not can_ask_partner(user, request):
        raise PermissionDenied
    return request


def requests_for_partner_user(*, user: Any) -> list[PartnerRequest]:
    """Every request to the organisations ``user`` acts for, with counts, soonest last day
    first. One query."""
    return list(
        _with_counts(
            PartnerRequest.objects.filter(
                partner__in=[o.pk for o in partner_organisations_for_user(user=user)]
            ).select_related("consultation__project__organisation", "partner")
        ).order_by("consultation__deadline", "created_at")
    )


def _for_partner(user: Any, partner: Organisation) -> None:
    """404 unless ``user`` belongs to ``partner``; 403 unless she acts for its members."""
    if role_in(user, partner) is None:
        raise Http404
    if not can_act_for_members(user, partner):
        raise PermissionDenied


def partner_request_get_for_partner(*, user: Any, request_id: Any) -> PartnerRequest:
    """A request as the partner reads it: 404 for anyone outside the partner (the host
    included: it has its own pages), 403 for a role that does not act for members."""
    request = (
        PartnerRequest.objects.select_related("consultation__project__organisation", "partner")
        .filter(pk=request_id)
        .first()
    )
    if request is None or not getattr(user, "is_authenticated", False):
        raise Http404
    _for_partner(user, request.partner)
    return request


def forwarded_invitations(*, request: PartnerRequest) -> list[Invitation]:
    """The invitations the partner forwarded for ``request``, by chosen name, each with its
    input and payment, for the partner's own page. One query."""
    return list(
        request.invitations.select_related(
            "expert__user", "contribution__payment", "contribution__response"
        ).order_by("expert__pseudonym")
    )


def members_to_forward(*, request: PartnerRequest) -> QuerySet[ExpertProfile]:
    """The partner's members not yet invited to the consultation."""
    return partner_members(partner=request.partner).exclude(
        invitations__consultation_id=request.consultation_id
    )


def forwarded_invitation_get_for_partner(*, user: Any, invitation_id: Any) -> Invitation:
    """An invitation the partner forwarded, as its facilitator may answer it for the member:
    404 for anyone outside the partner and for an invitation it did not forward."""
    invitation = (
        Invitation.objects.select_related(
            "via__partner", "consultation__project__organisation", "expert__user"
        )
        .filter(pk=invitation_id, via__isnull=False)
        .first()
    )
    if invitation is None or not getattr(user, "is_authenticated", False):
        raise Http404
    _for_partner(user, invitation.via.partner)  # type: ignore[union-attr]
    return invitation


def acts_only_for_members(*, user: Any) -> bool:
    """Whether every organisation ``user`` belongs to is survivor-led and she acts for its
    members in at least one: the site's home is then her workspace (``/partners/``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = roles_of(user)
    if not roles:
        return False
    kinds = dict(Organisation.objects.filter(pk__in=list(roles)).values_list("pk", "kind"))
    return all(kind in SURVIVOR_LED_KINDS for kind in kinds.values()) and any(
        role in SPEAKING_FOR_MEMBERS_ROLES for role in roles.values()
    )
