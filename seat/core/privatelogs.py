"""Logs name pages by their URL pattern, never by their address.

An address can carry what must not be written down: a joining or reset code, an id that ties a
person to a consultation, a query string. Logs carry ids and verbs, never names, contact
details or free text (STYLE.md); a log line that names a page uses the pattern it matched
(``/me/invitations/<uuid:invitation_id>/``) instead, for gunicorn's access log
(seat/core/server.py) and for Django's own warnings about requests ("Not Found: ...").
"""

from __future__ import annotations

import logging
from typing import Any


def route_of(path: str) -> str:
    """The URL pattern ``path`` matches ("/static/" for static files, "-" for none)."""
    try:
        from django.conf import settings
        from django.urls import Resolver404, resolve

        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return str(settings.STATIC_URL)
        try:
            match = resolve(path)
        except Resolver404:
            return "-"
        return "/" + str(match.route)
    except Exception:  # noqa: BLE001 - a log line must never fail a request
        return "-"


class PrivatePaths(logging.Filter):
    """Replace a request's path in a log record's arguments by its URL pattern.

    Django logs 4xx and 5xx responses as ``"Not Found: %s", request.path`` (django.request,
    django.security.*), with the request attached to the record; ``runserver`` (django.server)
    logs its request line, ``"GET /path?query HTTP/1.1"``, with its socket handler attached,
    whose ``path`` holds the query string too."""

    def filter(self, record: logging.LogRecord) -> bool:
        request: Any = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(path, str) and isinstance(record.args, tuple):
            route = route_of(path.split("?", 1)[0])
            record.args = tuple(
                arg.replace(path, route) if isinstance(arg, str) and path in arg else arg
                for arg in record.args
            )
        return True
