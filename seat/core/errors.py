"""Error pages that keep the quick exit and say what to do next, in the reader's language."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How long to wait before trying again, told to browsers and API clients with a 503.
RETRY_AFTER_SECONDS = 60


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def outage(exception: BaseException | None) -> str | None:
    """Which service Seat depends on could not be reached ("database" or "cache"), when that
    is why a request failed; None for any other error (a fault in Seat itself)."""
    if isinstance(exception, (OperationalError, InterfaceError)):
        return "database"
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return None
    if isinstance(exception, (RedisConnectionError, RedisTimeoutError)):
        return "cache"
    return None


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected error. When the database or the cache could not be reached, the person is
    told so (503, try again in a minute) by a page that needs neither; the operator sees which
    one in the log (Django logs the 503 too, by route, never by path)."""
    kind = outage(sys.exc_info()[1])
    if kind is None:
        return render(request, "500.html", status=500)
    logger.error("outage: the %s could not be reached", kind)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        message = _(
            "Seat cannot reach its records just now. Try again in a minute, then check that what you sent arrived."
        )
        return JsonResponse({"detail": message}, status=503, headers=headers)
    # Rendered without the request's context processors: they read the database and the cache.
    return HttpResponse(render_to_string("503.html"), status=503, headers=headers)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from an old page or another tab: explain, keep the quick exit, save nothing."""
    return render(request, "403_csrf.html", status=403)
