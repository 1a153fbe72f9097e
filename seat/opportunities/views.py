"""Opportunities: experts find and apply for paid work, training and grants; the organisation's
admins and staff post them and move applications on; finance reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.opportunities import selectors
from seat.opportunities.enums import ORGANISATION_MOVES, ApplicationStatus
from seat.opportunities.forms import ApplyForm, FilterForm, HiresForm, OpportunityForm, initial_from
from seat.opportunities.rules import WHAT_THE_ORGANISATION_SEES, can_manage_opportunities
from seat.opportunities.services import (
    OpportunityError,
    application_move,
    application_submit,
    hires_outside_record,
    opportunity_close,
    opportunity_create,
    opportunity_open,
    opportunity_update,
    takes_applications,
)
from seat.people.access import expert_required
from seat.people.selectors import expert_for_user

PAGE_SIZE = 20


# The expert's pages ----------------------------------------------------------------------------


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Experts find opportunities here; the organisation's people go to their own list."""
    expert = expert_for_user(user=request.user)
    if expert is not None:
        return _expert_list(request)
    organisations = selectors.organisations_reading_opportunities(user=request.user)
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("opportunities:org-list", organisation_id=organisations[0].pk)
    return render(request, "opportunities/org_home.html", {"organisations": organisations})


def _expert_list(request: HttpRequest) -> HttpResponse:
    filters = FilterForm(request.GET or None, places=selectors.places_open())
    chosen = filters.chosen()
    found = selectors.opportunities_matching(**chosen).order_by("closes_on", "title")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "opportunities/list.html",
        {
            "filters": filters,
            "filtered": bool(chosen and any(v not in ("", None) for v in chosen.values())),
            "page": page,
            "query": query.urlencode(),
        },
    )


@expert_required
def detail(request: HttpRequest, expert: Any, opportunity_id: str) -> HttpResponse:
    opportunity = selectors.opportunity_get_for_expert(opportunity_id=opportunity_id)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application, created = application_submit(
                expert=expert, opportunity=opportunity, note=form.cleaned_data["note"]
            )
        except OpportunityError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(
                    request, _("You applied. You can follow it under My applications.")
                )
            else:
                messages.info(request, _("You already applied for this. Nothing was changed."))
            return redirect("opportunities:mine")
    return render(
        request,
        "opportunities/detail.html",
        {
            "opportunity": opportunity,
            "form": form,
            "application": selectors.application_of(expert=expert, opportunity=opportunity),
            "open": takes_applications(opportunity),
            "shown": [label for _name, label in WHAT_THE_ORGANISATION_SEES],
        },
        status=400 if form.is_bound else 200,
    )


@require_safe
@expert_required
def mine(request: HttpRequest, expert: Any) -> HttpResponse:
    return render(
        request,
        "opportunities/mine.html",
        {"applications": selectors.applications_of_expert(expert=expert)},
    )


@require_POST
@expert_required
def my_application_move(request: HttpRequest, expert: Any, application_id: str) -> HttpResponse:
    application = selectors.application_get_for_expert(expert=expert, application_id=application_id)
    to = request.POST.get("to", "")
    try:
        application_move(actor=request.user, application=application, to=to)  # type: ignore[arg-type]
    except OpportunityError as error:
        messages.error(request, str(error))
    else:
        if to == ApplicationStatus.WITHDRAWN:
            messages.success(request, _("You withdrew your application."))
        else:
            messages.success(request, _("You said yes. The organisation can see it now."))
    return redirect("opportunities:mine")


# The organisation's pages ----------------------------------------------------------------------


@require_safe
@login_required
def org_list(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_opportunities(
        user=request.user, organisation_id=organisation_id
    )
    return render(
        request,
        "opportunities/org_list.html",
        {
            "organisation": organisation,
            "opportunities": selectors.opportunities_of(organisation=organisation),
            "roles": selectors.survivor_roles(organisation=organisation),
            "can_manage": can_manage_opportunities(request.user, organisation),
        },
    )


@login_required
def org_new(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_opportunities(
        user=request.user, organisation_id=organisation_id, manage=True
    )
    form = OpportunityForm(
        request.POST or None, initial={"pay_currency": organisation.default_currency}
    )
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = opportunity_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                data=form.to_input(),
                publish=request.POST.get("publish") == "yes",
            )
        except OpportunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The opportunity is saved."))
            return redirect("opportunities:org-detail", opportunity_id=opportunity.pk)
    return render(
        request,
        "opportunities/org_form.html",
        {"organisation": organisation, "form": form, "opportunity": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def org_edit(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = selectors.opportunity_get_for_staff(
        user=request.user, opportunity_id=opportunity_id, manage=True
    )
    form = OpportunityForm(request.POST or None, initial=initial_from(opportunity))
    if request.method == "POST" and form.is_valid():
        try:
            opportunity_update(
                actor=request.user,  # type: ignore[arg-type]
                opportunity=opportunity,
                data=form.to_input(),
            )
        except OpportunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The opportunity is saved."))
            return redirect("opportunities:org-detail", opportunity_id=opportunity.pk)
    return render(
        request,
        "opportunities/org_form.html",
        {"organisation": opportunity.organisation, "form": form, "opportunity": opportunity},
        status=400 if form.is_bound else 200,
    )


@require_safe
@login_required
def org_detail(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = selectors.opportunity_get_for_staff(
        user=request.user, opportunity_id=opportunity_id
    )
    applications = list(selectors.applications_to(opportunity=opportunity))
    moves = {
        a.pk: [(s, ApplicationStatus(s).label) for s in ORGANISATION_MOVES.get(a.status, ())]
        for a in applications
    }
    return render(
        request,
        "opportunities/org_detail.html",
        {
            "opportunity": opportunity,
            "organisation": opportunity.organisation,
            "rows": [(a, moves[a.pk]) for a in applications],
            "can_manage": can_manage_opportunities(request.user, opportunity.organisation),
        },
    )


@require_POST
@login_required
def org_status(request: HttpRequest, opportunity_id: str) -> HttpResponse:
    opportunity = selectors.opportunity_get_for_staff(
        user=request.user, opportunity_id=opportunity_id, manage=True
    )
    action = {"open": opportunity_open, "close": opportunity_close}.get(
        request.POST.get("action", "")
    )
    if action is None:
        messages.error(request, _("Choose to open or to close it."))
    else:
        try:
            action(actor=request.user, opportunity=opportunity)  # type: ignore[arg-type]
        except OpportunityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Done."))
    return redirect("opportunities:org-detail", opportunity_id=opportunity.pk)


@require_POST
@login_required
def org_application_move(request: HttpRequest, application_id: str) -> HttpResponse:
    application = selectors.application_get_for_staff(
        user=request.user, application_id=application_id
    )
    try:
        application_move(
            actor=request.user,  # type: ignore[arg-type]
            application=application,
            to=request.POST.get("to", ""),
        )
    except OpportunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved. She is told in her inbox."))
    return redirect("opportunities:org-detail", opportunity_id=application.opportunity_id)


@login_required
def org_hires(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_opportunities(
        user=request.user, organisation_id=organisation_id, manage=True
    )
    form = HiresForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hires_outside_record(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except OpportunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The count is saved."))
            return redirect("opportunities:org-list", organisation_id=organisation.pk)
    return render(
        request,
        "opportunities/org_hires.html",
        {"organisation": organisation, "form": form},
        status=400 if form.is_bound else 200,
    )
