"""Her payment details (bank account, mobile-money number) on her private-details page: saved
encrypted, trimmed and checked, and the page says from data who can read them, by the same
rule that lets them (people.rules.pays_her_now)."""

from __future__ import annotations

import pytest

from seat.accounts.enums import Role
from seat.compensation.tests.lines import clear_offer_lines, make_line
from seat.core.models import AuditEvent
from seat.people.models import ExpertIdentity
from seat.people.rules import organisations_paying_her_now, pays_her_now
from seat.portal.forms import BANK_ACCOUNT_MAX
from seat.tests.personas import make_link, make_member


@pytest.fixture(autouse=True)
def _only_the_lines_made_here(world):
    clear_offer_lines()


def save(client, world, **fields):
    client.force_login(world.expert.user)
    data = {"legal_name": "", "email": "", "phone": "", "payment_details": ""} | fields
    return client.post("/me/private-details/", data)


@pytest.mark.django_db
def test_she_saves_them_trimmed_and_encrypted(client, world):
    response = save(
        client, world, bank_account="  DBBL 123-456-789 ", mobile_money_number=" bKash 01711 000222"
    )
    assert response.status_code == 302
    identity = ExpertIdentity.objects.get(profile=world.expert)
    assert identity.bank_account == "DBBL 123-456-789"
    assert identity.mobile_money_number == "bKash 01711 000222"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bank_account FROM people_expertidentity WHERE profile_id = %s",
            [world.expert.pk.hex],
        )
        stored = cursor.fetchone()
    assert stored is not None and "123-456-789" not in str(stored[0])
    body = client.get("/me/private-details/").content.decode()
    assert 'value="DBBL 123-456-789"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"bank_account": "1" * (BANK_ACCOUNT_MAX + 1)}, "at most 200 characters"),
        ({"mobile_money_number": "9" * 41}, "at most 40 characters"),
        ({"mobile_money_number": "bKash 123"}, "at least 6 digits"),
    ],
)
def test_a_detail_that_cannot_be_right_is_refused_and_nothing_saved(client, world, fields, message):
    response = save(client, world, legal_name="New Name", **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    identity = ExpertIdentity.objects.get(profile=world.expert)
    assert identity.legal_name == "Tahmina Secret Name"
    assert identity.bank_account == "" and identity.mobile_money_number == ""


@pytest.mark.django_db
def test_the_page_says_nobody_reads_them_while_nothing_is_owed(client, world):
    client.force_login(world.expert.user)
    body = client.get("/me/private-details/").content.decode()
    assert "No organisation owes you money now, so nobody else can read these now." in body
    assert "Only you see these" in body


@pytest.mark.django_db
def test_the_page_names_the_organisations_that_owe_her_from_the_rule(client, world):
    admin_b = make_member("admin-b", world.org_b, Role.ADMIN)
    finance_b = make_member("finance-b", world.org_b, Role.FINANCE)
    make_link(world.staff_b, world.expert, world.org_b)
    make_line(world)  # A owes her
    make_line(world, organisation=world.org_b, status="paid", approver=admin_b, payer=finance_b)
    assert organisations_paying_her_now(world.expert) == [world.org_a]
    # One rule, two uses: whom the page names is exactly who may read.
    assert pays_her_now(world.finance_a, world.expert)
    assert not pays_her_now(finance_b, world.expert)
    client.force_login(world.expert.user)
    body = client.get("/me/private-details/").content.decode()
    assert (
        "Those who pay for an organisation that still owes you money (Organisation A) can read "
        "these to send it; Seat records each time they do." in body
    )
    assert "Organisation B" not in body


@pytest.mark.django_db
def test_finance_of_an_owing_organisation_reads_them_audited_others_do_not(client, world):
    save(client, world, bank_account="DBBL 123-456-789", mobile_money_number="bKash 01711000222")
    admin_b = make_member("admin-b", world.org_b, Role.ADMIN)
    finance_b = make_member("finance-b", world.org_b, Role.FINANCE)
    make_link(world.staff_b, world.expert, world.org_b)
    owed = make_line(world)
    settled = make_line(
        world, organisation=world.org_b, status="paid", approver=admin_b, payer=finance_b
    )
    before = AuditEvent.objects.filter(verb="identity.read", actor=world.finance_a).count()
    client.force_login(world.finance_a)
    body = client.get(f"/payments/{owed.pk}/").content.decode()
    assert "DBBL 123-456-789" in body and "bKash 01711000222" in body
    assert AuditEvent.objects.filter(verb="identity.read", actor=world.finance_a).count() == (
        before + 1
    )
    # B's finance has paid her everything: its payment page no longer shows where to send money.
    client.force_login(finance_b)
    response = client.get(f"/payments/{settled.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "DBBL" not in body and "01711000222" not in body
    assert not AuditEvent.objects.filter(verb="identity.read", actor=finance_b).exists()


@pytest.mark.django_db
def test_a_paid_line_shows_no_details_even_while_another_is_owed(client, world):
    """Finance still owes her on one line: the page of a line already paid needs no address,
    so it shows none and adds no read to her list."""
    save(client, world, bank_account="DBBL 123-456-789", mobile_money_number="bKash 01711000222")
    make_line(world)  # still owed
    paid = make_line(world, status="paid", approver=world.admin_a, payer=world.finance_a)
    before = AuditEvent.objects.filter(verb="identity.read", actor=world.finance_a).count()
    client.force_login(world.finance_a)
    body = client.get(f"/payments/{paid.pk}/").content.decode()
    assert "DBBL" not in body and "01711000222" not in body
    assert AuditEvent.objects.filter(verb="identity.read", actor=world.finance_a).count() == before
