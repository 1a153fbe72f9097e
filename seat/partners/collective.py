"""A collective's one contribution, in the name of its members: how many took part, never who.

The collective speaks in its own name, so its contribution has no person and no consent ledger:
it is used, and quoted (under the collective's name) or not, as the collective chose when giving
it. It is paid through the collective, as the host offered when it asked (PartnerRequest).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from seat.accounts.models import User
from seat.compensation.services import payment_owed_for_contribution
from seat.consultations.enums import Attribution, ContributionChannel
from seat.consultations.models import Answer, Contribution
from seat.consultations.services import LoopError, answers_clean, consultation_held_for_input
from seat.core.formats import format_number
from seat.core.privacy.audit import audit_record
from seat.partners.enums import PartnerRequestStatus
from seat.partners.models import PartnerRequest
from seat.partners.rules import can_decide_request

# A collective's contribution speaks for the members who took part in its meeting: more than this
# is not one conversation, and a typo (5000 for 50) would multiply what the host pays.
MEMBERS_MAX = 500

# How a collective's words may be used: quoted under the collective's name, or used unquoted.
COLLECTIVE_ATTRIBUTIONS = (Attribution.PSEUDONYM, Attribution.NOT_QUOTED)


def members_count_message() -> str:
    return _("Say how many members took part: from 1 to %(max)s.") % {
        "max": format_number(MEMBERS_MAX)
    }


def members_count_problem(members_count: int | None) -> str | None:
    if members_count is None or not 1 <= members_count <= MEMBERS_MAX:
        return members_count_message()
    return None


def collective_contribution_of(*, request: PartnerRequest) -> Contribution | None:
    """The contribution the partner already gave for this request's consultation, if any."""
    return Contribution.objects.filter(
        consultation_id=request.consultation_id, collective_id=request.partner_id
    ).first()


def collective_contribution_submit(
    *,
    actor: User,
    request: PartnerRequest,
    members_count: int,
    answers: dict[Any, str],
    attribution: str,
    idempotency_key: uuid.UUID,
) -> Contribution:
    """Save the partner's one contribution for the consultation it accepted, in the name of
    ``members_count`` members. A second submission (the same form again, or a new one) returns
    the first; nothing is saved unless everything is (answers, count, quoting choice)."""
    if not can_decide_request(actor, request):
        raise PermissionDenied
    existing = Contribution.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if (existing.consultation_id, existing.collective_id) != (
            request.consultation_id,
            request.partner_id,
        ):
            raise LoopError(_("This form has already been used."))
        return existing
    if (existing := collective_contribution_of(request=request)) is not None:
        return existing
    if request.status != PartnerRequestStatus.ACCEPTED:
        raise LoopError(_("Accept the request before you give the collective's input."))
    if problem := members_count_problem(members_count):
        raise LoopError(problem)
    if attribution not in COLLECTIVE_ATTRIBUTIONS:
        raise LoopError(_("Choose how the collective's words may be used."))
    try:
        with transaction.atomic():
            consultation = consultation_held_for_input(consultation_id=request.consultation_id)
            questions = {str(q.pk): q for q in consultation.questions.all()}
            kept = answers_clean(questions=questions, answers=answers)
            contribution = Contribution.objects.create(
                consultation=consultation,
                collective=request.partner,
                members_count=members_count,
                channel=ContributionChannel.COLLECTIVE,
                captured_by=actor,
                attribution=attribution,
                idempotency_key=idempotency_key,
            )
            Answer.objects.bulk_create(
                Answer(contribution=contribution, question=questions[key], text=text)
                for key, text in kept.items()
            )
            payment_owed_for_contribution(contribution=contribution)
            audit_record(
                actor=actor,
                verb="contribution.collective",
                target=contribution,
                members=members_count,
            )
            return contribution
    except IntegrityError:
        # The same form, or a colleague's, won the race: hand back the one that was saved.
        winner = collective_contribution_of(request=request)
        if winner is None:
            raise
        return winner
