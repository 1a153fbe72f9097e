"""Production's responses get an A+ from Mozilla's HTTP Observatory rules (seat/tests/observatory.py).

The settings are production's own: seat/settings.py is read a second time with SEAT_ENV=production
(as a deployment's environment sets it), and every setting that shapes headers and cookies is
taken from it. The pages are the kinds a scan or a person meets: the home page, the login page
and the session cookie it sets, a survivor's page, an API answer, a static file, security.txt
and a page that does not exist.
"""

from __future__ import annotations

import base64
import importlib.util
import os
import secrets
from types import ModuleType

import pytest
from django.test import Client

from seat.tests import observatory
from seat.tests.personas import PASSWORD

HOST = "seat.example.org"
# Everything of production's settings that decides a response's headers and cookies.
_HEADER_SETTINGS = (
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_COOKIE_",
    "LANGUAGE_COOKIE_",
    "SEAT_SECURITY_",
)


def production_settings(monkeypatch: pytest.MonkeyPatch, data_dir: str) -> ModuleType:
    """seat/settings.py as a deployment runs it (deploy/seat.env.example's essentials)."""
    for name in list(os.environ):
        if name.startswith("SEAT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SEAT_ENV", "production")
    monkeypatch.setenv("SEAT_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("SEAT_ENCRYPTION_KEYS", base64.urlsafe_b64encode(os.urandom(32)).decode())
    monkeypatch.setenv("SEAT_ALLOWED_HOSTS", HOST)
    monkeypatch.setenv("SEAT_DATA_DIR", data_dir)
    monkeypatch.setenv("SEAT_SECURITY_CONTACT", "mailto:security@example.org")
    from seat import settings as development

    spec = importlib.util.spec_from_file_location("seat_production_settings", development.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production(settings, monkeypatch, tmp_path):
    module = production_settings(monkeypatch, str(tmp_path))
    assert module.PRODUCTION
    for name in dir(module):
        if name.startswith(_HEADER_SETTINGS) or name == "X_FRAME_OPTIONS":
            setattr(settings, name, getattr(module, name))
    settings.ALLOWED_HOSTS = module.ALLOWED_HOSTS
    assert settings.MIDDLEWARE == module.MIDDLEWARE
    return module


def fetch(client: Client, path: str, **extra):
    """The answer over HTTPS through the proxy, as a browser gets it."""
    return client.get(path, headers={"host": HOST, "x-forwarded-proto": "https"}, **extra)


def graded(client: Client, path: str, response=None) -> observatory.Report:
    response = response if response is not None else fetch(client, path)
    plain = Client().get(path, headers={"host": HOST})
    report = observatory.grade(
        response,
        http_status=plain.status_code,
        http_location=plain.get("Location", ""),
        host=HOST,
    )
    assert report.grade == "A+", (path, report.score, report.failures())
    return report


@pytest.mark.django_db
def test_public_pages_get_an_a_plus(production, client):
    for path, status in [
        ("/", 200),
        ("/accounts/login/", 200),
        ("/language/", 200),
        ("/api/v1/languages", 200),
        ("/static/seat/seat.css", 200),
        ("/static/seat/seat.js", 200),
        ("/.well-known/security.txt", 200),
        ("/no-such-page/", 404),
    ]:
        response = fetch(client, path)
        assert response.status_code == status, path
        report = graded(client, path, response)
        # No unsafe script source, and nothing allowed that is not named: +10 for the policy.
        assert report.results[0].outcome == "csp-implemented-with-no-unsafe-default-src-none"


@pytest.mark.django_db
def test_signing_in_sets_host_only_secure_cookies_and_gets_an_a_plus(production, client, world):
    login = fetch(client, "/accounts/login/")
    assert list(login.cookies) == ["__Host-seat-csrf"]
    signed_in = client.post(
        "/accounts/login/",
        {"username": world.expert.user.username, "password": PASSWORD},
        headers={"host": HOST, "x-forwarded-proto": "https"},
    )
    assert signed_in.status_code == 302
    assert sorted(signed_in.cookies) == ["__Host-seat-csrf", "__Host-seat-session"]
    for response in (login, signed_in):
        for morsel in response.cookies.values():
            # What the __Host- prefix needs, or the browser drops the cookie.
            assert morsel["secure"] is True
            assert morsel["path"] == "/"
            assert morsel["domain"] == ""
            assert morsel["httponly"] is True
            assert morsel["samesite"] == "Lax"
    report = graded(client, "/accounts/login/", signed_in)
    assert {r.test: r.outcome for r in report.results}["cookies"] == (
        "cookies-secure-with-httponly-sessions-and-samesite"
    )


@pytest.mark.django_db
def test_a_survivors_pages_get_an_a_plus(production, client, world):
    client.force_login(world.expert.user)
    for path in ["/", f"/me/invitations/{world.invitation.pk}/", "/me/consent/"]:
        response = fetch(client, path)
        assert response.status_code == 200, path
        graded(client, path, response)


@pytest.mark.django_db
def test_production_headers_name_no_unsafe_source_and_keep_pages_to_themselves(production, client):
    response = fetch(client, "/")
    csp = observatory.parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "X-Powered-By" not in response and "Server" not in response


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_on_the_same_host(production):
    response = Client().get("/accounts/login/?next=/me/", headers={"host": HOST})
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/accounts/login/?next=/me/"


def test_the_checker_marks_down_what_the_observatory_does():
    weak = {
        "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'",
        "Strict-Transport-Security": "max-age=86400",
        "Referrer-Policy": "unsafe-url",
    }
    assert observatory.content_security_policy(weak).modifier == -20
    assert observatory.content_security_policy({}).modifier == -25
    assert observatory.strict_transport_security(weak).modifier == -10
    assert observatory.referrer_policy(weak).modifier == -5
    page = '<meta name="referrer" content="unsafe-url">'
    assert observatory.referrer_policy({"Referrer-Policy": "no-referrer"}, page).modifier == -5
    assert observatory.x_frame_options(weak).modifier == -20
    assert observatory.x_content_type_options({}).modifier == -5
    assert observatory.cookies(["sessionid=1; Path=/; HttpOnly"], hsts=False).modifier == -40
    assert observatory.cookies(["sessionid=1; Path=/; Secure"], hsts=True).modifier == -30
    assert observatory.cookies(["csrftoken=1; Path=/; Secure"], hsts=True).modifier == -20
    assert observatory.redirection(200, "", HOST).modifier == -20
    assert observatory.redirection(301, "https://elsewhere.example/", HOST).modifier == -5
    report = observatory.Report(
        [
            observatory.content_security_policy(weak),
            observatory.referrer_policy(weak),
            observatory.x_frame_options({"Content-Security-Policy": "frame-ancestors 'none'"}),
        ]
    )
    # 100 - 20 - 5 = 75: below 90, the +5 for frame-ancestors does not count.
    assert (report.score, report.grade) == (75, "B")
