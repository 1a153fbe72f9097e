from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from seat.accountability.models import Response
from seat.accountability.rules import can_relay
from seat.accounts.models import User
from seat.consultations.models import Contribution
from seat.consultations.selectors import contribution_partner
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people.selectors import partner_facilitators


@transaction.atomic
def response_record(
    *, actor: User, contribution: Contribution, outcome: str, reason: str
) -> Response:
    """Record (or revise) what became of a contribution; it is shared with the person at once."""
    response, created = Response.objects.update_or_create(
        contribution=contribution,
        defaults={
            "outcome": outcome,
            "reason": reason,
            "responded_by": actor,
            "shared_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        verb="response.record" if created else "response.revise",
        target=response,
        outcome=outcome,
    )
    consultation = contribution.consultation
    # Once per contribution: a revised response is on her page, without a second message.
    notify(
        event=Event.RESPONSE_RECORDED,
        recipients=[contribution.expert.user] if contribution.expert else [],
        key=f"response.recorded:{contribution.pk}",
        url=reverse("portal:contribution", args=[contribution.pk]),
        context={
            "organisation": consultation.project.organisation.name,
            "title": consultation.title,
        },
    )
    partner = contribution_partner(contribution)
    if partner is not None:
        # Input given through a partner reaches the person through it, in her language: its
        # facilitators hear that there is something to tell (once, like her own message).
        notify(
            event=Event.PARTNER_RESPONSE_RECORDED,
            recipients=partner_facilitators(organisation_id=partner.pk),
            key=f"partner.response.recorded:{contribution.pk}",
            url=reverse("partners:outcomes"),
            context={
                "organisation": consultation.project.organisation.name,
                "title": consultation.title,
            },
        )
    return response


@transaction.atomic
def response_relay(*, actor: User, response: Response) -> Response:
    """The partner's facilitator told the person (or, for a collective's contribution, its
    members) what became of the input. Only the partner the input came through may say so;
    a second call changes nothing."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not can_relay(actor, response):
        raise PermissionDenied
    if response.relayed_at is not None:
        return response
    response.relayed_at = timezone.now()
    response.relayed_by = actor
    response.save(update_fields=["relayed_at", "relayed_by"])
    audit_record(actor=actor, verb="response.relay", target=response)
    return response
