"""Assessment pages: open a round, answer it domain by domain, read the results, plan actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.accounts.selectors import organisations_for_user
from seat.assessment import charts, report, selectors, services
from seat.assessment.enums import LEVEL_LABELS, RoundStatus
from seat.assessment.forms import ActionForm, AdvisorForm, DomainAnswersForm, RoundForm
from seat.assessment.models import AssessmentRound
from seat.assessment.rules import (
    can_export_ratings,
    can_manage_assessment,
    perspective_of,
)
from seat.assessment.services import AssessmentError
from seat.compensation.rates import advisor_round_pay_for_staff
from seat.core.formats import format_day, format_number
from seat.core.once import submission_claim, submission_done, submission_release


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_for_user(user=request.user))
    if not organisations:
        raise PermissionDenied
    manageable = [o for o in organisations if can_manage_assessment(request.user, o)]
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not manageable:
            raise PermissionDenied
        if form.is_valid():
            key = form.cleaned_data["form_key"]
            if (earlier := submission_claim(user=request.user, key=key)) is not None:
                return redirect(earlier or "assessment:rounds")
            try:
                new_round = services.round_open(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=manageable[0],
                    title=form.cleaned_data["title"],
                )
            except AssessmentError as error:
                submission_release(user=request.user, key=key)
                form.add_error(None, str(error))
            else:
                url = reverse("assessment:round", kwargs={"round_id": new_round.pk})
                submission_done(user=request.user, key=key, url=url)
                return redirect(url)
    return render(
        request,
        "assessment/round_list.html",
        {
            "rounds": list(selectors.rounds_for_user(user=request.user)),
            "form": form if manageable else None,
        },
    )


@require_safe
@login_required
def round_detail(request: HttpRequest, round_id: str) -> HttpResponse:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    domains = selectors.domains_of(assessment_round.framework, lang=_lang())
    progress = selectors.progress_for(assessment_round=assessment_round, user=request.user)
    rows = [(d, progress.get(d.key, 0), len(d.indicators.all())) for d in domains]
    next_domain = next((d for d, done, total in rows if done < total), None)
    return render(
        request,
        "assessment/round_detail.html",
        {
            "round": assessment_round,
            "rows": rows,
            "answered": sum(done for _d, done, _t in rows),
            "total": sum(total for _d, _done, total in rows),
            "next_domain": next_domain,
            "perspective": perspective_of(request.user, assessment_round.organisation),
            "respondents": selectors.respondents_count(assessment_round=assessment_round),
            "can_manage": can_manage_assessment(request.user, assessment_round.organisation),
            "min_group": settings.SEAT_MIN_GROUP_SIZE,
            "advisor_pay": advisor_round_pay_for_staff(organisation=assessment_round.organisation),
        },
    )


@login_required
def answer(request: HttpRequest, round_id: str, domain_key: str) -> HttpResponse:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    if assessment_round.status != RoundStatus.OPEN:
        messages.info(request, _("This round is completed; answers can no longer change."))
        return redirect("assessment:round", round_id=assessment_round.pk)
    domains = selectors.domains_of(assessment_round.framework, lang=_lang())
    index = next((n for n, d in enumerate(domains) if d.key == domain_key), None)
    if index is None:
        raise Http404
    domain = domains[index]
    mine = selectors.my_ratings(assessment_round=assessment_round, user=request.user)
    form = DomainAnswersForm(request.POST or None, domain=domain, mine=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.ratings_save(
                actor=request.user,  # type: ignore[arg-type]
                assessment_round=assessment_round,
                answers=form.answers(),
            )
        except AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved. You can stop here and come back later."))
            if index + 1 < len(domains) and "next" in request.POST:
                return redirect(
                    "assessment:answer",
                    round_id=assessment_round.pk,
                    domain_key=domains[index + 1].key,
                )
            return redirect("assessment:round", round_id=assessment_round.pk)
    return render(
        request,
        "assessment/answer.html",
        {
            "round": assessment_round,
            "domain": domain,
            "form": form,
            "position": index + 1,
            "count": len(domains),
            "has_next": index + 1 < len(domains),
            "perspective": perspective_of(request.user, assessment_round.organisation),
        },
    )


def _results_context(request: HttpRequest, assessment_round: AssessmentRound) -> dict:
    results = selectors.round_results(assessment_round=assessment_round, lang=_lang())
    trend = selectors.trend_for(assessment_round=assessment_round, lang=_lang())
    actions = selectors.actions_for_round(assessment_round=assessment_round)
    return {
        "round": assessment_round,
        "results": results,
        "level_name": LEVEL_LABELS.get(results.level) if results.level else None,
        "divergent": results.divergent(),
        "gaps": results.gaps(),
        "survivor_lowest": results.survivor_lowest(),
        "bars": charts.domain_bars(results),
        "trend": trend,
        "trend_chart": charts.trend_lines(
            [(format_day(r.closed_at or r.created_at, "medium"), res) for r, res in trend]
        )
        if len(trend) > 1
        else None,
        "actions": actions,
        "planned": {a.indicator.key for a in actions},
        "respondents": selectors.respondents_count(assessment_round=assessment_round),
        "survivor_group": selectors.survivor_group(assessment_round=assessment_round),
    }


@require_safe
@login_required
def results(request: HttpRequest, round_id: str) -> HttpResponse:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    context = _results_context(request, assessment_round)
    context["can_manage"] = can_manage_assessment(request.user, assessment_round.organisation)
    context["can_export"] = can_export_ratings(request.user, assessment_round.organisation)
    return render(request, "assessment/results.html", context)


@require_safe
@login_required
def results_pdf(request: HttpRequest, round_id: str) -> HttpResponse:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    paper = request.GET.get("paper", "a4").lower()
    if paper not in report.PAPER_SIZES:
        return HttpResponse(_("Paper must be a4 or letter."), status=400, content_type="text/plain")
    try:
        pdf = report.results_pdf(context=_results_context(request, assessment_round), paper=paper)
    except report.PdfUnavailable:
        message = _(
            "PDF reports are not available on this server yet. The page itself has the same report."
        )
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="assessment-{assessment_round.pk}-{paper}.pdf"'
    )
    return response


@require_safe
@login_required
def ratings_csv(request: HttpRequest, round_id: str) -> HttpResponse:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    if not can_export_ratings(request.user, assessment_round.organisation):
        raise PermissionDenied
    response = HttpResponse(
        report.ratings_csv(assessment_round=assessment_round),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ratings-{assessment_round.pk}.csv"'
    return response


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: str) -> HttpResponse:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    if not can_manage_assessment(request.user, assessment_round.organisation):
        raise PermissionDenied
    try:
        services.round_close(actor=request.user, assessment_round=assessment_round)  # type: ignore[arg-type]
    except AssessmentError as error:
        messages.error(request, str(error))
    else:
        paid = assessment_round.advisor_payments.count()
        messages.success(
            request,
            ngettext(
                "The round is completed. A payment is recorded for %(count)s survivor advisor "
                "who answered.",
                "The round is completed. A payment is recorded for each of the %(count)s "
                "survivor advisors who answered.",
                paid,
            )
            % {"count": format_number(paid)}
            if paid
            else _("The round is completed."),
        )
    return redirect("assessment:results", round_id=assessment_round.pk)


@login_required
@require_POST
def action_create(request: HttpRequest, round_id: str) -> HttpResponse:
    assessment_round = selectors.round_get_for_user(user=request.user, round_id=round_id)
    if not can_manage_assessment(request.user, assessment_round.organisation):
        raise PermissionDenied
    indicator = selectors.indicator_in_round(
        assessment_round=assessment_round, key=request.POST.get("indicator", "")
    )
    if indicator is None:
        messages.error(request, _("That question is not part of this assessment."))
        return redirect("assessment:results", round_id=assessment_round.pk)
    action = services.action_from_gap(
        actor=request.user,  # type: ignore[arg-type]
        assessment_round=assessment_round,
        indicator=indicator,
    )
    return redirect("assessment:action", action_id=action.pk)


@login_required
def action_detail(request: HttpRequest, action_id: str) -> HttpResponse:
    action = selectors.action_get_for_user(user=request.user, action_id=action_id)
    organisation = action.round.organisation
    can_manage = can_manage_assessment(request.user, organisation)
    members = selectors.action_owner_choices(organisation=organisation)
    form = ActionForm(
        request.POST or None,
        members=members,
        initial={
            "title": action.title,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "status": action.status,
        },
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.action_update(actor=request.user, action=action, **form.cleaned_data)  # type: ignore[arg-type]
            except AssessmentError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The action is saved."))
                return redirect("assessment:results", round_id=action.round_id)
    return render(
        request,
        "assessment/action.html",
        {
            "action": action,
            "statement": action.indicator.in_language(_lang())["text"],
            "form": form if can_manage else None,
        },
    )


@login_required
def advisors(request: HttpRequest) -> HttpResponse:
    """Who advises the organisation's self-assessment. Chosen names only."""
    organisation = next(
        (
            o
            for o in organisations_for_user(user=request.user)
            if can_manage_assessment(request.user, o)
        ),
        None,
    )
    if organisation is None:
        raise PermissionDenied
    candidates = selectors.experts_who_could_advise(organisation=organisation)
    form = AdvisorForm(request.POST or None, experts=candidates)
    if request.method == "POST":
        try:
            if remove := request.POST.get("remove"):
                expert = selectors.advisor_of(organisation=organisation, expert_id=remove)
                services.advisor_remove(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=organisation,
                    expert=expert,
                )
                messages.success(request, _("Removed. Their earlier answers stay in past rounds."))
                return redirect("assessment:advisors")
            if withdraw := request.POST.get("withdraw"):
                asked = selectors.advisor_request_waiting_of(
                    organisation=organisation, request_id=withdraw
                )
                services.advisor_request_withdraw(actor=request.user, request=asked)  # type: ignore[arg-type]
                messages.success(request, _("The request is withdrawn."))
                return redirect("assessment:advisors")
            if form.is_valid():
                asked = services.advisor_ask(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=organisation,
                    expert=form.cleaned_data["expert"],
                )
                messages.success(
                    request,
                    _("Asked. %(name)s becomes an advisor only if they say yes on their own page.")
                    % {"name": asked.expert.pseudonym},
                )
                return redirect("assessment:advisors")
        except AssessmentError as error:
            messages.error(request, str(error))
    return render(
        request,
        "assessment/advisors.html",
        {
            "organisation": organisation,
            "advisors": selectors.advisors_of(organisation=organisation),
            "waiting": selectors.advisor_requests_waiting(organisation=organisation),
            "form": form if candidates.exists() else None,
        },
    )
