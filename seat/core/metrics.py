"""``/metrics``: Seat's health in Prometheus' text format (0.0.4), for the operator's scraper.

What it says, and nothing that identifies anyone: labels are URL pattern names, status classes,
channels and states, never a path, an object id, a name or an address.

- ``seat_http_requests_total{route, status}``: requests by URL pattern name
  (``consultations:consultation-detail``; ``static``, ``unmatched``) and status class (``2xx``).
- ``seat_http_request_duration_seconds{route}``: a histogram of the time to make the response.
- ``seat_task_results{status}``: background tasks in the database queue by state (``ready``
  is the queue's depth, ``failed`` what needs a look), when ``SEAT_TASKS=database``.
- ``seat_notification_deliveries{channel, status}`` and ``seat_sms_outbound{status}``:
  e-mails and text messages by state: ``failed`` will be tried again (seat.core.retries),
  ``given_up`` has had every try and needs a person (an alert on it going up is the one to set).

Why this way. The request counters and the histogram are kept by prometheus-client, the
project's own client library, which also writes the exposition format. gunicorn runs several
worker processes (seat/core/server.py), each with its own memory, and a scrape reaches only one
of them: counters kept in memory would each tell a part, and a different part at each scrape.
So ``seat serve`` turns on prometheus-client's multiprocess mode (:func:`multiprocess_start`):
each worker writes its values to its own memory-mapped file in ``SEAT_METRICS_DIR`` (default
``SEAT_DATA_DIR/metrics``), emptied at each start, and a scrape adds up the files of all of
them, workers that have exited included, so counters never go back. This costs no network
round trip per request (counters in Redis would cost a few on every page) and works without
Redis. Without ``seat serve`` (runserver, tests, one process) the values stay in memory.
The other figures are counted in the database at each scrape, so every process tells the same
and nothing has to be kept in step; they are a few counts over indexed status columns.

Who may read it: a caller with ``Authorization: Bearer <SEAT_METRICS_TOKEN>`` (compared in
constant time), or from an address in ``SEAT_METRICS_ALLOW`` (addresses or networks; the
client's address as the trusted proxies report it, ``seat.core.http.client_address``). Anyone
else finds nothing there (404), so the page does not say it exists.
"""

from __future__ import annotations

import hmac
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import prometheus_client
from django.apps import apps
from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.registry import Collector

from seat.core.http import _networks, _parse, client_address
from seat.core.retries import MAX_ATTEMPTS

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

# A ``_created`` time for each series only doubles what is sent; Prometheus does not need it.
prometheus_client.disable_created_metrics()

REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "seat_http_requests",
    "Requests answered, by URL pattern name and status class.",
    ["route", "status"],
    registry=REGISTRY,
)
# From a static file (a few ms) to a PDF report on a busy server (seconds).
DURATION = Histogram(
    "seat_http_request_duration_seconds",
    "Time to make the response, by URL pattern name.",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)


def request_observe(*, route: str, status: int, seconds: float) -> None:
    """Count one answered request (seat.core.requestlog.RequestLogMiddleware)."""
    REQUESTS.labels(route, f"{status // 100}xx").inc()
    DURATION.labels(route).observe(seconds)


def multiprocess_start(directory: Path) -> None:
    """Keep the request metrics of every worker process in ``directory`` (``seat serve``).

    Called in the server's first process before the workers fork and before any request is
    counted: it empties the folder (values of an earlier run would be added to this one's),
    and each worker then writes its own files there."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    os.environ[MULTIPROCESS_ENV] = str(directory)
    values.ValueClass = values.get_value_class()


class DatabaseFigures(Collector):
    """Counts over the database at scrape time: the task queue, e-mail and text messages."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            tasks = GaugeMetricFamily(
                "seat_task_results",
                "Background tasks in the database queue by state (ready: waiting to run).",
                labels=["status"],
            )
            results = apps.get_model("django_tasks_database", "DBTaskResult")
            counts = dict(results.objects.order_by().values_list("status").annotate(n=Count("pk")))
            for status in ("READY", "RUNNING", "FAILED", "SUCCESSFUL"):
                tasks.add_metric([status.lower()], counts.get(status, 0))
            yield tasks

        deliveries = GaugeMetricFamily(
            "seat_notification_deliveries",
            "Notifications sent outside the inbox (e-mail, text message), by channel and state.",
            labels=["channel", "status"],
        )
        delivery = apps.get_model("notifications", "Delivery")
        rows = _by_state(delivery.objects.all(), "channel")
        for channel, state, count in rows.order_by("channel", "state"):
            deliveries.add_metric([channel, state], count)
        yield deliveries

        outbound = GaugeMetricFamily(
            "seat_sms_outbound",
            "Text messages to send or sent, by state (failed: the provider refused them).",
            labels=["status"],
        )
        message = apps.get_model("sms", "SmsOutbound")
        counts = dict(_by_state(message.objects.all()))
        for state in ("", "sending", "sent", "failed", GIVEN_UP):
            outbound.add_metric([state or "pending"], counts.get(state, 0))
        yield outbound


GIVEN_UP = "given_up"


def _by_state(messages: QuerySet, *fields: str) -> QuerySet:
    """(``fields``..., state, count) of messages, where a failed one that had every try is
    ``given_up`` rather than ``failed``."""
    state = Case(
        When(Q(status="failed", attempts__gte=MAX_ATTEMPTS), then=Value(GIVEN_UP)),
        default=F("status"),
        output_field=CharField(),
    )
    return (
        messages.order_by()
        .annotate(state=state)
        .values_list(*fields, "state")
        .annotate(n=Count("pk"))
    )


def exposition() -> bytes:
    """Everything /metrics says, in the text format."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get(MULTIPROCESS_ENV):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_InMemory())
    registry.register(DatabaseFigures())
    return generate_latest(registry)


class _InMemory(Collector):
    def collect(self) -> Iterator[prometheus_client.Metric]:
        yield from REGISTRY.collect()


def may_read(request: HttpRequest) -> bool:
    """The bearer of SEAT_METRICS_TOKEN, or a client in SEAT_METRICS_ALLOW."""
    token = settings.SEAT_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if (
        token
        and given.startswith("Bearer ")
        and hmac.compare_digest(given[7:].strip().encode(), token.encode())
    ):
        return True
    allowed = _networks(tuple(settings.SEAT_METRICS_ALLOW))
    address = _parse(client_address(request))
    return address is not None and any(address in network for network in allowed)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    # Asked before the method, so that a refused caller learns nothing, not even a 405.
    if not may_read(request):
        raise Http404
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_PLAIN_0_0_4)
