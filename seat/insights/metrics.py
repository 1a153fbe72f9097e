"""Engagement quality metrics, as ../DESIGN.md defines them, computed by the database.

Every figure is an aggregate (COUNT, MIN/MAX, ordered slices for medians) over indexed columns:
nothing here loops over rows in Python, so an organisation with 100,000 contributions costs the
same number of queries as one with ten (bench/insights.py measures it).

What counts in a period (``Period``, both days included):
- a consultation counts when its invitations went out (``opens_on``) in the period and it was
  published (open, closed or cancelled; never a draft); its input, answers and pay count with it;
- payment lines count by the day of the work (``work_on``), except cancelled ones;
- council recommendations count by the day they were submitted.

A share with nothing to count is ``None`` ("no data yet"), never a division by zero.
Each metric's definition, in words, is ``DEFINITIONS[key]``: the pages show it beside the figure.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import Membership, Organisation
from seat.compensation.enums import UNSETTLED, PaymentStatus
from seat.compensation.models import PaymentLine, RateCard
from seat.consultations.enums import (
    ConsultationStatus,
    Influence,
    MaterialState,
    Stage,
)
from seat.consultations.models import Consultation, ConsultationCheck, Contribution, Project
from seat.core.formats import format_number
from seat.councils.enums import RecommendationStatus
from seat.councils.models import Recommendation
from seat.insights.models import AnswerDelay, ConsultationFigures
from seat.insights.summaries import PUBLISHED, figures_refresh
from seat.partners.enums import PartnerRequestStatus
from seat.partners.models import PartnerRequest

EARLY_MATERIAL = (MaterialState.CONCEPT, MaterialState.EARLY_DRAFT)
# Influence levels from "involve" up: people shape the work, not only comment on it.
SHAPING_INFLUENCE = (Influence.INVOLVE, Influence.COLLABORATE, Influence.EMPOWER)
SHARED_POWER_INFLUENCE = (Influence.COLLABORATE, Influence.EMPOWER)
ADOPTED_RECOMMENDATIONS = (
    RecommendationStatus.ACCEPTED,
    RecommendationStatus.PARTLY_ACCEPTED,
    RecommendationStatus.IMPLEMENTED,
)
DECIDED_RECOMMENDATIONS = (*ADOPTED_RECOMMENDATIONS, RecommendationStatus.REJECTED)
# Roles that are paid work inside the organisation (a viewer or an advisor is not staff).
STAFF_ROLES = (Role.ADMIN, Role.STAFF, Role.FACILITATOR, Role.FINANCE)
LEADERSHIP_ROLES = (Role.ADMIN,)
SURVIVOR_LED_KINDS = (OrganisationKind.SURVIVOR_LED, OrganisationKind.COLLECTIVE)
# "Engaged across more than 12 months": first and latest input more than a year apart.
CONTINUITY_SPAN = datetime.timedelta(days=365)
# The quality check's default shortest lead time (an organisation may set its own).
DEFAULT_MIN_LEAD_DAYS = 14
# Consultations opened despite blockers listed by name; beyond these, a count.
OVERRIDES_LISTED = 20


def with_percent(message: Callable[[], str], percent: int) -> Promise:
    """A lazy text whose percent is a placeholder filled in when it is shown: a literal "90%"
    in a message is read by gettext as a format directive ("% o") that no translation can
    match ("৯০%"), so catalogs would not compile."""
    text = lazy(lambda: message() % {"percent": format_number(percent)}, str)()
    return cast(Promise, text)


DEFINITIONS: dict[str, Promise] = {
    "stage_coverage": _(
        "Share of projects with survivor input at each stage: design, implementation and "
        "evaluation. A project counts if it existed by the end of the period; input counts in "
        "the period its consultation opened."
    ),
    "early_input": _(
        "Share of consultations that asked about an idea or an early draft, rather than work "
        "that was nearly or already final."
    ),
    "lead_time": _(
        "Median number of days between the day invitations went out and the last day to take "
        "part, and how many consultations gave less time than the organisation's minimum."
    ),
    "paid_share": _("Share of input given to consultations that offered payment."),
    "pay_parity": with_percent(
        lambda: gettext(
            "For each rate card, the survivor rate divided by the rate paid to other "
            "consultants for the same work, unit and currency. The figure shown is the lowest: "
            "%(percent)s%% is parity."
        ),
        100,
    ),
    "time_to_pay": _(
        "Median number of days from the day of the work to the day it was paid, how many "
        "payments were paid after their due day, and how many are still unpaid after it."
    ),
    "loop_closure": _(
        "Share of input to consultations that have closed which has an answer shared with the "
        "person, and the median number of days from the input to the answer."
    ),
    "influence": _(
        "How much influence consultations gave (inform, consult, involve, collaborate, "
        "empower), the share of decided input that was adopted in whole or in part, and the "
        "share of advisory council recommendations accepted."
    ),
    "continuity": _(
        "Share of people who gave input in the period whose first input to the organisation "
        "was more than 12 months before their latest, and how many people with lived "
        "experience hold paid staff or leadership roles in it on Seat."
    ),
    "partnership": _(
        "Share of consultations run with or through survivor-led organisations: a partner "
        "accepted to bring its members' input, or the organisation is survivor-led itself."
    ),
    "diversity": _(
        "Who took part, as they describe themselves, if they chose to: totals only. Small "
        "numbers are hidden so that nobody can be recognised."
    ),
    "overrides": _(
        "Consultations opened although the quality check found problems that should have "
        "been fixed first, with the reason given."
    ),
}


class PeriodError(ValueError):
    """A period that cannot be measured (its end before its start)."""


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(_("The period ends before it starts."))

    def ends_before(self) -> datetime.datetime:
        """The first moment after the period, in Seat's time zone."""
        last = min(self.end, datetime.date.max - datetime.timedelta(days=2))  # no overflow
        return timezone.make_aware(
            datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
        )

    @classmethod
    def last_months(cls, months: int = 12, *, today: datetime.date | None = None) -> Period:
        """The ``months`` months up to and including today: from the day after the same day
        ``months`` months before (the month's last day where it has no such day), so 12 months
        to 31 December start on 1 January."""
        today = today or timezone.localdate()
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        day = min(today.day, calendar.monthrange(year, month + 1)[1])
        before = datetime.date(year, month + 1, day)
        return cls(start=before + datetime.timedelta(days=1), end=today)


@dataclass(frozen=True)
class Scope:
    """What is measured: one organisation, one of its projects, one of its consultations, or
    (``organisation`` None) every organisation on this Seat."""

    organisation: Organisation | None
    project: Project | None = None
    consultation: Consultation | None = None

    @property
    def level(self) -> str:
        if self.consultation is not None:
            return "consultation"
        if self.project is not None:
            return "project"
        return "organisation" if self.organisation is not None else "all"


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``; no percent when there is nothing to count."""

    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        if not self.whole:
            return None
        return int((Decimal(self.part) * 100 / self.whole).quantize(Decimal(1), ROUND_HALF_UP))

    def at_least(self, percent: int) -> bool:
        """Part/whole ≥ percent%, exactly (no rounding): None-safe, False with no data."""
        return bool(self.whole) and self.part * 100 >= percent * self.whole

    def as_dict(self) -> dict[str, Any]:
        return {"part": self.part, "whole": self.whole, "percent": self.percent}


@dataclass(frozen=True)
class Median:
    """The median of ``count`` values in days, to one decimal; None when there are none."""

    days: Decimal | None
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"days": None if self.days is None else str(self.days), "count": self.count}


@dataclass(frozen=True)
class StageCoverage:
    projects: int
    by_stage: dict[str, Share]

    def as_dict(self) -> dict[str, Any]:
        return {
            "projects": self.projects,
            "stages": {stage: share.as_dict() for stage, share in self.by_stage.items()},
        }


@dataclass(frozen=True)
class LeadTime:
    median: Median
    shorter_than_minimum: int
    minimum_days: int

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.median.as_dict(),
            "shorter_than_minimum": self.shorter_than_minimum,
            "minimum_days": self.minimum_days,
        }


@dataclass(frozen=True)
class RateParity:
    role: str
    unit: str
    currency: str
    survivor_rate: Decimal
    peer_rate: Decimal

    @property
    def percent(self) -> int:
        from seat.compensation.rates import Parity

        return Parity(survivor_rate=self.survivor_rate, peer_rate=self.peer_rate).percent


@dataclass(frozen=True)
class PayParity:
    """One entry per rate card with a rate for other consultants; ``lowest`` is the worst."""

    cards: list[RateParity]

    @property
    def lowest(self) -> int | None:
        return min((card.percent for card in self.cards), default=None)

    @property
    def below_parity(self) -> int:
        return sum(1 for card in self.cards if card.survivor_rate < card.peer_rate)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lowest_percent": self.lowest,
            "below_parity": self.below_parity,
            "rate_cards": [
                {
                    "role": card.role,
                    "unit": card.unit,
                    "currency": card.currency,
                    "survivor_rate": str(card.survivor_rate),
                    "peer_rate": str(card.peer_rate),
                    "percent": card.percent,
                }
                for card in self.cards
            ],
        }


@dataclass(frozen=True)
class TimeToPay:
    median: Median
    on_time: Share
    paid_late: int
    overdue: int

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.median.as_dict(),
            "paid_on_time": self.on_time.as_dict(),
            "paid_late": self.paid_late,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class LoopClosure:
    answered: Share
    median: Median

    def as_dict(self) -> dict[str, Any]:
        return {"answered": self.answered.as_dict(), "median_days": self.median.as_dict()}


@dataclass(frozen=True)
class InfluenceMix:
    levels: dict[str, int]
    input_adopted: Share
    recommendations_adopted: Share

    @property
    def consultations(self) -> int:
        return sum(self.levels.values())

    def share_at(self, levels: tuple[str, ...]) -> Share:
        return Share(sum(self.levels[level] for level in levels), self.consultations)

    def as_dict(self) -> dict[str, Any]:
        return {
            "levels": self.levels,
            "input_adopted": self.input_adopted.as_dict(),
            "recommendations_adopted": self.recommendations_adopted.as_dict(),
        }


@dataclass(frozen=True)
class Continuity:
    over_a_year: Share
    survivors_on_staff: int
    survivors_in_leadership: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "engaged_over_12_months": self.over_a_year.as_dict(),
            "survivors_on_staff": self.survivors_on_staff,
            "survivors_in_leadership": self.survivors_in_leadership,
        }


@dataclass(frozen=True)
class Override:
    consultation_id: str
    title: str
    blockers: int
    reason: str


@dataclass(frozen=True)
class Insights:
    """Every metric for one scope and period (``diversity`` and ``ladder`` are added by
    ``insights_for``, which knows who is asking)."""

    scope: Scope
    period: Period
    consultations: int
    contributions: int
    people: int
    stage_coverage: StageCoverage
    early_input: Share
    lead_time: LeadTime
    paid_share: Share
    pay_parity: PayParity
    time_to_pay: TimeToPay
    loop_closure: LoopClosure
    influence: InfluenceMix
    continuity: Continuity
    partnership: Share
    # The newest few (OVERRIDES_LISTED) and how many in all.
    overrides: list[Override] = field(default_factory=list)
    overrides_count: int = 0

    @property
    def has_data(self) -> bool:
        return bool(self.consultations or self.stage_coverage.projects)


# Building blocks ----------------------------------------------------------------------------


def _days(value: datetime.timedelta | int | float | None) -> Decimal:
    """A difference the database returned, in days (SQLite may give microseconds)."""
    if isinstance(value, datetime.timedelta):
        return Decimal(value.days) + Decimal(value.seconds) / Decimal(86400)
    if isinstance(value, int | float):
        return Decimal(value) / Decimal(86_400_000_000)
    return Decimal(0)


def median_of(queryset: QuerySet[Any], expression: Any, *, count: int | None = None) -> Median:
    """The median of ``expression`` over ``queryset``, found by the database: the one or two
    middle values of the ordered column. ``count`` is how many rows have a value, when the
    caller has counted them already (else one more query counts them)."""
    rows = queryset.annotate(_value=expression).filter(_value__isnull=False)
    if count is None:
        count = rows.count()
    if not count:
        return Median(days=None, count=0)
    low = (count - 1) // 2
    middle = list(rows.order_by("_value").values_list("_value", flat=True)[low : count // 2 + 1])
    if not middle:  # the rows changed between the count and now
        return Median(days=None, count=0)
    days = sum((_days(value) for value in middle), Decimal(0)) / len(middle)
    return Median(days=days.quantize(Decimal("0.1"), ROUND_HALF_UP), count=count)


class _MedianOf(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the median (the mean of the two middle values
    when there are an even number, as ``median_of``), computed in the same pass as the counts
    beside it instead of a second pass that sorts the same rows again."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_aggregates(**expressions: tuple[Any, Q | None]) -> dict[str, Aggregate]:
    """``{name: median aggregate}`` where the database computes medians in an aggregate query
    (PostgreSQL); empty elsewhere, and ``median_of`` finds them by an ordered slice."""
    if connection.vendor != "postgresql":
        return {}
    return {
        name: _MedianOf(expression, filter=condition)
        for name, (expression, condition) in expressions.items()
    }


def median_from(
    figures: dict[str, Any], name: str, *, count: int, rows: QuerySet[Any], expression: Any
) -> Median:
    """The median ``figures`` holds under ``name`` if the aggregate query computed it, else
    one found by ``median_of`` over ``rows``."""
    if name not in figures:
        return median_of(rows, expression, count=count)
    if not count or figures[name] is None:
        return Median(days=None, count=0)
    return Median(days=_days(figures[name]).quantize(Decimal("0.1"), ROUND_HALF_UP), count=count)


def _difference(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def consultations_in(scope: Scope, period: Period) -> QuerySet[Consultation]:
    """Published consultations of the scope whose invitations went out in the period."""
    rows = Consultation.objects.filter(
        status__in=PUBLISHED, opens_on__gte=period.start, opens_on__lte=period.end
    )
    if scope.consultation is not None:
        return rows.filter(pk=scope.consultation.pk)
    if scope.project is not None:
        return rows.filter(project=scope.project)
    if scope.organisation is not None:
        return rows.filter(project__organisation=scope.organisation)
    return rows


def _in_scope(rows: QuerySet[Any], scope: Scope, period: Period) -> QuerySet[Any]:
    """Summary rows (ConsultationFigures, AnswerDelay) of the scope's published consultations
    whose invitations went out in the period: the same as ``consultations_in``, found in the
    summaries' own index by the organisation and day copied into them."""
    rows = rows.filter(published=True, opens_on__gte=period.start, opens_on__lte=period.end)
    if scope.consultation is not None:
        return rows.filter(consultation=scope.consultation)
    if scope.project is not None:
        return rows.filter(project=scope.project)
    if scope.organisation is not None:
        return rows.filter(organisation=scope.organisation)
    return rows


def figures_in(scope: Scope, period: Period) -> QuerySet[ConsultationFigures]:
    return _in_scope(ConsultationFigures.objects.all(), scope, period)


def contributions_in(scope: Scope, period: Period) -> QuerySet[Contribution]:
    return Contribution.objects.filter(consultation__in=consultations_in(scope, period))


def projects_in(scope: Scope, period: Period) -> QuerySet[Project]:
    """Projects that existed by the end of the period (the stage coverage's whole)."""
    if scope.consultation is not None:
        return Project.objects.filter(pk=scope.consultation.project_id)
    if scope.project is not None:
        return Project.objects.filter(pk=scope.project.pk)
    rows = Project.objects.filter(created_at__date__lte=period.end)
    if scope.organisation is not None:
        rows = rows.filter(organisation=scope.organisation)
    return rows


def payments_in(scope: Scope, period: Period) -> QuerySet[PaymentLine]:
    """Payment lines for the scope's work in the period, except cancelled ones. An organisation
    counts all its paid work (councils, trainings too); a project or consultation its input."""
    rows = PaymentLine.objects.exclude(status=PaymentStatus.CANCELLED)
    if scope.level in ("project", "consultation"):
        return rows.filter(contribution__in=contributions_in(scope, period))
    rows = rows.filter(work_on__gte=period.start, work_on__lte=period.end)
    if scope.organisation is not None:
        rows = rows.filter(organisation=scope.organisation)
    return rows


def experts_in(scope: Scope, period: Period) -> QuerySet[Any]:
    """The people who gave input in their own name in the scope and period (for diversity)."""
    from seat.people.models import ExpertProfile

    return ExpertProfile.objects.filter(
        pk__in=contributions_in(scope, period).filter(expert__isnull=False).values("expert")
    )


def _minimum_lead_days(scope: Scope) -> int:
    if scope.organisation is not None:
        return scope.organisation.min_lead_days or DEFAULT_MIN_LEAD_DAYS
    return DEFAULT_MIN_LEAD_DAYS


# The metrics --------------------------------------------------------------------------------


def stage_coverage(scope: Scope, period: Period) -> StageCoverage:
    """Two queries: the projects, then for each stage how many of them had input in the period
    (from the consultations' summaries, which know how much input each had)."""
    projects = projects_in(scope, period)
    had_input = (
        figures_in(scope, period)
        .filter(contributions__gt=0, project__in=projects)
        .values("consultation__stage")
        .annotate(projects=Count("project", distinct=True))
    )
    covered = {row["consultation__stage"]: row["projects"] for row in had_input}
    total = projects.count()
    return StageCoverage(
        projects=total,
        by_stage={stage: Share(covered.get(stage, 0), total) for stage in Stage.values},
    )


def consultation_figures(scope: Scope, period: Period) -> dict[str, Any]:
    """Counts over the period's consultations in one query: early material, lead time below
    the minimum, influence levels, and those run with a survivor-led partner."""
    minimum = datetime.timedelta(days=_minimum_lead_days(scope))
    partnered = Exists(
        PartnerRequest.objects.filter(
            consultation=OuterRef("consultation"), status=PartnerRequestStatus.ACCEPTED
        )
    )
    run_with_partner = (
        Q(_partnered=True)
        | Q(from_collectives__gt=0)
        | Q(organisation__kind__in=SURVIVOR_LED_KINDS)
    )
    lead = _difference("consultation__deadline", "opens_on")
    return (
        figures_in(scope, period)
        .annotate(_lead=lead, _partnered=partnered)
        .aggregate(
            total=Count("pk"),
            early=Count("pk", filter=Q(consultation__material_state__in=EARLY_MATERIAL)),
            short=Count("pk", filter=Q(_lead__lt=minimum)),
            partnered=Count("pk", filter=run_with_partner),
            **{
                f"influence_{level}": Count("pk", filter=Q(consultation__influence=level))
                for level in Influence.values
            },
            **median_aggregates(lead_median=(lead, None)),
        )
    )


def contribution_figures(scope: Scope, period: Period) -> dict[str, Any]:
    """Counts over the period's input in one query, summed from each consultation's
    materialised figures (``summaries.figures_refresh`` must have brought them up to date)."""
    today = timezone.localdate()
    closed = Q(consultation__deadline__lt=today) | Q(consultation__status=ConsultationStatus.CLOSED)
    sums = figures_in(scope, period).aggregate(
        n_total=Sum("contributions", default=0),
        n_members=Sum("collective_members", default=0),
        n_paid=Sum("contributions", filter=Q(consultation__pay_rate__gt=0), default=0),
        n_closed=Sum("contributions", filter=closed, default=0),
        n_shared=Sum("shared", default=0),
        n_answered=Sum("shared", filter=closed, default=0),
        n_decided=Sum("decided", default=0),
        n_adopted=Sum("adopted", default=0),
    )
    # Named apart from the summary's own columns while aggregating (Django refuses an
    # aggregate that shadows a column it sums).
    return {name.removeprefix("n_"): value for name, value in sums.items()}


def median_of_histogram(buckets: list[tuple[int, int]]) -> Median:
    """The median of values given as (value, how many) in ascending order: exact, as if every
    value were listed (the mean of the two middle ones when there are an even number)."""
    count = sum(n for _value, n in buckets)
    if not count:
        return Median(days=None, count=0)
    wanted = ((count - 1) // 2, count // 2)
    middle: list[int] = []
    seen = 0
    for value, n in buckets:
        middle += [value for position in wanted if seen <= position < seen + n]
        seen += n
    days = Decimal(sum(middle)) / len(middle)
    return Median(days=days.quantize(Decimal("0.1"), ROUND_HALF_UP), count=count)


def days_to_answer(scope: Scope, period: Period) -> Median:
    """The median calendar days from input to its answer, from the consultations' histograms."""
    buckets = (
        _in_scope(AnswerDelay.objects.all(), scope, period)
        .values("days")
        .order_by("days")
        .annotate(n=Sum("count"))
    )
    return median_of_histogram([(row["days"], row["n"]) for row in buckets])


def lead_time(scope: Scope, period: Period, *, figures: dict[str, Any]) -> LeadTime:
    return LeadTime(
        median=median_from(
            figures,
            "lead_median",
            count=figures["total"],
            rows=figures_in(scope, period),
            expression=_difference("consultation__deadline", "opens_on"),
        ),
        shorter_than_minimum=figures["short"],
        minimum_days=_minimum_lead_days(scope),
    )


def pay_parity(scope: Scope) -> PayParity:
    """Rate cards as they stand today (a rate card has no history)."""
    cards = RateCard.objects.filter(peer_rate__gt=0)
    if scope.organisation is not None:
        cards = cards.filter(organisation=scope.organisation)
    return PayParity(
        cards=[
            RateParity(
                role=card.role,
                unit=card.unit,
                currency=card.currency,
                survivor_rate=card.survivor_rate,
                peer_rate=card.peer_rate,
            )
            for card in cards.order_by("role", "unit", "currency")
        ]
    )


def time_to_pay(scope: Scope, period: Period) -> TimeToPay:
    today = timezone.localdate()
    lines = payments_in(scope, period)
    paid = Q(status=PaymentStatus.PAID)
    counts = lines.aggregate(
        paid=Count("pk", filter=paid),
        late=Count("pk", filter=paid & Q(paid_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(status__in=UNSETTLED, due_on__lt=today)),
        **median_aggregates(pay_median=(_difference("paid_on", "work_on"), paid)),
    )
    return TimeToPay(
        median=median_from(
            counts,
            "pay_median",
            count=counts["paid"],
            rows=lines.filter(paid),
            expression=_difference("paid_on", "work_on"),
        ),
        on_time=Share(counts["paid"] - counts["late"], counts["paid"] + counts["overdue"]),
        paid_late=counts["late"],
        overdue=counts["overdue"],
    )


def loop_closure(scope: Scope, period: Period, *, figures: dict[str, Any]) -> LoopClosure:
    return LoopClosure(
        answered=Share(figures["answered"], figures["closed"]),
        median=days_to_answer(scope, period),
    )


def recommendations_adopted(scope: Scope, period: Period) -> Share:
    """Advisory council recommendations are the organisation's, not a project's."""
    if scope.level in ("project", "consultation"):
        return Share(0, 0)
    rows = Recommendation.objects.filter(
        submitted_on__gte=period.start, submitted_on__lte=period.end
    )
    if scope.organisation is not None:
        rows = rows.filter(council__organisation=scope.organisation)
    counts = rows.aggregate(
        decided=Count("pk", filter=Q(status__in=DECIDED_RECOMMENDATIONS)),
        adopted=Count("pk", filter=Q(status__in=ADOPTED_RECOMMENDATIONS)),
    )
    return Share(counts["adopted"], counts["decided"])


def participation(scope: Scope, period: Period) -> Share:
    """Of the people who gave input in their own name in the period (the whole), those whose
    first input to the same organisation (to any, over all organisations) came more than 12
    months before their latest up to the end of the period (the part).

    One pass over the organisation's input grouped by person: whether she spoke in the period
    and her first and latest input are conditional aggregates of the same group, so the
    people and their history are not read twice."""
    in_period = Q(
        consultation__status__in=PUBLISHED,
        consultation__opens_on__gte=period.start,
        consultation__opens_on__lte=period.end,
    )
    rows = Contribution.objects.filter(expert__isnull=False)
    if scope.organisation is not None:
        rows = rows.filter(consultation__project__organisation=scope.organisation)
    if scope.consultation is not None:
        in_period &= Q(consultation=scope.consultation)
    elif scope.project is not None:
        in_period &= Q(consultation__project=scope.project)
    if scope.level in ("project", "consultation"):
        # Only the people of this project or consultation: their history is a small part.
        rows = rows.filter(expert__in=rows.filter(in_period).values("expert"))
    # Before the day after the period (a comparison of the stored moments, not a per-row
    # conversion to a day).
    history = Q(created_at__lt=period.ends_before())
    people = (
        rows.values("expert")
        .order_by()
        .annotate(
            _spoke=Count("pk", filter=in_period),
            _first=Min("created_at", filter=history),
            _latest=Max("created_at", filter=history),
        )
        .filter(_spoke__gt=0)
    )
    counts = people.aggregate(
        whole=Count("expert"),
        part=Count("expert", filter=Q(_latest__gt=F("_first") + CONTINUITY_SPAN)),
    )
    return Share(counts["part"], counts["whole"])


def continuity(scope: Scope, *, over_a_year: Share) -> Continuity:
    """``over_a_year`` from ``participation``; the survivors on staff are counted as they are
    today (memberships have no history)."""
    staff = Membership.objects.filter(
        role__in=STAFF_ROLES, user__is_active=True, user__expert_profile__isnull=False
    )
    if scope.organisation is not None:
        staff = staff.filter(organisation=scope.organisation)
    counts = staff.aggregate(
        staff=Count("user", distinct=True),
        leaders=Count("user", filter=Q(role__in=LEADERSHIP_ROLES), distinct=True),
    )
    return Continuity(
        over_a_year=over_a_year,
        survivors_on_staff=counts["staff"],
        survivors_in_leadership=counts["leaders"],
    )


def overrides(scope: Scope, period: Period) -> tuple[list[Override], int]:
    """Consultations opened despite blockers: the newest ``OVERRIDES_LISTED`` (by the day they
    opened) with the problems and reason of their latest such check, and how many in all."""
    checks = (
        ConsultationCheck.objects.filter(consultation=OuterRef("consultation"), blockers__gt=0)
        .exclude(override_reason="")
        .order_by("-checked_at")
    )
    overridden = figures_in(scope, period).filter(Exists(checks))
    newest = (
        overridden.annotate(
            _blockers=Subquery(checks.values("blockers")[:1]),
            _reason=Subquery(checks.values("override_reason")[:1]),
        )
        .order_by("-opens_on", "consultation")
        .values_list("consultation", "consultation__title", "_blockers", "_reason")[
            :OVERRIDES_LISTED
        ]
    )
    listed = [
        Override(consultation_id=str(pk), title=title, blockers=blockers, reason=reason)
        for pk, title, blockers, reason in newest
    ]
    count = len(listed) if len(listed) < OVERRIDES_LISTED else overridden.count()
    return listed, count


def insights_compute(*, scope: Scope, period: Period) -> Insights:
    """Every metric for the scope and period. It checks nobody's permission: callers get the
    scope through ``selectors.scope_for_user``."""
    figures_refresh()
    consultations = consultation_figures(scope, period)
    contributions = contribution_figures(scope, period)
    over_a_year = participation(scope, period)
    total = consultations["total"]
    listed, overridden = overrides(scope, period)
    return Insights(
        scope=scope,
        period=period,
        consultations=total,
        contributions=contributions["total"],
        people=over_a_year.whole + contributions["members"],
        stage_coverage=stage_coverage(scope, period),
        early_input=Share(consultations["early"], total),
        lead_time=lead_time(scope, period, figures=consultations),
        paid_share=Share(contributions["paid"], contributions["total"]),
        pay_parity=pay_parity(scope),
        time_to_pay=time_to_pay(scope, period),
        loop_closure=loop_closure(scope, period, figures=contributions),
        influence=InfluenceMix(
            levels={level: consultations[f"influence_{level}"] for level in Influence.values},
            input_adopted=Share(contributions["adopted"], contributions["decided"]),
            recommendations_adopted=recommendations_adopted(scope, period),
        ),
        continuity=continuity(scope, over_a_year=over_a_year),
        partnership=Share(consultations["partnered"], total),
        overrides=listed,
        overrides_count=overridden,
    )
