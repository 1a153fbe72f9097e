"""Assessment endpoints: the framework for anyone, results for members of the organisation."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from seat.assessment import selectors
from seat.assessment.scoring import Results

router = Router(tags=["assessment"])


class IndicatorOut(Schema):
    id: str
    text: str
    levels: list[str]
    sources: list[str]


class DomainOut(Schema):
    id: str
    title: str
    indicators: list[IndicatorOut]


class SourceOut(Schema):
    id: str
    title: str
    url: str | None = None


class FrameworkOut(Schema):
    version: str
    title: str
    lang: str
    domains: list[DomainOut]
    sources: list[SourceOut]


class RoundOut(Schema):
    id: UUID
    title: str
    organisation: str
    status: str
    created_at: str


class DomainScoreOut(Schema):
    id: str
    title: str
    staff: float | None
    survivor: float | None
    score: float | None


class IndicatorScoreOut(Schema):
    id: str
    staff_level: float | None
    survivor_level: float | None
    score: float | None
    divergence: float | None
    gain: float


class ResultsOut(Schema):
    round: RoundOut
    staff: float | None
    # Survivor advisors' values are averages of at least ``min_group`` advisors, or null: only
    # once the round is completed and enough advisors answered (``survivor_shown``).
    survivor_shown: bool
    survivor_respondents: int
    min_group: int
    survivor: float | None
    score: float | None
    level: int | None
    domains: list[DomainScoreOut]
    indicators: list[IndicatorScoreOut]
    divergent: list[str]
    gaps: list[str]


@router.get("/framework", response=FrameworkOut, auth=None, summary="The current framework")
def framework(request: HttpRequest, lang: str = "en") -> dict[str, Any]:
    """The framework's words in ``lang`` where translated, English elsewhere."""
    current = selectors.framework_current()
    if current is None:
        raise Http404
    known = {code for code, _name in settings.LANGUAGES}
    return selectors.framework_as_dict(current, lang=lang if lang in known else "en")


def _round_out(assessment_round: Any) -> dict[str, Any]:
    return {
        "id": assessment_round.pk,
        "title": assessment_round.title,
        "organisation": assessment_round.organisation.name,
        "status": assessment_round.status,
        "created_at": assessment_round.created_at.isoformat(),
    }


@router.get("/rounds", response=list[RoundOut], summary="Rounds of the organisations you belong to")
def rounds(request: HttpRequest) -> list[dict[str, Any]]:
    return [_round_out(r) for r in selectors.rounds_for_user(user=request.user)]


@router.get("/rounds/{round_id}", response=ResultsOut, summary="Results of one round")
def round_results(request: HttpRequest, round_id: UUID) -> dict[str, Any]:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    results: Results = selectors.round_results(assessment_round=assessment_round)
    group = selectors.survivor_group(assessment_round=assessment_round)
    return {
        "round": _round_out(assessment_round),
        "staff": results.scores["staff"],
        "survivor_shown": group.shown,
        "survivor_respondents": group.respondents,
        "min_group": group.min_group,
        "survivor": results.scores["survivor"],
        "score": results.score,
        "level": results.level,
        "domains": [
            {
                "id": d.key,
                "title": d.title,
                "staff": d.scores["staff"],
                "survivor": d.scores["survivor"],
                "score": d.score,
            }
            for d in results.domains
        ],
        "indicators": [
            {
                "id": i.key,
                "staff_level": i.mean_level["staff"],
                "survivor_level": i.mean_level["survivor"],
                "score": i.score,
                "divergence": i.divergence,
                "gain": i.gain,
            }
            for i in results.indicators
        ],
        "divergent": [i.key for i in results.divergent()],
        "gaps": [i.key for i in results.gaps()],
    }
