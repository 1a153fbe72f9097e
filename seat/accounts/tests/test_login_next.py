"""No private page's path in an address: the login redirect keeps it in the session.

After a quick exit or a log out, Back reloads the private page, which redirects to the login
page; that address must not name the page (``?next=/me/input/<id>/``). The browser side is in
``seat/tests/browser/test_quick_exit_history.py``.
"""

from __future__ import annotations

import pytest

from seat.tests.personas import PASSWORD


@pytest.mark.django_db
def test_login_redirect_of_a_private_page_keeps_the_path_out_of_the_address(client, world):
    private = f"/me/input/{world.contribution.pk}/"
    response = client.get(private)
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    # Logging in still leads back to the page she asked for.
    response = client.post(
        "/accounts/login/", {"username": world.expert.user.username, "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, private)
    # ... once: the remembered page is forgotten after use.
    assert "seat_login_next" not in client.session


@pytest.mark.django_db
def test_an_old_login_address_with_a_path_is_cleaned(client, world):
    private = f"/me/input/{world.contribution.pk}/"
    response = client.get(f"/accounts/login/?next={private}")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    page = client.get("/accounts/login/")
    assert private.encode() not in page.content.split(b"<form")[0]
    response = client.post(
        "/accounts/login/", {"username": world.expert.user.username, "password": PASSWORD}
    )
    assert response["Location"] == private


@pytest.mark.django_db
def test_another_site_is_never_remembered(client, world):
    client.get("/accounts/login/?next=https://evil.example/")
    response = client.post(
        "/accounts/login/", {"username": world.expert.user.username, "password": PASSWORD}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_log_out_and_quick_exit_lead_to_no_private_path(client, world):
    client.force_login(world.expert.user)
    assert client.post("/accounts/logout/")["Location"] == "/"
    client.force_login(world.expert.user)
    assert client.get("/exit/")["Location"].startswith("https://")


@pytest.mark.django_db
def test_the_language_link_names_no_page(client, world):
    private = f"/me/input/{world.contribution.pk}/"
    client.force_login(world.expert.user)
    page = client.get(private).content.decode()
    assert 'href="/language/"' in page
    assert "/language/?next" not in page
    # The language page returns to the page that linked to it, found in the referrer.
    language = client.get("/language/", headers={"Referer": f"http://testserver{private}"})
    assert f'name="next" value="{private}"' in language.content.decode()
    other_site = client.get("/language/", headers={"Referer": f"https://evil.example{private}"})
    assert 'name="next" value="/"' in other_site.content.decode()
