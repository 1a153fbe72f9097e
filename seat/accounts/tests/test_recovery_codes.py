"""Recovery codes pass the second step once each; they never count as being enrolled."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.enums import Role
from seat.accounts.models import User
from seat.accounts.recovery import recovery_code_digest, recovery_code_use, recovery_codes_make
from seat.core.models import AuditEvent
from seat.tests.personas import PASSWORD, make_member, make_org, verify_second_factor


@pytest.fixture
def staff(db: None) -> User:
    return make_member("staff-a", make_org("Org"), Role.STAFF)


def _password_only(username: str = "staff-a") -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _made(client: Client) -> list[str]:
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    codes: list[str] = response.context["codes"]
    for code in codes:
        assert code in response.content.decode()
    return codes


def test_ten_codes_are_shown_once_and_stored_only_as_digests(client, staff):
    verify_second_factor(client, staff)
    codes = _made(client)

    assert len(codes) == len(set(codes)) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == {recovery_code_digest(code) for code in codes}
    assert not stored & set(codes)
    page = client.get("/accounts/two-factor/recovery-codes/")
    assert page["Cache-Control"] == "no-store"
    assert not any(code in page.content.decode() for code in codes)
    assert "You have 10 unused codes." in page.content.decode()
    event = AuditEvent.objects.get(verb="recovery_codes.make")
    assert event.detail == {"count": 10}
    assert not any(code in str(e.detail) for e in AuditEvent.objects.all() for code in codes)


def test_new_codes_replace_the_old(client, staff):
    verify_second_factor(client, staff)
    old = _made(client)
    new = _made(client)
    assert StaticDevice.objects.filter(user=staff).count() == 1
    assert recovery_code_use(user=staff, typed=old[0]) is None
    # django-otp slows the device after a failure; a later good code still works.
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert recovery_code_use(user=staff, typed=new[0]) is not None


def test_a_code_passes_the_second_step_once(client, staff):
    verify_second_factor(client, staff)
    codes = _made(client)

    someone = _password_only()
    assert someone.get("/projects/")["Location"] == "/accounts/two-factor/"
    # Typed as read out: lower case, without the dash.
    typed = codes[3].lower().replace("-", " ")
    response = someone.post("/accounts/two-factor/", {"recovery_code": typed, "next": "/projects/"})
    assert response.status_code == 302
    assert response["Location"] == "/projects/"
    assert someone.get("/projects/").status_code == 200
    assert StaticToken.objects.count() == 9
    assert AuditEvent.objects.get(verb="recovery_code.use").detail == {"left": 9}

    again = _password_only()
    response = again.post("/accounts/two-factor/", {"recovery_code": codes[3]})
    assert response.status_code == 200
    assert "That recovery code did not work." in response.content.decode()
    assert again.get("/projects/")["Location"] == "/accounts/two-factor/"


def test_a_wrong_code_does_not_pass(staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    recovery_codes_make(user=staff)
    someone = _password_only()
    for typed in ("ABCDE-FGHJK", "123456", "", "x" * 19):
        response = someone.post("/accounts/two-factor/", {"recovery_code": typed})
        assert response.status_code == 200
    assert someone.get("/projects/")["Location"] == "/accounts/two-factor/"
    assert StaticToken.objects.count() == 10


def test_recovery_codes_alone_are_not_being_enrolled(staff, settings):
    # The authenticator was removed (say, by the operator): codes left over do not count.
    settings.SEAT_REQUIRE_ADMIN_2FA = True
    admin = make_member("admin-a", make_org("Other"), Role.ADMIN)
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    codes = recovery_codes_make(user=admin)
    TOTPDevice.objects.filter(user=admin).delete()

    client = _password_only("admin-a")
    # Still sent to set up an authenticator, not asked for a code.
    assert client.get("/projects/")["Location"] == "/accounts/two-factor/setup/"
    response = client.post("/accounts/two-factor/", {"recovery_code": codes[0]})
    assert response.status_code == 200
    assert client.get("/projects/")["Location"] == "/accounts/two-factor/setup/"


def test_codes_need_an_authenticator_and_a_verified_session(client, staff):
    assert _password_only().get("/accounts/two-factor/recovery-codes/")["Location"] == (
        "/accounts/two-factor/setup/"
    )
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    password_only = _password_only()
    response = password_only.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    assert not StaticDevice.objects.exists()


def test_experts_are_not_offered_codes(client, db):
    from seat.tests.personas import make_expert

    expert = make_expert("tara", "Tara")
    client.force_login(expert.user)
    assert client.get("/accounts/two-factor/recovery-codes/").status_code == 403
    assert client.post("/accounts/two-factor/recovery-codes/").status_code == 403
    assert not StaticDevice.objects.exists()


def test_the_security_page_counts_the_codes_left(client, staff):
    verify_second_factor(client, staff)
    assert "unused code" not in client.get("/accounts/security/").content.decode()
    _made(client)
    assert "You have 10 unused codes." in client.get("/accounts/security/").content.decode()
