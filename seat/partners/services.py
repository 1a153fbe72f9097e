"""Writes for partners: a host asks a survivor-led organisation to bring a consultation to its
members, and the partner decides. Forwarding, in-person answers and captures build on these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import Organisation, User
from seat.accounts.rules import can_manage_engagement
from seat.consultations.enums import ConsultationStatus
from seat.consultations.models import Consultation
from seat.core.privacy.audit import audit_record
from seat.partners.enums import CollectivePay, PartnerRequestStatus
from seat.partners.models import PartnerRequest
from seat.partners.rules import can_decide_request


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
    return request


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
