"""/metrics: what it says, and that only its scraper can read it (seat/core/metrics.py)."""

from __future__ import annotations

import re

import pytest
from django.db import transaction

from seat.core import metrics
from seat.core.retries import MAX_ATTEMPTS

TOKEN = "scrape-token-0123456789"
PUBLIC = "203.0.113.7"


def _scrape(client, **extra):  # type: ignore[no-untyped-def]
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)


@pytest.fixture
def token(settings):  # type: ignore[no-untyped-def]
    settings.SEAT_METRICS_TOKEN = TOKEN
    settings.SEAT_METRICS_ALLOW = []


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "head"])
def test_anyone_else_finds_nothing_there(client, token, method):
    assert getattr(client, method)("/metrics", REMOTE_ADDR=PUBLIC).status_code == 404
    wrong = {"HTTP_AUTHORIZATION": "Bearer not-the-token", "REMOTE_ADDR": PUBLIC}
    assert getattr(client, method)("/metrics", **wrong).status_code == 404


@pytest.mark.django_db
def test_without_a_token_or_networks_nobody_reads_it_not_even_loopback(client, settings):
    settings.SEAT_METRICS_TOKEN, settings.SEAT_METRICS_ALLOW = "", []
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
def test_the_token_opens_it_from_anywhere(client, token):
    response = _scrape(client, REMOTE_ADDR=PUBLIC)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


@pytest.mark.django_db
def test_allowed_networks_read_it_without_a_token(client, settings):
    settings.SEAT_METRICS_TOKEN, settings.SEAT_METRICS_ALLOW = "", ["127.0.0.1", "::1"]
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR=PUBLIC).status_code == 404


@pytest.mark.django_db
def test_a_scraper_on_the_server_itself_is_not_sent_to_https(client, settings):
    settings.SEAT_METRICS_TOKEN, settings.SEAT_METRICS_ALLOW = "", ["127.0.0.1"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/metrics").status_code == 200
    # Every other page is still sent to HTTPS (the probes are exempt too: docs/DEPLOY.md).
    assert client.get("/accounts/login/").status_code == 301


@pytest.mark.django_db
def test_behind_a_proxy_on_loopback_the_real_client_is_asked(client, settings):
    settings.SEAT_METRICS_TOKEN, settings.SEAT_METRICS_ALLOW = "", ["127.0.0.1"]
    settings.SEAT_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR=PUBLIC).status_code == 404
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


def _sample(text: str, name: str, *, missing: float | None = None, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    match = re.search(rf"^{re.escape(name)}{{{re.escape(wanted)}}} (\S+)$", text, re.M)
    if match is None and missing is not None:
        return missing
    assert match, f"{name}{{{wanted}}} not in:\n{text}"
    return float(match.group(1))


@pytest.mark.django_db
def test_requests_are_counted_by_route_name_and_status_class(client, token, world):
    before = _scrape(client).content.decode()
    client.force_login(world.expert.user)
    client.get(f"/me/invitations/{world.invitation.pk}/")
    client.get(f"/me/invitations/{world.invitation.pk}/")
    client.get("/join/NOT-A-CODE/nowhere/")
    text = _scrape(client).content.decode()

    def grew(name: str, **labels: str) -> float:
        return _sample(text, name, **labels) - _sample(before, name, missing=0, **labels)

    assert grew("seat_http_requests_total", route="portal:invitation", status="2xx") == 2
    assert grew("seat_http_requests_total", route="unmatched", status="4xx") == 1
    assert grew("seat_http_request_duration_seconds_count", route="portal:invitation") == 2
    assert (
        grew("seat_http_request_duration_seconds_bucket", route="portal:invitation", le="+Inf") == 2
    )
    assert "# TYPE seat_http_request_duration_seconds histogram" in text
    # No label holds an id, a path or a name.
    assert str(world.invitation.pk) not in text and "NOT-A-CODE" not in text
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text)
    labels = re.findall(r'[a-z_]+="([^"]*)"', text)
    assert [v for v in labels if "/" in v or "Tara" in v or world.expert.user.username == v] == []


@pytest.mark.django_db
def test_failed_messages_are_counted_from_the_database(client, token):
    from seat.sms.models import SmsOutbound

    SmsOutbound.objects.create(key="a", status="failed", error="SmsSendError", attempts=1)
    SmsOutbound.objects.create(key="b", status="")
    SmsOutbound.objects.create(key="c", status="failed", attempts=MAX_ATTEMPTS)
    text = _scrape(client).content.decode()
    assert _sample(text, "seat_sms_outbound", status="failed") == 1
    assert _sample(text, "seat_sms_outbound", status="given_up") == 1
    assert _sample(text, "seat_sms_outbound", status="pending") == 1
    assert _sample(text, "seat_sms_outbound", status="sent") == 0
    assert "# TYPE seat_notification_deliveries gauge" in text
    # The immediate backend keeps no queue.
    assert "seat_task_results" not in text


@pytest.mark.django_db
def test_failed_notifications_are_counted_by_channel(client, token, world):
    from seat.notifications.models import Delivery, Notification

    notification = Notification.objects.filter(recipient=world.expert.user).first()
    assert notification is not None
    Delivery.objects.update(status="sent")
    Delivery.objects.update_or_create(
        notification=notification, channel="email", defaults={"status": "failed", "attempts": 2}
    )
    Delivery.objects.update_or_create(
        notification=notification,
        channel="sms",
        defaults={"status": "failed", "attempts": MAX_ATTEMPTS},
    )
    text = _scrape(client).content.decode()
    assert _sample(text, "seat_notification_deliveries", channel="email", status="failed") == 1
    assert _sample(text, "seat_notification_deliveries", channel="sms", status="given_up") == 1
    assert (
        _sample(text, "seat_notification_deliveries", channel="sms", status="failed", missing=0)
        == 0
    )


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_depth_is_counted(client, token, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from seat.core.tasks import clear_sessions

    with transaction.atomic():
        clear_sessions.enqueue()
    text = _scrape(client).content.decode()
    assert _sample(text, "seat_task_results", status="ready") == 1
    assert _sample(text, "seat_task_results", status="failed") == 0


def test_several_worker_processes_add_up_in_the_folder(tmp_path, monkeypatch):
    from prometheus_client import values

    monkeypatch.setattr(values, "ValueClass", values.ValueClass)
    monkeypatch.delenv(metrics.MULTIPROCESS_ENV, raising=False)
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "counter_1.db").write_bytes(b"left by an earlier run")
    route = "test:multiprocess"
    try:
        metrics.multiprocess_start(tmp_path / "metrics")
        monkeypatch.setenv(metrics.MULTIPROCESS_ENV, str(tmp_path / "metrics"))
        metrics.request_observe(route=route, status=201, seconds=0.02)
        metrics.request_observe(route=route, status=503, seconds=3)
        files = sorted(p.name for p in (tmp_path / "metrics").iterdir())
        assert "counter_1.db" not in files and any(f.startswith("counter_") for f in files)
        from unittest import mock

        with mock.patch.object(metrics, "DatabaseFigures", _NoFigures):
            text = metrics.exposition().decode()
    finally:
        monkeypatch.delenv(metrics.MULTIPROCESS_ENV, raising=False)
        metrics.REQUESTS.remove(route, "2xx")
        metrics.REQUESTS.remove(route, "5xx")
        metrics.DURATION.remove(route)
    assert _sample(text, "seat_http_requests_total", route=route, status="2xx") == 1
    assert _sample(text, "seat_http_requests_total", route=route, status="5xx") == 1
    assert _sample(text, "seat_http_request_duration_seconds_bucket", route=route, le="0.025") == 1
    assert _sample(text, "seat_http_request_duration_seconds_bucket", route=route, le="5.0") == 2


class _NoFigures(metrics.Collector):
    def collect(self):  # type: ignore[no-untyped-def]
        return iter(())
