"""Staff pages of the loop: plan a project, ask, invite, read contributions."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from seat.accounts.models import Organisation
from seat.accounts.rules import can_manage_engagement, can_manage_members, can_read_engagement
from seat.accounts.selectors import organisations_for_user
from seat.compensation.rules import can_record_work_pay, can_settle_payments
from seat.consultations import corrections, plans, quality, selectors, services, translations
from seat.consultations.enums import ConsultationStatus, InvitationStatus, Stage
from seat.consultations.forms import (
    CancelForm,
    ConsultationEditForm,
    ConsultationForm,
    DeleteForm,
    EngagementPlanForm,
    InviteForm,
    ProjectEditForm,
    ProjectForm,
    PublishForm,
    TranslationForm,
    lead_time_hint,
    new_consultation_initial,
)
from seat.consultations.models import Consultation
from seat.consultations.promises import invitation_promises
from seat.consultations.rules import (
    can_manage_project,
    can_read_contributions,
    can_read_contributions_to,
    can_record_payment_for,
)
from seat.consultations.services import LoopError
from seat.core.formats import format_day
from seat.core.once import (
    submission_claim,
    submission_done,
    submission_earlier,
    submission_release,
)
from seat.partners import selectors as partner_selectors
from seat.partners.forms import AskPartnerForm
from seat.people.rules import can_bring_experts


def project_url(project) -> str:  # type: ignore[no-untyped-def]
    return reverse("consultations:project-detail", kwargs={"project_id": project.pk})


def consultation_url(consultation) -> str:  # type: ignore[no-untyped-def]
    return reverse("consultations:consultation-detail", kwargs={"consultation_id": consultation.pk})


def _check_typed(
    form: ConsultationForm, *, organisation: Organisation, consultation: Consultation | None = None
) -> quality.CheckResult:
    """The quality check of what the form holds: every valid field (a field with an error is
    left out, and its error says what to fix first)."""
    form.is_valid()  # cleans once; "Check without saving" may not have asked yet
    data = dict(form.cleaned_data)
    draft = selectors.consultation_draft(
        values=data,
        questions=data.get("questions") or [],
        organisation=organisation,
        consultation=consultation,
    )
    return quality.check_consultation(draft, organisation=organisation)


def _show_pay_parity(form: ConsultationForm, *, organisation: Organisation) -> None:
    """Beside the pay rate, the organisation's rate card for participants (or consultants) in
    the unit and currency typed, and the parity of the rate offered: shown on the page as it
    is drawn, so after "Check without saving" or a refused save without JavaScript. Staff only:
    this form is theirs. Imported here, not at module level: compensation builds on
    consultations (docs/ARCHITECTURE.md lists the exception)."""
    from seat.compensation.rates import cards_for_input, decimal_or_none, offer_parity

    unit, currency = str(form["pay_unit"].value() or ""), str(form["currency"].value() or "")
    if unit:
        shown = offer_parity(
            organisation=organisation,
            unit=unit,
            currency=currency,
            rate=decimal_or_none(form["pay_rate"].value()),
        )
        notes = [str(shown)] if shown is not None else []
    else:
        notes = [
            str(card) for card in cards_for_input(organisation=organisation, currency=currency)
        ]
    if notes:
        # The bound field keeps its own copy of the help text, made when it was first read.
        bound = form["pay_rate"]
        bound.help_text = " ".join([str(bound.help_text), *notes]).strip()


def _wants_check_only(request: HttpRequest) -> bool:
    """The form's "Check without saving" button: show the findings, save nothing."""
    return request.method == "POST" and "check" in request.POST


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
            # How often each opened a consultation over the quality check's blockers.
            "overrides": [
                (org, selectors.check_overrides_count(organisation=org)) for org in organisations
            ],
            "can_create": can_create,
            "may_read_input": any(
                can_read_contributions_to(request.user, o) for o in organisations
            ),
            "can_settle_payments": can_settle_payments(request.user),
            "can_bring_experts": any(can_bring_experts(request.user, o) for o in organisations),
            "pay_for_work_in": [o for o in organisations if can_record_work_pay(request.user, o)],
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
    consultations = list(selectors.consultations_for_project(project=project))
    can_manage = can_manage_project(request.user, project)
    return render(
        request,
        "consultations/project_detail.html",
        {
            "project": project,
            "consultations": consultations,
            "engagement": selectors.project_engagement(
                project=project, consultations=consultations
            ),
            "can_manage": can_manage,
            # Deletion is offered only when the delete service would allow it.
            "delete_problem": corrections.project_delete_problem(project=project)
            if can_manage
            else None,
            "changes": selectors.changes_for_project(project=project),
        },
    )


@login_required
def consultation_create(request: HttpRequest, project_id: str) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id, manage=True)
    form = ConsultationForm(request.POST or None, initial=new_consultation_initial(project=project))
    form.fields["deadline"].help_text = lead_time_hint(project.organisation)
    _show_pay_parity(form, organisation=project.organisation)
    if request.method == "POST" and (_wants_check_only(request) or not form.is_valid()):
        form.quality_check = _check_typed(form, organisation=project.organisation)
    elif request.method == "POST":
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


# The live check (check.js): the form as typed, checked and answered as JSON, saving nothing.
# Session and CSRF as the form itself; the same people who may save the form may check it.


@login_required
@require_POST
def consultation_check_new(request: HttpRequest, project_id: str) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id, manage=True)
    form = ConsultationForm(request.POST)
    return JsonResponse(_check_typed(form, organisation=project.organisation).as_dict())


@login_required
@require_POST
def consultation_check(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    form = ConsultationEditForm(
        request.POST,
        consultation=consultation,
        questions_locked=corrections.questions_locked(consultation),
    )
    result = _check_typed(
        form, organisation=consultation.project.organisation, consultation=consultation
    )
    return JsonResponse(result.as_dict())


@require_safe
@login_required
def consultation_detail(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id
    )
    can_manage = can_manage_project(request.user, consultation.project)
    live = consultation.status in (ConsultationStatus.DRAFT, ConsultationStatus.OPEN)
    questions = list(consultation.questions.all())
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            # The facts the people invited read, told to staff in the third person (for_staff).
            "promises": invitation_promises(consultation=consultation, questions=questions),
            "check": selectors.consultation_check(consultation=consultation) if live else None,
            "stored_check": selectors.latest_check(consultation=consultation),
            "override": selectors.check_override(consultation=consultation),
            "can_override": can_manage_members(request.user, consultation.project.organisation),
            "publish_form": PublishForm(),
            "consultation": consultation,
            "questions": questions,
            "invitations": list(selectors.invitations_for_consultation(consultation=consultation)),
            # Requests to partners, with counts only: who a partner invites stays with it.
            "partner_requests": partner_selectors.requests_for_consultation(
                consultation=consultation
            ),
            "ask_form": AskPartnerForm(
                partners=partner_selectors.partners_to_ask(consultation=consultation)
            )
            if can_manage and consultation.status == ConsultationStatus.OPEN
            else None,
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
            "changes": selectors.changes_for_consultation(consultation=consultation),
            "translations": translations.translation_statuses(consultation=consultation),
        },
    )


@login_required
@require_POST
def consultation_publish(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("override_reason", [])))
        return redirect("consultations:consultation-detail", consultation_id=consultation.pk)
    reason = form.cleaned_data["override_reason"]
    try:
        services.consultation_publish(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
            override_reason=reason,
        )
        if consultation.opens_on > timezone.localdate():
            messages.success(
                request,
                _("The consultation is open. Invitations go out on %(date)s.")
                % {"date": format_day(consultation.opens_on)},
            )
        else:
            messages.success(
                request, _("The consultation is open. Invited people can now take part.")
            )
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
        elif not any(invitation.sent_at for invitation in sent) and sent:
            message = _("Invitations saved: %(count)d. They go out on %(date)s.")
        else:
            message = _("Invitations sent: %(count)d.")
        messages.success(
            request, message % {"count": len(sent), "date": format_day(consultation.opens_on)}
        )
        if unreadable := selectors.experts_without_offered_language(
            consultation=consultation, experts=list(form.cleaned_data["experts"])
        ):
            messages.warning(
                request,
                ngettext(
                    "%(names)s reads none of the languages this consultation is offered in. "
                    "Offer one of their languages, or provide interpretation.",
                    "%(names)s read none of the languages this consultation is offered in. "
                    "Offer one of their languages, or provide interpretation.",
                    len(unreadable),
                )
                % {"names": ", ".join(expert.pseudonym for expert in unreadable)},
            )
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


# Corrections ---------------------------------------------------------------------------------
# Each form carries a one-time key (core.once): sent twice, it is acted on once and the second
# arrival goes where the first went.


@login_required
def project_edit(request: HttpRequest, project_id: str) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=project_id, manage=True)
    form = ProjectEditForm(
        request.POST or None,
        initial={"title": project.title, "summary": project.summary, "stage": project.stage},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("form_key")
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or project_url(project))
        change = corrections.project_update(actor=request.user, project=project, **data)  # type: ignore[arg-type]
        messages.success(request, _("Saved.") if change else _("Nothing had changed."))
        submission_done(user=request.user, key=key, url=project_url(project))
        return redirect(project_url(project))
    return render(
        request,
        "consultations/project_form.html",
        {"form": form, "project": project},
        status=400 if form.is_bound else 200,
    )


def _delete_once(
    request: HttpRequest,
    *,
    key: uuid.UUID,
    delete: Callable[[], object],
    done_url: str,
    back_url: str,
    done: str,
) -> HttpResponse:
    """Run a confirmed deletion once per form: a second arrival of the same form goes where the
    first went; a refusal frees the form to be sent again and goes back with its reason."""
    if (earlier := submission_claim(user=request.user, key=key)) is not None:
        return redirect(earlier or done_url)
    try:
        delete()
    except LoopError as error:
        submission_release(user=request.user, key=key)
        messages.error(request, str(error))
        return redirect(back_url)
    submission_done(user=request.user, key=key, url=done_url)
    messages.success(request, done)
    return redirect(done_url)


@login_required
def project_delete(request: HttpRequest, project_id: str) -> HttpResponse:
    if request.method == "POST" and (
        earlier := submission_earlier(user=request.user, data=request.POST)
    ):
        return redirect(earlier)
    project = selectors.project_get_for_user(user=request.user, project_id=project_id, manage=True)
    form = DeleteForm(request.POST or None)
    problem = corrections.project_delete_problem(project=project)
    if request.method == "POST" and form.is_valid() and problem is None:
        return _delete_once(
            request,
            key=form.cleaned_data["form_key"],
            delete=lambda: corrections.project_delete(actor=request.user, project=project),  # type: ignore[arg-type]
            done_url=reverse("consultations:project-list"),
            back_url=project_url(project),
            done=_("The project “%(title)s” is deleted.") % {"title": project.title},
        )
    return render(
        request,
        "consultations/confirm_delete.html",
        {
            "form": form,
            "problem": problem,
            "title": project.title,
            "back": project_url(project),
            "drafts": list(project.consultations.order_by("title")),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def consultation_edit(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    if consultation.status not in (ConsultationStatus.DRAFT, ConsultationStatus.OPEN):
        messages.error(
            request,
            _("A closed or cancelled consultation cannot be changed: it is kept as it was."),
        )
        return redirect(consultation_url(consultation))
    form = ConsultationEditForm(
        request.POST or None,
        consultation=consultation,
        questions_locked=corrections.questions_locked(consultation),
    )
    organisation = consultation.project.organisation
    _show_pay_parity(form, organisation=organisation)
    if request.method != "POST":
        form.quality_check = selectors.consultation_check(consultation=consultation)
    elif _wants_check_only(request) or not form.is_valid():
        form.quality_check = _check_typed(
            form, organisation=organisation, consultation=consultation
        )
    else:
        data = dict(form.cleaned_data)
        key = data.pop("form_key")
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or consultation_url(consultation))
        try:
            change = corrections.consultation_update(
                actor=request.user,  # type: ignore[arg-type]
                consultation=consultation,
                **data,
            )
        except corrections.CorrectionError as error:
            submission_release(user=request.user, key=key)
            for field, message in error.problems.items():
                known = field in form.fields and not form.fields[field].disabled
                form.add_error(field if known else None, message)
        else:
            submission_done(user=request.user, key=key, url=consultation_url(consultation))
            if change is None:
                messages.info(request, _("Nothing had changed."))
            elif corrections.told_invited(change):
                messages.success(
                    request,
                    _("Saved. Everyone invited who has not said no is told what changed."),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect(consultation_url(consultation))
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "project": consultation.project, "consultation": consultation},
        status=400 if form.is_bound and not _wants_check_only(request) else 200,
    )


@login_required
def consultation_delete(request: HttpRequest, consultation_id: str) -> HttpResponse:
    if request.method == "POST" and (
        earlier := submission_earlier(user=request.user, data=request.POST)
    ):
        return redirect(earlier)
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    form = DeleteForm(request.POST or None)
    problem = corrections.consultation_delete_problem(consultation=consultation)
    if request.method == "POST" and form.is_valid() and problem is None:
        return _delete_once(
            request,
            key=form.cleaned_data["form_key"],
            delete=lambda: corrections.consultation_delete(
                actor=request.user,  # type: ignore[arg-type]
                consultation=consultation,
            ),
            done_url=project_url(consultation.project),
            back_url=consultation_url(consultation),
            done=_("The draft “%(title)s” is deleted.") % {"title": consultation.title},
        )
    return render(
        request,
        "consultations/confirm_delete.html",
        {
            "form": form,
            "problem": problem,
            "title": consultation.title,
            "back": consultation_url(consultation),
            "questions": list(consultation.questions.all()),
            "invited": consultation.invitations.count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def consultation_cancel(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["form_key"]
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or consultation_url(consultation))
        try:
            corrections.consultation_cancel(
                actor=request.user,  # type: ignore[arg-type]
                consultation=consultation,
                message=form.cleaned_data["message"],
            )
        except LoopError as error:
            submission_release(user=request.user, key=key)
            form.add_error(None, str(error))
        else:
            submission_done(user=request.user, key=key, url=consultation_url(consultation))
            messages.success(
                request,
                _(
                    "The consultation is cancelled. Everyone invited who has not said no is told, "
                    "with your message. Pay everyone who already gave input, as promised."
                ),
            )
            return redirect(consultation_url(consultation))
    return render(
        request,
        "consultations/consultation_cancel.html",
        {
            "form": form,
            "consultation": consultation,
            "still_invited": consultation.invitations.exclude(status=InvitationStatus.DECLINED)
            .filter(sent_at__isnull=False)
            .count(),
            "contributed": consultation.contributions.count(),
        },
        status=400 if form.is_bound else 200,
    )


# Engagement plans ----------------------------------------------------------------------------
# Like the corrections: one-time form keys, and a refusal keeps what was typed with its reason.


def _plan_errors(form: EngagementPlanForm, error: plans.PlanError) -> None:
    for field, message in error.problems.items():
        form.add_error(field if field in form.fields else None, message)


@login_required
def engagement_plan_create(request: HttpRequest, project_id: str) -> HttpResponse:
    # A form sent twice goes where the first went: its plan now holds the stage, and the form
    # would otherwise say so to the person who made it.
    if request.method == "POST" and (
        earlier := submission_earlier(user=request.user, data=request.POST)
    ):
        return redirect(earlier)
    project = selectors.project_get_for_user(user=request.user, project_id=project_id, manage=True)
    stage = request.GET.get("stage")
    form = EngagementPlanForm(
        request.POST or None,
        project=project,
        initial={"stage": stage} if stage in Stage.values else {},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("form_key")
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or project_url(project))
        try:
            plans.engagement_plan_create(actor=request.user, project=project, **data)  # type: ignore[arg-type]
        except plans.PlanError as error:
            submission_release(user=request.user, key=key)
            _plan_errors(form, error)
        else:
            submission_done(user=request.user, key=key, url=project_url(project))
            messages.success(request, _("The plan is saved."))
            return redirect(project_url(project) + "#stages")
    return render(
        request,
        "consultations/plan_form.html",
        {"form": form, "project": project},
        status=400 if form.is_bound else 200,
    )


@login_required
def engagement_plan_edit(request: HttpRequest, plan_id: str) -> HttpResponse:
    if request.method == "POST" and (
        earlier := submission_earlier(user=request.user, data=request.POST)
    ):
        return redirect(earlier)
    plan = selectors.engagement_plan_get_for_user(user=request.user, plan_id=plan_id, manage=True)
    form = EngagementPlanForm(request.POST or None, instance=plan, project=plan.project)
    back = project_url(plan.project) + "#stages"
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("form_key")
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or back)
        try:
            changed = plans.engagement_plan_update(actor=request.user, plan=plan, **data)  # type: ignore[arg-type]
        except plans.PlanError as error:
            submission_release(user=request.user, key=key)
            _plan_errors(form, error)
        else:
            submission_done(user=request.user, key=key, url=back)
            messages.success(request, _("Saved.") if changed else _("Nothing had changed."))
            return redirect(back)
    return render(
        request,
        "consultations/plan_form.html",
        {"form": form, "project": plan.project, "plan": plan},
        status=400 if form.is_bound else 200,
    )


@login_required
def engagement_plan_delete(request: HttpRequest, plan_id: str) -> HttpResponse:
    if request.method == "POST" and (
        earlier := submission_earlier(user=request.user, data=request.POST)
    ):
        return redirect(earlier)
    plan = selectors.engagement_plan_get_for_user(user=request.user, plan_id=plan_id, manage=True)
    form = DeleteForm(request.POST or None)
    back = project_url(plan.project) + "#stages"
    title = _("Plan for the %(stage)s stage") % {"stage": selectors.STAGE_IN_SENTENCE[plan.stage]}
    if request.method == "POST" and form.is_valid():
        return _delete_once(
            request,
            key=form.cleaned_data["form_key"],
            delete=lambda: plans.engagement_plan_delete(actor=request.user, plan=plan),  # type: ignore[arg-type]
            done_url=back,
            back_url=back,
            done=_("The plan for the %(stage)s stage is deleted.")
            % {"stage": selectors.STAGE_IN_SENTENCE[plan.stage]},
        )
    return render(
        request,
        "consultations/confirm_delete.html",
        {"form": form, "problem": None, "title": title, "back": back},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def consultation_translation(
    request: HttpRequest, consultation_id: str, language: str
) -> HttpResponse:
    """Write, correct or remove the consultation's text in one more language it is offered in."""
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    statuses = {s.language: s for s in translations.translation_statuses(consultation=consultation)}
    status = statuses.get(language)
    if status is None or status.status == translations.ORIGINAL:
        raise Http404
    questions = list(consultation.questions.all())
    original = {
        "title": consultation.title,
        "purpose": consultation.purpose,
        "plain_summary": consultation.plain_summary,
        "content_note": consultation.content_note,
        "questions": " / ".join(q.text for q in questions),
    }
    existing = status.translation
    initial = (
        {
            "title": existing.title,
            "purpose": existing.purpose,
            "plain_summary": existing.plain_summary,
            "content_note": existing.content_note,
            "questions": "\n".join(existing.questions),
        }
        if existing
        else {}
    )
    form = TranslationForm(
        request.POST or None, initial=initial, language=language, original=original
    )
    editable = not translations.translation_problems(
        consultation=consultation, language=language, questions=[q.text for q in questions]
    )
    if request.method == "POST" and request.POST.get("remove") and editable:
        translations.translation_delete(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
            language=language,
        )
        messages.success(request, _("The translation is removed."))
        return redirect(consultation_url(consultation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for field, problem in translations.translation_problems(
            consultation=consultation,
            language=language,
            questions=data["questions"],
            texts={name: data.get(name, "") for name in translations.TRANSLATED_TEXTS},
        ).items():
            form.add_error(None if field == "__all__" else field, problem)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = data["form_key"]
        if (earlier := submission_claim(user=request.user, key=key)) is not None:
            return redirect(earlier or consultation_url(consultation))
        try:
            translations.translation_save(
                actor=request.user,  # type: ignore[arg-type]
                consultation=consultation,
                language=language,
                title=data["title"],
                purpose=data["purpose"],
                content_note=data.get("content_note", ""),
                plain_summary=data.get("plain_summary", ""),
                questions=data["questions"],
            )
        except LoopError as error:
            submission_release(user=request.user, key=key)
            form.add_error(None, str(error))
        else:
            submission_done(user=request.user, key=key, url=consultation_url(consultation))
            messages.success(
                request,
                _("Saved. People who read %(language)s now read the consultation in it.")
                % {"language": status.name},
            )
            return redirect(consultation_url(consultation))
    return render(
        request,
        "consultations/consultation_translation.html",
        {
            "form": form,
            "consultation": consultation,
            "status": status,
            "editable": editable,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
