"""Staff record pay for work that makes no line of its own: a meeting, council work, other."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from seat.compensation import services
from seat.compensation.forms import WorkPaymentForm
from seat.compensation.selectors import work_pay_organisation_get_for_user
from seat.people.selectors import experts_linked_to


@login_required
def payment_for_work(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """One form: who, what, the day, the amounts. The people offered are those who work with the
    organisation, by chosen name; the line then waits in the payments to approve."""
    organisation = work_pay_organisation_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    experts = {str(e.pk): e for e in experts_linked_to(organisation=organisation)}
    form = WorkPaymentForm(
        request.POST or None,
        experts=[(pk, e.pseudonym) for pk, e in experts.items()],
        initial={"currency": organisation.default_currency, "unit": "hour"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expert = get_object_or_404(
            experts_linked_to(organisation=organisation), pk=data.pop("expert")
        )
        try:
            services.payment_for_other_work(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                expert=expert,
                **data,
            )
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The payment is recorded. %(name)s can see it now, and it waits for approval.")
                % {"name": expert.pseudonym},
            )
            return redirect("compensation:payment-work", organisation_id=organisation.pk)
    return render(
        request,
        "compensation/payment_work.html",
        {"organisation": organisation, "form": form, "has_experts": bool(experts)},
        status=400 if form.is_bound else 200,
    )
