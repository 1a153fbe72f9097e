"""The expert's pages. Every page here fetches only the signed-in person's own records."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.accountability.report_selectors import outcome_report_for_contribution
from seat.accountability.selectors import answers_with_responses, input_of_expert
from seat.accounts.enums import Role
from seat.accounts.middleware import remember_next
from seat.accounts.rules import can_read_engagement_anywhere, roles_of
from seat.accounts.selectors import organisations_for_user
from seat.assessment import selectors as assessment_selectors
from seat.assessment.enums import AdvisorRequestStatus
from seat.assessment.selectors import rounds_advised
from seat.assessment.services import (
    AssessmentError,
    advisor_leave,
    advisor_request_answer,
)
from seat.compensation import statement as statements
from seat.compensation.forms import period_form, period_problems
from seat.compensation.rates import advisor_round_pay_for_her
from seat.compensation.selectors import (
    payments_for_her_home,
    promise_not_recorded,
    promises_of_expert,
    totals_by_currency,
)
from seat.consultations import selectors as consultation_selectors
from seat.consultations.enums import ConsultationStatus, InvitationStatus
from seat.consultations.forms import ContributionForm, InvitationAnswerForm
from seat.consultations.promises import skip_promise
from seat.consultations.selectors import kept_answer_for
from seat.consultations.services import (
    KEPT_ANSWER_HOURS,
    LoopError,
    contribution_submit,
    invitation_answer,
    kept_answer_save,
    kept_answer_ticket,
)
from seat.consultations.translations import consultation_text, reader_titles
from seat.core import speech
from seat.core.onetime import code_digest
from seat.core.ranges import kept_file_response
from seat.core.throttle import code_attempt_failed, code_attempts_blocked, too_many_attempts
from seat.partners.selectors import acts_only_for_members
from seat.people import services as people_services
from seat.people.access import expert_required
from seat.people.enums import ConsentPurpose
from seat.people.forms import AddOrganisationForm, JoinCodeForm, ticket_make, ticket_read
from seat.people.rules import organisations_paying_her_now
from seat.people.selectors import (
    consent_latest,
    expert_for_user,
    join_code_live,
    organisations_of_expert,
)
from seat.people.views import SESSION_JOIN, SESSION_WELCOME
from seat.portal import listening
from seat.portal.forms import (
    AdvisorAnswerForm,
    ConsentForm,
    IdentityForm,
    PaymentDetailsForm,
    PreferencesForm,
)
from seat.rights.retention import kept_for

# Her input, a page at a time: each with its response and pay fits a 2G first load.
MY_INPUT_PER_PAGE = 10
# Her home shows her newest input; all of it is on "My input", a page at a time.
HOME_INPUT_SHOWN = 3


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/welcome.html")
    if expert_for_user(user=request.user) is not None:
        return my_home(request)
    if acts_only_for_members(user=request.user):
        # A facilitator's work is her collective's members: her workspace is her home.
        return redirect("partners:home")
    if can_read_engagement_anywhere(request.user):
        return redirect("consultations:project-list")
    if organisations_for_user(user=request.user).exists():
        return redirect("assessment:rounds")
    return render(request, "portal/no_role.html")


@require_safe
@expert_required
def my_home(request: HttpRequest, expert: Any) -> HttpResponse:
    payments = payments_for_her_home(expert=expert)
    contributions, given_in_all = consultation_selectors.newest_contributions_of_expert(
        expert=expert, limit=HOME_INPUT_SHOWN
    )
    promises = promises_of_expert(expert=expert)
    invitations = list(consultation_selectors.invitations_waiting_for_expert(expert=expert))
    # What she is asked to, titled in her language where it is written in it.
    reader_titles([i.consultation for i in invitations], language=get_language())
    return render(
        request,
        "portal/home.html",
        {
            "expert": expert,
            "invitations": invitations,
            "contributions": contributions,
            "more_input": given_in_all - len(contributions),
            "payments": payments,
            # Pay promised for input she sent is owed from that moment, recorded or not.
            "promises": promises,
            "owed": totals_by_currency(payments=payments, unpaid_only=True, promises=promises),
            # Her roles are read once per request (the menu needs them too): most experts
            # advise nobody, and their home then asks nothing more.
            "assessments": rounds_advised(user=request.user)
            if Role.ADVISOR in roles_of(request.user).values()
            else [],
            "advisor_requests": assessment_selectors.advisor_requests_for_expert(expert=expert),
            # She has just made her account: say once what Seat is and what she controls.
            "just_joined": request.session.pop(SESSION_WELCOME, False),
        },
    )


@expert_required
def organisations(request: HttpRequest, expert: Any) -> HttpResponse:
    """The organisations she works with (only she sees this list), and a code to add one more:
    the code first, then the organisation it names, then her yes."""
    if request.method == "POST" and "ticket" in request.POST:
        digest = ticket_read(request.POST.get("ticket", ""))
        request.session.pop(SESSION_JOIN, None)
        if digest is None:
            messages.error(request, _("This page was open too long. Please enter the code again."))
            return redirect("portal:organisations")
        try:
            link = people_services.expert_link_add(
                actor=request.user,  # type: ignore[arg-type]
                expert=expert,
                digest=digest,
            )
        except people_services.CodeError as error:
            code_attempt_failed(request, "")
            messages.error(request, str(error))
        except people_services.JoinError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(
                request,
                _(
                    "You now work with %(org)s too. It sees your chosen name only, and not which "
                    "other organisations you work with."
                )
                % {"org": link.organisation.name},
            )
        return redirect("portal:organisations")
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST":
        typed = request.POST.get("code", "")
        if code_attempts_blocked(request, typed):
            return too_many_attempts(request)
        if form.is_valid():
            digest = code_digest(form.cleaned_data["code"])
            if join_code_live(digest=digest) is not None:
                request.session[SESSION_JOIN] = digest
                return redirect("portal:organisations")
        code_attempt_failed(request, typed)
        if not form.errors:
            form.add_error("code", people_services.code_error_message())
    live = join_code_live(digest=request.session.get(SESSION_JOIN, ""))
    links = organisations_of_expert(expert=expert)
    if live and any(link.organisation_id == live.organisation_id for link in links):
        messages.info(
            request,
            _("You already work with %(org)s. Nothing has changed.")
            % {"org": live.organisation.name},
        )
        request.session.pop(SESSION_JOIN, None)
        live = None
    return render(
        request,
        "portal/organisations.html",
        {
            "links": links,
            "form": form,
            "offered": live.organisation if live else None,
            "add_form": AddOrganisationForm(initial={"ticket": ticket_make(live.code_digest)})
            if live
            else None,
        },
    )


@expert_required
def advisor_request(request: HttpRequest, expert: Any, request_id: str) -> HttpResponse:
    """An organisation asks her to advise its self-assessment: what that means, from what Seat
    does, and her answer. Once she has said yes, the same page lets her stop."""
    asked = assessment_selectors.advisor_request_for_expert(expert=expert, request_id=request_id)
    form = AdvisorAnswerForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("leave") and asked.status == AdvisorRequestStatus.ACCEPTED:
                advisor_leave(actor=request.user, request=asked)  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("You no longer advise %(org)s. Your earlier answers stay in past rounds.")
                    % {"org": asked.organisation.name},
                )
                return redirect("home")
            if asked.status == AdvisorRequestStatus.PENDING and form.is_valid():
                accept = form.cleaned_data["answer"] == "accept"
                advisor_request_answer(actor=request.user, request=asked, accept=accept)  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("Thank you. You can now answer on your page when a round is open.")
                    if accept
                    else _("Thank you for letting us know. Nothing more is needed."),
                )
                return redirect("home")
        except AssessmentError as error:
            messages.error(request, str(error))
            return redirect("portal:advisor-request", request_id=asked.pk)
    return render(
        request,
        "portal/advisor_request.html",
        {
            "asked": asked,
            "form": form,
            "questions": assessment_selectors.questions_in_current_framework(),
            "min_group": settings.SEAT_MIN_GROUP_SIZE,
            "pay": advisor_round_pay_for_her(organisation=asked.organisation),
        },
    )


@expert_required
def invitation(request: HttpRequest, expert: Any, invitation_id: str) -> HttpResponse:
    invitation = consultation_selectors.invitation_get_for_expert(
        user=request.user, invitation_id=invitation_id
    )
    form = InvitationAnswerForm(request.POST or None)
    if (
        request.method == "POST"
        and invitation.status == InvitationStatus.PENDING
        and invitation.consultation.status != ConsultationStatus.CANCELLED
        and form.is_valid()
    ):
        accept = form.cleaned_data["answer"] == "accept"
        try:
            invitation_answer(actor=request.user, invitation=invitation, accept=accept)  # type: ignore[arg-type]
        except LoopError as error:
            messages.error(request, str(error))
            return redirect("home")
        if accept:
            return redirect("portal:contribute", invitation_id=invitation.pk)
        messages.success(request, _("Thank you for letting us know. Nothing more is needed."))
        return redirect("home")
    text = consultation_text(consultation=invitation.consultation, language=get_language())
    return render(
        request,
        "portal/invitation.html",
        {
            **listening.offer_context(invitation),
            "text": text,
            "form": form,
            "listen": listening.listening(
                invitation=invitation, text=text, language=get_language()
            ),
        },
    )


@require_safe
@expert_required
def listen(request: HttpRequest, expert: Any, invitation_id: str, part: str) -> HttpResponse:
    """One part of her invitation read aloud (listening.py), as Opus audio. Made on first
    request and kept; the ETag is the recording's digest, so a changed text is heard at once
    and an unchanged one is not downloaded twice."""
    invitation = consultation_selectors.invitation_get_for_expert(
        user=request.user, invitation_id=invitation_id
    )
    if part not in listening.PARTS:
        raise Http404
    words, language = listening.words_to_hear(
        invitation=invitation, part=part, language=get_language()
    )
    if not words.strip() or not speech.can_speak(language):
        raise Http404
    try:
        return kept_file_response(
            request,
            digest=speech.recording_key(words, language),
            make=lambda: speech.recording(words, language),
            content_type="audio/ogg",
            filename=f"{part}.opus",
        )
    except speech.SpeechUnavailable:
        return HttpResponse(
            _("It cannot be read aloud just now. Please try again later."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )


def keep_answers_sent_after_logout(view: Any) -> Any:
    """An answer that arrives after the idle logout is kept, not thrown away.

    Without JavaScript nothing can warn her that her session ended while she wrote; the form
    arrives without a login. Its answers are kept (encrypted, for this invitation's expert, for
    a few hours) and she is asked to log in, then finds them waiting in the form.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, invitation_id: str) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            if kept_answer_save(invitation_id=invitation_id, fields=request.POST.dict()):
                messages.info(
                    request,
                    _(
                        "You were logged out after some time without activity, before your "
                        "answers were sent. They are not lost: log in again and you will find "
                        "them waiting, ready to send."
                    ),
                )
            remember_next(request, request.path)
            return redirect("login")
        return view(request, invitation_id=invitation_id)

    return wrapper


@keep_answers_sent_after_logout
@expert_required
def contribute(request: HttpRequest, expert: Any, invitation_id: str) -> HttpResponse:
    invitation = consultation_selectors.invitation_get_for_expert(
        user=request.user, invitation_id=invitation_id
    )
    existing = getattr(invitation, "contribution", None)
    if existing is not None:
        if request.method == "POST":
            # The same form again: a double tap, or a retry after the first answer was lost on a
            # bad connection. Her input was saved the first time, so say so now: otherwise the
            # confirmation went with the lost answer and she never sees it.
            sent_here = str(existing.idempotency_key) == request.POST.get("idempotency_key")
            messages.success(
                request,
                _("Thank you. Your input has been sent.")
                if sent_here
                else _(
                    "You had already sent your input for this invitation. This is what was sent."
                ),
            )
        return redirect("portal:contribution", contribution_id=existing.pk)
    if invitation.status != InvitationStatus.ACCEPTED:
        return redirect("portal:invitation", invitation_id=invitation.pk)
    if invitation.consultation.status == ConsultationStatus.CANCELLED:
        # Her invitation page says so, with the organisation's message.
        if request.method == "POST":
            messages.error(request, _("This consultation was cancelled. Nothing was sent."))
        return redirect("portal:invitation", invitation_id=invitation.pk)
    kept = None if request.method == "POST" else kept_answer_for(invitation=invitation)
    text = consultation_text(consultation=invitation.consultation, language=get_language())
    form = ContributionForm(
        request.POST or None,
        invitation=invitation,
        initial=kept or {},
        question_texts={q.pk: q.text for q in text.questions},
        question_language=text.language,
    )
    if request.method == "POST" and form.is_valid():
        try:
            contribution = contribution_submit(
                actor=request.user,  # type: ignore[arg-type]
                invitation=invitation,
                answers=form.answers(),
                attribution=form.cleaned_data["attribution"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except LoopError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. Your input has been sent."))
            return redirect("portal:contribution", contribution_id=contribution.pk)
    return render(
        request,
        "portal/contribute.html",
        {
            "invitation": invitation,
            "consultation": invitation.consultation,
            "text": text,
            "form": form,
            "kept": kept is not None,
            "kept_hours": KEPT_ANSWER_HOURS,
            # The same promise as her invitation made, from the form's own rule.
            "skip": skip_promise(question_count=len(form.question_fields)),
            "keep_ticket": kept_answer_ticket(invitation=invitation),
            "listen": listening.listening(
                invitation=invitation, text=text, language=get_language()
            ),
        },
    )


@require_safe
@expert_required
def contribution(request: HttpRequest, expert: Any, contribution_id: str) -> HttpResponse:
    contribution = consultation_selectors.contribution_get_for_expert(
        user=request.user, contribution_id=contribution_id
    )
    use = consultation_selectors.contribution_uses(contributions=[contribution])[contribution.pk]
    return render(
        request,
        "portal/contribution.html",
        {
            "contribution": contribution,
            "consultation": contribution.consultation,
            "answers": answers_with_responses(contribution),
            "use": use,
            "response": getattr(contribution, "response", None),
            "report": outcome_report_for_contribution(contribution, request.user),
            "payment": getattr(contribution, "payment", None),
            "promise": promise_not_recorded(contribution=contribution),
            "read_now": consultation_selectors.read_by_organisation_now(
                contribution=contribution, use=use
            ),
            "min_group": settings.SEAT_MIN_GROUP_SIZE,
            "kept_until": consultation_selectors.words_kept_until(
                project_id=contribution.consultation.project_id
            ),
            "kept_for": kept_for(),
        },
    )


@expert_required
def consent(request: HttpRequest, expert: Any) -> HttpResponse:
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            change = (
                people_services.consent_grant
                if form.cleaned_data["given"]
                else people_services.consent_withdraw
            )
            change(actor=request.user, expert=expert, purpose=form.cleaned_data["purpose"])
            messages.success(request, _("Your choice is saved. It applies from now on."))
            return redirect("portal:consent")
        messages.error(request, _("That choice could not be saved. Please try again."))
    latest = consent_latest(expert=expert)
    # Each purpose, whether it stands, and the record that says so: one a facilitator wrote
    # down names who heard her say it, and when.
    rows = [
        (purpose, label, bool(latest[purpose] and latest[purpose].given), latest[purpose])  # type: ignore[union-attr]
        for purpose, label in ConsentPurpose.choices
    ]
    # What each choice does now to what she has sent, from the rule every page enforces.
    contributions = list(consultation_selectors.contributions_of_expert(expert=expert))
    uses = consultation_selectors.contribution_uses(contributions=contributions)
    sent = [(c, uses[c.pk]) for c in contributions]
    return render(request, "portal/consent.html", {"rows": rows, "sent": sent})


@require_POST
@expert_required
def preferences(request: HttpRequest, expert: Any) -> HttpResponse:
    """Her meeting and pay preferences, set from her private details page."""
    form = PreferencesForm(request.POST)
    if form.is_valid():
        people_services.expert_preferences_set(
            actor=request.user, expert=expert, **form.cleaned_data
        )
        messages.success(request, _("Saved. The organisations you work with see your choice."))
    else:
        messages.error(request, _("That choice could not be saved. Please try again."))
    return redirect("portal:private-details")


@expert_required
def private_details(request: HttpRequest, expert: Any) -> HttpResponse:
    """Her identity (hers alone) and where to send her money (read by those who pay for an
    organisation that still owes her, from ``people.rules``): one form, saved together."""
    if request.method == "POST":
        form = IdentityForm(request.POST)
        payment_form = PaymentDetailsForm(request.POST)
        if form.is_valid() and payment_form.is_valid():
            people_services.identity_update(
                actor=request.user,
                expert=expert,
                **form.cleaned_data,
                **payment_form.cleaned_data,
            )
            messages.success(request, _("Your details are saved."))
            return redirect("portal:private-details")
    else:
        identity = people_services.identity_read(actor=request.user, expert=expert)
        form = IdentityForm(
            initial={
                "legal_name": identity.legal_name,
                "email": identity.email,
                "phone": identity.phone,
                "payment_details": identity.payment_details,
            }
        )
        payment_form = PaymentDetailsForm(
            initial={
                "bank_account": identity.bank_account,
                "mobile_money_number": identity.mobile_money_number,
            }
        )
    preferences_form = PreferencesForm(
        initial={
            "meeting_preference": expert.meeting_preference,
            "pay_preference": expert.pay_preference,
        }
    )
    return render(
        request,
        "portal/private_details.html",
        {
            "form": form,
            "payment_form": payment_form,
            "preferences_form": preferences_form,
            # Who can read where to send her money, now: the same rule that lets them.
            "paying_her": ", ".join(org.name for org in organisations_paying_her_now(expert)),
        },
    )


def _statement_period(request: HttpRequest) -> Any:
    """The period her statement covers: the address's ``?from=&to=``, else the last 12 months."""
    return period_form(request.GET, statements.default_period)


@require_safe
@expert_required
def earnings(request: HttpRequest, expert: Any) -> HttpResponse:
    """Her statement of earnings for a period of work days, with its downloads."""
    form = _statement_period(request)
    if not form.is_valid():
        return render(request, "portal/earnings.html", {"form": form}, status=400)
    start, end = form.period
    return render(
        request,
        "portal/earnings.html",
        {
            "form": form,
            "statement": statements.statement_of_expert(expert=expert, start=start, end=end),
            "query": f"from={start.isoformat()}&to={end.isoformat()}",
        },
    )


def _bad_period(form: Any) -> HttpResponse:
    return HttpResponse(
        "\n".join(period_problems(form)) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _download(
    body: str | bytes, content_type: str, start: Any, end: Any, kind: str
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="earnings-{start.isoformat()}-{end.isoformat()}.{kind}"'
    )
    return response


@require_safe
@expert_required
def earnings_csv(request: HttpRequest, expert: Any) -> HttpResponse:
    form = _statement_period(request)
    if not form.is_valid():
        return _bad_period(form)
    start, end = form.period
    statement = statements.statement_of_expert(expert=expert, start=start, end=end)
    body = statements.statement_csv(statement)
    return _download(body, "text/csv; charset=utf-8", start, end, "csv")


@require_safe
@expert_required
def earnings_pdf(request: HttpRequest, expert: Any) -> HttpResponse:
    """The statement as a PDF, in the language she chose for Seat."""
    form = _statement_period(request)
    if not form.is_valid():
        return _bad_period(form)
    start, end = form.period
    statement = statements.statement_of_expert(expert=expert, start=start, end=end)
    chosen = getattr(request.user, "language", "")
    language = chosen if chosen in dict(settings.LANGUAGES) else get_language()
    try:
        with translation.override(language):
            pdf = statements.statement_pdf(statement=statement, context={"expert": expert})
    except statements.PdfUnavailable:
        message = _(
            "PDF files are not available on this server yet. The page has the same statement."
        )
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    return _download(pdf, "application/pdf", start, end, "pdf")


@require_safe
@expert_required
def my_input(request: HttpRequest, expert: Any) -> HttpResponse:
    """Everything she gave, each with what became of it and her pay for it, a page at a time."""
    found = Paginator(input_of_expert(expert=expert), MY_INPUT_PER_PAGE).get_page(
        request.GET.get("page")
    )
    reader_titles([item.contribution.consultation for item in found], language=get_language())
    return render(request, "portal/my_input.html", {"page": found})
