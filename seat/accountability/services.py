from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from seat.accountability.models import Response
from seat.accounts.models import User
from seat.consultations.models import Contribution
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify


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
    return response
