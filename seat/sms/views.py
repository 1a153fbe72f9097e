"""The providers' webhook, and her own page for choosing to take part by text message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from seat.accounts.models import User
from seat.core.languages import LANGUAGE_NAMES
from seat.people.selectors import expert_for_user
from seat.sms.forms import SmsCodeForm, SmsEnrolForm
from seat.sms.gateways import BadInbound, inbound_gateway
from seat.sms.selectors import sms_contact_of
from seat.sms.services import (
    SmsError,
    sms_claim_waiting,
    sms_contact_confirm,
    sms_contact_request,
    sms_contact_stop,
    sms_receive,
)


def _saved() -> str:
    return _("Saved. Invitations from now on also reach you by text message.")


@csrf_exempt  # the provider signs the request instead; it has no session or form
@require_POST
def inbound(request: HttpRequest, provider: str) -> HttpResponse:
    gateway = inbound_gateway(provider)
    if gateway is None:
        raise Http404
    if not gateway.verify(request):
        return HttpResponseForbidden()
    try:
        message = gateway.parse(request)
    except BadInbound:
        return HttpResponseBadRequest()
    sms_receive(message=message)
    body, content_type = gateway.acknowledge()
    return HttpResponse(body, content_type=content_type)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """She chooses to take part by text message, changes her number or language, or stops.

    A new number is hers once she types the code sent to it: the page answers the same whoever
    uses the number, so it never tells whether someone on Seat does (services)."""
    user = request.user
    expert = expert_for_user(user=user)
    if expert is None or not isinstance(user, User):
        raise Http404
    contact = sms_contact_of(expert=expert)
    # The language her messages are in now, not the page's: changing only her number must not
    # change what she reads.
    form = SmsEnrolForm(initial={"language": contact.language if contact else get_language()})
    code_form = SmsCodeForm()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "stop":
        sms_contact_stop(actor=user, expert=expert)
        messages.success(request, _("Text messages are stopped."))
        return redirect("sms:mine")
    if action == "confirm":
        code_form = SmsCodeForm(request.POST)
        if code_form.is_valid():
            try:
                sms_contact_confirm(actor=user, expert=expert, code=code_form.cleaned_data["code"])
            except SmsError as error:
                code_form.add_error("code", str(error))
            else:
                messages.success(request, _saved())
                return redirect("sms:mine")
    elif request.method == "POST":
        form = SmsEnrolForm(request.POST)
        if form.is_valid():
            try:
                code_sent = sms_contact_request(actor=user, expert=expert, **form.cleaned_data)
            except SmsError as error:
                form.add_error("phone", str(error))
            else:
                messages.success(
                    request,
                    _(
                        "If this number can get text messages, a code is on its way to it. "
                        "Type the code below to confirm the number."
                    )
                    if code_sent
                    else _saved(),
                )
                return redirect("sms:mine")
    contact = sms_contact_of(expert=expert)  # as it is after any change just made
    language_name = LANGUAGE_NAMES.get(contact.language, "") if contact else ""
    return render(
        request,
        "sms/me.html",
        {
            "form": form,
            "code_form": code_form,
            "code_waiting": sms_claim_waiting(expert=expert) or code_form.is_bound,
            "contact": contact,
            "language_name": language_name,
        },
    )
