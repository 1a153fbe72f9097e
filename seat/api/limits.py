"""The API's rate limit: per person when signed in, per client address otherwise.

A signed-in caller (bearer token or session) is counted under their account, so a whole office
behind one address does not share one allowance, and a person with several tokens or devices
has one. Anyone else is counted under their client address as ``seat.core.http`` finds it behind
the trusted proxies, kept only as a salted digest. Counts live in fixed one-minute windows in the
shared cache (Redis in production, a database table otherwise: the same ``axes`` cache as login
throttling), so every app server counts together. A refusal is 429 with ``Retry-After``: the
seconds until the window ends.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from seat.core.http import client_address

WINDOW_SECONDS = 60

_local = threading.local()


def _caller(request: HttpRequest) -> tuple[str, int]:
    """The key a request is counted under, and its allowance per window."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return f"person:{user.pk}", settings.SEAT_API_REQUESTS_PER_MINUTE  # type: ignore[union-attr]
    salted = f"{settings.SECRET_KEY}:{client_address(request)}".encode()
    return (
        f"address:{hashlib.sha256(salted).hexdigest()[:32]}",
        settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE,
    )


def request_allowed(request: HttpRequest) -> tuple[bool, int]:
    """Count this request; whether it is within the caller's allowance, and the seconds until
    the current window ends."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    caller, limit = _caller(request)
    key = f"seat:api-rate:{caller}:{window}"
    cache = caches["axes"]
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    return count <= limit, retry_after


class PersonOrAddressThrottle(BaseThrottle):
    """ninja's throttle hook (run after authentication, so ``request.auth`` is known); ninja
    turns a refusal into 429 with ``Retry-After`` from ``wait()``. One instance serves every
    thread, so the wait is kept per thread."""

    def allow_request(self, request: HttpRequest) -> bool:
        allowed, _local.retry_after = request_allowed(request)
        return allowed

    def wait(self) -> float | None:
        return float(getattr(_local, "retry_after", WINDOW_SECONDS))
