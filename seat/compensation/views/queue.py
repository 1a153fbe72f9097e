"""The finance queue: what waits to be approved and what waits to be paid, and paying several
approved lines with one transfer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from seat.compensation import services
from seat.compensation.finance import Queue, payment_queue
from seat.compensation.forms import BulkPayForm, this_month
from seat.compensation.rules import can_settle_payments
from seat.core.formats import format_money, format_number


def _bulk_form(queue: Queue, data: object = None) -> BulkPayForm:
    choices = [
        (str(q.line.pk), f"{q.payee}, {format_money(q.line.amount, q.line.currency)}")
        for q in queue.to_pay
    ]
    return BulkPayForm(data, choices=choices)  # type: ignore[arg-type]


def _page(request: HttpRequest, queue: Queue, form: BulkPayForm, status: int = 200) -> HttpResponse:
    start, end = this_month()
    return render(
        request,
        "compensation/payments_due.html",
        {
            "queue": queue,
            "bulk_form": form,
            "checked": form.data.getlist("payments") if form.is_bound else [],  # type: ignore[attr-defined]
            "history_from": start.isoformat(),
            "history_to": end.isoformat(),
        },
        status=status,
    )


@require_safe
@login_required
def payments_due(request: HttpRequest) -> HttpResponse:
    """What the organisation still owes, oldest due first: to approve, then to pay."""
    if not can_settle_payments(request.user):
        raise PermissionDenied
    queue = payment_queue(user=request.user)
    return _page(request, queue, _bulk_form(queue))


@require_POST
@login_required
def payments_pay_bulk(request: HttpRequest) -> HttpResponse:
    """Mark the ticked approved lines paid with one method and one reference: all, or none."""
    if not can_settle_payments(request.user):
        raise PermissionDenied
    queue = payment_queue(user=request.user)
    form = _bulk_form(queue, request.POST)
    if form.is_valid():
        by_id = {str(q.line.pk): q.line for q in queue.to_pay}
        chosen = [by_id[pk] for pk in dict.fromkeys(form.cleaned_data["payments"])]
        try:
            paid = services.payments_pay_bulk(
                actor=request.user,  # type: ignore[arg-type]
                payments=chosen,
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
            )
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s payment is marked paid.",
                    "%(count)s payments are marked paid.",
                    len(paid),
                )
                % {"count": format_number(len(paid))},
            )
            return redirect("compensation:payments-due")
    messages.error(request, _("Nothing was marked paid. See what is marked below."))
    return _page(request, queue, form, status=400)
