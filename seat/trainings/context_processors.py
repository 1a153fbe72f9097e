"""The link to the trainings pages, for the pages that show it (the projects list)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from seat.trainings.rules import can_read_trainings_anywhere


def trainings(request: HttpRequest) -> dict[str, Any]:
    # A callable: asked only by a template that shows the link (roles are read once a request).
    return {
        "may_read_trainings": partial(can_read_trainings_anywhere, getattr(request, "user", None))
    }
