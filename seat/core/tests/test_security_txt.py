"""/.well-known/security.txt (RFC 9116): who hears about security problems, or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


def fields(body: str) -> list[tuple[str, str]]:
    lines = [line for line in body.splitlines() if line and not line.startswith("#")]
    return [(name, value.strip()) for name, value in (line.split(":", 1) for line in lines)]


@pytest.mark.django_db
def test_it_names_the_configured_contact_and_expires_in_half_a_year(client, settings):
    settings.SEAT_SECURITY_CONTACTS = ["mailto:security@example.org", "https://example.org/report"]
    settings.SEAT_SECURITY_LANGUAGES = "en, fr"
    settings.ALLOWED_HOSTS = ["seat.example.org"]
    before = datetime.now(UTC).replace(microsecond=0)
    response = client.get("/.well-known/security.txt", headers={"host": "seat.example.org"})
    after = datetime.now(UTC)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response.content.decode())
    assert [name for name, _value in found] == [
        "Contact",
        "Contact",
        "Expires",
        "Preferred-Languages",
        "Canonical",
    ]
    assert found[0] == ("Contact", "mailto:security@example.org")
    assert found[1] == ("Contact", "https://example.org/report")
    expires = datetime.strptime(found[2][1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before + timedelta(days=180) <= expires <= after + timedelta(days=180)
    assert found[3] == ("Preferred-Languages", "en, fr")
    assert found[4] == ("Canonical", "https://seat.example.org/.well-known/security.txt")


@pytest.mark.django_db
def test_without_a_contact_there_is_no_file(client, settings):
    settings.SEAT_SECURITY_CONTACTS = []
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 404
    assert "Contact:" not in response.content.decode()


@pytest.mark.django_db
def test_it_is_read_only(client, settings):
    settings.SEAT_SECURITY_CONTACTS = ["mailto:security@example.org"]
    assert client.post("/.well-known/security.txt").status_code == 405


@pytest.mark.parametrize("contact", ["security@example.org", "http://example.org/report"])
def test_a_contact_that_is_not_an_address_stops_the_start(contact, monkeypatch, tmp_path):
    import importlib.util

    from django.core.exceptions import ImproperlyConfigured

    from seat import settings as seat_settings

    monkeypatch.setenv("SEAT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SEAT_SECURITY_CONTACT", contact)
    spec = importlib.util.spec_from_file_location("seat_checked_settings", seat_settings.__file__)
    assert spec is not None and spec.loader is not None
    with pytest.raises(ImproperlyConfigured, match="SEAT_SECURITY_CONTACT"):
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
