"""Adding an authenticator needs the current one, and the owner always hears of it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.models import SecurityNotice
from seat.accounts.services import totp_device_confirm, totp_device_start
from seat.tests.personas import PASSWORD, verify_second_factor


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.mark.django_db
def test_the_password_alone_cannot_enrol_a_second_device(client, world):
    owner_device = TOTPDevice.objects.create(user=world.staff_a, name="phone", confirmed=True)
    # The attacker knows the password only: the session is not verified.
    response = client.post("/accounts/login/", {"username": "staff-a", "password": PASSWORD})
    assert response.status_code == 302

    setup = client.get("/accounts/two-factor/setup/")
    assert setup.status_code == 302
    assert setup["Location"] == "/accounts/two-factor/?next=/accounts/two-factor/setup/"
    assert not TOTPDevice.objects.filter(user=world.staff_a, confirmed=False).exists()

    # Even with a device of their own made some other way, sending its code changes nothing.
    attacker_device = TOTPDevice.objects.create(user=world.staff_a, name="x", confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"token": _code(attacker_device)})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    assert list(TOTPDevice.objects.filter(user=world.staff_a, confirmed=True)) == [owner_device]
    assert client.get("/projects/")["Location"] == "/accounts/two-factor/"


@pytest.mark.django_db
def test_the_service_refuses_too_without_a_verified_session(world):
    TOTPDevice.objects.create(user=world.staff_a, name="phone", confirmed=True)
    device = totp_device_start(user=world.staff_a)
    with pytest.raises(PermissionDenied):
        totp_device_confirm(
            user=world.staff_a, device=device, token=_code(device), session_verified=False
        )
    device.refresh_from_db()
    assert device.confirmed is False


@pytest.mark.django_db
def test_a_verified_owner_may_add_a_device_and_is_told(client, world):
    verify_second_factor(client, world.staff_a)
    assert client.get("/accounts/two-factor/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=world.staff_a, confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"token": _code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=world.staff_a, confirmed=True).count() == 2

    notice = SecurityNotice.objects.get(user=world.staff_a)
    assert notice.kind == "device_added"
    page = client.get("/projects/").content.decode()
    assert "an authenticator app was added to your account" in page
    # Nobody else sees it.
    client.force_login(world.admin_a)
    assert "authenticator app was added" not in client.get("/accounts/two-factor/").content.decode()


@pytest.mark.django_db
def test_the_owner_sees_a_device_added_by_someone_else_until_dismissed(client, world):
    # First enrolment (no device yet): allowed, but the owner still hears of it.
    client.force_login(world.staff_a)
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=world.staff_a, confirmed=False)
    client.post("/accounts/two-factor/setup/", {"token": _code(device)})

    from django.test import Client

    owner = Client()
    verify_second_factor(owner, world.staff_a)
    body = owner.get("/projects/").content.decode()
    assert "tell your organisation's administrator now" in body
    notice = SecurityNotice.objects.get(user=world.staff_a)

    # An unverified session (the password alone) cannot hide it from the owner.
    stranger = Client()
    stranger.force_login(world.staff_a)
    dismiss = f"/accounts/notices/{notice.pk}/dismiss/"
    assert stranger.post(dismiss)["Location"] == "/accounts/two-factor/"
    # Another person cannot dismiss it at all.
    other = Client()
    other.force_login(world.expert.user)
    assert other.post(dismiss).status_code == 404
    notice.refresh_from_db()
    assert notice.dismissed_at is None

    response = owner.post(dismiss, {"next": "/projects/"})
    assert response["Location"] == "/projects/"
    notice.refresh_from_db()
    assert notice.dismissed_at is not None
    assert "authenticator app was added" not in owner.get("/projects/").content.decode()
