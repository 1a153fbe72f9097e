from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from seat.accountability.models import QuestionResponse, Response
from seat.accountability.rules import can_relay
from seat.accounts.models import User
from seat.consultations.models import Contribution, Question
from seat.consultations.selectors import contribution_partner
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people.selectors import partner_facilitators


@dataclass(frozen=True)
class QuestionAnswer:
    """Staff's response to her answer to one question, apart from the rest."""

    question: Question
    outcome: str
    reason: str


@transaction.atomic
def response_record(
    *,
    actor: User,
    contribution: Contribution,
    outcome: str,
    reason: str,
    per_question: Sequence[QuestionAnswer] = (),
) -> Response:
    """Record (or revise) what became of a contribution, and of her answers to the questions
    staff answer one by one (the ones not given lose their own response); shared with the
    person at once. She is told once that there is an answer, and once more when an answer
    "under consideration" becomes a decision."""
    asked = {answer.question_id for answer in contribution.answers.all()}
    if any(item.question.pk not in asked for item in per_question):
        raise ValueError("a question's response must be about a question she answered")
    if len({item.question.pk for item in per_question}) != len(per_question):
        raise ValueError("one response per question")
    before = Response.objects.filter(contribution=contribution).first()
    response, created = Response.objects.update_or_create(
        contribution=contribution,
        defaults={
            "outcome": outcome,
            "reason": reason,
            "responded_by": actor,
            "shared_at": timezone.now(),
        },
    )
    decided_now = response.is_decided and before is not None and not before.is_decided
    if decided_now and response.relayed_at is not None:
        # The partner told the people "under consideration"; it now has the decision to tell.
        response.relayed_at = None
        response.relayed_by = None
        response.save(update_fields=["relayed_at", "relayed_by"])
    response.per_question.exclude(question__in=[item.question for item in per_question]).delete()
    for item in per_question:
        QuestionResponse.objects.update_or_create(
            response=response,
            question=item.question,
            defaults={"outcome": item.outcome, "reason": item.reason},
        )
    audit_record(
        actor=actor,
        verb="response.record" if created else "response.revise",
        target=response,
        outcome=outcome,
        questions=len(per_question),
    )
    consultation = contribution.consultation
    # Once per contribution, and once more for the decision after "under consideration": a
    # revised response is on her page, without another message.
    key = f"response.{'decided' if decided_now else 'recorded'}:{contribution.pk}"
    notify(
        event=Event.RESPONSE_RECORDED,
        recipients=[contribution.expert.user] if contribution.expert else [],
        key=key,
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
            key=f"partner.{key}",
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
