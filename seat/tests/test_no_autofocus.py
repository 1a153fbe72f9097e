"""No page a survivor can reach moves the focus by itself: Tab from the top must reach "Skip to
main content" and "Quick exit" first, with or without JavaScript. An autofocused box puts the
focus after them, so quick exit is then reachable only backwards (Shift+Tab)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SIGNED_OUT = ["/accounts/login/", "/join/", "/join/reset/", "/language/"]


def test_pages_before_signing_in_do_not_autofocus(client):
    for url in SIGNED_OUT:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "autofocus" not in response.content.decode(), url


def test_the_login_form_that_fails_does_not_autofocus(client):
    response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert "autofocus" not in response.content.decode()


def test_an_experts_pages_do_not_autofocus(client, world):
    client.force_login(world.expert.user)
    for url in ["/", "/me/", f"/me/invitations/{world.invitation.pk}/", "/me/consent/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "autofocus" not in response.content.decode(), url
