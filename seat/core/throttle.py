"""Guessing codes and passwords is slow: failed attempts are counted per client address (and
per code prefix).

Every page where a one-time code is typed or opened uses it: an expert's joining and reset codes
(seat.people, seat.portal) and a colleague's invitation or first-password code (seat.accounts).
The counters are shared, so a script cannot spread its guesses over the different pages.
Failed logins have a counter of their own per address, across usernames (``login_*`` below).

A code is about 74 bits, so guessing one is hopeless anyway; the counters are there so that a
script cannot even try, and so that someone who saw the start of a code (over a shoulder, on a
half-torn slip) cannot try the rest. Only failures count. The counters live in the same shared
cache as login throttling (django-axes' ``axes`` cache: Redis in production, a database table
otherwise), keyed by a salted digest, so no address or code is kept in clear.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seat.core.http import client_address
from seat.core.onetime import GROUP, code_normalise

WINDOW_SECONDS = 15 * 60
# Failures allowed in a window: from one address, and against one first group of a code.
PER_ADDRESS = 10
PER_PREFIX = 5


def _keys(request: object, typed: str) -> list[tuple[str, int]]:
    def key(kind: str, value: str) -> str:
        salted = f"{settings.SECRET_KEY}:{kind}:{value}".encode()
        return f"seat:code-failures:{kind}:{hashlib.sha256(salted).hexdigest()[:32]}"

    keys = [(key("address", client_address(request)), PER_ADDRESS)]
    prefix = code_normalise(typed)[:GROUP]
    if len(prefix) == GROUP:
        keys.append((key("prefix", prefix), PER_PREFIX))
    return keys


def _blocked(keys: list[tuple[str, int]]) -> bool:
    cache = caches["axes"]
    return any((cache.get(key) or 0) >= limit for key, limit in keys)


def _failed(keys: list[tuple[str, int]]) -> None:
    cache = caches["axes"]
    for key, _limit in keys:
        # add() starts the window at the first failure; later failures do not stretch it.
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS)


def code_attempts_blocked(request: object, typed: str = "") -> bool:
    """True while this address, or this code's first group, has failed too often."""
    return _blocked(_keys(request, typed))


def code_attempt_failed(request: object, typed: str) -> None:
    _failed(_keys(request, typed))


def _login_keys(request: object) -> list[tuple[str, int]]:
    salted = f"{settings.SECRET_KEY}:login-address:{client_address(request)}".encode()
    key = f"seat:login-failures:address:{hashlib.sha256(salted).hexdigest()[:32]}"
    return [(key, settings.SEAT_LOGIN_ADDRESS_FAILURE_LIMIT)]


def login_attempts_blocked(request: object) -> bool:
    """True while this address has failed to log in too often, whatever usernames it tried.

    django-axes locks one username from one address after a few failures; this counter is the
    other half, so one wrong password for each of many usernames is held up too. It never looks
    at the username, so the answer is the same whether an account exists or not.
    """
    return _blocked(_login_keys(request))


def login_attempt_failed(request: object) -> None:
    _failed(_login_keys(request))


def too_many_attempts(request: HttpRequest) -> HttpResponse:
    """429, with how long to wait, in words and in Retry-After; kept out of every cache."""
    response = render(
        request,
        "core/too_many_attempts.html",
        {"minutes": WINDOW_SECONDS // 60},
        status=429,
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
