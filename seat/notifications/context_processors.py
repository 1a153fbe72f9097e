from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from seat.notifications.selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """How many unread messages the signed-in person has: one query, only if the menu shows it.

    A function the template calls (once: it remembers), not a lazy object: the count feeds
    plural rules, and Arabic's (``n % 100``) needs a real number, which a proxy is not."""
    user = getattr(request, "user", None)  # absent on a page drawn after a failure
    return {"inbox_unread": cache(lambda: unread_count(user=user))}
