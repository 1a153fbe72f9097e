"""Advisory councils: the host's secretariat (admins and staff) runs them; finance and viewers
read; members read the council they sit on, their own attendance and their own pay."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.councils import report, selectors, services
from seat.councils.forms import (
    AttendanceForm,
    CouncilForm,
    DissentForm,
    ImplementedForm,
    MeetingForm,
    MinutesForm,
    MyDissentForm,
    RecommendationForm,
    RenewForm,
    ResponseForm,
    TermForm,
    council_initial,
)
from seat.councils.models import Meeting, Recommendation, Term
from seat.councils.rules import can_see_council_pay
from seat.councils.selectors import Access
from seat.councils.services import CouncilError
from seat.people.selectors import experts_linked_to


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


# Councils -----------------------------------------------------------------------------------


@contextmanager
def _refusal_shown_on(form: Any) -> Iterator[None]:
    """Run a service's write for a valid form inside the block: a refusal (CouncilError)
    becomes the form's error and the view goes on past the block to draw the page again."""
    try:
        yield
    except CouncilError as error:
        form.add_error(None, str(error))


@require_safe
@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "councils/list.html",
        {
            "councils": list(selectors.councils_for_user(user=request.user)),
            "hosts": selectors.organisations_hosting(user=request.user),
        },
    )


@login_required
def council_new(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_council(
        user=request.user, organisation_id=organisation_id
    )
    form = CouncilForm(
        request.POST or None, initial={"pay_currency": organisation.default_currency}
    )
    if request.method == "POST" and form.is_valid():
        with _refusal_shown_on(form):
            council = services.council_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                name=form.cleaned_data["name"],
                mandate=form.cleaned_data["mandate"],
                pay=form.to_pay(),
            )
            messages.success(request, _("The council is saved. Now add its members."))
            return redirect("councils:detail", council_id=council.pk)
    return render(
        request,
        "councils/council_form.html",
        {"organisation": organisation, "form": form, "council": None},
        status=_status(form),
    )


@login_required
def council_edit(request: HttpRequest, council_id: str) -> HttpResponse:
    access = selectors.council_get_for_user(user=request.user, council_id=council_id, manage=True)
    council = access.council
    form = CouncilForm(request.POST or None, initial=council_initial(council))
    if request.method == "POST" and form.is_valid():
        with _refusal_shown_on(form):
            services.council_update(
                actor=request.user,  # type: ignore[arg-type]
                council=council,
                name=form.cleaned_data["name"],
                mandate=form.cleaned_data["mandate"],
                pay=form.to_pay(),
            )
            messages.success(request, _("Saved."))
            return redirect("councils:detail", council_id=council.pk)
    return render(
        request,
        "councils/council_form.html",
        {"organisation": council.organisation, "form": form, "council": council},
        status=_status(form),
    )


@require_safe
@login_required
def council_detail(request: HttpRequest, council_id: str) -> HttpResponse:
    access = selectors.council_get_for_user(user=request.user, council_id=council_id)
    council = access.council
    context: dict[str, Any] = {
        "council": council,
        "access": access,
        "terms": selectors.terms_of(council=council),
        "meetings": selectors.meetings_of(council=council),
        "recommendations": selectors.recommendations_of(council=council),
        "this_year": timezone.localdate().year,
    }
    if access.member_term is not None:
        context["mine"] = selectors.my_attendance(council=council, term=access.member_term)
    template = "councils/member_council.html" if access.as_member else "councils/detail.html"
    return render(request, template, context)


# Terms --------------------------------------------------------------------------------------


@login_required
def term_new(request: HttpRequest, council_id: str) -> HttpResponse:
    access = selectors.council_get_for_user(user=request.user, council_id=council_id, manage=True)
    council = access.council
    form = TermForm(
        request.POST or None, experts=experts_linked_to(organisation=council.organisation)
    )
    if request.method == "POST" and form.is_valid():
        with _refusal_shown_on(form):
            services.term_add(
                actor=request.user,  # type: ignore[arg-type]
                council=council,
                **form.cleaned_data,
            )
            messages.success(request, _("The member's term is saved."))
            return redirect("councils:detail", council_id=council.pk)
    return render(
        request,
        "councils/term_form.html",
        {"council": council, "form": form, "term": None},
        status=_status(form),
    )


@login_required
def term_renew(request: HttpRequest, term_id: str) -> HttpResponse:
    term, access = selectors.term_get_for_user(user=request.user, term_id=term_id)
    form = RenewForm(request.POST or None, initial={"role": term.role})
    if request.method == "POST" and form.is_valid():
        with _refusal_shown_on(form):
            services.term_renew(
                actor=request.user,  # type: ignore[arg-type]
                term=term,
                ends_on=form.cleaned_data["ends_on"],
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("The term is renewed."))
            return redirect("councils:detail", council_id=term.council_id)
    return render(
        request,
        "councils/term_form.html",
        {
            "council": access.council,
            "form": form,
            "term": term,
            "starts_on": term.ends_on + datetime.timedelta(days=1),
        },
        status=_status(form),
    )


# Meetings -----------------------------------------------------------------------------------


@login_required
def meeting_new(request: HttpRequest, council_id: str) -> HttpResponse:
    access = selectors.council_get_for_user(user=request.user, council_id=council_id, manage=True)
    council = access.council
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with _refusal_shown_on(form):
            meeting = services.meeting_create(
                actor=request.user,  # type: ignore[arg-type]
                council=council,
                **form.cleaned_data,
            )
            messages.success(request, _("The meeting is saved."))
            return redirect("councils:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "councils/meeting_form.html",
        {"council": council, "form": form},
        status=_status(form),
    )


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    access: Access,
    *,
    attendance_form: AttendanceForm | None = None,
    minutes_form: MinutesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    council = access.council
    earlier_minutes = list(meeting.minutes_revisions.order_by("-replaced_at", "-id"))
    if access.as_member:
        assert access.member_term is not None
        mine = [
            a
            for a in selectors.attendance_of(meeting=meeting)
            if a.term.expert_id == access.member_term.expert_id
        ]
        return render(
            request,
            "councils/member_meeting.html",
            {
                "council": council,
                "meeting": meeting,
                "mine": mine[0] if mine else None,
                "earlier_minutes": earlier_minutes,
            },
            status=status,
        )
    rows = selectors.attendance_of(meeting=meeting)
    if access.manage:
        terms = services.terms_covering(meeting=meeting)
        if attendance_form is None:
            attendance_form = AttendanceForm(
                terms=terms,
                initial={"present": [str(a.term_id) for a in rows if a.present]},
            )
        minutes_form = minutes_form or MinutesForm(initial={"minutes": meeting.minutes})
    return render(
        request,
        "councils/meeting.html",
        {
            "council": council,
            "meeting": meeting,
            "access": access,
            "rows": rows,
            "see_pay": can_see_council_pay(request.user, council.organisation),
            "attendance_form": attendance_form,
            "minutes_form": minutes_form,
            "earlier_minutes": earlier_minutes,
            "day_has_come": meeting.held_on <= timezone.localdate(),
        },
        status=status,
    )


@require_safe
@login_required
def meeting_detail(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting, access = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    return _meeting_page(request, meeting, access)


@require_POST
@login_required
def meeting_attendance(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting, access = selectors.meeting_get_for_user(
        user=request.user, meeting_id=meeting_id, manage=True
    )
    form = AttendanceForm(request.POST, terms=services.terms_covering(meeting=meeting))
    if form.is_valid():
        with _refusal_shown_on(form):
            services.attendance_record(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                present=form.chosen(),
            )
            messages.success(
                request,
                _("Attendance is saved. Each member present is owed her pay once."),
            )
            return redirect("councils:meeting", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, access, attendance_form=form, status=400)


@require_POST
@login_required
def meeting_minutes(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting, access = selectors.meeting_get_for_user(
        user=request.user, meeting_id=meeting_id, manage=True
    )
    form = MinutesForm(request.POST)
    if form.is_valid():
        with _refusal_shown_on(form):
            services.minutes_save(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
            )
            messages.success(request, _("The minutes are saved."))
            return redirect("councils:meeting", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, access, minutes_form=form, status=400)


# Recommendations ----------------------------------------------------------------------------


@login_required
def recommendation_new(request: HttpRequest, council_id: str) -> HttpResponse:
    access = selectors.council_get_for_user(user=request.user, council_id=council_id, manage=True)
    council = access.council
    form = RecommendationForm(
        request.POST or None,
        meetings=council.meetings.filter(held_on__lte=timezone.localdate()).order_by("-held_on"),
        initial={"submitted_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with _refusal_shown_on(form):
            recommendation = services.recommendation_submit(
                actor=request.user,  # type: ignore[arg-type]
                council=council,
                **form.cleaned_data,
            )
            messages.success(request, _("The recommendation is saved."))
            return redirect("councils:recommendation", recommendation_id=recommendation.pk)
    return render(
        request,
        "councils/recommendation_form.html",
        {"council": council, "form": form, "recommendation": None},
        status=_status(form),
    )


@login_required
def recommendation_edit(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    recommendation, access = selectors.recommendation_get_for_user(
        user=request.user, recommendation_id=recommendation_id, manage=True
    )
    form = RecommendationForm(
        request.POST or None,
        initial={"title": recommendation.title, "text": recommendation.text},
    )
    if request.method == "POST" and form.is_valid():
        with _refusal_shown_on(form):
            services.recommendation_update(
                actor=request.user,  # type: ignore[arg-type]
                recommendation=recommendation,
                **form.cleaned_data,
            )
            messages.success(request, _("The recommendation is saved."))
            return redirect("councils:recommendation", recommendation_id=recommendation.pk)
    return render(
        request,
        "councils/recommendation_form.html",
        {"council": access.council, "form": form, "recommendation": recommendation},
        status=_status(form),
    )


def _recommendation_page(
    request: HttpRequest,
    recommendation: Recommendation,
    access: Access,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    shown = selectors.recommendations_of(council=access.council, only=recommendation.pk)[0]
    context: dict[str, Any] = {"council": access.council, "r": shown, "access": access}
    if access.manage:
        today = timezone.localdate()
        context["response_form"] = forms.get("response_form") or ResponseForm(
            initial={"responded_on": today}
        )
        context["implemented_form"] = forms.get("implemented_form") or ImplementedForm(
            initial={"on": today}
        )
    template = (
        "councils/member_recommendation.html"
        if access.as_member
        else ("councils/recommendation.html")
    )
    return render(request, template, context, status=status)


@require_safe
@login_required
def recommendation_detail(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    recommendation, access = selectors.recommendation_get_for_user(
        user=request.user, recommendation_id=recommendation_id
    )
    return _recommendation_page(request, recommendation, access)


@require_POST
@login_required
def recommendation_respond(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    recommendation, access = selectors.recommendation_get_for_user(
        user=request.user, recommendation_id=recommendation_id, manage=True
    )
    form = ResponseForm(request.POST)
    if form.is_valid():
        with _refusal_shown_on(form):
            services.response_record(
                actor=request.user,  # type: ignore[arg-type]
                recommendation=recommendation,
                **form.cleaned_data,
            )
            messages.success(request, _("The host's response is recorded."))
            return redirect("councils:recommendation", recommendation_id=recommendation.pk)
    return _recommendation_page(request, recommendation, access, status=400, response_form=form)


@require_POST
@login_required
def recommendation_implemented(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    recommendation, access = selectors.recommendation_get_for_user(
        user=request.user, recommendation_id=recommendation_id, manage=True
    )
    form = ImplementedForm(request.POST)
    if form.is_valid():
        with _refusal_shown_on(form):
            services.recommendation_mark_implemented(
                actor=request.user,  # type: ignore[arg-type]
                recommendation=recommendation,
                **form.cleaned_data,
            )
            messages.success(request, _("It is marked implemented."))
            return redirect("councils:recommendation", recommendation_id=recommendation.pk)
    return _recommendation_page(request, recommendation, access, status=400, implemented_form=form)


@login_required
def dissent_new(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    """The secretariat records a dissenting view without naming anyone; a member records her
    own, with her name or without."""
    recommendation, access = selectors.recommendation_get_for_user(
        user=request.user, recommendation_id=recommendation_id
    )
    if not access.manage and not access.as_member:
        raise PermissionDenied
    form: DissentForm | MyDissentForm
    if access.manage:
        form = DissentForm(request.POST or None)
    else:
        form = MyDissentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        terms: list[Term]
        if isinstance(form, DissentForm):
            # The secretariat never names anyone: only a member puts her own name to a view.
            terms, unnamed = [], True
        else:
            named = form.cleaned_data["named"] == "yes" and access.member_term is not None
            terms = [access.member_term] if named and access.member_term else []
            unnamed = not named
        with _refusal_shown_on(form):
            services.dissent_record(
                actor=request.user,  # type: ignore[arg-type]
                recommendation=recommendation,
                text=form.cleaned_data["text"],
                terms=terms,
                unnamed=unnamed,
            )
            messages.success(request, _("The dissenting view is recorded beside it."))
            return redirect("councils:recommendation", recommendation_id=recommendation.pk)
    return render(
        request,
        "councils/dissent_form.html",
        {"council": access.council, "r": recommendation, "form": form, "access": access},
        status=_status(form),
    )


# The annual report --------------------------------------------------------------------------


def _year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


@require_safe
@login_required
def council_report(request: HttpRequest, council_id: str, year: int) -> HttpResponse:
    access = selectors.council_get_for_user(user=request.user, council_id=council_id)
    context = report.report_context(council=access.council, year=_year(year))
    return render(request, "councils/report.html", {**context, "access": access})


@require_safe
@login_required
def council_report_pdf(request: HttpRequest, council_id: str, year: int) -> HttpResponse:
    access = selectors.council_get_for_user(user=request.user, council_id=council_id)
    context = report.report_context(council=access.council, year=_year(year))
    try:
        pdf = report.report_pdf(context=context)
    except report.PdfUnavailable:
        message = _("PDF files are not available on this server yet. The page has the same report.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="council-report-{year}.pdf"'
    return response
