"""Staff answer each contribution: what became of it, and why."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from seat.accountability.forms import ResponseForm
from seat.accountability.rules import can_respond
from seat.accountability.selectors import (
    answers_with_responses,
    organisations_answering,
    responses_awaited,
)
from seat.accountability.services import response_record
from seat.consultations.models import Contribution
from seat.consultations.selectors import (
    contribution_get_for_user,
    contribution_partner,
    contributions_as_staff_sees,
)
from seat.rights.retention import kept_for


@login_required
def contribution_detail(request: HttpRequest, contribution_id: str) -> HttpResponse:
    contribution = contribution_get_for_user(user=request.user, contribution_id=contribution_id)
    form = response_form(request, contribution)
    if request.method == "POST":
        if not can_respond(request.user, contribution):
            raise PermissionDenied
        if form.is_valid():
            response_record(
                actor=request.user,  # type: ignore[arg-type]
                contribution=contribution,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                per_question=form.per_question(),
            )
            messages.success(request, _("Your response is saved and shared with the contributor."))
            return redirect("accountability:contribution-detail", contribution_id=contribution.pk)
    return contribution_page(request, contribution, response_form=form)


def response_form_for(data: Any, contribution: Contribution) -> ResponseForm:
    """The response form, with a response of its own offered for each answered question while
    the organisation may read her words (never once she has withdrawn her consent)."""
    view = contributions_as_staff_sees(contributions=[contribution])[0]
    questions = (
        [answer.question for answer in contribution.answers.select_related("question")]
        if view.may_show
        else []
    )
    return ResponseForm(data, instance=getattr(contribution, "response", None), questions=questions)


def response_form(request: HttpRequest, contribution: Contribution) -> ResponseForm:
    return response_form_for(request.POST if request.method == "POST" else None, contribution)


def contribution_page(
    request: HttpRequest,
    contribution: Contribution,
    *,
    response_form: ResponseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The staff page of one contribution; forms given are shown as they are (with their errors)."""
    view = contributions_as_staff_sees(contributions=[contribution])[0]
    may_respond = can_respond(request.user, contribution)
    form = response_form or response_form_for(None, contribution)
    return render(
        request,
        "accountability/contribution_detail.html",
        {
            "view": view,
            "contribution": contribution,
            "answers": answers_with_responses(contribution) if view.may_show else [],
            "form": form if may_respond else None,
            "partner": contribution_partner(contribution),
            "kept_for": kept_for(),
        },
        status=status,
    )


@login_required
def awaiting(request: HttpRequest) -> HttpResponse:
    """What still awaits a response in the organisations whose input the user reads, the
    earliest day to respond first."""
    organisations = organisations_answering(user=request.user)
    if not organisations:
        raise PermissionDenied
    items = responses_awaited(organisations=organisations)
    return render(
        request,
        "accountability/awaiting.html",
        {
            "items": items,
            "organisations": organisations,
            "overdue": sum(1 for item in items if item.overdue),
        },
    )
