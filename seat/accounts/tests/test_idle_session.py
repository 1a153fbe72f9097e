"""The idle logout, with the session row written at most once a minute.

Tolerance: the logout comes between SESSION_COOKIE_AGE - 60 s and SESSION_COOKIE_AGE after the
last page view (29 to 30 minutes by default), never later.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seat.tests.personas import PASSWORD

AGE = 30 * 60


class Clock:
    def __init__(self) -> None:
        self.now = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    # Django's session store and Seat's middleware both read the time through timezone.now.
    fake = Clock()
    monkeypatch.setattr(timezone, "now", fake)
    return fake


@pytest.fixture
def signed_in(client, world, clock):
    response = client.post("/accounts/login/", {"username": "expert", "password": PASSWORD})
    assert response.status_code == 302
    return client


def expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


@pytest.mark.django_db
def test_a_page_view_within_the_minute_does_not_write_the_session(signed_in, clock):
    signed_in_at = clock.now
    assert expiry(signed_in) == signed_in_at + datetime.timedelta(seconds=AGE)

    clock.advance(59)
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get("/me/")
    assert response.status_code == 200
    assert session_writes(queries) == []
    assert "sessionid" not in response.cookies
    assert expiry(signed_in) == signed_in_at + datetime.timedelta(seconds=AGE)

    clock.advance(1)
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get("/me/")
    assert len(session_writes(queries)) == 1
    assert expiry(signed_in) == clock.now + datetime.timedelta(seconds=AGE)


@pytest.mark.django_db
def test_idle_logout_comes_within_a_minute_before_the_timeout_never_after(signed_in, clock):
    clock.advance(59)
    assert signed_in.get("/me/").status_code == 200  # not written: the clock still runs from login

    # 29 minutes after that last page view: still signed in, and this view writes.
    clock.advance(AGE - 60)
    assert signed_in.get("/me/").status_code == 200

    clock.advance(AGE - 1)
    assert signed_in.get("/me/").status_code == 200

    # Exactly the timeout after the last page view: signed out.
    clock.advance(AGE)
    response = signed_in.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_keepalive_always_restarts_the_idle_clock(signed_in, clock):
    clock.advance(10)
    assert signed_in.post("/accounts/keepalive/").status_code == 204
    assert expiry(signed_in) == clock.now + datetime.timedelta(seconds=AGE)


@pytest.mark.django_db
def test_quick_exit_leaves_no_session_row(signed_in, clock):
    clock.advance(120)
    signed_in.get("/exit/")
    assert Session.objects.count() == 0
