"""Demo: the three organisations stand on different rungs of the engagement ladder, for
reasons their insights page names.

- Amar Kantha, survivor-led, has asked its members at every stage of its peer-circles project
  for over a year: early, paid at parity and on time, every input answered, decisions shared
  (survivor-led).
- Bridgeway (data.py) asks early and answers, but pays survivors below other consultants and
  late, and opened one consultation the quality check blocked (consultative).
- The ministry asked for comments on final guidelines with nine days' notice, unpaid, and never
  answered (tokenistic), though its advisory council's recommendations are mostly accepted.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.accounts.enums import Role
from seat.accounts.models import Organisation, User
from seat.accounts.services import membership_grant, user_create
from seat.compensation.enums import RateRole, RateUnit
from seat.compensation.rates import rate_card_create
from seat.compensation.services import payment_approve, payment_pay, payment_record
from seat.consultations import services as loop
from seat.consultations.enums import (
    Attribution,
    Influence,
    MaterialState,
    PayMethod,
    PayUnit,
    Stage,
)
from seat.consultations.models import Consultation, Invitation
from seat.people.models import ExpertProfile

MINISTRY_OVERRIDE_REASON = (
    "The minister signs the guidelines next week; comments after that cannot be used, so we "
    "opened it without waiting for pay to be approved."
)

# Amar Kantha's peer-circles project: (title, stage, material, influence, opened days ago).
CIRCLES = [
    (
        "Peer circles: what should a first meeting feel like?",
        Stage.DESIGN,
        MaterialState.CONCEPT,
        Influence.EMPOWER,
        500,
    ),
    (
        "Peer circles: where should the circles meet this year?",
        Stage.DESIGN,
        MaterialState.CONCEPT,
        Influence.EMPOWER,
        300,
    ),
    (
        "Peer circles: the first guide for circle leaders",
        Stage.IMPLEMENTATION,
        MaterialState.EARLY_DRAFT,
        Influence.COLLABORATE,
        200,
    ),
    (
        "Peer circles: how should we judge the first year?",
        Stage.EVALUATION,
        MaterialState.EARLY_DRAFT,
        Influence.COLLABORATE,
        100,
    ),
]
CIRCLE_ANSWER = "Small groups of six, the same faces each time, and tea before anything else."
CIRCLE_RESPONSE = "We adopted it: the circles are six people, the same each month, tea first."
LEAD_DAYS = 28
# Under two weeks: the quality check blocks it, and the ministry opened it anyway.
MINISTRY_LEAD_DAYS = 9


def demo_ladder(
    *,
    collective: Organisation,
    ministry: Organisation,
    ministry_staff: User,
    members: list[ExpertProfile],
    rosa: ExpertProfile,
    today: datetime.date,
    as_if_it_ran_earlier: Callable[..., None],
) -> None:
    _survivor_led_circles(
        collective=collective,
        members=members,
        today=today,
        as_if_it_ran_earlier=as_if_it_ran_earlier,
    )
    _ministry_comments(
        ministry=ministry,
        staff=ministry_staff,
        rosa=rosa,
        today=today,
        as_if_it_ran_earlier=as_if_it_ran_earlier,
    )


def _survivor_led_circles(
    *,
    collective: Organisation,
    members: list[ExpertProfile],
    today: datetime.date,
    as_if_it_ran_earlier: Callable[..., None],
) -> None:
    lead = user_create(username="collective-lead", password=None, display_name="Shapla (lead)")
    membership_grant(actor=None, user=lead, organisation=collective, role=Role.ADMIN)
    rate_card_create(
        actor=lead,
        organisation=collective,
        role=RateRole.PARTICIPANT,
        unit=RateUnit.HOUR,
        currency="BDT",
        survivor_rate=Decimal("800.00"),
        peer_rate=Decimal("800.00"),
    )
    project = loop.project_create(
        actor=lead,
        organisation=collective,
        title="Peer support circles for returnee women",
        summary="Monthly circles run by members, for women back from work abroad.",
        stage=Stage.EVALUATION,
    )
    for title, stage, material, influence, opened_ago in CIRCLES:
        consultation = loop.consultation_create(
            actor=lead,
            project=project,
            title=title,
            purpose="Members decide how the circles run; we follow what you say.",
            stage=stage,
            material_state=material,
            influence=influence,
            opens_on=today,
            deadline=today + datetime.timedelta(days=LEAD_DAYS),
            expected_hours=Decimal("1.0"),
            pay_rate=Decimal("800.00"),
            pay_unit=PayUnit.HOUR,
            currency="BDT",
            expenses_covered=True,
            expenses_how="Bring your bus tickets to the next circle; Shapla pays them back.",
            pay_within_days=14,
            pay_method=PayMethod.MOBILE_MONEY,
            languages="bn",
            interpretation=False,
            support_name="Amar Kantha peer line: ask for Shapla",
            support_phone="+880 9612-000111",
            support_hours="Every day 10:00–18:00 Dhaka time",
            questions=["What would you change, and why?"],
        )
        loop.consultation_publish(actor=lead, consultation=consultation)
        loop.invitations_send(actor=lead, consultation=consultation, experts=members)
        for member in members:
            _answer_and_pay(lead=lead, consultation=consultation, member=member)
        loop.consultation_close(actor=lead, consultation=consultation)
        opens_on = today - datetime.timedelta(days=opened_ago)
        as_if_it_ran_earlier(
            consultation,
            opens_on=opens_on,
            deadline=opens_on + datetime.timedelta(days=LEAD_DAYS),
        )


def _answer_and_pay(*, lead: User, consultation: Consultation, member: ExpertProfile) -> None:
    assert member.user is not None  # the circles' members have accounts
    invitation = Invitation.objects.get(consultation=consultation, expert=member)
    invitation = loop.invitation_answer(actor=member.user, invitation=invitation, accept=True)
    question = consultation.questions.get()
    contribution = loop.contribution_submit(
        actor=member.user,
        invitation=invitation,
        answers={str(question.pk): CIRCLE_ANSWER},
        attribution=Attribution.NOT_QUOTED,
        idempotency_key=uuid.uuid4(),
    )
    response_record(
        actor=lead, contribution=contribution, outcome=Outcome.ADOPTED, reason=CIRCLE_RESPONSE
    )
    line = payment_record(
        actor=lead,
        contribution=contribution,
        units=Decimal("1"),
        unit=PayUnit.HOUR,
        rate=Decimal("800.00"),
        currency="BDT",
    )
    line = payment_approve(actor=lead, payment=line)
    payment_pay(actor=lead, payment=line, method=PayMethod.MOBILE_MONEY, reference="BK-CIRCLE")


def _ministry_comments(
    *,
    ministry: Organisation,
    staff: User,
    rosa: ExpertProfile,
    today: datetime.date,
    as_if_it_ran_earlier: Callable[..., None],
) -> None:
    director = user_create(username="ministry-director", password=None, display_name="Jorge")
    membership_grant(actor=None, user=director, organisation=ministry, role=Role.ADMIN)
    project = loop.project_create(
        actor=staff,
        organisation=ministry,
        title="National referral guidelines",
        summary="How police, labour inspectors and shelters refer people to support.",
        stage=Stage.IMPLEMENTATION,
    )
    common: dict[str, Any] = {
        "actor": staff,
        "project": project,
        "expected_hours": Decimal("3.0"),
        "pay_rate": None,
        "pay_unit": "",
        "currency": "USD",
        "expenses_covered": False,
        "languages": "es",
        "interpretation": False,
        "support_name": "Unidad contra la Trata: Lucía",
        "support_phone": "+51 1 555 0199",
        "support_hours": "Lunes a viernes, 9:00–17:00",
    }
    comments = loop.consultation_create(
        **common,
        title="Guías nacionales de derivación: comentarios",
        purpose="El borrador final de las guías está listo. Puede comentar antes de la firma.",
        stage=Stage.IMPLEMENTATION,
        material_state=MaterialState.FINAL,
        influence=Influence.INFORM,
        opens_on=today,
        deadline=today + datetime.timedelta(days=MINISTRY_LEAD_DAYS),
        questions=["¿Qué falta en las guías?"],
    )
    loop.consultation_publish(
        actor=director, consultation=comments, override_reason=MINISTRY_OVERRIDE_REASON
    )
    loop.invitations_send(actor=staff, consultation=comments, experts=[rosa])
    assert rosa.user is not None
    invitation = Invitation.objects.get(consultation=comments, expert=rosa)
    invitation = loop.invitation_answer(actor=rosa.user, invitation=invitation, accept=True)
    loop.contribution_submit(
        actor=rosa.user,
        invitation=invitation,
        answers={
            str(comments.questions.get().pk): (
                "Que la policía no pida papeles antes de derivar a un albergue."
            )
        },
        attribution=Attribution.ANONYMOUS,
        idempotency_key=uuid.uuid4(),
    )
    loop.consultation_close(actor=staff, consultation=comments)
    opens_on = today - datetime.timedelta(days=90)
    as_if_it_ran_earlier(
        comments, opens_on=opens_on, deadline=opens_on + datetime.timedelta(days=MINISTRY_LEAD_DAYS)
    )
