"""What was paid in a period, on a page and as CSV and XLSX files for the accounts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from seat.compensation import exports
from seat.compensation.finance import payments_paid_between
from seat.compensation.forms import PeriodForm, period_form, period_problems, this_month
from seat.compensation.rules import can_settle_payments
from seat.compensation.selectors import totals_by_currency

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _period_form(request: HttpRequest) -> PeriodForm:
    """The period the address asks for; this month so far when it asks for none."""
    return period_form(request.GET, this_month)


@require_safe
@login_required
def payments_history(request: HttpRequest) -> HttpResponse:
    """Payments made in the period (by the day paid), with how and the reference."""
    if not can_settle_payments(request.user):
        raise PermissionDenied
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "compensation/payments_history.html", {"form": form}, status=400)
    start, end = form.period
    lines = payments_paid_between(user=request.user, start=start, end=end)
    return render(
        request,
        "compensation/payments_history.html",
        {
            "form": form,
            "lines": lines,
            "totals": totals_by_currency(payments=lines),
            "start": start,
            "end": end,
            "query": f"from={start.isoformat()}&to={end.isoformat()}",
        },
    )


@require_safe
@login_required
def payments_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The period's payments as a file; a bad period answers 400 with the reason, as text."""
    if kind not in FORMATS:
        raise Http404
    if not can_settle_payments(request.user):
        raise PermissionDenied
    form = _period_form(request)
    if not form.is_valid():
        problems = period_problems(form)
        return HttpResponse(
            "\n".join(problems) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    start, end = form.period
    lines = payments_paid_between(user=request.user, start=start, end=end)
    body: str | bytes = exports.paid_csv(lines) if kind == "csv" else exports.paid_xlsx(lines)
    response = HttpResponse(body, content_type=FORMATS[kind])
    response["Content-Disposition"] = (
        f'attachment; filename="payments-{start.isoformat()}-{end.isoformat()}.{kind}"'
    )
    return response
