"""The organisation's own fair-pay floor and rate for other consultants: set by its admins in
settings, read by the quality check, never compared across currencies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seat.accounts.services import SettingsRefused, organisation_settings_change
from seat.consultations.selectors import consultation_check
from seat.core.models import AuditEvent
from seat.tests.personas import make_consultation, verify_second_factor

SETTINGS = {
    "name": "Organisation A",
    "kind": "ngo",
    "country": "BD",
    "default_currency": "BDT",
    "languages": ["en", "bn"],
    "min_lead_days": 14,
    "response_days": 30,
    "pay_within_days": 30,
}


def change(world, **extra):
    return organisation_settings_change(
        actor=world.admin_a, organisation=world.org_a, **(SETTINGS | extra)
    )


def codes(consultation):
    return [(f.code, f.severity) for f in consultation_check(consultation=consultation).findings]


@pytest.mark.django_db
def test_the_default_floor_for_the_country_applies_in_its_currency(world):
    change(world)
    world.org_a.refresh_from_db()
    low = make_consultation(
        world.staff_a, world.project, publish=False, currency="BDT", pay_rate=Decimal("150")
    )
    assert codes(low) == [("below_fair_rate", "warning")]
    fair = make_consultation(
        world.staff_a, world.project, publish=False, currency="BDT", pay_rate=Decimal("181")
    )
    assert codes(fair) == []
    # In dollars the BDT floor cannot be compared: a note, never a pass or a fail.
    dollars = make_consultation(world.staff_a, world.project, publish=False)
    assert codes(dollars) == [("below_fair_rate", "info")]


@pytest.mark.django_db
def test_an_admins_own_floor_replaces_the_default_and_is_audited(world):
    change(world)
    changed = change(world, fair_rate_floor=Decimal("300.00"), fair_rate_floor_currency="BDT")
    assert changed == ["fair_rate_floor", "fair_rate_floor_currency"]
    event = AuditEvent.objects.filter(verb="organisation.settings_change").first()
    assert event.detail["values"]["fair_rate_floor"] == "300.00"
    world.org_a.refresh_from_db()
    fair_by_default = make_consultation(
        world.staff_a, world.project, publish=False, currency="BDT", pay_rate=Decimal("181")
    )
    assert codes(fair_by_default) == [("below_fair_rate", "warning")]


@pytest.mark.django_db
def test_pay_parity_with_the_organisations_rate_for_other_consultants(world):
    change(world, country="US", consultant_rate=Decimal("60"), consultant_rate_currency="USD")
    world.org_a.refresh_from_db()
    consultation = make_consultation(world.staff_a, world.project, publish=False)  # 25 USD
    (finding,) = consultation_check(consultation=consultation).findings
    assert (finding.code, finding.severity) == ("below_fair_rate", "warning")
    assert "other consultants 60 USD an hour" in finding.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"fair_rate_floor": Decimal("100")}, "fair_rate_floor_currency"),
        ({"fair_rate_floor_currency": "BDT"}, "fair_rate_floor"),
        ({"fair_rate_floor": Decimal("-1"), "fair_rate_floor_currency": "BDT"}, "fair_rate_floor"),
        ({"fair_rate_floor": Decimal("0"), "fair_rate_floor_currency": "BDT"}, "fair_rate_floor"),
        ({"fair_rate_floor": Decimal("1.5"), "fair_rate_floor_currency": "VND"}, "fair_rate_floor"),
        (
            {"fair_rate_floor": Decimal("10"), "fair_rate_floor_currency": "XXX"},
            "fair_rate_floor_currency",
        ),
        ({"consultant_rate": Decimal("10")}, "consultant_rate_currency"),
        (
            {"country": "", "fair_rate_floor": Decimal("10"), "fair_rate_floor_currency": "USD"},
            "country",
        ),
    ],
)
def test_bad_rates_are_refused_whole(world, extra, field):
    with pytest.raises(SettingsRefused) as refused:
        change(world, **extra)
    assert field in refused.value.problems
    world.org_a.refresh_from_db()
    assert (world.org_a.fair_rate_floor, world.org_a.consultant_rate) == (None, None)


@pytest.mark.django_db
def test_the_settings_page_saves_the_rates(client, world):
    verify_second_factor(client, world.admin_a)
    data = SETTINGS | {
        "fair_rate_floor": "250",
        "fair_rate_floor_currency": "BDT",
        "consultant_rate": "",
        "consultant_rate_currency": "",
    }
    response = client.post(f"/organisation/{world.org_a.pk}/settings/", data)
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert (world.org_a.fair_rate_floor, world.org_a.fair_rate_floor_currency) == (
        Decimal("250.00"),
        "BDT",
    )
    page = client.get(f"/organisation/{world.org_a.pk}/settings/").content.decode()
    assert "Fair-pay floor per hour: 250" in page
