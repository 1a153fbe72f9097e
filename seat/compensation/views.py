from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seat.accountability.views import contribution_page
from seat.accounts.rules import can_read_engagement
from seat.compensation import services
from seat.compensation.forms import PaymentForm
from seat.compensation.models import PaymentLine
from seat.compensation.rules import can_advance_payment, can_record_payment
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
    payment = PaymentLine.objects.select_related("organisation").filter(pk=payment_id).first()
    if payment is None or not can_read_engagement(request.user, payment.organisation):
        raise Http404
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
    return redirect("accountability:contribution-detail", contribution_id=payment.contribution_id)
