"""Refuse to serve beyond this computer while Seat runs with published keys.

Without SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS, Seat falls back to keys written in its source
code, so anyone could forge sessions or decrypt identities; in demo mode cookies travel over plain
HTTP. Either is safe only when nobody but this computer can reach Seat. Three checks, because no
single one sees everything:

- at start-up, ``check_hosts`` (called by ``seat.wsgi``, ``seat serve`` and ``seat runserver``)
  refuses an ALLOWED_HOSTS that names anything but loopback: the operator has said Seat is public;
- ``seat serve`` (and so ``seat demo``) and ``seat runserver`` refuse to bind an address that is
  not loopback;
- ``LoopbackOnly`` wraps the WSGI application and answers 503 to every request whose TCP peer
  (REMOTE_ADDR, which the client cannot choose, unlike the Host header) is not loopback, or that
  a proxy on this computer passed on from elsewhere (X-Forwarded-For). A WSGI application cannot
  see the address its server binds, so this per-request check is what holds for gunicorn,
  granian or any other server bound to 0.0.0.0.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# "testserver" is the Django test client's host name; it never reaches a network.
_LOOPBACK_NAMES = {"localhost", "testserver"}


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (with or without brackets or a port-less zone)."""
    host = host.strip().strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_only() -> bool:
    return bool(getattr(settings, "SEAT_LOOPBACK_ONLY", False))


def refusal_message(where: str) -> str:
    """What the operator reads: why Seat refuses and which variables to set."""
    if settings.DEMO:
        why = "Demo mode uses published passwords and cookies sent over plain HTTP"
        fix = "Run `seat demo` on 127.0.0.1 or ::1 only; to serve for real, set SEAT_ENV=production"
    else:
        why = (
            "Seat is running with its built-in keys ("
            + " and ".join(settings.SEAT_BUILTIN_KEYS)
            + "), which are published in its source code"
        )
        fix = (
            "To serve beyond this computer, set SEAT_SECRET_KEY and SEAT_ENCRYPTION_KEYS "
            "(or SEAT_SECRET_KEY_FILE and SEAT_ENCRYPTION_KEYS_FILE) and SEAT_ENV=production; "
            "to try Seat on this computer, run `seat demo`"
        )
    return (
        f"{why}, so it serves this computer only (127.0.0.1, ::1 or localhost), not {where}. {fix}."
    )


def check_hosts() -> None:
    if not loopback_only():
        return
    public = [h for h in settings.ALLOWED_HOSTS if not is_loopback(h)]
    if public:
        raise ImproperlyConfigured(refusal_message("ALLOWED_HOSTS " + ", ".join(public)))


def check_bind(address: str) -> str | None:
    """The refusal for binding ``address``, or None when it is allowed."""
    if loopback_only() and not is_loopback(address):
        return refusal_message(address)
    return None


def refuse_unsafe_start(address: str) -> None:
    """For the commands that serve (runserver, serve): stop before anything listens when the
    address or ALLOWED_HOSTS reach beyond loopback without real keys."""
    from django.core.management.base import CommandError

    refusal = check_bind(address)
    if refusal:
        raise CommandError(refusal)
    try:
        check_hosts()
    except ImproperlyConfigured as error:
        raise CommandError(str(error)) from error


def _forwarded_from_elsewhere(environ: dict[str, Any]) -> bool:
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
    return any(not is_loopback(part) for part in forwarded.split(",") if part.strip())


class LoopbackOnly:
    """WSGI wrapper: while loopback-only, refuse any request that comes from elsewhere."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if loopback_only() and (
            not is_loopback(environ.get("REMOTE_ADDR", "")) or _forwarded_from_elsewhere(environ)
        ):
            # The message names no address: the log line is for the operator.
            logger.error(refusal_message("a request from another computer"))
            body = (
                b"This Seat is not configured to serve other computers yet. "
                b"Its operator must set real keys (see the server log).\n"
            )
            start_response(
                "503 Service Unavailable",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self.application(environ, start_response)
