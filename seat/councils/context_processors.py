"""The link to the advisory councils, for the pages that show it."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from seat.councils.rules import can_read_councils_anywhere


def councils(request: HttpRequest) -> dict[str, Any]:
    # A callable: asked only by a template that shows the link (roles are read once a request).
    return {
        "may_read_councils": partial(can_read_councils_anywhere, getattr(request, "user", None))
    }
