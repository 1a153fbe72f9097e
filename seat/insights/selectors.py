"""Who may read which figures, and the figures put together for a page, export or API answer.

Every member of an organisation (whatever the role, survivor advisors too) may read its figures:
they are aggregates, and small groups are hidden (diversity.py). People who work with the
organisation as experts read them too, on their own page. Anyone else gets a 404: an
organisation's existence is not theirs to learn from here.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from seat.accounts.models import Organisation
from seat.accounts.rules import is_member
from seat.core.models import AuditEvent
from seat.insights.diversity import Diversity, diversity_for
from seat.insights.ladder import LadderPlace, Rung, ladder_place, rung_of_assessment_level
from seat.insights.metrics import (
    Insights,
    Period,
    Scope,
    Share,
    TimeToPay,
    contribution_figures,
    experts_in,
    insights_compute,
    time_to_pay,
)
from seat.insights.summaries import figures_refresh
from seat.people.selectors import expert_for_user, expert_is_linked


def can_read_insights(user: Any, organisation: Organisation) -> bool:
    return is_member(user, organisation)


def can_read_figures_as_expert(user: Any, organisation: Organisation) -> bool:
    """An expert reads the figures of an organisation she works with (her link to it)."""
    expert = expert_for_user(user=user)
    return expert is not None and expert_is_linked(expert=expert, organisation=organisation)


def organisation_for_insights(*, user: Any, organisation_id: Any) -> Organisation:
    """The organisation, for one of its members; 404 for anyone else or an unknown id."""
    organisation = _organisation(organisation_id)
    if organisation is None or not can_read_insights(user, organisation):
        raise Http404
    return organisation


def organisation_for_expert(*, user: Any, organisation_id: Any) -> Organisation:
    organisation = _organisation(organisation_id)
    if organisation is None or not can_read_figures_as_expert(user, organisation):
        raise Http404
    return organisation


def _organisation(organisation_id: Any) -> Organisation | None:
    try:
        return Organisation.objects.filter(pk=organisation_id).first()
    except (ValidationError, ValueError, TypeError):
        return None


def scope_for(
    *, organisation: Organisation, project_id: Any = None, consultation_id: Any = None
) -> Scope:
    """A project or consultation of ``organisation`` (404 for another organisation's). A
    consultation of another project than the one given (left chosen after another project was
    picked) gives way: the project wins, in the pages, the files and the API alike."""
    from seat.consultations.models import Consultation, Project

    try:
        if consultation_id:
            consultation = (
                Consultation.objects.select_related("project")
                .filter(pk=consultation_id, project__organisation=organisation)
                .first()
            )
            if consultation is None:
                raise Http404
            if not project_id or str(consultation.project_id) == str(project_id):
                return Scope(organisation, consultation.project, consultation)
        if project_id:
            project = Project.objects.filter(pk=project_id, organisation=organisation).first()
            if project is None:
                raise Http404
            return Scope(organisation, project)
    except ValidationError as error:
        raise Http404 from error
    return Scope(organisation)


@dataclass(frozen=True)
class SelfView:
    """What the organisation's latest completed self-assessment says of it, as ladder rungs."""

    round_id: str
    title: str
    closed_on: datetime.date | None
    staff: Rung | None
    survivors: Rung | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "round": self.round_id,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "staff_rung": self.staff.key if self.staff else None,
            "survivor_advisors_rung": self.survivors.key if self.survivors else None,
        }


def self_view_of(*, organisation: Organisation, lang: str = "en") -> SelfView | None:
    """The latest completed round's overall level for staff and for survivor advisors (their
    answers count only as a group, as on the assessment's own pages)."""
    from seat.assessment.enums import Perspective, RoundStatus
    from seat.assessment.models import AssessmentRound
    from seat.assessment.scoring import maturity_level
    from seat.assessment.selectors import round_results

    latest = (
        AssessmentRound.objects.filter(organisation=organisation, status=RoundStatus.CLOSED)
        .order_by("-closed_at", "-created_at")
        .first()
    )
    if latest is None:
        return None
    results = round_results(assessment_round=latest, lang=lang)
    return SelfView(
        round_id=str(latest.pk),
        title=latest.title,
        closed_on=latest.closed_at.date() if latest.closed_at else None,
        staff=rung_of_assessment_level(maturity_level(results.scores[Perspective.STAFF])),
        survivors=rung_of_assessment_level(maturity_level(results.scores[Perspective.SURVIVOR])),
    )


@dataclass(frozen=True)
class InsightsReport:
    """The figures, the rung they put the organisation on, who took part (totals only, small
    groups hidden: diversity.py) and (organisation scope only) what its self-assessment says
    beside them."""

    insights: Insights
    ladder: LadderPlace
    self_view: SelfView | None
    diversity: Diversity

    @property
    def differs(self) -> bool:
        """The self-assessment puts the organisation on another rung than what it does."""
        if self.self_view is None:
            return False
        said = {self.self_view.staff, self.self_view.survivors} - {None}
        return any(rung != self.ladder.rung for rung in said)


def report_for(
    *,
    scope: Scope,
    period: Period,
    lang: str | None = "en",
    computed: tuple[Insights, Diversity] | None = None,
) -> InsightsReport:
    """Everything the pages, files and API show; ``lang`` is the active language (a regional
    variant such as "es-pe" reads as its language). ``computed``: the figures and the diversity
    totals, when ``figures_for`` has them already."""
    lang = (lang or "en").split("-")[0]
    insights, diversity = computed or (
        insights_compute(scope=scope, period=period),
        diversity_for(experts=experts_in(scope, period)),
    )
    self_view = None
    if scope.level == "organisation" and scope.organisation is not None:
        self_view = self_view_of(organisation=scope.organisation, lang=lang)
    return InsightsReport(
        insights=insights, ladder=ladder_place(insights), self_view=self_view, diversity=diversity
    )


def quarters_before(today: datetime.date, count: int = 8) -> list[Period]:
    """The last ``count`` calendar quarters, oldest first, the current one last (to today)."""
    periods = []
    year, quarter = today.year, (today.month - 1) // 3
    for _ in range(count):
        start = datetime.date(year, quarter * 3 + 1, 1)
        next_year, next_quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
        end = min(
            datetime.date(next_year, next_quarter * 3 + 1, 1) - datetime.timedelta(days=1), today
        )
        periods.append(Period(start=start, end=end))
        year, quarter = (year - 1, 3) if quarter == 0 else (year, quarter - 1)
    return list(reversed(periods))


def scope_options(*, scope: Scope) -> tuple[list[Any], list[Any]]:
    """What the dashboard's scope picker offers: the organisation's projects and, once a project
    is chosen, its published consultations (two queries, however many there are)."""
    from seat.consultations.models import Consultation, Project
    from seat.insights.metrics import PUBLISHED

    projects = list(
        Project.objects.filter(organisation=scope.organisation)
        .only("pk", "title")
        .order_by("title")
    )
    consultations: list[Any] = []
    if scope.project is not None:
        consultations = list(
            Consultation.objects.filter(project=scope.project, status__in=PUBLISHED)
            .only("pk", "title")
            .order_by("-opens_on", "title")
        )
    return projects, consultations


@dataclass(frozen=True)
class QuarterFigures:
    """What the dashboard's trend charts draw for one quarter."""

    period: Period
    answered: Share
    paid: Share
    time_to_pay: TimeToPay


def quarter_figures_for(
    *, scope: Scope, today: datetime.date, quarters: int = 8
) -> list[QuarterFigures]:
    """Loop closure, paid share and time to pay quarter by quarter, oldest first: the three
    metrics the trend charts draw, without the rest (four or five queries a quarter)."""

    periods = quarters_before(today, quarters)
    figures_refresh()
    rows = []
    for period in periods:
        figures = contribution_figures(scope, period)
        rows.append(
            QuarterFigures(
                period=period,
                answered=Share(figures["answered"], figures["closed"]),
                paid=Share(figures["paid"], figures["total"]),
                time_to_pay=time_to_pay(scope, period),
            )
        )
    return rows


def _latest_change(scope: Scope) -> Any:
    """The newest audit event of the scope's organisation: every write that can move its figures
    (input sent, a response, a payment, a rating) records one, so a cached copy made before it
    is never read after it."""
    if scope.organisation is None:
        return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    return (
        AuditEvent.objects.filter(organisation_id=scope.organisation.pk)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )


def _figures_key(scope: Scope, period: Period, quarters: int, lang: str) -> str:
    parts = [
        # The diversity table's labels are words in the reader's language, made with the
        # figures: one copy per language.
        lang,
        str(getattr(scope.organisation, "pk", "")),
        str(getattr(scope.project, "pk", "")),
        str(getattr(scope.consultation, "pk", "")),
        period.start.isoformat(),
        period.end.isoformat(),
        str(quarters),
        timezone.localdate().isoformat(),
        str(_latest_change(scope)),
    ]
    return "insights.figures:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def figures_for(
    *, scope: Scope, period: Period, lang: str | None, quarters: int
) -> tuple[InsightsReport, list[QuarterFigures]]:
    """The report and the quarter-by-quarter trend the dashboard and the funder report draw.

    Kept in the cache for ``SEAT_INSIGHTS_CACHE_SECONDS`` under the organisation's newest change
    (``_latest_change``): ten staff reading a large organisation's dashboard pay for its
    aggregates once a minute, not once a view (half a second each on 100,000 contributions).
    A change the organisation's audit log records (input, a response, a payment, a rating) is
    shown at once; one it does not (a survivor changing her answers about herself, which the
    diversity totals count) within the minute. Only the figures are cached (counts, shares,
    medians, the titles of the organisation's own consultations), never anything of a person."""
    seconds = settings.SEAT_INSIGHTS_CACHE_SECONDS
    lang = (lang or "en").split("-")[0]
    key = _figures_key(scope, period, quarters, lang) if seconds else ""
    cached = cache.get(key) if seconds else None
    if cached is None:
        cached = (
            insights_compute(scope=scope, period=period),
            diversity_for(experts=experts_in(scope, period)),
            quarter_figures_for(scope=scope, today=period.end, quarters=quarters),
        )
        if seconds:
            cache.set(key, cached, seconds)
    insights, diversity, trend = cached
    # The rung and the self-assessment's words are read fresh: cheap, and in the reader's
    # language.
    report = report_for(scope=scope, period=period, lang=lang, computed=(insights, diversity))
    return report, trend
