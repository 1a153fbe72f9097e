"""An organisation's admins keep its settings: one service saves them with an audit row, the
page shows who changed what, and nothing half-valid is ever saved."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from seat.accounts.models import Organisation
from seat.accounts.services import SettingsRefused, organisation_settings_change
from seat.core.countries import COUNTRY_CODES
from seat.core.models import AuditEvent
from seat.tests.personas import make_org, verify_second_factor

GOOD = {
    "name": "Organisation A",
    "kind": "ngo",
    "country": "BD",
    "default_currency": "BDT",
    "languages": ["en", "bn"],
    "min_lead_days": 21,
    "response_days": 20,
    # Not the default (14), so that saving it is a change.
    "pay_within_days": 10,
}


def admin_client(world) -> Client:
    client = Client()
    verify_second_factor(client, world.admin_a)
    return client


def url(world) -> str:
    return f"/organisation/{world.org_a.pk}/settings/"


def change(world, **overrides):
    return organisation_settings_change(
        actor=world.admin_a, organisation=world.org_a, **(GOOD | overrides)
    )


@pytest.mark.django_db
def test_a_new_organisation_starts_with_the_documented_defaults(settings):
    settings.SEAT_DEFAULT_PAY_DAYS = 21
    organisation = make_org("Fresh")
    organisation.refresh_from_db()
    assert (
        organisation.min_lead_days,
        organisation.response_days,
        organisation.pay_within_days,
        organisation.languages,
    ) == (14, 30, 21, "en")


@pytest.mark.django_db
def test_the_service_saves_every_setting_with_one_audit_row(world):
    changed = change(world, name="  Organisation   A  renamed ")
    assert changed == [
        "name",
        "country",
        "default_currency",
        "languages",
        "min_lead_days",
        "response_days",
        "pay_within_days",
    ]
    saved = Organisation.objects.get(pk=world.org_a.pk)
    assert (
        saved.name,
        saved.country,
        saved.default_currency,
        saved.languages,
        saved.min_lead_days,
        saved.response_days,
        saved.pay_within_days,
    ) == ("Organisation A renamed", "BD", "BDT", "en,bn", 21, 20, 10)
    event = AuditEvent.objects.get(verb="organisation.settings_change")
    assert event.actor == world.admin_a
    # The name is free text and stays out of the log; the rest are codes and numbers.
    assert event.detail["values"] == {
        "country": "BD",
        "default_currency": "BDT",
        "languages": "en,bn",
        "min_lead_days": 21,
        "response_days": 20,
        "pay_within_days": 10,
    }
    assert change(world, name="Organisation A renamed") == []
    assert AuditEvent.objects.filter(verb="organisation.settings_change").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Organisation B", "This name cannot be used. Choose another."),
        ("name", "organisation b", "This name cannot be used. Choose another."),
        ("name", "   ", "Give the organisation a name."),
        ("kind", "club", "Choose one of the kinds offered."),
        ("country", "ZZ", "Choose a country from the list."),
        ("country", "EU", "Choose a country from the list."),
        ("default_currency", "ABC", "Choose a currency from the list."),
        ("languages", [], "Choose at least one of the languages offered."),
        ("languages", ["en", "xx"], "Choose at least one of the languages offered."),
        ("min_lead_days", 0, "Choose between 1 and 90 days."),
        ("response_days", 91, "Choose between 1 and 90 days."),
        ("pay_within_days", 365, "Choose between 1 and 90 days."),
    ],
)
def test_bad_settings_are_refused_whole(world, field, value, message):
    with pytest.raises(SettingsRefused) as refused:
        change(world, **{field: value})
    assert list(refused.value.problems) == [field]
    assert refused.value.problems[field].startswith(message)
    saved = Organisation.objects.get(pk=world.org_a.pk)
    assert (saved.country, saved.min_lead_days) == ("", 14)
    assert not AuditEvent.objects.filter(verb="organisation.settings_change").exists()


@pytest.mark.django_db
def test_only_an_admin_changes_settings(world):
    with pytest.raises(PermissionDenied):
        organisation_settings_change(actor=world.staff_a, organisation=world.org_a, **GOOD)
    with pytest.raises(PermissionDenied):
        organisation_settings_change(actor=world.admin_a, organisation=world.org_b, **GOOD)


def test_the_country_list_is_iso_3166_alpha_2():
    assert len(COUNTRY_CODES) == 249
    assert {"BD", "ES", "NP", "SS", "TL"} <= COUNTRY_CODES
    assert not {"EU", "UN", "XK", "ZZ", "001"} & COUNTRY_CODES


@pytest.mark.django_db
def test_the_page_saves_and_shows_who_changed_what(world):
    client = admin_client(world)
    members = client.get(f"/organisation/{world.org_a.pk}/").content.decode()
    assert f'href="{url(world)}"' in members
    response = client.post(url(world), GOOD)
    assert response.status_code == 302 and response["Location"] == url(world)
    page = client.get(url(world)).content.decode()
    assert "The settings are saved." in page
    assert '<option value="BD" selected>Bangladesh</option>' in page
    assert 'name="min_lead_days" value="21"' in page
    assert "admin-a" in page
    assert "<li>Country: Bangladesh</li>" in page
    assert "<li>Minimum lead time, in days: 21</li>" in page
    assert "<li>Languages the organisation works in: English, বাংলা</li>" in page


@pytest.mark.django_db
def test_the_page_names_countries_in_the_readers_language(world):
    client = admin_client(world)
    client.cookies["django_language"] = "es"
    page = client.get(url(world)).content.decode()
    assert '<option value="DE">Alemania</option>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "in_order"),
    [
        ("en", ["Afghanistan", "Åland Islands", "Albania"]),
        ("en", ["Costa Rica", "Côte d’Ivoire", "Croatia"]),
        ("en", ["Réunion", "Romania"]),
        ("en", ["Samoa", "San Marino", "São Tomé &amp; Príncipe", "Saudi Arabia"]),
        ("en", ["Tunisia", "Türkiye", "Turkmenistan"]),
        ("es", ["Afganistán", "Albania", "Alemania"]),
        ("es", ["Omán", "Países Bajos", "Pakistán"]),
    ],
)
def test_countries_are_sorted_as_the_reader_reads_them(world, language, in_order):
    """Accents do not send a name to the end of the list: Å sorts with A, Ô with O."""
    client = admin_client(world)
    client.cookies["django_language"] = language
    page = client.get(url(world)).content.decode()
    names = [name for _code, name in re.findall(r'<option value="([A-Z]{2})">([^<]+)<', page)]
    positions = [names.index(name) for name in in_order]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_fair_pay_help_says_what_the_default_is_in_the_page(world):
    page = admin_client(world).get(url(world)).content.decode()
    assert "README" not in page
    assert "three times its legal minimum wage" in page


@pytest.mark.django_db
def test_a_name_clash_on_the_page_is_a_message_not_a_500(world):
    response = admin_client(world).post(url(world), GOOD | {"name": "ORGANISATION B"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "This name cannot be used. Choose another." in body
    # An admin of one organisation learns no more than that the name is not free: not that an
    # organisation by that name uses Seat.
    assert "already exists" not in body
    assert "An organisation named" not in body
    assert Organisation.objects.get(pk=world.org_a.pk).name == "Organisation A"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("min_lead_days", "0", "Choose 1 day or more."),
        ("response_days", "1000", "Choose 90 days or fewer."),
        ("pay_within_days", "ten", "Enter a whole number of days."),
        ("country", "XX", "Select a valid choice."),
        ("languages", [], "Choose at least one language."),
    ],
)
def test_the_page_says_what_is_wrong_and_saves_nothing(world, field, value, message):
    response = admin_client(world).post(url(world), GOOD | {field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.get(pk=world.org_a.pk).country == ""


@pytest.mark.django_db
def test_the_settings_page_keeps_its_query_count_as_history_grows(world):
    client = admin_client(world)
    change(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world)).status_code == 200
        return len(queries)

    count()  # the session's first page reads what later pages find cached
    one = count()
    for days in range(22, 27):
        change(world, min_lead_days=days)
    assert count() == one
