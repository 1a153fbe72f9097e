"""Holding up password guesses from one address across usernames (``seat.core.throttle``).

django-axes locks one username from one address; this backend, before the password check in
``AUTHENTICATION_BACKENDS``, refuses every login from an address that has failed too often,
whichever username it names, on every page that logs people in (Seat's login page and the admin's).
Failures are counted from Django's ``user_login_failed`` signal, so they count wherever they
happen. Seat's login page answers 429 before it gets this far (``LoginView``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from seat.core.throttle import login_attempt_failed, login_attempts_blocked


class AddressThrottleBackend:
    """Only refuses: it never logs anyone in, so it has no ``get_user`` (like axes' backend;
    Django and its test client then never pick it to load a signed-in user)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        # PermissionDenied ends authentication here: no later backend checks the password.
        if request is not None and login_attempts_blocked(request):
            raise PermissionDenied
        return None


def count_failed_login(
    sender: object, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    """``user_login_failed`` receiver; a login without a request (a shell, a test) is not
    from any address."""
    if request is not None:
        login_attempt_failed(request)
