"""Requests to partners: the host asks and withdraws; the partner's facilitator decides,
forwards the invitation to members she chooses, and records answers heard in person.

The facilitator's workspace front page (``/partners/``) lists the requests and links to the
other parts of the workspace that exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from seat.consultations import selectors as consultation_selectors
from seat.consultations.enums import ConsultationStatus, InvitationStatus
from seat.consultations.services import consultation_has_ended
from seat.consultations.translations import consultation_text
from seat.core.formats import format_day, format_number
from seat.core.languages import language_names
from seat.partners import selectors, services
from seat.partners.enums import PartnerRequestStatus
from seat.partners.forms import (
    ACCEPT,
    AnswerForMemberForm,
    AskPartnerForm,
    DecideForm,
    ForwardForm,
)
from seat.partners.models import PartnerRequest
from seat.partners.services import PartnerError

# The other parts of the workspace, linked once they exist (each helper adds its own pages).
WORKSPACE_LINKS = [
    ("partners:members", gettext_lazy("Members")),
    ("partners:sessions", gettext_lazy("In-person sessions")),
    ("partners:outcomes", gettext_lazy("Pay and responses")),
]


def _workspace_links() -> list[tuple[str, str]]:
    links = []
    for name, label in WORKSPACE_LINKS:
        try:
            links.append((reverse(name), str(label)))
        except NoReverseMatch:
            continue
    return links


def request_url(request: PartnerRequest) -> str:
    return reverse("partners:request", args=[request.pk])


def _is_live(request: PartnerRequest) -> bool:
    consultation = request.consultation
    return consultation.status == ConsultationStatus.OPEN and not consultation_has_ended(
        consultation
    )


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not selectors.partner_organisations_for_user(user=request.user):
        raise PermissionDenied
    requests = selectors.requests_for_partner_user(user=request.user)
    waiting = [r for r in requests if r.status == PartnerRequestStatus.PENDING and _is_live(r)]
    accepted = [r for r in requests if r.status == PartnerRequestStatus.ACCEPTED and _is_live(r)]
    past = [r for r in requests if r not in waiting and r not in accepted]
    return render(
        request,
        "partners/requests_home.html",
        {
            "waiting": waiting,
            "accepted": accepted,
            "past": past,
            "links": _workspace_links(),
        },
    )


@require_safe
@login_required
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    partner_request = selectors.partner_request_get_for_partner(
        user=request.user, request_id=request_id
    )
    consultation = partner_request.consultation
    live = _is_live(partner_request)
    members = selectors.members_to_forward(request=partner_request)
    forward_form = (
        ForwardForm(members=members)
        if partner_request.status == PartnerRequestStatus.ACCEPTED and live
        else None
    )
    return render(
        request,
        "partners/requests_detail.html",
        {
            "partner_request": partner_request,
            "consultation": consultation,
            "questions": list(consultation.questions.all()),
            "languages": language_names(consultation.language_codes),
            "live": live,
            "decide_form": DecideForm()
            if partner_request.status == PartnerRequestStatus.PENDING and live
            else None,
            "forward_form": forward_form,
            "members_left": list(members) if forward_form else [],
            "invitations": selectors.forwarded_invitations(request=partner_request),
        },
    )


@login_required
@require_POST
def request_decide(request: HttpRequest, request_id: str) -> HttpResponse:
    partner_request = selectors.partner_request_get_for_partner(
        user=request.user, request_id=request_id
    )
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
        return redirect(request_url(partner_request))
    accept = form.cleaned_data["answer"] == ACCEPT
    try:
        decided = services.partner_request_decide(
            actor=request.user,  # type: ignore[arg-type]
            request=partner_request,
            accept=accept,
        )
    except PartnerError as error:
        messages.error(request, str(error))
        return redirect(request_url(partner_request))
    if decided.status == PartnerRequestStatus.ACCEPTED and accept:
        messages.success(request, _("Accepted. Now choose the members to send it to."))
    elif decided.status == PartnerRequestStatus.DECLINED and not accept:
        messages.success(request, _("Declined. The host sees that you said no, and nothing else."))
    else:
        messages.info(request, _("This request was already answered. Nothing changed."))
    return redirect(request_url(partner_request))


@login_required
@require_POST
def request_forward(request: HttpRequest, request_id: str) -> HttpResponse:
    partner_request = selectors.partner_request_get_for_partner(
        user=request.user, request_id=request_id
    )
    form = ForwardForm(
        request.POST, members=selectors.partner_members(partner=partner_request.partner)
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("experts", [])))
        return redirect(request_url(partner_request))
    try:
        sent = services.invitation_forward(
            actor=request.user,  # type: ignore[arg-type]
            request=partner_request,
            experts=list(form.cleaned_data["experts"]),
        )
    except PartnerError as error:
        messages.error(request, str(error))
        return redirect(request_url(partner_request))
    consultation = partner_request.consultation
    count = {"count": format_number(len(sent)), "date": format_day(consultation.opens_on)}
    if not sent:
        messages.info(request, _("Everyone you chose was already invited. Nothing changed."))
    elif any(invitation.sent_at for invitation in sent):
        messages.success(
            request,
            ngettext(
                "Sent to %(count)s member. Members with an account see it on their page; tell "
                "members without a device in person.",
                "Sent to %(count)s members. Members with an account see it on their page; tell "
                "members without a device in person.",
                len(sent),
            )
            % count,
        )
    else:
        messages.success(
            request,
            ngettext(
                "Saved for %(count)s member. It goes out on %(date)s.",
                "Saved for %(count)s members. It goes out on %(date)s.",
                len(sent),
            )
            % count,
        )
    return redirect(request_url(partner_request))


@login_required
def invitation_answer(request: HttpRequest, invitation_id: str) -> HttpResponse:
    invitation = selectors.forwarded_invitation_get_for_partner(
        user=request.user, invitation_id=invitation_id
    )
    partner_request = invitation.via
    assert partner_request is not None  # noqa: S101 - the selector fetched a forwarded one
    back = request_url(partner_request)
    codes = invitation.consultation.language_codes
    shared = [c for c in invitation.expert.language_codes if c in codes]
    form = AnswerForMemberForm(
        request.POST or None, initial={"language": (shared or codes or [""])[0]}
    )
    if invitation.status != InvitationStatus.PENDING:
        messages.info(request, _("Her answer is already recorded. Nothing changed."))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_answer_for_member(
                actor=request.user,  # type: ignore[arg-type]
                invitation=invitation,
                accept=data["answer"] == ACCEPT,
                language=data["language"],
                channel=data["channel"],
            )
        except PartnerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Her answer is recorded, with you as the witness of what she said."),
            )
            return redirect(back)
    return render(
        request,
        "partners/requests_answer.html",
        {
            "invitation": invitation,
            "partner_request": partner_request,
            "consultation": invitation.consultation,
            # What the facilitator reads to her: in her first language the consultation is
            # written in (a current translation), else as written.
            "text": consultation_text(
                consultation=invitation.consultation, language=(shared or codes or [""])[0]
            ),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# The host's side ---------------------------------------------------------------------------


def _consultation_url(consultation_id: object) -> str:
    return (
        reverse("consultations:consultation-detail", kwargs={"consultation_id": consultation_id})
        + "#partners"
    )


@login_required
@require_POST
def ask(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = consultation_selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    back = _consultation_url(consultation.pk)
    if consultation.status != ConsultationStatus.OPEN:
        messages.error(
            request,
            _("Partners are asked while the consultation is open: open it first.")
            if consultation.status == ConsultationStatus.DRAFT
            else _("This consultation has ended. Nothing was sent."),
        )
        return redirect(back)
    form = AskPartnerForm(
        request.POST, partners=selectors.partners_to_ask(consultation=consultation)
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        made = services.partner_request_create(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
            partner=form.cleaned_data["partner"],
            collective_pay=form.cleaned_data["collective_pay"],
        )
    except PartnerError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(
        request,
        _(
            "Request sent to %(partner)s. Its facilitators decide, and choose which members to "
            "invite: you see how many take part, never who."
        )
        % {"partner": made.partner.name},
    )
    return redirect(back)


@login_required
@require_POST
def withdraw(request: HttpRequest, request_id: str) -> HttpResponse:
    partner_request = selectors.partner_request_get_for_host(
        user=request.user, request_id=request_id
    )
    try:
        services.partner_request_withdraw(
            actor=request.user,  # type: ignore[arg-type]
            request=partner_request,
        )
    except PartnerError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Withdrawn. %(partner)s can invite no more members; those already invited keep "
                "their invitation, and are paid and answered as promised."
            )
            % {"partner": partner_request.partner.name},
        )
    return redirect(_consultation_url(partner_request.consultation_id))
