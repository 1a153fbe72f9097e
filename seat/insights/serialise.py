"""The one JSON-able form of an insights report: the API answers it, the exports write it.

Keys are the issue's own (``stage_coverage``, ``early_input``, ``lead_time``, ``paid_share``,
``pay_parity``, ``time_to_pay``, ``loop_closure``, ``influence``, ``continuity``,
``partnership``, ``diversity``, ``ladder``) beside the period and scope measured, the quality
check overrides, the self-assessment and each metric's definition in the active language.
Money and days with decimals are strings (``"12.5"``), never floats; shares are ``part``,
``whole`` and a whole ``percent`` that is null when there is nothing to count.
"""

from __future__ import annotations

from typing import Any

from seat.insights.metrics import DEFINITIONS
from seat.insights.selectors import InsightsReport

# The metrics, in the order the pages, the API and the exports list them.
METRIC_KEYS = (
    "stage_coverage",
    "early_input",
    "lead_time",
    "paid_share",
    "pay_parity",
    "time_to_pay",
    "loop_closure",
    "influence",
    "continuity",
    "partnership",
    "diversity",
)


def _id(instance: Any) -> str | None:
    return None if instance is None else str(instance.pk)


def insights_dict(report: InsightsReport) -> dict[str, Any]:
    """Every figure of ``report``; definitions in the language active when it is called."""
    insights = report.insights
    scope = insights.scope
    return {
        "period": {
            "start": insights.period.start.isoformat(),
            "end": insights.period.end.isoformat(),
        },
        "scope": {
            "level": scope.level,
            "organisation": _id(scope.organisation),
            "project": _id(scope.project),
            "consultation": _id(scope.consultation),
        },
        "counts": {
            "consultations": insights.consultations,
            "contributions": insights.contributions,
            "people": insights.people,
        },
        "stage_coverage": insights.stage_coverage.as_dict(),
        "early_input": insights.early_input.as_dict(),
        "lead_time": insights.lead_time.as_dict(),
        "paid_share": insights.paid_share.as_dict(),
        "pay_parity": insights.pay_parity.as_dict(),
        "time_to_pay": insights.time_to_pay.as_dict(),
        "loop_closure": insights.loop_closure.as_dict(),
        "influence": insights.influence.as_dict(),
        "continuity": insights.continuity.as_dict(),
        "partnership": insights.partnership.as_dict(),
        # Totals only, small groups hidden and counts rounded (seat/insights/diversity.py).
        "diversity": report.diversity.as_dict(),
        "ladder": report.ladder.as_dict(),
        "overrides": {
            "count": insights.overrides_count,
            "consultations": [
                {
                    "consultation": override.consultation_id,
                    "title": override.title,
                    "blockers": override.blockers,
                    "reason": override.reason,
                }
                for override in insights.overrides
            ],
        },
        "self_assessment": None if report.self_view is None else report.self_view.as_dict(),
        "definitions": {key: str(text) for key, text in DEFINITIONS.items()},
    }
