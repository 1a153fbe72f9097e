"""Request ids, the access line and the JSON log format (seat/core/requestlog.py)."""

from __future__ import annotations

import logging
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from seat.core.requestlog import JsonFormatter, TextFormatter, log_format
from seat.core.tests.logs import json_logs

HEX32 = re.compile(r"[0-9a-f]{32}")
PROXY_ID = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


@pytest.mark.django_db
def test_each_request_gets_a_new_id_in_its_response(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert HEX32.fullmatch(first["X-Request-ID"])
    assert HEX32.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_a_trusted_proxys_id_is_kept(client, settings):
    settings.SEAT_TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/healthz", REMOTE_ADDR="10.1.2.3", HTTP_X_REQUEST_ID=PROXY_ID)
    assert response["X-Request-ID"] == PROXY_ID


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("remote", "given"),
    [
        ("203.0.113.9", PROXY_ID),  # not from a trusted proxy
        ("10.1.2.3", "a" * 65),  # too long
        ("10.1.2.3", "abc123"),  # too short
        ("10.1.2.3", "tara@example.org-0123456789"),  # not hex
        ("10.1.2.3", "88017119991110000"),  # digits only: could be a phone or card number
        ("10.1.2.3", PROXY_ID + "\n"),
    ],
)
def test_an_untrusted_overlong_or_malformed_id_is_replaced(client, settings, remote, given):
    settings.SEAT_TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/healthz", REMOTE_ADDR=remote, HTTP_X_REQUEST_ID=given)
    assert HEX32.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_every_line_of_a_request_carries_its_id_and_one_access_line_names_the_route(client, world):
    client.force_login(world.expert.user)
    path = f"/me/invitations/{world.invitation.pk}/"
    with json_logs() as lines:
        response = client.get(path + "?code=JOIN-SECRET")
        logging.getLogger("seat.test").info("after the request")
    records = lines.records()
    during, after = records[:-1], records[-1]
    assert during and {r["request_id"] for r in during} == {response["X-Request-ID"]}
    assert after["request_id"] == "-"
    (access,) = [r for r in records if r["logger"] == "seat.access"]
    assert set(access) == {
        "time", "level", "logger", "message", "request_id",
        "method", "view", "route", "status", "duration_ms",
    }  # fmt: skip
    assert access["level"] == "INFO"
    assert (access["method"], access["view"], access["route"], access["status"]) == (
        "GET",
        "portal:invitation",
        "/me/invitations/<uuid:invitation_id>/",
        200,
    )
    assert isinstance(access["duration_ms"], float)
    assert access["message"].startswith(
        "GET portal:invitation /me/invitations/<uuid:invitation_id>/ 200 "
    )
    text = "\n".join(lines)
    assert str(world.invitation.pk) not in text and "JOIN-SECRET" not in text


@pytest.mark.django_db
def test_a_path_no_pattern_matches_is_logged_as_unmatched(client):
    with json_logs() as lines:
        client.get("/join/ABCD-2345/but-not-here/")
    records = lines.records()
    access = [r for r in records if r["logger"] == "seat.access"]
    assert [(r["view"], r["route"], r["status"]) for r in access] == [("unmatched", "-", 404)]
    (warning,) = [r for r in records if r["logger"] == "django.request"]
    assert warning["message"] == "Not Found: -"
    assert warning["request_id"] == access[0]["request_id"] != "-"
    assert "ABCD-2345" not in "\n".join(lines)


def _record(**extra: object) -> logging.LogRecord:
    record = logging.makeLogRecord(
        {"name": "seat.sms", "levelno": logging.WARNING, "levelname": "WARNING"}
    )
    record.msg, record.args, record.created = "Sent %s of %s", (1, 2), 1767225600.5
    record.__dict__.update(extra)
    return record


def test_a_json_line_holds_only_its_listed_fields():
    # Django attaches the request to some records; its text names the path.
    line = JsonFormatter().format(_record(request="<WSGIRequest: GET '/join/SECRET/'>"))
    import json

    assert json.loads(line) == {
        "time": "2026-01-01T00:00:00.500+00:00",
        "level": "WARNING",
        "logger": "seat.sms",
        "message": "Sent 1 of 2",
        "request_id": "-",
    }


def test_a_json_line_carries_the_task_id_and_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = _record(task_id="0f0f", request_id="abc", exc_info=sys.exc_info())
    import json

    line = json.loads(JsonFormatter().format(record))
    assert (line["task_id"], line["request_id"]) == ("0f0f", "abc")
    assert line["exception"].endswith("ValueError: boom")


def test_a_text_line_names_the_request():
    line = TextFormatter().format(_record(request_id="abc"))
    assert line.endswith(" WARNING seat.sms [abc] Sent 1 of 2")


def test_production_writes_json_and_development_text():
    assert log_format(seat_env="production", chosen="") == "json"
    assert log_format(seat_env="production", chosen="text") == "text"
    assert log_format(seat_env="development", chosen="") == "text"
    assert log_format(seat_env="demo", chosen="") == "text"
    assert log_format(seat_env="development", chosen="json") == "json"
    with pytest.raises(ImproperlyConfigured, match="SEAT_LOG_FORMAT must be json or text"):
        log_format(seat_env="production", chosen="yaml")


@pytest.mark.django_db
def test_a_task_logs_with_its_id(client, django_capture_on_commit_callbacks):
    from django_tasks import task

    from seat.core import requestlog

    seen: list[str | None] = []

    class Result:
        id = "5e7a"

    requestlog.task_started(task_result=Result())
    seen.append(requestlog.task_id.get())
    requestlog.task_finished()
    seen.append(requestlog.task_id.get())
    assert seen == ["5e7a", None]
    assert task  # the signals are connected in CoreConfig.ready
    from django_tasks.signals import task_started

    assert any("seat.core.task_started" in str(r[0]) for r in task_started.receivers)
