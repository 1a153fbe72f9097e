"""A person sees where they are signed in and ends any session; a new password ends the others."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.enums import Role
from seat.accounts.models import User, UserSession
from seat.accounts.sessions import (
    SEEN_EVERY_SECONDS,
    device_describe,
    session_key_digest,
    user_sessions_purge,
)
from seat.core.models import AuditEvent
from seat.tests.personas import PASSWORD, make_expert, make_member, make_org

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


def _login(username: str, user_agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def expert_user(db: None) -> User:
    return make_expert("tara", "Tara").user  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (FIREFOX_ANDROID, ("Firefox", "Android")),
        (CHROME_WINDOWS, ("Chrome", "Windows")),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            ("Safari", "iPhone"),
        ),
        (CHROME_WINDOWS + " Edg/126.0.0.0", ("Edge", "Windows")),
        ("curl/8.0", ("", "")),
        ("", ("", "")),
    ],
)
def test_the_device_is_described_coarsely(user_agent, expected):
    assert device_describe(user_agent) == expected


@pytest.mark.django_db
def test_a_login_is_listed_with_its_device_and_nothing_more(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    _login("tara", CHROME_WINDOWS)

    rows = UserSession.objects.filter(user=expert_user)
    assert sorted((r.browser, r.system) for r in rows) == [
        ("Chrome", "Windows"),
        ("Firefox", "Android"),
    ]
    key = phone.session.session_key
    row = rows.get(browser="Firefox")
    # Only a keyed digest in the clear; the key itself is encrypted at rest.
    assert row.key_digest == session_key_digest(key)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key FROM accounts_usersession WHERE key_digest = %s", [row.key_digest]
        )
        (stored,) = cursor.fetchone()
    assert key not in stored and row.key == key

    page = phone.get("/accounts/sessions/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Firefox on Android" in body
    assert "Chrome on Windows" in body
    assert body.count("This device") == 1
    # Only the other session has its own end button.
    assert body.count("/end/") == 1


@pytest.mark.django_db
def test_ending_a_session_signs_it_out_at_its_next_request(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    laptop = _login("tara", CHROME_WINDOWS)
    assert laptop.get("/me/").status_code == 200
    laptop_row = UserSession.objects.get(browser="Chrome")

    response = phone.post(f"/accounts/sessions/{laptop_row.pk}/end/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sessions/"
    assert not UserSession.objects.filter(pk=laptop_row.pk).exists()
    assert laptop.get("/me/")["Location"].startswith("/accounts/login/")
    assert phone.get("/me/").status_code == 200
    assert list(AuditEvent.objects.filter(verb="session.end").values_list("actor", flat=True)) == [
        expert_user.pk
    ]


@pytest.mark.django_db
def test_ending_all_others_keeps_this_one(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    others = [_login("tara", CHROME_WINDOWS) for _ in range(2)]

    response = phone.post("/accounts/sessions/end-others/")

    assert response.status_code == 302
    assert [(r.browser, r.system) for r in UserSession.objects.all()] == [("Firefox", "Android")]
    for other in others:
        assert other.get("/me/")["Location"].startswith("/accounts/login/")
    assert phone.get("/me/").status_code == 200
    event = AuditEvent.objects.get(verb="session.end_others")
    assert event.detail == {"count": 2}


@pytest.mark.django_db
def test_nobody_ends_another_persons_session(expert_user):
    make_expert("rosa", "Rosa")
    hers = _login("tara", FIREFOX_ANDROID)
    other = _login("rosa", CHROME_WINDOWS)
    her_row = UserSession.objects.get(user=expert_user)

    assert other.post(f"/accounts/sessions/{her_row.pk}/end/").status_code == 404
    assert other.get("/accounts/sessions/").content.decode().count("Firefox") == 0
    other.post("/accounts/sessions/end-others/")

    assert UserSession.objects.filter(pk=her_row.pk).exists()
    assert hers.get("/me/").status_code == 200


@pytest.mark.django_db
def test_ending_is_post_only(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    row = UserSession.objects.get()
    assert phone.get(f"/accounts/sessions/{row.pk}/end/").status_code == 405
    assert phone.get("/accounts/sessions/end-others/").status_code == 405
    assert UserSession.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_ending_needs_the_csrf_token(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    laptop = _login("tara", CHROME_WINDOWS)
    row = UserSession.objects.get(browser="Chrome")
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = phone.cookies
    assert strict.post(f"/accounts/sessions/{row.pk}/end/").status_code == 403
    assert laptop.get("/me/").status_code == 200


@pytest.mark.django_db
def test_logging_out_removes_the_row(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    assert UserSession.objects.count() == 1
    phone.post("/accounts/logout/")
    assert UserSession.objects.count() == 0


@pytest.mark.django_db
def test_last_seen_is_written_every_few_minutes_not_every_request(expert_user, monkeypatch):
    phone = _login("tara", FIREFOX_ANDROID)
    row = UserSession.objects.get()
    started = row.last_seen_at
    phone.get("/me/")
    row.refresh_from_db()
    assert row.last_seen_at == started

    later = timezone.now() + datetime.timedelta(seconds=SEEN_EVERY_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    phone.get("/me/")
    row.refresh_from_db()
    assert row.last_seen_at == later


@pytest.mark.django_db
def test_rows_of_sessions_past_the_idle_logout_are_hidden_and_purged(expert_user, settings):
    phone = _login("tara", FIREFOX_ANDROID)
    _login("tara", CHROME_WINDOWS)
    stale = timezone.now() - datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE + SEEN_EVERY_SECONDS + 1
    )
    UserSession.objects.filter(browser="Chrome").update(last_seen_at=stale)

    assert "Chrome" not in phone.get("/accounts/sessions/").content.decode()
    assert user_sessions_purge() == 1
    assert [r.browser for r in UserSession.objects.all()] == ["Firefox"]


@pytest.mark.django_db
def test_the_page_waits_for_the_second_step(db):
    org = make_org("Org")
    make_member("staff-a", org, Role.STAFF)
    staff = User.objects.get(username="staff-a")
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client = _login("staff-a", FIREFOX_ANDROID)
    for response in (
        client.get("/accounts/sessions/"),
        client.post("/accounts/sessions/end-others/"),
        client.get("/accounts/password/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/two-factor/?next=")


# Changing the password ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_password_keeps_this_session_and_ends_the_others(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    laptop = _login("tara", CHROME_WINDOWS)
    old_key = phone.session.session_key

    response = phone.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "password1": "a quite new pass phrase",
            "password2": "a quite new pass phrase",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sessions/"
    expert_user.refresh_from_db()
    assert expert_user.check_password("a quite new pass phrase")
    # This session goes on, under a new key, and its row follows it.
    assert phone.get("/me/").status_code == 200
    new_key = phone.session.session_key
    assert new_key != old_key
    assert [r.key_digest for r in UserSession.objects.all()] == [session_key_digest(new_key)]
    # The other is gone from the store, and signed out.
    assert Session.objects.count() == 1
    assert laptop.get("/me/")["Location"].startswith("/accounts/login/")
    event = AuditEvent.objects.get(verb="password.change")
    assert (event.actor_id, event.detail) == (
        expert_user.pk,
        {"sessions_ended": 1, "api_tokens_revoked": 0},
    )
    assert "quite new" not in str(event.detail)


@pytest.mark.django_db
def test_a_wrong_current_password_changes_nothing(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    laptop = _login("tara", CHROME_WINDOWS)
    response = phone.post(
        "/accounts/password/",
        {
            "old_password": "not it",
            "password1": "a quite new pass phrase",
            "password2": "a quite new pass phrase",
        },
    )
    assert response.status_code == 200
    assert "old_password_error" in response.content.decode()
    expert_user.refresh_from_db()
    assert expert_user.check_password(PASSWORD)
    assert laptop.get("/me/").status_code == 200
    assert UserSession.objects.count() == 2
    assert not AuditEvent.objects.filter(verb="password.change").exists()


@pytest.mark.django_db
def test_guessing_the_current_password_is_held_up(expert_user):
    phone = _login("tara", FIREFOX_ANDROID)
    wrong = {"old_password": "nope", "password1": "x y z w q", "password2": "x y z w q"}
    statuses = [phone.post("/accounts/password/", wrong).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]


@pytest.mark.django_db
def test_a_new_password_ends_her_api_tokens_too(expert_user):
    """A token made by whoever got in for a moment must not outlive the password."""
    from seat.api.services import api_token_create

    _token, shown = api_token_create(actor=expert_user, name="phone app")
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {shown}")
    assert bearer.get("/api/v1/me").status_code == 200
    phone = _login("tara", FIREFOX_ANDROID)
    new = "a quite new pass phrase"
    phone.post(
        "/accounts/password/", {"old_password": PASSWORD, "password1": new, "password2": new}
    )
    assert bearer.get("/api/v1/me").status_code == 401
    assert AuditEvent.objects.get(verb="password.change").detail["api_tokens_revoked"] == 1
