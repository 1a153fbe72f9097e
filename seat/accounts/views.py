from __future__ import annotations

import base64

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login

from seat.accounts.forms import TokenForm
from seat.accounts.rules import may_enrol_second_factor
from seat.accounts.services import totp_device_confirm, totp_device_start


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices_for_user(request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error("token", _("That code did not match. Codes change every 30 seconds."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if not may_enrol_second_factor(request.user):
        return render(request, "accounts/two_factor_not_needed.html", status=403)
    device = totp_device_start(user=request.user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(user=request.user, device=device, token=form.cleaned_data["token"]):  # type: ignore[arg-type]
            otp_login(request, device)
            return redirect("home")
        form.add_error(
            "token", _("That code did not match. Check the clock on your phone and try again.")
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)
    # The key as authenticator apps expect it when typed in by hand.
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret},
    )


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Typing counts as activity: the page's script calls this while someone writes, so a long
    answer is not lost to the idle logout. Idle pages still expire."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    return HttpResponse(status=204)
