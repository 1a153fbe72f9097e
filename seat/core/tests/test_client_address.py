"""Login throttling and rate limits count the real client behind trusted proxies only."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from seat.accounts.models import User
from seat.core.http import client_address
from seat.tests.personas import PASSWORD

PROXY = "10.0.0.2"


def _address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_socket_address_is_the_client(settings):
    settings.SEAT_TRUSTED_PROXIES = []
    assert _address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_the_forwarded_chain_is_walked_from_the_right_through_trusted_hops_only(settings):
    settings.SEAT_TRUSTED_PROXIES = [PROXY, "fd00::/8", "172.16.0.0/12"]
    assert _address(PROXY, "198.51.100.7") == "198.51.100.7"
    # What the client wrote itself (left of the proxy's own entry) is never believed.
    assert _address(PROXY, "1.1.1.1, 198.51.100.7") == "198.51.100.7"
    # Two trusted proxies in a row, one of them by network and IPv6.
    assert _address("fd00::5", "1.1.1.1, 198.51.100.7, 172.16.4.4") == "198.51.100.7"
    assert _address(PROXY, "2001:db8::7") == "2001:db8::7"
    assert _address(PROXY, "198.51.100.7:4711") == "198.51.100.7"
    assert _address(PROXY, "[2001:db8::7]:443") == "2001:db8::7"
    # Garbage stops the walk at the last hop that is known.
    assert _address(PROXY, "not-an-address") == PROXY
    assert _address(PROXY, "") == PROXY


def test_an_untrusted_peer_cannot_spoof_the_header(settings):
    settings.SEAT_TRUSTED_PROXIES = [PROXY]
    assert _address("203.0.113.9", "198.51.100.7") == "203.0.113.9"
    assert _address("203.0.113.9", f"198.51.100.7, {PROXY}") == "203.0.113.9"


def test_a_proxy_count_is_refused_with_a_clear_message(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from seat.core.env import env_networks

    monkeypatch.setenv("SEAT_TRUSTED_PROXIES", "1")
    with pytest.raises(ImproperlyConfigured, match="for example 127.0.0.1 or 10.0.0.0/8"):
        env_networks("SEAT_TRUSTED_PROXIES")
    monkeypatch.setenv("SEAT_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ")
    assert env_networks("SEAT_TRUSTED_PROXIES") == ["127.0.0.1", "10.0.0.0/8"]


def _login(client, password: str, remote: str, forwarded: str):
    return client.post(
        "/accounts/login/",
        {"username": "someone", "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another(client, settings):
    settings.SEAT_TRUSTED_PROXIES = [PROXY]
    User.objects.create_user(username="someone", password=PASSWORD)
    for _ in range(5):
        _login(client, "wrong", PROXY, "198.51.100.66")
    # The attacker's address is locked...
    assert _login(client, PASSWORD, PROXY, "198.51.100.66").status_code == 429
    # ...the owner, arriving through the same proxy from elsewhere, still logs in.
    response = _login(client, PASSWORD, PROXY, "203.0.113.20")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_untrusted_peer_cannot_escape_the_lockout_by_forging_the_header(client, settings):
    settings.SEAT_TRUSTED_PROXIES = [PROXY]
    User.objects.create_user(username="someone", password=PASSWORD)
    for i in range(5):
        _login(client, "wrong", "203.0.113.9", f"198.51.100.{i}")
    assert _login(client, PASSWORD, "203.0.113.9", "198.51.100.99").status_code == 429
