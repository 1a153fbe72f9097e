"""What every page needs to know about the signed-in person: notices and the menu."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from seat.accounts.rules import may_enrol_second_factor, may_run_organisation
from seat.accounts.selectors import form_drafts_pending, security_notices_pending


def security_notices(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's undismissed security notices, read only if a page shows them."""
    return {
        "security_notices": SimpleLazyObject(
            lambda: security_notices_pending(user=getattr(request, "user", None))
        )
    }


def account(request: HttpRequest) -> dict[str, Any]:
    # A callable: templates call it only when the menu is drawn for a signed-in person.
    user = getattr(request, "user", None)  # absent on a page drawn after a failure
    return {
        "may_enrol_second_factor": partial(may_enrol_second_factor, user),
        "may_run_organisation": partial(may_run_organisation, user),
    }


def form_drafts(request: HttpRequest) -> dict[str, Any]:
    """Staff forms left with the quick exit, offered back on every page until used or discarded;
    read only if a page shows them."""
    return {
        "form_drafts": SimpleLazyObject(
            lambda: form_drafts_pending(user=getattr(request, "user", None))
        )
    }
