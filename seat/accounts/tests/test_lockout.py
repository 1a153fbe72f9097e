"""The lockout page names who can help and says how long the pause lasts, from data (item 15
of issue 7), without telling anyone whether the username exists."""

from __future__ import annotations

import datetime
import re

import pytest

from seat.accounts.models import User
from seat.tests.personas import PASSWORD


def lock_out(client, username: str) -> str:
    for _ in range(5):
        client.post("/accounts/login/", {"username": username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    return response.content.decode()


@pytest.mark.django_db
def test_the_lockout_page_names_the_sites_support_contact_and_the_real_wait(client, settings):
    settings.SEAT_SUPPORT_NAME = "Asha, our survivor-support worker"
    settings.SEAT_SUPPORT_PHONE = "+880 1711 000000"
    settings.SEAT_SUPPORT_HOURS = "Mon–Fri 9:00–17:00 Dhaka time"
    User.objects.create_user(username="someone", password=PASSWORD)
    body = lock_out(client, "someone")
    assert "logging in is paused for 15 minutes" in body
    assert "<p>Asha, our survivor-support worker</p>" in body
    assert '<a href="tel:+8801711000000">Call \u2066+880\u00a01711\u00a0000000\u2069</a>' in body
    assert "When to call: Mon–Fri 9:00–17:00 Dhaka time" in body
    assert "supporter" not in body


@pytest.mark.django_db
def test_the_wait_comes_from_the_throttles_own_setting(client, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=40)
    User.objects.create_user(username="someone", password=PASSWORD)
    assert "logging in is paused for 40 minutes" in lock_out(client, "someone")


@pytest.mark.django_db
def test_without_a_site_contact_the_page_says_so_and_where_to_turn(client, settings):
    settings.SEAT_SUPPORT_NAME = settings.SEAT_SUPPORT_PHONE = settings.SEAT_SUPPORT_HOURS = ""
    body = lock_out(client, "someone")
    assert "No support phone line has been set up." in body
    assert "Ask the person who gave you this account, or the organisation that invited you." in body


@pytest.mark.django_db
def test_the_page_is_the_same_whether_or_not_the_username_exists(client, settings):
    settings.SEAT_SUPPORT_NAME = "Asha"
    User.objects.create_user(username="someone", password=PASSWORD)
    pages = [lock_out(client, name) for name in ("someone", "nobody-by-this-name")]
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    first, second = (token.sub("", page) for page in pages)
    assert first == second
    assert "<p>Asha</p>" in first and "someone" not in first


@pytest.mark.django_db
def test_the_lockout_says_how_long_to_wait_in_retry_after_as_the_code_pages_do(client, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=40)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "someone", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 429
    assert response["Retry-After"] == str(40 * 60)
    assert response["Cache-Control"] == "no-store"
