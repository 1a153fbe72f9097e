"""Support numbers are stored as read and dialled as E.164; a number no phone can dial is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from seat.core.env import env_phone
from seat.core.phone import PhoneError, phone_dial, phone_normalise, phone_problem


@pytest.mark.parametrize(
    ("typed", "stored", "dialled"),
    [
        ("+880 1711 000000", "+880 1711 000000", "+8801711000000"),
        (" +880-1711-000000 ", "+880 1711 000000", "+8801711000000"),
        ("00880 1711 000000", "+880 1711 000000", "+8801711000000"),
        ("+44 (0)20 7946 0000", "+44 20 7946 0000", "+442079460000"),
        ("+1 (555) 123.4567", "+1 555 123 4567", "+15551234567"),
        ("+৮৮০ ১৭১১ ০০০০০০", "+880 1711 000000", "+8801711000000"),  # typed in Bengali digits
        ("+8801711000000", "+8801711000000", "+8801711000000"),
        ("", "", None),
    ],
)
def test_numbers_are_tidied_and_dialled_in_international_form(typed, stored, dialled):
    assert phone_normalise(typed) == stored
    if stored:
        assert phone_dial(stored) == dialled
    assert phone_problem(typed) is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("01711 000000", "Write the number with its country code, starting with +"),
        ("0800 000 000", "Write the number with its country code, starting with +"),
        ("+0 1711 000000", "Write the number with its country code, starting with +"),
        ("+880 1711 000000 ext 2", "Use only digits, spaces and dashes after the +."),
        ("+880 CALL-NOW", "Use only digits, spaces and dashes after the +."),
        ("+880 17", "has 7 to 15 digits; this one has 5 digits."),
        ("+880 1711 000000 000000", "has 7 to 15 digits; this one has 19 digits."),
    ],
)
def test_a_number_that_cannot_be_dialled_gets_a_clear_reason(typed, message):
    with pytest.raises(PhoneError):
        phone_normalise(typed)
    assert message in phone_problem(typed)


def test_the_site_number_is_checked_when_seat_starts(monkeypatch):
    monkeypatch.setenv("SEAT_SUPPORT_PHONE", "+880 1711-000000")
    assert env_phone("SEAT_SUPPORT_PHONE") == "+880 1711 000000"
    monkeypatch.setenv("SEAT_SUPPORT_PHONE", "01711 000000")
    with pytest.raises(ImproperlyConfigured, match="SEAT_SUPPORT_PHONE must be a phone number"):
        env_phone("SEAT_SUPPORT_PHONE")
