from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from seat.notifications.selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """How many unread messages the signed-in person has: one query, only if the menu shows it."""
    user = getattr(request, "user", None)  # absent on a page drawn after a failure
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user=user))}
