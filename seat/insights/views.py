"""The insights pages: the dashboard and funder report for an organisation's members, and the
plain-language page of its figures for the experts who work with it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from seat.accounts.models import Organisation
from seat.accounts.selectors import organisations_for_user
from seat.consultations.enums import Stage
from seat.insights import charts, presentation, selectors
from seat.insights.forms import PeriodForm, period_form
from seat.insights.ladder import RUNG_MEANINGS, ladder_place
from seat.insights.metrics import DEFINITIONS, Period, Scope, insights_compute
from seat.people.enums import DIVERSITY_MIN_CELL
from seat.people.selectors import expert_for_user

QUARTERS = 8


def _scope(organisation: Organisation, form: PeriodForm) -> Scope:
    return selectors.scope_for(
        organisation=organisation,
        project_id=form.cleaned_data.get("project"),
        consultation_id=form.cleaned_data.get("consultation"),
    )


def _figures(request: HttpRequest, organisation: Organisation) -> tuple[PeriodForm, dict[str, Any]]:
    """The form, and (when it is valid) everything the dashboard and the report show."""
    form = period_form(request.GET)
    context: dict[str, Any] = {"organisation": organisation, "form": form}
    if not form.is_valid():
        return form, context
    period: Period = form.cleaned_data["period"]
    scope = _scope(organisation, form)
    report, trend = selectors.figures_for(
        scope=scope, period=period, lang=get_language(), quarters=QUARTERS
    )
    context.update(
        {
            "scope": scope,
            "period": period,
            "period_text": presentation.period_text(period),
            "report": report,
            "insights": report.insights,
            "rung_meaning": RUNG_MEANINGS[report.ladder.rung],
            "rungs": presentation.ladder_rows(report.ladder),
            "to_move_up": report.ladder.to_move_up,
            "metrics": presentation.metrics(report.insights),
            "overrides": report.insights.overrides,
            "overrides_unlisted": report.insights.overrides_count - len(report.insights.overrides),
            "overrides_definition": DEFINITIONS["overrides"],
            "stages": [
                (row_label, presentation.share_text(share), charts.bar(share.percent))
                for row_label, share in _stage_rows(report.insights)
            ],
            "answered_bar": charts.bar(report.insights.loop_closure.answered.percent),
            "answered_text": presentation.share_text(report.insights.loop_closure.answered),
            "trend_chart": charts.trend_lines(trend),
            "pay_chart": charts.pay_columns(trend),
            "key_blue": charts.legend_key(charts.BLUE),
            "key_orange": charts.legend_key(charts.ORANGE),
            "trend_rows": [
                (
                    presentation.quarter_text(q.period),
                    presentation.percent_text(q.answered.percent),
                    presentation.percent_text(q.paid.percent),
                    presentation.days_text(q.time_to_pay.median.days),
                    q.time_to_pay.overdue,
                )
                for q in trend
            ],
            "self_view": report.self_view,
        }
    )
    return form, context


def _stage_rows(insights: Any) -> list[tuple[str, Any]]:
    return [
        (str(Stage(key).label), share) for key, share in insights.stage_coverage.by_stage.items()
    ]


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The organisations whose figures she may read; with one, straight to it."""
    organisations = list(organisations_for_user(user=request.user))
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("insights:dashboard", organisation_id=organisations[0].pk)
    return render(request, "insights/index.html", {"organisations": organisations})


@require_safe
@login_required
def dashboard(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_insights(
        user=request.user, organisation_id=organisation_id
    )
    form, context = _figures(request, organisation)
    if form.is_valid():
        context["projects"], context["consultations"] = selectors.scope_options(
            scope=context["scope"]
        )
    return render(
        request, "insights/dashboard.html", context, status=200 if form.is_valid() else 400
    )


@require_safe
@login_required
def report(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """The funder report: the same figures, printable, with the day it was made."""
    organisation = selectors.organisation_for_insights(
        user=request.user, organisation_id=organisation_id
    )
    form, context = _figures(request, organisation)
    context["today"] = timezone.localdate()
    return render(request, "insights/report.html", context, status=200 if form.is_valid() else 400)


@require_safe
@login_required
def report_pdf(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_insights(
        user=request.user, organisation_id=organisation_id
    )
    form, context = _figures(request, organisation)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    context["today"] = timezone.localdate()
    try:
        # Imported here: WeasyPrint takes over a second to import and only this path needs it.
        from weasyprint import HTML
    except OSError:  # Pango missing: say so instead of failing with a 500
        message = _(
            "PDF reports are not available on this server yet. The page itself has the same report."
        )
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    html = render_to_string("insights/report_pdf.html", context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="insights-{organisation.pk}.pdf"'
    return response


@require_safe
@login_required
def figures(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """An organisation's figures for an expert who works with it, in plain words: over the last
    12 months, never about any one person."""
    if expert_for_user(user=request.user) is None:
        raise Http404
    organisation = selectors.organisation_for_expert(
        user=request.user, organisation_id=organisation_id
    )
    period = Period.last_months(12)
    insights = insights_compute(scope=Scope(organisation), period=period)
    place = ladder_place(insights)
    return render(
        request,
        "insights/figures.html",
        {
            "organisation": organisation,
            # With fewer people, "1 of 1 answers was unpaid" tells her about someone else.
            "enough_people": insights.people >= DIVERSITY_MIN_CELL,
            "min_people": DIVERSITY_MIN_CELL,
            "period_text": presentation.period_text(period),
            "insights": insights,
            "rung": place.rung,
            "rung_meaning": RUNG_MEANINGS[place.rung],
            "paid": insights.paid_share,
            "paid_bar": charts.bar(insights.paid_share.percent),
            "answered": insights.loop_closure.answered,
            "answered_bar": charts.bar(insights.loop_closure.answered.percent),
            "pay_days": insights.time_to_pay.median.days,
            "answer_days": insights.loop_closure.median.days,
            "overdue": insights.time_to_pay.overdue,
        },
    )
