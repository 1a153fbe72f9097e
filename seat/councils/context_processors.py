"""The link to the advisory councils, and the councils a member sits on, for the pages that
show them."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from seat.councils.models import Council
from seat.councils.rules import can_read_councils_anywhere


def _councils_i_sit_on(user: Any) -> list[Council]:
    if user is None or not user.is_authenticated:
        return []
    return list(Council.objects.filter(terms__expert__user=user).distinct().order_by("name"))


def councils(request: HttpRequest) -> dict[str, Any]:
    # Callables: asked only by a template that shows them (roles are read once a request).
    user = getattr(request, "user", None)
    return {
        "may_read_councils": partial(can_read_councils_anywhere, user),
        "councils_i_sit_on": partial(_councils_i_sit_on, user),
    }
