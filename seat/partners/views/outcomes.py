"""A partner's outcomes: the collective's own contribution, and the pay and responses that come
back through it to its members ("Pay and responses")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.accountability.services import response_relay
from seat.compensation.services import PaymentError, payment_pass_on
from seat.consultations.enums import ConsultationStatus
from seat.consultations.services import LoopError, consultation_has_ended
from seat.consultations.translations import consultation_text
from seat.partners import outcomes
from seat.partners.collective import collective_contribution_of, collective_contribution_submit
from seat.partners.enums import PartnerRequestStatus
from seat.partners.outcome_forms import CollectiveContributionForm, PassOnForm


@login_required
def collective_contribute(request: HttpRequest, request_id: str) -> HttpResponse:
    """The collective's one contribution to a consultation it accepted, in its members' name."""
    asked = outcomes.request_get_for_collective(user=request.user, request_id=request_id)
    consultation = asked.consultation
    given = collective_contribution_of(request=asked)
    text = consultation_text(consultation=consultation, language=get_language() or "en")
    open_for_input = (
        asked.status == PartnerRequestStatus.ACCEPTED
        and consultation.status == ConsultationStatus.OPEN
        and not consultation_has_ended(consultation)
    )
    form = None
    if given is None and open_for_input:
        form = CollectiveContributionForm(
            request.POST or None,
            questions=[(q.question.pk, q.text) for q in text.questions],
        )
        if request.method == "POST" and form.is_valid():
            try:
                collective_contribution_submit(
                    actor=request.user,  # type: ignore[arg-type]
                    request=asked,
                    members_count=form.cleaned_data["members_count"],
                    answers=form.answers(),
                    attribution=form.cleaned_data["attribution"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except LoopError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The collective's input is sent. Nothing in it names anyone.")
                )
                return redirect("partners:collective", request_id=asked.pk)
    elif request.method == "POST":
        # Sent once already, or no longer open: show what is, change nothing.
        return redirect("partners:collective", request_id=asked.pk)
    return render(
        request,
        "partners/collective.html",
        {
            "asked": asked,
            "consultation": consultation,
            "text": text,
            "given": given,
            "answers": list(given.answers.select_related("question")) if given else [],
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_safe
@login_required
def outcomes_page(request: HttpRequest) -> HttpResponse:
    """Pay and responses: what comes back through the partner to its members."""
    partners = outcomes.partners_acted_for(user=request.user)
    if not partners:
        raise PermissionDenied
    return render(
        request,
        "partners/outcomes.html",
        {
            "partners": partners,
            "payments": outcomes.payments_through(organisations=partners),
            "responses": outcomes.responses_page(organisations=partners),
            "waiting": outcomes.waiting_for_response(organisations=partners),
        },
    )


@login_required
@require_POST
def payment_passed_on(request: HttpRequest, payment_id: str) -> HttpResponse:
    line = outcomes.payment_through_get_for_user(user=request.user, payment_id=payment_id)
    form = PassOnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how many members have had their share."))
        return redirect("partners:outcomes")
    try:
        payment_pass_on(
            actor=request.user,  # type: ignore[arg-type]
            payment=line,
            members_count=form.cleaned_data["members_count"],
        )
    except PaymentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as passed on."))
    return redirect("partners:outcomes")


@login_required
@require_POST
def response_told(request: HttpRequest, response_id: str) -> HttpResponse:
    response = outcomes.response_through_get_for_user(user=request.user, response_id=response_id)
    response_relay(actor=request.user, response=response)  # type: ignore[arg-type]
    messages.success(request, _("Marked as told."))
    return redirect("partners:outcomes")
