"""The link to the organisation's opportunities pages, for the pages that show it."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from seat.opportunities.rules import can_read_opportunities_anywhere


def opportunities(request: HttpRequest) -> dict[str, Any]:
    # A callable: asked only by a template that shows the link (roles are read once a request).
    return {
        "may_read_opportunities": partial(
            can_read_opportunities_anywhere, getattr(request, "user", None)
        )
    }
