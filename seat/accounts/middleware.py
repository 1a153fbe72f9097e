"""Sends a signed-in user to the second-factor step when they owe one."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

from seat.accounts.rules import needs_second_factor

# Paths a user may reach before finishing the second factor.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/language/", "/exit/")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined, union-attr]
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if user_has_device(user, confirmed=True):
                return redirect("accounts:two-factor-verify")
            if settings.SEAT_REQUIRE_ADMIN_2FA and needs_second_factor(user):
                return redirect("accounts:two-factor-setup")
        return self.get_response(request)
