"""Addresses Seat hands to people outside a page: joining links printed by a command or sent
by e-mail must be whole addresses."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` on this site: as the browser reached it when there is a request, else under
    SEAT_BASE_URL (left as a path when that is not set)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SEAT_BASE_URL.rstrip("/") + path


def invitation_path(code: str | None) -> str:
    """The path that opens a joining or password-setup code; without a code, the page where one
    is typed."""
    if code is None:
        return reverse("accounts:invitation")
    return reverse("accounts:invitation-open", kwargs={"code": code})


def invitation_link(code: str | None, request: HttpRequest | None = None) -> str:
    """``invitation_path`` as a whole address."""
    return absolute_url(invitation_path(code), request)
