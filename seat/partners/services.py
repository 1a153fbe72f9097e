"""Writes for partners: a host asks a survivor-led organisation to bring a consultation to its
members (and may withdraw), the partner decides, forwards the invitation to members it chooses,
and records a member's answer heard in person. Captures build on these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import Membership, Organisation, User
from seat.accounts.rules import can_manage_engagement
from seat.consultations.enums import ConsultationStatus
from seat.consultations.models import Consultation, Invitation
from seat.consultations.services import (
    LoopError,
    consultation_has_ended,
    invitation_answer,
    invitations_tell,
)
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.partners.enums import CollectivePay, PartnerRequestStatus
from seat.partners.models import PartnerRequest
from seat.partners.rules import can_act_for_members, can_ask_partner, can_decide_request
from seat.partners.selectors import partner_members
from seat.people.models import ExpertProfile
from seat.people.rules import SPEAKING_FOR_MEMBERS_ROLES
from seat.people.services import WITNESSED_CHANNELS


class PartnerError(Exception):
    """A partner step that cannot happen; the message is safe to show."""


@transaction.atomic
def partner_request_create(
    *,
    actor: User,
    consultation: Consultation,
    partner: Organisation,
    collective_pay: str = CollectivePay.PER_MEMBER,
) -> PartnerRequest:
    """Ask ``partner`` to bring ``consultation`` to its members. Asking twice returns the first
    request; asking again after a decline or a withdrawal asks afresh."""
    if not can_manage_engagement(actor, consultation.project.organisation):
        raise PermissionDenied
    if not partner.is_survivor_led:
        raise PartnerError(_("Only a survivor-led organisation or a collective can be a partner."))
    if partner.pk == consultation.project.organisation_id:
        raise PartnerError(_("An organisation cannot be its own partner."))
    if consultation.status == ConsultationStatus.DRAFT:
        raise PartnerError(
            _("Publish this consultation first: a partner decides on its final pay and terms.")
        )
    if consultation.status != ConsultationStatus.OPEN:
        raise PartnerError(_("This consultation has ended. Nothing was sent."))
    if collective_pay not in CollectivePay.values:
        raise PartnerError(_("Choose how pay for a collective contribution reaches people."))
    request = (
        PartnerRequest.objects.select_for_update()
        .filter(consultation=consultation, partner=partner)
        .first()
    )
    if request is not None:
        if request.status in {PartnerRequestStatus.PENDING, PartnerRequestStatus.ACCEPTED}:
            return request
        request.status = PartnerRequestStatus.PENDING
        request.collective_pay = collective_pay
        request.requested_by = actor
        request.decided_by = None
        request.decided_at = None
        request.save(
            update_fields=["status", "collective_pay", "requested_by", "decided_by", "decided_at"]
        )
    else:
        try:
            with transaction.atomic():
                request = PartnerRequest.objects.create(
                    consultation=consultation,
                    partner=partner,
                    collective_pay=collective_pay,
                    requested_by=actor,
                )
        except IntegrityError:
            return PartnerRequest.objects.get(consultation=consultation, partner=partner)
    audit_record(actor=actor, verb="partner_request.create", target=request)
    _tell_partner(request)
    return request


def _tell_partner(request: PartnerRequest) -> None:
    """The partner's facilitators and admins hear of a request (asked afresh: heard afresh)."""
    consultation = request.consultation
    notify(
        event=Event.PARTNER_REQUEST,
        recipients=[
            membership.user
            for membership in Membership.objects.filter(
                organisation=request.partner, role__in=SPEAKING_FOR_MEMBERS_ROLES
            ).select_related("user")
        ],
        key=f"partner.request:{request.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        url=reverse("partners:request", args=[request.pk]),
        context={
            "organisation": consultation.project.organisation.name,
            "partner": request.partner.name,
            "title": consultation.title,
            "deadline": consultation.deadline.isoformat(),
        },
    )


@transaction.atomic
def partner_request_withdraw(*, actor: User, request: PartnerRequest) -> PartnerRequest:
    """The host takes its request back. The invitations the partner already forwarded stay as
    they are (with their answers, input and pay); the partner can forward no more. Withdrawing
    twice changes nothing."""
    request = (
        PartnerRequest.objects.select_for_update()
        .select_related("consultation__project__organisation")
        .get(pk=request.pk)
    )
    if not can_ask_partner(actor, request):
        raise PermissionDenied
    if request.status == PartnerRequestStatus.WITHDRAWN:
        return request
    if request.status == PartnerRequestStatus.DECLINED:
        raise PartnerError(_("The partner declined this request: there is nothing to withdraw."))
    if request.consultation.status != ConsultationStatus.OPEN:
        raise PartnerError(
            _("This consultation has ended: its requests to partners stay as they were.")
        )
    request.status = PartnerRequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    audit_record(actor=actor, verb="partner_request.withdrawn", target=request)
    return request


def _forward_problem(request: PartnerRequest) -> str | None:
    """Why the partner cannot forward ``request`` now, in words for its facilitator."""
    consultation = request.consultation
    if request.status == PartnerRequestStatus.PENDING:
        return _("Accept the request before you send it to members.")
    if request.status == PartnerRequestStatus.DECLINED:
        return _("You declined this request. Nothing was sent.")
    if request.status == PartnerRequestStatus.WITHDRAWN:
        return _("The host withdrew this request. Nothing was sent.")
    if consultation.status == ConsultationStatus.CANCELLED:
        return _("This consultation was cancelled. Nothing was sent.")
    if consultation.status != ConsultationStatus.OPEN:
        return _("This consultation is closed. Nothing was sent.")
    if consultation_has_ended(consultation):
        return _("The last day to take part has passed. Nothing was sent.")
    return None


@transaction.atomic
def invitation_forward(
    *, actor: User, request: PartnerRequest, experts: list[ExpertProfile]
) -> list[Invitation]:
    """Invite each chosen member through the partner, once: the invitation names the partner
    (``via``), and goes out as the host's do (``invitations_tell``). Members already invited
    (directly or by another partner) are left as they are. Anyone who is not a member of the
    partner is refused, and then nothing is sent. Returns the new invitations."""
    request = (
        PartnerRequest.objects.select_for_update()
        .select_related("consultation__project__organisation", "partner")
        .get(pk=request.pk)
    )
    if not can_decide_request(actor, request):
        raise PermissionDenied
    if problem := _forward_problem(request):
        raise PartnerError(problem)
    wanted = {expert.pk for expert in experts}
    members = list(partner_members(partner=request.partner).filter(pk__in=wanted))
    if len(members) != len(wanted):
        raise PartnerError(
            _("Only members of %(partner)s can be sent this invitation. Nothing was sent.")
            % {"partner": request.partner.name}
        )
    consultation = request.consultation
    created = []
    for expert in members:
        invitation, is_new = Invitation.objects.get_or_create(
            consultation=consultation,
            expert=expert,
            defaults={"invited_by": actor, "via": request},
        )
        if is_new:
            audit_record(actor=actor, verb="invitation.forward", target=invitation)
            created.append(invitation)
    invitations_tell(consultation=consultation, invitations=created)
    return created


@transaction.atomic
def invitation_answer_for_member(
    *, actor: User, invitation: Invitation, accept: bool, language: str, channel: str
) -> Invitation:
    """Record the answer a member gave the partner's facilitator in person (``channel`` VERBAL)
    or on a phone call (PHONE), after the invitation was read to her in ``language``: her
    consent to take part is recorded with the facilitator as witness. Works whether or not she
    has an account; an answer already given (by her or for her) stays as it was."""
    request = invitation.via
    if request is None or not can_act_for_members(actor, request.partner):
        raise PermissionDenied
    if not partner_members(partner=request.partner).filter(pk=invitation.expert_id).exists():
        raise PermissionDenied
    if channel not in WITNESSED_CHANNELS:
        raise PartnerError(_("Say whether she answered in person or on a phone call."))
    if not language:
        raise PartnerError(_("Say which language the invitation was read to her in."))
    if accept and request.status == PartnerRequestStatus.WITHDRAWN:
        raise PartnerError(_("The host withdrew this request. Nothing was recorded."))
    try:
        return invitation_answer(
            actor=actor, invitation=invitation, accept=accept, channel=channel, language=language
        )
    except LoopError as error:
        raise PartnerError(str(error)) from error


@transaction.atomic
def partner_request_decide(*, actor: User, request: PartnerRequest, accept: bool) -> PartnerRequest:
    """The partner's facilitator accepts or declines; a second answer changes nothing."""
    request = PartnerRequest.objects.select_for_update().get(pk=request.pk)
    if not can_decide_request(actor, request):
        raise PermissionDenied
    if request.status != PartnerRequestStatus.PENDING:
        return request
    if accept and request.consultation.status != ConsultationStatus.OPEN:
        raise PartnerError(_("This consultation is not open for input."))
    request.status = PartnerRequestStatus.ACCEPTED if accept else PartnerRequestStatus.DECLINED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, verb=f"partner_request.{request.status}", target=request)
    return request
