"""Structured logs that identify nobody: a request id on every line, one access line a request.

- **Request id.** :class:`RequestLogMiddleware` (first in MIDDLEWARE) gives each request an id:
  the one a trusted reverse proxy (``SEAT_TRUSTED_PROXIES``) sent in ``X-Request-ID`` when it is
  well formed, else a new uuid4 in hex. It is kept in a context variable for the request, sent
  back in the response's ``X-Request-ID`` header, and :class:`RequestIdFilter` puts it on every
  log record made meanwhile (``request_id``), with the background task's id (``task_id``) when
  one runs (the worker, or a task run at once inside a request).
- **One access line a request** (logger ``seat.access``, INFO): method, the URL pattern's name
  and route (``/me/invitations/<uuid:invitation_id>/``), status, milliseconds, request id. Never
  the path (it can hold a joining code or an id that ties a person to a consultation), the
  query string, who is signed in, the client's address or a body.
- **Format.** :class:`JsonFormatter` writes one JSON object a line (production, or
  ``SEAT_LOG_FORMAT=json``); :class:`TextFormatter` a plain line (development). Both write a
  fixed list of a record's fields: Django attaches the request itself to some records
  (``django.request``), and its text names the path, so nothing a library adds is written
  unless it is listed here. That is also why this is not python-json-logger, which writes every
  extra attribute it finds: an allow-list of a dozen fields is twenty lines of the standard
  library.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from seat.core.http import _networks, _parse

REQUEST_ID_HEADER = "X-Request-ID"
request_id: ContextVar[str | None] = ContextVar("seat_request_id", default=None)
task_id: ContextVar[str | None] = ContextVar("seat_task_id", default=None)

# What an incoming id may be: hex digits and hyphens (nginx's $request_id, a UUID), 16 to 64 of
# them, and not digits alone, which could be a phone or card number a client typed in: a proxy
# that passes the client's own header on would otherwise let anyone write into the logs.
_WELL_FORMED = re.compile(r"[0-9A-Fa-f-]{16,64}")

access_log = logging.getLogger("seat.access")


def log_format(*, seat_env: str, chosen: str) -> str:
    """``json`` or ``text``: as chosen (SEAT_LOG_FORMAT), else JSON in production only."""
    if not chosen:
        return "json" if seat_env == "production" else "text"
    if chosen not in {"json", "text"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SEAT_LOG_FORMAT must be json or text.")
    return chosen


def request_id_from(request: HttpRequest) -> str:
    """The id a trusted proxy gave this request, when well formed; else a new one."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    if given and _WELL_FORMED.fullmatch(given) and not given.replace("-", "").isdigit():
        peer = _parse(request.META.get("REMOTE_ADDR", ""))
        trusted = _networks(tuple(settings.SEAT_TRUSTED_PROXIES))
        if peer is not None and any(peer in network for network in trusted):
            return given
    return uuid.uuid4().hex


def static_prefix() -> str:
    return str(settings.STATIC_URL or "/static/")


def route_name(request: HttpRequest) -> tuple[str, str]:
    """The name and the pattern of the URL a request matched, never its path.

    ("static", "/static/") for static files WhiteNoise served, ("unmatched", "-") for a path
    no pattern matches."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed", "/" + str(match.route)
    if request.path_info.startswith(static_prefix()):
        return "static", static_prefix()
    return "unmatched", "-"


class RequestLogMiddleware:
    """The request id for everything logged during a request, the access line and the request
    metrics (seat/core/metrics.py). First in MIDDLEWARE, so it times and counts everything."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from seat.core.metrics import request_observe

        started = time.perf_counter()
        given = request_id_from(request)
        # Kept until the response is closed (request_finished: :func:`request_done`), not only
        # until this returns: Django logs "Not Found" and other 4xx and 5xx after the middleware.
        request_id.set(given)
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        name, route = route_name(request)
        response[REQUEST_ID_HEADER] = given
        request_observe(route=name, status=response.status_code, seconds=seconds)
        access_log.info(
            "%s %s %s %s %sms",
            request.method,
            name,
            route,
            response.status_code,
            round(seconds * 1000),
            extra={
                "method": request.method,
                "view": name,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        return response


def request_done(**_kwargs: Any) -> None:
    """Django's request_finished signal: lines logged after the response has gone carry no id."""
    request_id.set(None)


class RequestIdFilter(logging.Filter):
    """Put the current request's and task's ids on a record (``-`` outside of them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        record.task_id = task_id.get() or "-"
        return True


def task_started(*, task_result: Any, **_kwargs: Any) -> None:
    """django_tasks' signal: what is logged while a task runs carries its id."""
    task_id.set(str(task_result.id))


def task_finished(**_kwargs: Any) -> None:
    task_id.set(None)


class StandardErrorHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A StreamHandler on whatever ``sys.stderr`` is when a line is written.

    The standard one keeps the stream it was made with: a command run inside a test process
    (``seat.cli.main``) configures logging again while pytest has swapped ``sys.stderr`` for a
    capture file, and every later line then fails on that file once it is closed."""

    _chosen: Any = None

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return self._chosen or sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        self._chosen = None if value is sys.stderr else value


# The fields a line may hold: the record's own and those the access line adds. Anything else
# attached to a record (Django's ``request``, a library's extras) is never written.
_ACCESS_FIELDS = ("method", "view", "route", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, the ids, the
    access line's fields when present, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if getattr(record, "task_id", "-") != "-":
            line["task_id"] = record.task_id  # type: ignore[attr-defined]
        for field in _ACCESS_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A plain line for a person reading a terminal: time, level, logger, request id, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return super().format(record)
