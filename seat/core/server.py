"""Seat under gunicorn: the production server behind ``seat serve`` and ``seat demo``.

Why gunicorn: it is the most used and longest maintained WSGI server for Django, pure Python
(nothing to compile on a small NGO's server), and runs as a library, so ``seat serve`` can check
the keys and the address before anything listens. Its settings here:

- **Threaded workers, two processes per core, two threads each** (``gthread``;
  ``--workers``/``--threads`` change it). A page is mostly Python work (building SQL, rendering
  templates), and Python runs one thread of a process at a time: with four threads in one
  process, a survivor's page waited for a staff member's heavy one to let go of the process.
  Two processes per core let the kernel share the cores between pages instead; measured on
  two cores under the production load benchmark (README, "Load, measured"), survivors' p95 went
  from 1,264 ms (2 x 4) to 331 ms (4 x 2), for 715 MB of memory instead of 430. Threads still
  cover the waits: a PostgreSQL round trip, an SQLite writer waiting up to 5 s for the lock
  (WAL lets readers go on meanwhile), a phone on a slow network sending its answer, which
  would block a whole sync worker. Each thread keeps its own database connection
  (CONN_MAX_AGE), so PostgreSQL sees workers x threads connections: 8 on two cores.
- **Timeouts**: a worker whose main loop is silent for 30 s is replaced; on a restart or Ctrl+C
  requests in flight get 20 s to finish; an idle kept-alive connection is closed after 5 s
  (a phone on a high-latency network reuses it instead of opening a new one for the next page).
- **The application is loaded before the workers fork** (``preload_app``): a configuration
  error stops the server at once instead of every worker in turn, and workers share the code's
  memory.
- **Logs that identify nobody** (:class:`PrivateAccessLog`): the access log, when asked for
  (Seat's own, ``seat.access``, is the one on by default), shows the URL
  pattern a request matched (``/me/invitations/<uuid:invitation_id>/``), never the path itself,
  its query string, the client's address, user agent or referrer; gunicorn's own messages about
  bad requests lose the address and the request line too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from seat.core.privatelogs import route_of

PROCESSES_PER_CORE = 2
THREADS_PER_WORKER = 2
# What one access-log line says: when, method, URL pattern, status, bytes sent, milliseconds.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def default_workers() -> int:
    """Two processes per core this process may run on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return PROCESSES_PER_CORE * max(1, cores)


def options(
    *,
    host: str,
    port: int,
    workers: int | None = None,
    threads: int | None = None,
    access_log: str | None = None,
) -> dict[str, Any]:
    """gunicorn's settings for Seat (and for the benchmark's bare Django, so both run alike).

    gunicorn's own access log is off unless ``access_log`` names a file ("-": standard output):
    Seat writes one access line a request itself (logger ``seat.access``,
    seat/core/requestlog.py), with the request's id, in the same format as its other logs."""
    address = f"[{host.strip('[]')}]" if ":" in host else host
    return {
        "bind": [f"{address}:{port}"],
        "workers": workers or default_workers(),
        "worker_class": "gthread",
        "threads": threads or THREADS_PER_WORKER,
        "timeout": 30,
        "graceful_timeout": 20,
        "keepalive": 5,
        "preload_app": True,
        # gunicorn's control socket lives at one fixed path per user: two servers on one machine
        # would fight over it, and Seat does not use it.
        "control_socket_disable": True,
        "accesslog": access_log,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "info",
        "logger_class": PrivateAccessLog,
    }


def seat_application() -> Callable[..., Iterable[bytes]]:
    """Seat's WSGI application, warmed up before the workers fork.

    Django imports the views, reads the translation catalogs and compiles each template at
    the first request each process serves that needs them: 1.7 s for the first expert home on
    two busy cores, paid again by every worker after each restart, by whoever comes first.
    Done once here (about half a second), the workers inherit it."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings
    from django.template import engines
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils.translation import trans_real

    from seat.wsgi import application

    get_resolver().url_patterns  # noqa: B018 - imports every view (and the API's schemas)
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)
    django_templates: Any = engines["django"]
    folders = [Path(folder) for folder in django_templates.engine.dirs]
    folders += [
        Path(app.path) / "templates" for app in apps.get_app_configs() if app.name[:5] == "seat."
    ]
    for folder in folders:
        for template in folder.glob("**/*.html"):
            get_template(template.relative_to(folder).as_posix())
    return application


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn run as a library with the given settings and WSGI application."""

    def __init__(
        self, application: Callable[[], Callable[..., Iterable[bytes]]], settings: dict[str, Any]
    ) -> None:
        self.application = application
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.settings.items():
            self.cfg.set(name, value)

    def load(self) -> Callable[..., Iterable[bytes]]:
        return self.application()


class PrivateAccessLog(Logger):  # type: ignore[misc]
    """gunicorn's logger, minus everything that could identify a person or carry a secret."""

    # Kept from gunicorn's atoms: time, status, method, protocol, sizes, durations, process id.
    _KEPT = ("t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p")

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> dict[str, Any]:
        everything = super().atoms(resp, req, environ, request_time)
        kept = {name: everything[name] for name in self._KEPT if name in everything}
        route = route_of(environ.get("PATH_INFO", ""))
        # Any other atom an operator's format asks for (address, user agent, referrer, query,
        # headers, environ) comes out as "-".
        kept.update(
            U=route,
            r=f"{environ.get('REQUEST_METHOD', '-')} {route} {environ.get('SERVER_PROTOCOL', '-')}",
            q="",
        )
        return kept

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        # gunicorn: "Invalid request from ip=ADDRESS: ERROR", the error quoting the request line.
        if isinstance(msg, str) and msg.startswith("Invalid request from ip="):
            msg, args = "Invalid request, answered with an error status", ()
        super().warning(msg, *args, **kwargs)

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        # gunicorn: "Error handling request METHOD URI"; the traceback follows.
        if isinstance(msg, str) and msg.startswith("Error handling request"):
            msg, args = "Error handling request", ()
        super().exception(msg, *args, **kwargs)
