"""When a service Seat needs cannot be reached: a clear page (503, try again in a minute) that
needs neither the database nor the cache, JSON for the API, and a line for the operator."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from seat.core.errors import outage, server_error
from seat.tests.personas import PASSWORD

# A Redis nobody listens on, given up on quickly.
UNREACHABLE_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}


@pytest.fixture
def redis_down(settings):
    # Django's setting_changed signal gives `caches` these (and the real ones back after).
    settings.CACHES = {"default": UNREACHABLE_REDIS, "axes": UNREACHABLE_REDIS}


@pytest.mark.django_db
def test_with_the_cache_down_logging_in_says_to_try_again_and_saves_nothing(
    client, world, redis_down, caplog
):
    client.raise_request_exception = False
    assert client.get("/accounts/login/").status_code == 200  # the form needs no cache
    with caplog.at_level(logging.ERROR):
        response = client.post(
            "/accounts/login/",
            {"username": world.expert.user.username, "password": PASSWORD},
            HTTP_ACCEPT_LANGUAGE="bn",
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert 'lang="bn"' in page and "data-quick-exit" in page
    assert "Seat cannot reach its records just now" not in page  # in her language
    assert "_auth_user_id" not in client.session
    assert "outage: the cache could not be reached" in caplog.text
    assert world.expert.user.username not in caplog.text


@pytest.mark.django_db
def test_with_the_cache_down_the_api_answers_503_in_json(client, redis_down):
    client.raise_request_exception = False
    response = client.get("/api/v1/languages")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "try again in a minute" in response.json()["detail"].lower()


@pytest.mark.django_db
def test_with_the_database_gone_mid_request_the_page_says_so(client, world, monkeypatch):
    client.force_login(world.expert.user)
    client.raise_request_exception = False

    def gone(self):  # type: ignore[no-untyped-def]
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", gone)
    response = client.get("/me/")
    assert response.status_code == 503
    assert "Seat cannot reach its records just now" in response.content.decode()


def test_only_an_unreachable_database_or_cache_is_an_outage(rf):
    from redis.exceptions import ConnectionError as RedisConnectionError

    assert outage(OperationalError("could not connect to server")) == "database"
    assert outage(RedisConnectionError("Error 111 connecting")) == "cache"
    assert outage(ValueError("a bug")) is None
    assert outage(None) is None
    try:
        raise ValueError("a bug in Seat")
    except ValueError:
        response = server_error(rf.get("/me/"))
    assert response.status_code == 500
