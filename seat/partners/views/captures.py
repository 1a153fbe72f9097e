"""A facilitator writes down an in-person session: who took part (first page), then their
consent and input (second page); the partner's sessions, and each one's result."""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from seat.partners import capture_selectors as selectors
from seat.partners.capture_forms import (
    CaptureForm,
    ChooseParticipantsForm,
    capture_token,
    capture_token_fits,
)
from seat.partners.captures import CaptureConflict, CaptureError, capture_record
from seat.partners.models import PartnerRequest
from seat.people.models import ExpertProfile
from seat.people.selectors import consent_states

# The session's key for the copy of a capture kept on the device (capture.js): made on the
# first capture page of a session and ended with it (logout, quick exit), so a copy left on the
# device can no longer be read.
DEVICE_KEY = "seat_capture_device_key"


def device_key(request: HttpRequest) -> str:
    key = request.session.get(DEVICE_KEY)
    if not key:
        key = base64.b64encode(secrets.token_bytes(32)).decode()
        request.session[DEVICE_KEY] = key
    return str(key)


def _capture_form(
    request: HttpRequest,
    partner_request: PartnerRequest,
    participants: list[ExpertProfile],
    data: Any = None,
) -> CaptureForm:
    key = uuid.uuid4()
    return CaptureForm(
        data,
        participants=participants,
        questions=list(partner_request.consultation.questions.all()),
        ledgers=consent_states(expert_ids=[p.pk for p in participants]),
        initial={
            "held_on": timezone.localdate(),
            "idempotency_key": key,
            "token": capture_token(
                request=partner_request,
                user=request.user,
                key=key,
                participants=[p.pk for p in participants],
            ),
        },
    )


def _render_form(
    request: HttpRequest, partner_request: PartnerRequest, form: CaptureForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "partners/capture_form.html",
        {
            "partner_request": partner_request,
            "consultation": partner_request.consultation,
            "form": form,
            "device_key": device_key(request),
        },
        status=status,
    )


@login_required
def capture_new(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    partner_request = selectors.request_for_capture(user=request.user, request_id=request_id)
    members = selectors.members_of(request=partner_request)
    if request.method == "POST":
        return _capture_post(request, partner_request, members)
    choose = ChooseParticipantsForm(
        request.GET if "participant" in request.GET else None, members=members
    )
    if not choose.is_bound or not choose.is_valid():
        return render(
            request,
            "partners/capture_choose.html",
            {
                "partner_request": partner_request,
                "consultation": partner_request.consultation,
                "form": choose,
            },
        )
    form = _capture_form(request, partner_request, choose.cleaned_data["participant"])
    return _render_form(request, partner_request, form)


def _capture_post(
    request: HttpRequest, partner_request: PartnerRequest, members: list[ExpertProfile]
) -> HttpResponse:
    by_id = {str(m.pk): m for m in members}
    chosen = request.POST.getlist("participant")
    participants = [by_id[pk] for pk in chosen if pk in by_id]
    if not participants or len(participants) != len(chosen):
        # A participant who is not a member (another collective's, or a changed field).
        return _refused(request, partner_request)
    form = _capture_form(request, partner_request, participants, data=request.POST)
    key = request.POST.get("idempotency_key", "")
    if not capture_token_fits(
        request.POST.get("token", ""),
        request=partner_request,
        user=request.user,
        key=key,
        participants=chosen,
    ):
        return _refused(request, partner_request)
    if not form.is_valid():
        return _render_form(request, partner_request, form, status=422)
    try:
        result = capture_record(
            actor=request.user,  # type: ignore[arg-type]
            request=partner_request,
            idempotency_key=form.cleaned_data["idempotency_key"],
            kind=form.cleaned_data["kind"],
            held_on=form.cleaned_data["held_on"],
            place=form.cleaned_data["place"],
            participants=form.participant_inputs(),
        )
    except CaptureConflict as error:
        form.add_error(None, str(error))
        return _render_form(request, partner_request, form, status=409)
    except CaptureError as error:
        form.add_error(None, str(error))
        return _render_form(request, partner_request, form, status=422)
    messages.success(
        request,
        _("The session is saved: one contribution for each person who took part.")
        if result.created
        else _("This session was saved already. Nothing was saved twice."),
    )
    url = reverse("partners:session", kwargs={"capture_id": result.capture.pk})
    if "application/json" in request.headers.get("Accept", ""):
        # Sent by capture.js: it goes to the page itself, once it knows the form landed.
        return JsonResponse({"url": url})
    return redirect(url)


def _refused(request: HttpRequest, partner_request: PartnerRequest) -> HttpResponse:
    return render(
        request,
        "partners/capture_refused.html",
        {"partner_request": partner_request},
        status=400,
    )


@require_safe
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_acting_for_members(user=request.user)
    if not organisations:
        raise PermissionDenied
    return render(
        request,
        "partners/captures.html",
        {
            "sessions": list(selectors.sessions_of(organisations=organisations)[:100]),
            "open_requests": selectors.requests_open_for_capture(organisations=organisations),
        },
    )


@require_safe
@login_required
def session_detail(request: HttpRequest, capture_id: uuid.UUID) -> HttpResponse:
    capture = selectors.capture_get_for_user(user=request.user, capture_id=capture_id)
    return render(
        request,
        "partners/capture_detail.html",
        {
            "capture": capture,
            "contributions": selectors.capture_contributions(capture=capture),
        },
    )


__all__: list[Any] = ["capture_new", "session_detail", "session_list"]
