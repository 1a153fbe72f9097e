"""The figures as words and numbers in the reader's language, for the dashboard, the funder
report and the survivor's page: one place that says how a share, a median or a ladder test
reads, so every page says it the same way ("no data yet" when there is nothing to count)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.consultations.enums import Influence, Stage
from seat.core.formats import format_day, format_number
from seat.insights.ladder import RUNG_MEANINGS, LadderPlace, Rung, TestResult
from seat.insights.metrics import DEFINITIONS, Insights, Median, Period, Share

# How each ladder test's figure reads: most are percentages.
TEST_UNITS = {
    "asks_survivors": "count",
    "lead_time": "days",
    "no_overrides": "count",
    "survivors_lead": "count",
}


def no_data() -> str:
    return _("No data yet")


def percent_text(percent: int | None) -> str:
    if percent is None:
        return no_data()
    return _("%(percent)s%%") % {"percent": format_number(percent)}


def share_text(share: Share) -> str:
    """ "42% (21 of 50)", or "No data yet" when there is nothing to count."""
    if not share.whole:
        return no_data()
    return _("%(percent)s%% (%(part)s of %(whole)s)") % {
        "percent": format_number(share.percent or 0),
        "part": format_number(share.part),
        "whole": format_number(share.whole),
    }


def days_text(days: Decimal | int | None) -> str:
    if days is None:
        return no_data()
    return _("%(days)s days") % {"days": format_number(days)}


def median_text(median: Median) -> str:
    if median.days is None:
        return no_data()
    return ngettext(
        "%(days)s days (median of %(shown)s)",
        "%(days)s days (median of %(shown)s)",
        median.count,
    ) % {"days": format_number(median.days), "shown": format_number(median.count)}


def test_figure(result: TestResult) -> str:
    unit = TEST_UNITS.get(result.test.key, "percent")
    if result.figure is None:
        return no_data()
    if unit == "days":
        return days_text(result.figure)
    if unit == "count":
        return format_number(result.figure)
    return percent_text(result.figure)


def period_text(period: Period) -> str:
    return _("%(start)s to %(end)s") % {
        "start": format_day(period.start),
        "end": format_day(period.end),
    }


def quarter_text(period: Period) -> str:
    return _("%(start)s to %(end)s") % {
        "start": format_day(period.start, "medium"),
        "end": format_day(period.end, "medium"),
    }


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    figures: list[tuple[str, str]]
    definition: str


def metrics(insights: Insights) -> list[Metric]:
    """Each metric with its figures (what, how much) and its definition, in page order."""
    i = insights
    ttp, loop, infl, cont = i.time_to_pay, i.loop_closure, i.influence, i.continuity
    parity = i.pay_parity
    rows = [
        (
            "stage_coverage",
            _("Stage coverage"),
            [
                (_("Projects"), format_number(i.stage_coverage.projects)),
                *[
                    (str(Stage(stage).label), share_text(share))
                    for stage, share in i.stage_coverage.by_stage.items()
                ],
            ],
        ),
        ("early_input", _("Early input"), [(_("Asked early"), share_text(i.early_input))]),
        (
            "lead_time",
            _("Lead time"),
            [
                (_("Time to take part"), median_text(i.lead_time.median)),
                (
                    _("Shorter than %(days)s days")
                    % {"days": format_number(i.lead_time.minimum_days)},
                    format_number(i.lead_time.shorter_than_minimum),
                ),
            ],
        ),
        ("paid_share", _("Paid share"), [(_("Input offered pay"), share_text(i.paid_share))]),
        (
            "pay_parity",
            _("Pay parity"),
            [
                (_("Lowest rate card"), percent_text(parity.lowest)),
                (_("Rate cards below parity"), format_number(parity.below_parity)),
            ],
        ),
        (
            "time_to_pay",
            _("Time to pay"),
            [
                (_("Time to pay"), median_text(ttp.median)),
                (_("Paid on time"), share_text(ttp.on_time)),
                (_("Paid late"), format_number(ttp.paid_late)),
                (_("Unpaid after the due day"), format_number(ttp.overdue)),
            ],
        ),
        (
            "loop_closure",
            _("Loop closure"),
            [
                (_("Input answered"), share_text(loop.answered)),
                (_("Time to answer"), median_text(loop.median)),
            ],
        ),
        (
            "influence",
            _("Influence"),
            [
                *[
                    (str(Influence(level).label), format_number(count))
                    for level, count in infl.levels.items()
                ],
                (_("Input adopted"), share_text(infl.input_adopted)),
                (_("Recommendations accepted"), share_text(infl.recommendations_adopted)),
            ],
        ),
        (
            "continuity",
            _("Continuity"),
            [
                (_("Involved over a year"), share_text(cont.over_a_year)),
                (_("Survivors on staff"), format_number(cont.survivors_on_staff)),
                (_("Survivors in leadership"), format_number(cont.survivors_in_leadership)),
            ],
        ),
        (
            "partnership",
            _("Partnership"),
            [(_("With survivor-led organisations"), share_text(i.partnership))],
        ),
    ]
    return [
        Metric(key=key, title=title, figures=figures, definition=str(DEFINITIONS[key]))
        for key, title, figures in rows
    ]


@dataclass(frozen=True)
class RungRow:
    rung: Rung
    label: str
    meaning: str
    reached: bool
    tests: list[tuple[TestResult, str]]


def ladder_rows(place: LadderPlace) -> list[RungRow]:
    """Each rung above the first with its tests and their figures, lowest first."""
    return [
        RungRow(
            rung=rung,
            label=str(rung.label),
            meaning=str(RUNG_MEANINGS[rung]),
            reached=place.rung >= rung,
            tests=[(r, test_figure(r)) for r in place.rung_results(rung)],
        )
        for rung in (Rung.CONSULTATIVE, Rung.COLLABORATIVE, Rung.SURVIVOR_LED)
    ]
