"""The consultation page's small box of outcome reports: {% outcome_reports consultation %}."""

from __future__ import annotations

from typing import Any

from django import template

from seat.accountability.report_selectors import reports_for_consultation
from seat.accountability.rules import can_manage_reports, can_read_reports

register = template.Library()


@register.inclusion_tag("accountability/_outcome_reports.html", takes_context=True)
def outcome_reports(context: Any, consultation: Any) -> dict[str, Any]:
    user = context["request"].user
    organisation = consultation.project.organisation
    if not can_read_reports(user, organisation):
        return {"hidden": True}
    return {
        "consultation": consultation,
        "reports": reports_for_consultation(consultation=consultation),
        "may_manage": can_manage_reports(user, organisation),
    }
