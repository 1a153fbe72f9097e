"""Demo self-assessment: two completed rounds with staff and survivor-advisor answers, and actions."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from seat.accounts.enums import Role
from seat.accounts.models import Organisation, User
from seat.accounts.services import membership_grant
from seat.assessment import services
from seat.assessment.enums import ActionStatus
from seat.assessment.models import AssessmentRound, Indicator
from seat.assessment.selectors import round_results

EVIDENCE = {
    "staff": "Board minutes, March; job descriptions on file.",
    "survivor": "We were asked late last time, one week before the deadline.",
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
    for person, side in people:
        answers: dict[str, tuple[int | None, str]] = {}
        for n, indicator in enumerate(indicators):
            base = 1 + (n * 7 + seed) % 3  # 1..3, varies by indicator
            level = base + (1 if side == "staff" else 0) + lift + rng.choice([-1, 0, 0, 1])
            level = max(1, min(4, level))
            note = EVIDENCE[side] if n % 9 == 0 else ""
            answers[indicator.key] = (None if n % 17 == 5 and side == "staff" else level, note)
        services.ratings_save(actor=person, assessment_round=assessment_round, answers=answers)


def demo_assessment(
    *, organisation: Organisation, admin: User, staff: User, advisors: list[User]
) -> None:
    for advisor in advisors:
        membership_grant(actor=admin, user=advisor, organisation=organisation, role=Role.ADVISOR)
    people = [(admin, "staff"), (staff, "staff")] + [(a, "survivor") for a in advisors]
    first = services.round_open(actor=admin, organisation=organisation, title="Baseline, 2025")
    indicators = list(Indicator.objects.filter(domain__framework=first.framework))
    _answer_round(first, people, indicators, lift=-1, seed=3)
    services.round_close(actor=admin, assessment_round=first)
    # The baseline happened a year ago; the trend needs it first.
    AssessmentRound.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=365)
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
