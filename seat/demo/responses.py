"""Demo: input still awaiting a response, so the staff list of it has something to show: one
consultation closed six weeks ago whose responses are overdue (one answered "under
consideration", one not at all), and input to an open one, not due yet."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.accounts.models import User
from seat.consultations import services as loop
from seat.consultations.enums import Attribution, Influence, MaterialState, Stage
from seat.consultations.models import Consultation, Invitation
from seat.people.models import ExpertProfile


def _give(*, consultation: Consultation, expert: ExpertProfile, texts: list[str]) -> Any:
    invitation = Invitation.objects.get(consultation=consultation, expert=expert)
    person = expert.user
    assert person is not None  # every demo expert has a login
    invitation = loop.invitation_answer(actor=person, invitation=invitation, accept=True)
    questions = list(consultation.questions.all())
    return loop.contribution_submit(
        actor=person,
        invitation=invitation,
        answers={str(q.pk): text for q, text in zip(questions, texts, strict=True)},
        attribution=Attribution.PSEUDONYM,
        idempotency_key=uuid.uuid4(),
    )


def demo_awaiting_responses(
    *,
    common: dict[str, Any],
    staff: User,
    today: datetime.date,
    overdue_from: tuple[ExpertProfile, ExpertProfile],
    open_consultation: Consultation,
    not_due_from: ExpertProfile,
    as_if_it_ran_earlier: Any,
) -> None:
    considered, waiting = overdue_from
    rules = loop.consultation_create(
        **common,
        title="Shelter house rules: what should change?",
        purpose="We are rewriting the house rules of our two shelters and want to start from yours.",
        stage=Stage.IMPLEMENTATION,
        material_state=MaterialState.EARLY_DRAFT,
        influence=Influence.INVOLVE,
        opens_on=today,
        deadline=today + datetime.timedelta(days=21),
        pay_rate=Decimal("600.00"),
        languages="bn,en",
        questions=[
            "Which house rule made your stay harder than it needed to be?",
            "What should a new resident be told on her first day?",
        ],
    )
    loop.consultation_publish(actor=staff, consultation=rules)
    loop.invitations_send(actor=staff, consultation=rules, experts=[considered, waiting])
    first = _give(
        consultation=rules,
        expert=considered,
        texts=[
            "The phone rule. We could use our phones only one hour a day, so we could not call "
            "our children or the lawyer.",
            "Where her things are kept, who to ask at night, and that she may leave when she wants.",
        ],
    )
    _give(
        consultation=rules,
        expert=waiting,
        texts=[
            "Lights out at nine. Many of us worked nights for years and could not sleep.",
            "That the staff will not tell her family where she is.",
        ],
    )
    response_record(
        actor=staff,
        contribution=first,
        outcome=Outcome.UNDER_CONSIDERATION,
        reason="The shelter board meets in January and will decide on the phone rule then. "
        "We will write to you the week after.",
    )
    loop.consultation_close(actor=staff, consultation=rules)
    # It ran two months ago and closed six weeks ago: the responses are past their day.
    as_if_it_ran_earlier(
        rules,
        opens_on=today - datetime.timedelta(days=70),
        deadline=today - datetime.timedelta(days=45),
    )
    # Input to the open consultation, sent today: its response is due after it closes.
    _give(
        consultation=open_consultation,
        expert=not_due_from,
        texts=[
            "Cómo reconocer una oferta falsa: el sueldo demasiado alto, el pasaporte que se "
            "quedan, la deuda del viaje.",
            "Mujeres que ya volvieron, en la escuela del pueblo, no en la oficina del agente.",
            "Un número gratuito que conteste en nuestro idioma, y saber que el consulado ayuda.",
        ],
    )
