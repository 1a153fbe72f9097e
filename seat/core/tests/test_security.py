"""The safety baseline: headers, quick exit, hashing, throttling, sessions, second factor."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from seat.accounts.models import User
from seat.tests.personas import PASSWORD, verify_second_factor


@pytest.mark.django_db
def test_security_headers_on_every_response(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_quick_exit_on_public_and_error_pages(client):
    for url in ["/", "/accounts/login/", "/language/", "/no-such-page/"]:
        body = client.get(url).content.decode()
        assert "data-quick-exit" in body, url
        assert 'href="/exit/"' in body, url


@pytest.mark.django_db
def test_templates_carry_no_inline_script_or_style(client, world):
    client.force_login(world.expert.user)
    for url in ["/", f"/me/invitations/{world.invitation.pk}/", "/me/consent/"]:
        body = client.get(url).content.decode()
        assert "<script>" not in body and "<style" not in body and " style=" not in body
        assert " onclick=" not in body


def test_production_hashes_passwords_with_argon2():
    from seat import settings as seat_settings

    assert seat_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=seat_settings.PASSWORD_HASHERS):
        assert make_password("x").startswith("argon2$")


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures(client):
    User.objects.create_user(username="someone", password=PASSWORD)
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "someone", "password": "wrong"})
    # The sixth try is refused even with the right password.
    response = client.post("/accounts/login/", {"username": "someone", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_works_and_wrong_password_gets_a_clear_message(client):
    User.objects.create_user(username="someone", password=PASSWORD)
    response = client.post("/accounts/login/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "someone", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_session_cookie_is_secure_httponly_samesite_and_idle_limited(client, settings):
    User.objects.create_user(username="someone", password=PASSWORD)
    response = client.post("/accounts/login/", {"username": "someone", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True  # outside demo mode
    assert settings.SESSION_COOKIE_AGE == 30 * 60


@pytest.mark.django_db
def test_admin_must_enrol_a_second_factor(client, world):
    client.force_login(world.admin_a)
    response = client.get("/projects/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/setup/"
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()


@pytest.mark.django_db
def test_enrolling_with_a_valid_code_unlocks_the_admin(client, world):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(world.admin_a)
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=world.admin_a, confirmed=False)
    bad = client.post(
        "/accounts/two-factor/setup/",
        {"token": "000000" if totp(device.bin_key) != 0 else "111111"},
    )
    assert "did not match" in bad.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down retries after a wrong code
    good = client.post("/accounts/two-factor/setup/", {"token": f"{totp(device.bin_key):06d}"})
    assert good.status_code == 302
    assert TOTPDevice.objects.filter(user=world.admin_a, confirmed=True).count() == 1
    assert client.get("/projects/").status_code == 200


@pytest.mark.django_db
def test_staff_with_a_device_must_verify_it_after_login(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.staff_a, name="phone", confirmed=True)
    client.force_login(world.staff_a)
    assert client.get("/projects/")["Location"] == "/accounts/two-factor/"


@pytest.mark.django_db
def test_demo_mode_does_not_force_second_factor(client, world, settings):
    settings.SEAT_REQUIRE_ADMIN_2FA = False
    client.force_login(world.admin_a)
    assert client.get("/projects/").status_code == 200


@pytest.mark.django_db
def test_experts_are_not_offered_a_second_factor(client, world):
    client.force_login(world.expert.user)
    assert client.get("/accounts/two-factor/setup/").status_code == 403


@pytest.mark.django_db
def test_verified_admin_reaches_pages(client, world):
    verify_second_factor(client, world.admin_a)
    assert client.get("/projects/").status_code == 200


@pytest.mark.django_db
def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_pages_behind_login_are_not_cached(client, world):
    client.force_login(world.expert.user)
    assert "no-store" in client.get("/").headers["Cache-Control"]


@pytest.mark.django_db
def test_no_template_comment_leaks_into_pages(client):
    body = client.get("/accounts/login/").content.decode()
    assert "{#" not in body and "{%" not in body


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_login_throttle_cache_table(settings):
    """Without Redis, login throttling needs its table the moment `seat migrate` has run."""
    import importlib

    from django.db import connection

    settings.CACHES = {
        **settings.CACHES,
        "axes": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "seat_throttle_probe",
        },
    }
    migration = importlib.import_module("seat.core.migrations.0002_cache_table")
    with connection.schema_editor() as editor:
        migration.create_cache_table(None, editor)
    assert "seat_throttle_probe" in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE seat_throttle_probe")


@pytest.mark.django_db
def test_quick_exit_ends_the_session_and_leaves(client, world):
    client.force_login(world.expert.user)
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://www.google.com/"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "_auth_user_id" not in client.session
    assert client.get("/me/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_stale_form_gets_a_clear_page_with_the_quick_exit():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "This page was out of date" in body and "data-quick-exit" in body


def test_the_server_error_page_keeps_the_quick_exit(rf):
    from seat.core.errors import server_error

    body = server_error(rf.get("/")).content.decode()
    assert 'href="/exit/"' in body and "seat.js" in body


@pytest.mark.django_db
def test_keepalive_renews_a_signed_in_session_only(client, world):
    assert client.post("/accounts/keepalive/").status_code == 401
    client.force_login(world.expert.user)
    assert client.get("/accounts/keepalive/").status_code == 405
    response = client.post("/accounts/keepalive/")
    assert response.status_code == 204
    assert "sessionid" in response.cookies  # saved again: the idle clock starts over


@pytest.mark.django_db
def test_an_oversized_api_request_gets_a_json_413(client):
    response = client.post(
        "/api/v1/language/check", "x" * (2 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large."}


@pytest.mark.django_db
def test_the_account_security_page_leads_members_to_the_second_step(client, world):
    assert client.get("/accounts/security/")["Location"].startswith("/accounts/login/")
    client.force_login(world.expert.user)
    assert client.get("/accounts/security/").status_code == 403
    assert 'href="/accounts/security/"' not in client.get("/me/").content.decode()

    client.force_login(world.staff_a)
    body = client.get("/projects/").content.decode()
    assert 'href="/accounts/security/"' in body
    body = client.get("/accounts/security/").content.decode()
    assert "Off." in body and 'href="/accounts/two-factor/setup/"' in body


@pytest.mark.django_db
def test_the_account_security_page_waits_for_the_second_step(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.staff_a, name="phone", confirmed=True)
    client.force_login(world.staff_a)
    response = client.get("/accounts/security/")
    assert response["Location"] == "/accounts/two-factor/?next=/accounts/security/"
    verify_second_factor(client, world.staff_a)
    body = client.get("/accounts/security/").content.decode()
    assert "On." in body and "two-factor/setup" not in body
