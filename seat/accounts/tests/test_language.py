"""Her language follows her account: chosen on one device, it is there on the next after login."""

from __future__ import annotations

import pytest
from django.test import Client

from seat.tests.personas import PASSWORD


def log_in(client: Client, username: str) -> None:
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def lang_of(client: Client, url: str = "/") -> str:
    return client.get(url).headers["Content-Language"]


@pytest.mark.django_db
def test_the_language_chosen_on_one_device_is_used_on_the_next(world):
    phone = Client()
    phone.force_login(world.expert.user)
    phone.post("/i18n/setlang/", {"language": "bn", "next": "/"})
    world.expert.user.refresh_from_db()
    assert world.expert.user.language == "bn"

    # A shared computer at the centre, which last showed English.
    computer = Client()
    computer.cookies["django_language"] = "en"
    assert lang_of(computer) == "en"
    response = computer.post(
        "/accounts/login/", {"username": world.expert.user.username, "password": PASSWORD}
    )
    assert response.cookies["django_language"].value == "bn"
    assert lang_of(computer) == "bn"
    assert 'lang="bn"' in computer.get("/me/").content.decode()


@pytest.mark.django_db
def test_a_session_already_open_elsewhere_follows_a_new_choice(world):
    phone, computer = Client(), Client()
    phone.force_login(world.expert.user)
    computer.force_login(world.expert.user)
    phone.post("/i18n/setlang/", {"language": "es", "next": "/"})
    # The middleware applies the account's choice on the next page, and sets the cookie.
    response = computer.get("/me/")
    assert response.headers["Content-Language"] == "es"
    assert response.cookies["django_language"].value == "es"


@pytest.mark.django_db
def test_a_choice_made_before_logging_in_is_saved_at_login(client, world):
    client.post("/i18n/setlang/", {"language": "bn", "next": "/accounts/login/"})
    log_in(client, world.expert.user.username)
    world.expert.user.refresh_from_db()
    assert world.expert.user.language == "bn"
    assert lang_of(client, "/me/") == "bn"


@pytest.mark.django_db
def test_no_choice_saved_leaves_the_browser_to_decide(client, world):
    log_in(client, world.expert.user.username)
    world.expert.user.refresh_from_db()
    assert world.expert.user.language == ""
    assert client.get("/me/", headers={"Accept-Language": "es"}).headers["Content-Language"] == "es"


@pytest.mark.django_db
def test_an_unknown_language_is_not_saved(client, world):
    client.force_login(world.expert.user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    world.expert.user.refresh_from_db()
    assert world.expert.user.language == ""
