"""Scores, divergence and gaps from ratings. Pure functions over plain data, so they are easy to test.

Levels run 1..4; a level becomes a score of 0, 33.3, 66.7 or 100. Each perspective (staff,
survivor advisors) is averaged over its own respondents, and the two perspectives weigh the same
in the combined score however many people answered on each side. Domains weigh the same in the
overall score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean

from seat.assessment.enums import MAX_LEVEL, MIN_LEVEL, Perspective

PERSPECTIVES = (Perspective.STAFF.value, Perspective.SURVIVOR.value)
# Staff and survivor advisors a full level apart or more on an indicator is itself a finding.
DIVERGENCE_THRESHOLD = 1.0
STEP = 100 / (MAX_LEVEL - MIN_LEVEL)


def level_to_score(level: float) -> float:
    return (level - MIN_LEVEL) * STEP


def maturity_level(score: float | None) -> int | None:
    """1 not yet (<25), 2 emerging (<50), 3 established (<75), 4 leading."""
    if score is None:
        return None
    return min(MAX_LEVEL, MIN_LEVEL + int(score // 25))


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return mean(present) if present else None


@dataclass(frozen=True)
class IndicatorInfo:
    key: str
    domain_key: str
    text: str


@dataclass(frozen=True)
class RatingInfo:
    indicator_key: str
    perspective: str
    level: int | None


@dataclass
class IndicatorResult:
    key: str
    domain_key: str
    text: str
    mean_level: dict[str, float | None]
    respondents: dict[str, int]
    score: float | None = None
    divergence: float | None = None
    gain: float = 0.0

    def perspective_score(self, perspective: str) -> float | None:
        level = self.mean_level[perspective]
        return None if level is None else level_to_score(level)


@dataclass
class DomainResult:
    key: str
    title: str
    scores: dict[str, float | None]
    score: float | None
    indicators: list[IndicatorResult] = field(default_factory=list)


@dataclass
class Results:
    scores: dict[str, float | None]
    score: float | None
    level: int | None
    domains: list[DomainResult]
    indicators: list[IndicatorResult]

    def divergent(self, limit: int = 10) -> list[IndicatorResult]:
        found = [
            i
            for i in self.indicators
            if i.divergence is not None and i.divergence >= DIVERGENCE_THRESHOLD
        ]
        return sorted(found, key=lambda i: (-(i.divergence or 0), i.key))[:limit]

    def gaps(self, limit: int = 10) -> list[IndicatorResult]:
        """What to improve first: the biggest rise in the overall score, then what survivors rated lowest."""
        found = [i for i in self.indicators if i.score is not None and i.gain > 0]
        return sorted(found, key=lambda i: (-round(i.gain, 6), _survivor_first(i), i.key))[:limit]

    def survivor_lowest(self, limit: int = 5) -> list[IndicatorResult]:
        found = [i for i in self.indicators if i.mean_level[Perspective.SURVIVOR] is not None]
        return sorted(found, key=lambda i: (_survivor_first(i), i.key))[:limit]


def _survivor_first(indicator: IndicatorResult) -> float:
    level = indicator.mean_level[Perspective.SURVIVOR]
    return level if level is not None else float(MAX_LEVEL + 1)


def results_compute(
    *,
    domains: list[tuple[str, str]],
    indicators: list[IndicatorInfo],
    ratings: Iterable[RatingInfo],
    survivor_min_group: int = 1,
) -> Results:
    """``domains`` are (key, title) in order; ratings with level None ("I don't know") are left out.

    Survivor advisors' levels on an indicator count only when at least ``survivor_min_group``
    advisors gave one: below that the mean would be one or two people's answer, and since the
    combined, domain and overall scores and the divergence all use it, it is dropped before
    anything is computed rather than hidden afterwards (a combined score with one advisor in it
    gives that advisor's answer away by subtraction).
    """
    levels: dict[tuple[str, str], list[int]] = defaultdict(list)
    for rating in ratings:
        if rating.level is not None:
            levels[(rating.indicator_key, rating.perspective)].append(rating.level)
    for cell in [c for c in levels if c[1] == Perspective.SURVIVOR]:
        if len(levels[cell]) < survivor_min_group:
            del levels[cell]

    by_domain: dict[str, list[IndicatorResult]] = defaultdict(list)
    results: list[IndicatorResult] = []
    for info in indicators:
        mean_level = {p: _mean(levels.get((info.key, p), [])) for p in PERSPECTIVES}
        result = IndicatorResult(
            key=info.key,
            domain_key=info.domain_key,
            text=info.text,
            mean_level=mean_level,
            respondents={p: len(levels.get((info.key, p), [])) for p in PERSPECTIVES},
        )
        result.score = _mean(result.perspective_score(p) for p in PERSPECTIVES)
        staff, survivor = mean_level[Perspective.STAFF], mean_level[Perspective.SURVIVOR]
        if staff is not None and survivor is not None:
            result.divergence = abs(staff - survivor)
        by_domain[info.domain_key].append(result)
        results.append(result)

    domain_results = []
    for key, title in domains:
        items = by_domain.get(key, [])
        domain_results.append(
            DomainResult(
                key=key,
                title=title,
                scores={p: _mean(i.perspective_score(p) for i in items) for p in PERSPECTIVES},
                score=_mean(i.score for i in items),
                indicators=items,
            )
        )

    # How much the overall score would rise if this indicator went up one level: every answer
    # to it below the top moves up one (those at the top cannot), the perspectives are averaged
    # again, and the rise is carried through the weights: the overall score is the mean of the
    # scored domains, a domain's the mean of its scored indicators. So the gain depends on how
    # many already answer at the top, on the other side's view and on the domain's size.
    scored_domains = [d for d in domain_results if d.score is not None]
    for domain in scored_domains:
        scored = [i for i in domain.indicators if i.score is not None]
        for indicator in scored:
            assert indicator.score is not None
            raised = _mean(
                level_to_score(mean(min(MAX_LEVEL, level + 1) for level in answers))
                if (answers := levels.get((indicator.key, p)))
                else None
                for p in PERSPECTIVES
            )
            assert raised is not None
            indicator.gain = (raised - indicator.score) / len(scored) / len(scored_domains)

    overall = _mean(d.score for d in domain_results)
    return Results(
        scores={p: _mean(d.scores[p] for d in domain_results) for p in PERSPECTIVES},
        score=overall,
        level=maturity_level(overall),
        domains=domain_results,
        indicators=results,
    )
