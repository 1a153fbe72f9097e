from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.accountability.views import contribution_page
from seat.compensation import services
from seat.compensation.forms import PaymentForm
from seat.compensation.rules import can_advance_payment, can_record_payment, can_settle_payments
from seat.compensation.selectors import (
    payment_get_for_user,
    payments_to_settle,
    totals_by_currency,
)
from seat.consultations.selectors import contribution_get_for_user


@login_required
@require_POST
def payment_record(request: HttpRequest, contribution_id: str) -> HttpResponse:
    contribution = contribution_get_for_user(user=request.user, contribution_id=contribution_id)
    if not can_record_payment(request.user, contribution):
        raise PermissionDenied
    form = PaymentForm(request.POST)
    if not form.is_valid():
        # Shown again with what was typed and each error beside its field.
        return contribution_page(request, contribution, payment_form=form, status=400)
    try:
        services.payment_record(
            actor=request.user,  # type: ignore[arg-type]
            contribution=contribution,
            **form.cleaned_data,
        )
        messages.success(request, _("The payment is recorded. The contributor can see it now."))
    except services.PaymentError as error:
        messages.error(request, str(error))
    return redirect("accountability:contribution-detail", contribution_id=contribution.pk)


@login_required
@require_POST
def payment_advance(request: HttpRequest, payment_id: str) -> HttpResponse:
    payment = payment_get_for_user(user=request.user, payment_id=payment_id)
    if not can_advance_payment(request.user, payment):
        raise PermissionDenied
    try:
        services.payment_advance(
            actor=request.user,  # type: ignore[arg-type]
            payment=payment,
            from_status=request.POST.get("from", ""),
        )
    except services.PaymentError as error:
        messages.error(request, str(error))
    back = request.POST.get("next", "")
    if back == reverse("compensation:payments-due"):
        return redirect(back)
    return redirect("accountability:contribution-detail", contribution_id=payment.contribution_id)


@require_safe
@login_required
def payments_due(request: HttpRequest) -> HttpResponse:
    """What the organisation still owes, soonest due first: the finance officer's worklist."""
    if not can_settle_payments(request.user):
        raise PermissionDenied
    lines = payments_to_settle(user=request.user)
    today = timezone.localdate()
    return render(
        request,
        "compensation/payments_due.html",
        {
            "lines": lines,
            "overdue": [line for line in lines if line.due_on < today],
            "totals": totals_by_currency(payments=lines),
            "today": today,
        },
    )
