"""Rate limits: per person when signed in (token or session), per client address otherwise;
429 with Retry-After (the seconds left in the one-minute window) and a JSON detail."""

from __future__ import annotations

import pytest

from seat.api import limits
from seat.api.services import api_token_create

OFFICE = {"REMOTE_ADDR": "198.51.100.20"}


def bearer_of(user) -> dict[str, str]:
    _token, shown = api_token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {shown}", **OFFICE}


@pytest.fixture
def frozen(monkeypatch):
    """15 seconds into a minute: the window has 45 left."""
    monkeypatch.setattr(limits.time, "time", lambda: 60 * 29_000_000 + 15.2)


@pytest.mark.django_db
def test_two_people_behind_one_office_address_are_counted_apart(client, world, settings, frozen):
    settings.SEAT_API_REQUESTS_PER_MINUTE = 3
    staff, finance = bearer_of(world.staff_a), bearer_of(world.finance_a)
    assert [client.get("/api/v1/me", **staff).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    # Her colleague at the same address still has his whole allowance.
    assert [client.get("/api/v1/me", **finance).status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/me", **staff)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    assert refused.json() == {"detail": "Too many requests. Wait a minute and try again."}


@pytest.mark.django_db
def test_a_person_is_one_count_across_tokens_and_session(client, world, settings, frozen):
    settings.SEAT_API_REQUESTS_PER_MINUTE = 2
    client.force_login(world.staff_a)
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me", **bearer_of(world.staff_a)).status_code == 200
    assert client.get("/api/v1/me", **bearer_of(world.staff_a)).status_code == 429


@pytest.mark.django_db
def test_the_next_window_starts_afresh(client, world, settings, monkeypatch):
    settings.SEAT_API_REQUESTS_PER_MINUTE = 1
    headers = bearer_of(world.staff_a)
    monkeypatch.setattr(limits.time, "time", lambda: 600.0)
    assert client.get("/api/v1/me", **headers).status_code == 200
    refused = client.get("/api/v1/me", **headers)
    assert (refused.status_code, refused["Retry-After"]) == (429, "60")
    monkeypatch.setattr(limits.time, "time", lambda: 660.0)
    assert client.get("/api/v1/me", **headers).status_code == 200


@pytest.mark.django_db
def test_callers_without_login_are_counted_per_address(client, world, settings, frozen):
    settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE = 2
    url = "/api/v1/assessment/framework"
    assert [client.get(url, **OFFICE).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
    # A signed-in person at the same address is counted as herself.
    client.force_login(world.staff_a)
    assert client.get(url, **OFFICE).status_code == 200


@pytest.mark.django_db
def test_refused_logins_count_against_the_address_too(client, world, settings, frozen):
    settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE = 2
    guess = {"HTTP_AUTHORIZATION": "Bearer seat_" + "x" * 43, **OFFICE}
    statuses = [client.get("/api/v1/me", **guess).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    refused = client.get("/api/v1/me", **OFFICE)
    assert (refused.status_code, refused["Retry-After"]) == (429, "45")
    # Someone with a working token behind the same address is counted as herself.
    assert client.get("/api/v1/me", **bearer_of(world.staff_a)).status_code == 200


@pytest.mark.django_db
def test_every_operation_documents_429_with_retry_after(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = [op for methods in document["paths"].values() for op in methods.values()]
    assert len(operations) >= 6
    for operation in operations:
        assert operation["responses"]["429"]["headers"]["Retry-After"]["schema"] == {
            "type": "integer",
            "minimum": 1,
        }
