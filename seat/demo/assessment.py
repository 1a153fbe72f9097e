"""Demo self-assessment: two completed rounds with staff and survivor-advisor answers, and actions."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from seat.accounts.models import Organisation, User
from seat.assessment import services
from seat.assessment.enums import ActionStatus
from seat.assessment.models import AssessmentRound, Indicator
from seat.assessment.selectors import round_results
from seat.notifications.models import Notification

# Evidence notes as people really write them: short, specific, each in their own words. Every
# respondent writes on a few questions of their own choosing, so no two rows share a note.
EVIDENCE = {
    "staff": [
        "Board minutes, March; job descriptions on file.",
        "Policy approved last year, but nobody owns it since Farida left.",
        "Two survivor trainers on contract; budget line 4.2.",
        "We pay within 30 days; the last two invoices took 45.",
        "Complaints go to the director; no survivor sits on the panel.",
        "Consultation plan exists for the shelter project only.",
        "Training on trauma-informed practice for all new staff, since January.",
        "Outcome letters sent for the spring consultation, not yet for the autumn one.",
        "Interpretation booked for Bangla and Hindi; Nepali speakers had none.",
    ],
    "survivor": [
        "We were asked late last time, one week before the deadline.",
        "The pay came two months after the meeting, and only after I asked twice.",
        "They listened in the meeting, but I never heard what happened next.",
        "The facilitator spoke Bangla, which made it easy to say what I meant.",
        "Travel was paid, but not the day of work I lost.",
        "I was asked to tell my story at the event. I said no, and they respected it.",
        "We saw the draft only when it was almost printed.",
        "The new complaints line came from our group's idea; they told us so.",
        "Childcare was offered, which is why I could come at all.",
        "Nobody explained who would read our answers.",
        "Our group reviewed the training and two of us now co-deliver it.",
        "The survey was only in English; a friend translated it for me.",
        "They asked about our needs, not about what happened to us. That felt right.",
        "Meetings are always in the city, a full day's travel from our village.",
        "I do not know if this exists; nobody told us.",
        "Women in our group were paid the same rate as the outside consultant.",
    ],
}


def _answer_round(
    assessment_round: AssessmentRound,
    people: list[tuple[User, str]],
    indicators: list[Indicator],
    *,
    lift: int,
    seed: int,
) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    notes = {side: rng.sample(texts, len(texts)) for side, texts in EVIDENCE.items()}
    for position, (person, side) in enumerate(people):
        answers: dict[str, tuple[int | None, str]] = {}
        for n, indicator in enumerate(indicators):
            base = 1 + (n * 7 + seed) % 3  # 1..3, varies by indicator
            level = base + (1 if side == "staff" else 0) + lift + rng.choice([-1, 0, 0, 1])
            level = max(1, min(4, level))
            # Each person notes a few questions of their own, with a note of their own.
            writes = (n + position * 5) % 13 == 0 and notes[side]
            note = notes[side].pop() if writes else ""
            answers[indicator.key] = (None if n % 17 == 5 and side == "staff" else level, note)
        services.ratings_save(actor=person, assessment_round=assessment_round, answers=answers)


def demo_assessment(
    *, organisation: Organisation, admin: User, staff: User, advisors: list[User]
) -> None:
    for advisor in advisors:
        # Advisors are asked and say yes, as in the product: nobody is made one without it.
        asked = services.advisor_ask(
            actor=admin, organisation=organisation, expert=advisor.expert_profile
        )
        services.advisor_request_answer(actor=advisor, request=asked, accept=True)
        # Asked before the baseline a year ago, and answered then: the message is long read.
        before_baseline = timezone.now() - datetime.timedelta(days=380)
        Notification.objects.filter(key=f"advisor.asked:{asked.pk}").update(
            created_at=before_baseline, read_at=before_baseline + datetime.timedelta(days=1)
        )
    people = [(admin, "staff"), (staff, "staff")] + [(a, "survivor") for a in advisors]
    first = services.round_open(actor=admin, organisation=organisation, title="Baseline, 2025")
    indicators = list(Indicator.objects.filter(domain__framework=first.framework))
    _answer_round(first, people, indicators, lift=-1, seed=3)
    services.round_close(actor=admin, assessment_round=first)
    # The baseline happened a year ago; the trend needs it first.
    AssessmentRound.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=365),
        closed_at=timezone.now() - datetime.timedelta(days=330),
    )
    for gap in round_results(assessment_round=first).gaps(limit=3):
        indicator = next(i for i in indicators if i.key == gap.key)
        action = services.action_from_gap(actor=admin, assessment_round=first, indicator=indicator)
        services.action_update(
            actor=admin,
            action=action,
            title=action.title,
            owner=staff,
            due_on=action.due_on,
            status=ActionStatus.DONE,
        )

    second = services.round_open(actor=admin, organisation=organisation, title="Review, 2026")
    _answer_round(second, people, indicators, lift=0, seed=5)
    services.round_close(actor=admin, assessment_round=second)
    for gap in round_results(assessment_round=second).gaps(limit=2):
        indicator = next(i for i in indicators if i.key == gap.key)
        services.action_from_gap(actor=admin, assessment_round=second, indicator=indicator)
