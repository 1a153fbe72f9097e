"""``GET /api/v1/organisations/{id}/insights``: an organisation's engagement figures, its rung
on the engagement ladder and what its self-assessment says, for its members only.

The answer is ``serialise.insights_dict`` (the exports write the same), checked against the
schemas below so that the OpenAPI document describes every key. ``?start=&end=`` choose the
period (both days included; by default the 12 months to today), ``?project=`` or
``?consultation=`` narrow it to one of the organisation's projects or consultations.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Schema, Status
from pydantic import Field

from seat.api.schemas import ErrorOut, ValidationErrorOut
from seat.insights.forms import period_form
from seat.insights.selectors import organisation_for_insights, report_for, scope_for
from seat.insights.serialise import insights_dict

router = Router(tags=["insights"])


class InsightsIn(Schema):
    start: datetime.date | None = Field(
        None, description="First day of the period, YYYY-MM-DD (default: 12 months before end)."
    )
    end: datetime.date | None = Field(
        None, description="Last day of the period, YYYY-MM-DD (default: today)."
    )
    project: UUID | None = Field(None, description="Only this project of the organisation.")
    consultation: UUID | None = Field(
        None, description="Only this consultation of the organisation."
    )


class PeriodOut(Schema):
    start: datetime.date
    end: datetime.date


class ScopeOut(Schema):
    level: str = Field(description="organisation, project or consultation.")
    organisation: UUID | None
    project: UUID | None
    consultation: UUID | None


class CountsOut(Schema):
    consultations: int = Field(description="Published consultations opened in the period.")
    contributions: int
    people: int = Field(description="People who gave input, counting a collective's members.")


class ShareOut(Schema):
    part: int
    whole: int
    percent: int | None = Field(description="Null when there is nothing to count (whole 0).")


class MedianOut(Schema):
    days: str | None = Field(description="The median in days, one decimal; null with no data.")
    count: int = Field(description="How many values the median is of.")


class StagesOut(Schema):
    design: ShareOut
    implementation: ShareOut
    evaluation: ShareOut


class StageCoverageOut(Schema):
    projects: int
    stages: StagesOut


class LeadTimeOut(MedianOut):
    shorter_than_minimum: int
    minimum_days: int


class RateCardParityOut(Schema):
    role: str
    unit: str
    currency: str = Field(description="ISO 4217; rates of different currencies are never mixed.")
    survivor_rate: str = Field(description="A decimal string.")
    peer_rate: str = Field(description="The rate for other consultants, a decimal string.")
    percent: int = Field(description="Survivor rate / peer rate; 100 is parity.")


class PayParityOut(Schema):
    lowest_percent: int | None
    below_parity: int = Field(description="Rate cards that pay survivors less than others.")
    rate_cards: list[RateCardParityOut]


class TimeToPayOut(MedianOut):
    paid_on_time: ShareOut
    paid_late: int
    overdue: int = Field(description="Still unpaid after the day it was due.")


class LoopClosureOut(Schema):
    answered: ShareOut
    median_days: MedianOut


class InfluenceLevelsOut(Schema):
    inform: int
    consult: int
    involve: int
    collaborate: int
    empower: int


class InfluenceOut(Schema):
    levels: InfluenceLevelsOut = Field(description="Consultations at each level.")
    input_adopted: ShareOut
    recommendations_adopted: ShareOut


class ContinuityOut(Schema):
    engaged_over_12_months: ShareOut
    survivors_on_staff: int
    survivors_in_leadership: int


class LadderTestOut(Schema):
    key: str
    rung: str
    asks: str
    passed: bool
    figure: int | None


class LadderOut(Schema):
    rung: str = Field(description="tokenistic, consultative, collaborative or survivor_led.")
    rung_label: str
    next_rung: str | None
    to_move_up: list[str] = Field(description="What would move the organisation up a rung.")
    tests: list[LadderTestOut]


class OverrideOut(Schema):
    consultation: UUID
    title: str
    blockers: int
    reason: str


class OverridesOut(Schema):
    count: int
    consultations: list[OverrideOut]


class SelfAssessmentOut(Schema):
    round: UUID
    closed_on: datetime.date | None
    staff_rung: str | None
    survivor_advisors_rung: str | None


class InsightsOut(Schema):
    period: PeriodOut
    scope: ScopeOut
    counts: CountsOut
    stage_coverage: StageCoverageOut
    early_input: ShareOut
    lead_time: LeadTimeOut
    paid_share: ShareOut
    pay_parity: PayParityOut
    time_to_pay: TimeToPayOut
    loop_closure: LoopClosureOut
    influence: InfluenceOut
    continuity: ContinuityOut
    partnership: ShareOut
    diversity: dict[str, Any] | None = Field(
        description="Aggregates only; cells that could name someone are suppressed."
    )
    ladder: LadderOut
    overrides: OverridesOut = Field(
        description="Consultations opened although the quality check found blockers."
    )
    self_assessment: SelfAssessmentOut | None = Field(
        description="The latest closed self-assessment round (organisation scope only)."
    )
    definitions: dict[str, str] = Field(description="Each metric's definition, in your language.")


def _period_issues(form: Any) -> list[dict[str, Any]]:
    """The form's refusals as the API's list of issues, each at the parameter it is about."""
    issues = []
    for name, errors in form.errors.as_data().items():
        for error in errors:
            # A period's refusal is about both days: name the one to change.
            where = {"too_early": "start", "backwards": "end"}.get(str(error.code), name)
            for message in error.messages:
                issues.append({"loc": ["query", where], "msg": message, "type": "value_error"})
    return issues


@router.get(
    "/{organisation_id}/insights",
    url_name="organisation-insights",
    response={200: InsightsOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="An organisation's engagement figures and its rung on the ladder",
)
def insights(request: HttpRequest, organisation_id: UUID, query: Query[InsightsIn]) -> Any:
    """The engagement metrics over the period, each with its definition, the engagement ladder's
    rung and what would move the organisation up, the consultations opened over the quality
    check's blockers, and its latest self-assessment. For members of the organisation (any
    role); 404 for anyone else, an unknown organisation, or a project or consultation not
    its own; 422 for a period that ends before it starts or starts before 2000. Shares with
    nothing to count have a null ``percent``."""
    user = request.auth  # type: ignore[attr-defined]
    given = {
        name: str(value)
        for name, value in (
            ("start", query.start),
            ("end", query.end),
            ("project", query.project),
            ("consultation", query.consultation),
        )
        if value is not None
    }
    try:
        organisation = organisation_for_insights(user=user, organisation_id=organisation_id)
        form = period_form(given)
        if not form.is_valid():
            return Status(422, {"detail": _period_issues(form)})
        scope = scope_for(
            organisation=organisation,
            project_id=form.cleaned_data.get("project"),
            consultation_id=form.cleaned_data.get("consultation"),
        )
    except Http404:
        return Status(404, {"detail": "Not Found"})
    report = report_for(scope=scope, period=form.cleaned_data["period"], lang=get_language())
    return insights_dict(report)
