from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def seat(request: HttpRequest) -> dict[str, Any]:
    return {
        "QUICK_EXIT_URL": settings.SEAT_QUICK_EXIT_URL,
        "SEAT_DEMO": settings.DEMO,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
