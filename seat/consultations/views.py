"""Staff pages of the loop: plan a project, ask, invite, read contributions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.accounts.rules import can_manage_engagement, can_read_engagement
from seat.accounts.selectors import organisations_for_user
from seat.compensation.rules import can_settle_payments
from seat.consultations import selectors, services
from seat.consultations.enums import ConsultationStatus
from seat.consultations.forms import ConsultationForm, InviteForm, ProjectForm
from seat.consultations.rules import (
    can_manage_project,
    can_read_contributions,
    can_record_payment_for,
)
from seat.consultations.services import LoopError
from seat.core.once import submission_claim, submission_done, submission_release
from seat.people.rules import can_bring_experts


def project_url(project) -> str:  # type: ignore[no-untyped-def]
    return reverse("consultations:project-detail", kwargs={"project_id": project.pk})


@require_safe
@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    organisations = [
        org
        for org in organisations_for_user(user=request.user)
        if can_read_engagement(request.user, org)
    ]
    if not organisations:
        raise PermissionDenied
    projects = list(selectors.projects_for_user(user=request.user))
    can_create = any(can_manage_engagement(request.user, org) for org in organisations)
    return render(
        request,
        "consultations/project_list.html",
        {
            "projects": projects,
            "organisations": organisations,
            "can_create": can_create,
            "can_settle_payments": can_settle_payments(request.user),
            "can_bring_experts": any(can_bring_experts(request.user, o) for o in organisations),
        },
    )


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    organisations = [
        org
        for org in organisations_for_user(user=request.user)
        if can_manage_engagement(request.user, org)
    ]
    if not organisations:
        raise PermissionDenied
    form = ProjectForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("form_key")
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or "consultations:project-list")
        project = services.project_create(actor=request.user, **data)  # type: ignore[arg-type]
        url = reverse("consultations:project-detail", kwargs={"project_id": project.pk})
        submission_done(user=request.user, key=key, url=url)
        return redirect(url)
    return render(request, "consultations/project_form.html", {"form": form})


@require_safe
@login_required
def project_detail(request: HttpRequest, project_id: str) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    return render(
        request,
        "consultations/project_detail.html",
        {
            "project": project,
            "consultations": selectors.consultations_for_project(project=project),
            "can_manage": can_manage_project(request.user, project),
        },
    )


@login_required
def consultation_create(request: HttpRequest, project_id: str) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id, manage=True)
    form = ConsultationForm(
        request.POST or None,
        initial={
            "stage": project.stage,
            "currency": project.organisation.default_currency,
            "pay_within_days": settings.SEAT_DEFAULT_PAY_DAYS,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("form_key")
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or project_url(project))
        try:
            consultation = services.consultation_create(
                actor=request.user,  # type: ignore[arg-type]
                project=project,
                **data,
            )
        except LoopError as error:
            submission_release(user=request.user, key=key)
            form.add_error(None, str(error))
        else:
            url = reverse(
                "consultations:consultation-detail", kwargs={"consultation_id": consultation.pk}
            )
            submission_done(user=request.user, key=key, url=url)
            return redirect(url)
    return render(
        request, "consultations/consultation_form.html", {"form": form, "project": project}
    )


@require_safe
@login_required
def consultation_detail(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id
    )
    can_manage = can_manage_project(request.user, consultation.project)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "questions": list(consultation.questions.all()),
            "invitations": list(selectors.invitations_for_consultation(consultation=consultation)),
            "contributions": selectors.contributions_for_staff(consultation=consultation)
            if can_read_contributions(request.user, consultation)
            else None,
            "people_to_pay": selectors.people_to_pay(consultation=consultation),
            "can_record_payment": can_record_payment_for(request.user, consultation),
            "invite_form": InviteForm(
                experts=selectors.experts_open_to_invitation(consultation=consultation)
            )
            if can_manage
            else None,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def consultation_publish(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    try:
        services.consultation_publish(actor=request.user, consultation=consultation)  # type: ignore[arg-type]
        messages.success(request, _("The consultation is open. Invited people can now take part."))
    except LoopError as error:
        messages.error(request, str(error))
    return redirect("consultations:consultation-detail", consultation_id=consultation.pk)


@login_required
@require_POST
def consultation_invite(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    form = InviteForm(
        request.POST, experts=selectors.experts_open_to_invitation(consultation=consultation)
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("experts", [])))
        return redirect("consultations:consultation-detail", consultation_id=consultation.pk)
    try:
        sent = services.invitations_send(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
            experts=list(form.cleaned_data["experts"]),
        )
        if consultation.status == ConsultationStatus.DRAFT:
            message = _(
                "Invitations saved: %(count)d. People see them once you open the consultation."
            )
        else:
            message = _("Invitations sent: %(count)d.")
        messages.success(request, message % {"count": len(sent)})
    except LoopError as error:
        messages.error(request, str(error))
    return redirect("consultations:consultation-detail", consultation_id=consultation.pk)


@login_required
@require_POST
def consultation_close(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    try:
        services.consultation_close(actor=request.user, consultation=consultation)  # type: ignore[arg-type]
        messages.success(
            request, _("The consultation is closed. Answer and pay every contribution.")
        )
    except LoopError as error:
        messages.error(request, str(error))
    return redirect("consultations:consultation-detail", consultation_id=consultation.pk)
