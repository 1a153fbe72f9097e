from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seat.compensation import services
from seat.compensation.enums import PaymentStatus
from seat.compensation.forms import PaymentForm
from seat.compensation.rates import decimal_or_none, offer_parity
from seat.compensation.rules import can_advance_payment
from seat.compensation.selectors import (
    collective_pay_offered,
    payment_defaults,
    payment_get_for_user,
)
from seat.consultations.rules import can_record_payment_for
from seat.consultations.selectors import (
    consultation_get_for_user,
    contribution_partner,
    contribution_to_pay_for,
)


@login_required
def payment_record(
    request: HttpRequest,
    consultation_id: str,
    expert_id: str | None = None,
    collective_id: str | None = None,
) -> HttpResponse:
    """Record what is owed to one person who took part, or to a collective for its members:
    their chosen name (its name) and the consultation, never their words, so that paying does
    not need reading what anyone said."""
    consultation = consultation_get_for_user(user=request.user, consultation_id=consultation_id)
    if not can_record_payment_for(request.user, consultation):
        raise PermissionDenied
    contribution = contribution_to_pay_for(
        consultation=consultation, expert_id=expert_id, collective_id=collective_id
    )
    if contribution is None:
        raise Http404
    form = PaymentForm(
        request.POST or None,
        initial=payment_defaults(contribution=contribution),
        contribution=contribution,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_record(
                actor=request.user,  # type: ignore[arg-type]
                contribution=contribution,
                **form.cleaned_data,
            )
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The payment is recorded. The contributor can see it now."))
            return redirect("consultations:consultation-detail", consultation_id=consultation.pk)
    return render(
        request,
        "compensation/payment_record.html",
        {
            "consultation": consultation,
            "expert": contribution.expert,
            "contribution": contribution,
            "collective_pay": collective_pay_offered(contribution=contribution),
            "partner": contribution_partner(contribution),
            "form": form,
            "parity": offer_parity(
                organisation=consultation.project.organisation,
                unit=str(form["unit"].value() or ""),
                currency=str(form["currency"].value() or ""),
                rate=decimal_or_none(form["rate"].value()),
            ),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def payment_advance(request: HttpRequest, payment_id: str) -> HttpResponse:
    """The first single-button step (approve an owed line, pay an approved one), kept for
    links and scripts made before the payment page; the pages post to its own forms now."""
    payment = payment_get_for_user(user=request.user, payment_id=payment_id)
    if not can_advance_payment(request.user, payment):
        raise PermissionDenied
    try:
        if request.POST.get("from", "") == PaymentStatus.OWED:
            services.payment_approve(actor=request.user, payment=payment)  # type: ignore[arg-type]
        elif request.POST.get("from", "") == PaymentStatus.APPROVED:
            services.payment_pay(
                actor=request.user,  # type: ignore[arg-type]
                payment=payment,
                method=request.POST.get("method", ""),
                reference=request.POST.get("reference", ""),
            )
        else:
            raise services.PaymentError(_("This payment has already been made."))
    except services.PaymentError as error:
        messages.error(request, str(error))
    back = request.POST.get("next", "")
    if back == reverse("compensation:payments-due") or payment.contribution is None:
        return redirect("compensation:payments-due")
    return redirect(
        "consultations:consultation-detail", consultation_id=payment.contribution.consultation_id
    )
