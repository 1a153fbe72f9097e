"""Staff answer each contribution: what became of it, and why."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from seat.accountability.forms import ResponseForm
from seat.accountability.rules import can_respond
from seat.accountability.services import response_record
from seat.consultations.models import Contribution
from seat.consultations.selectors import (
    contribution_get_for_user,
    contribution_partner,
    contributions_as_staff_sees,
)


@login_required
def contribution_detail(request: HttpRequest, contribution_id: str) -> HttpResponse:
    contribution = contribution_get_for_user(user=request.user, contribution_id=contribution_id)
    form = ResponseForm(request.POST or None, instance=getattr(contribution, "response", None))
    if request.method == "POST":
        if not can_respond(request.user, contribution):
            raise PermissionDenied
        if form.is_valid():
            response_record(
                actor=request.user,  # type: ignore[arg-type]
                contribution=contribution,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Your response is saved and shared with the contributor."))
            return redirect("accountability:contribution-detail", contribution_id=contribution.pk)
    return contribution_page(request, contribution, response_form=form)


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
    form = response_form or ResponseForm(instance=getattr(contribution, "response", None))
    return render(
        request,
        "accountability/contribution_detail.html",
        {
            "view": view,
            "contribution": contribution,
            "answers": list(contribution.answers.select_related("question"))
            if view.may_show
            else [],
            "form": form if may_respond else None,
            "partner": contribution_partner(contribution),
        },
        status=status,
    )
