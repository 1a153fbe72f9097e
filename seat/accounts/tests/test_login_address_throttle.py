"""One wrong password for each of many usernames from one address is held up (seat.core.throttle):
django-axes locks one username from one address, this counts an address's failures across
usernames. Past the limit every login from that address answers 429 with Retry-After, the same
page whatever the username, and no password is checked, on Seat's login page or the admin's."""

from __future__ import annotations

import re

import pytest

from seat.accounts.models import User
from seat.core.throttle import WINDOW_SECONDS
from seat.tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 30
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def log_in(client, username: str, password: str = "wrong", address: str = "203.0.113.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def spray(client, count: int, address: str = "203.0.113.7") -> list[int]:
    return [log_in(client, f"guess-{n}", address=address).status_code for n in range(count)]


def test_one_wrong_password_for_each_of_many_usernames_is_held_up(client, settings):
    assert settings.SEAT_LOGIN_ADDRESS_FAILURE_LIMIT == LIMIT
    assert spray(client, 40) == [200] * LIMIT + [429] * 10
    response = log_in(client, "guess-40")
    assert response["Retry-After"] == str(WINDOW_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert (
        "Too many logins that did not work came from this connection. To protect the accounts "
        "on it, logging in from here is paused for 15 minutes. Then try again."
    ) in response.content.decode()


def test_the_right_password_is_not_checked_and_the_page_tells_nothing_of_the_username(
    client, settings
):
    settings.SEAT_SUPPORT_NAME = "Asha"
    User.objects.create_user(username="someone", password=PASSWORD)
    spray(client, LIMIT)
    known = log_in(client, "someone", PASSWORD)
    unknown = log_in(client, "nobody-by-this-name", PASSWORD)
    assert (known.status_code, unknown.status_code) == (429, 429)
    assert "_auth_user_id" not in client.session
    first, second = (CSRF.sub("", r.content.decode()) for r in (known, unknown))
    assert first == second
    assert "someone" not in first and "<p>Asha</p>" in first


def test_another_address_and_a_later_window_are_not_held_up(client, settings):
    User.objects.create_user(username="someone", password=PASSWORD)
    spray(client, LIMIT)
    assert log_in(client, "someone", PASSWORD, address="198.51.100.9").status_code == 302


def test_an_office_below_the_limit_logs_in_as_usual(client):
    """Several colleagues behind one address each mistyping a few times are not held up."""
    User.objects.create_user(username="someone", password=PASSWORD)
    for person in range(7):
        for _ in range(4):
            log_in(client, f"colleague-{person}")
    assert log_in(client, "someone", PASSWORD).status_code == 302


def test_the_limit_comes_from_the_setting(client, settings):
    settings.SEAT_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    assert spray(client, 4) == [200, 200, 200, 429]


def test_the_admin_login_counts_and_is_held_up_too(client):
    User.objects.create_superuser(username="root", password=PASSWORD)
    for n in range(LIMIT):
        client.post(
            "/admin/login/", {"username": f"guess-{n}", "password": "x"}, REMOTE_ADDR="203.0.113.7"
        )
    assert log_in(client, "guess-x").status_code == 429
    client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert "_auth_user_id" not in client.session
