"""An organisation's insights as CSV and XLSX files, for its members, over the period and
scope of the query string (the same ``?start=&end=&project=&consultation=`` as its pages)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from seat.insights import exports
from seat.insights.forms import period_form
from seat.insights.selectors import organisation_for_insights, report_for, scope_for
from seat.insights.serialise import insights_dict

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_safe
@login_required
def insights_export(request: HttpRequest, organisation_id: uuid.UUID, kind: str) -> HttpResponse:
    """The figures as a file; 404 outside the organisation, 400 with the reason for a period
    that cannot be measured. Aggregates name nobody, so no audit event (as payment exports)."""
    if kind not in FORMATS:
        raise Http404
    organisation = organisation_for_insights(user=request.user, organisation_id=organisation_id)
    form = period_form(request.GET)
    if not form.is_valid():
        problems = [str(message) for errors in form.errors.values() for message in errors]
        return HttpResponse(
            "\n".join(problems) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    scope = scope_for(
        organisation=organisation,
        project_id=form.cleaned_data.get("project"),
        consultation_id=form.cleaned_data.get("consultation"),
    )
    period = form.cleaned_data["period"]
    data = insights_dict(report_for(scope=scope, period=period, lang=get_language()))
    body: str | bytes = exports.insights_csv(data) if kind == "csv" else exports.insights_xlsx(data)
    response = HttpResponse(body, content_type=FORMATS[kind])
    response["Content-Disposition"] = (
        f'attachment; filename="insights-{scope.level}-{period.start.isoformat()}-'
        f'{period.end.isoformat()}.{kind}"'
    )
    return response
