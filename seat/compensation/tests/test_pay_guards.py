"""Guards found by trying the finance pages as a newcomer: pay before approval says so, one
transfer is one currency, and taking back a payment takes its receipt off the line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seat.compensation import services
from seat.compensation.models import PaymentLine
from seat.compensation.tests.lines import clear_offer_lines, make_line

PDF = b"%PDF-1.4\n%receipt\n"


@pytest.fixture(autouse=True)
def _only_the_lines_made_here(world):
    clear_offer_lines()


@pytest.mark.django_db
def test_paying_a_line_nobody_approved_says_approve_it_first(world):
    line = make_line(world)
    with pytest.raises(services.PaymentError, match="Approve this payment first"):
        services.payment_pay(actor=world.finance_a, payment=line, method="bank", reference="T")
    line.refresh_from_db()
    assert line.status == "owed"


@pytest.mark.django_db
def test_bulk_pay_refuses_lines_in_more_than_one_currency_and_pays_none(world):
    lines = [
        make_line(world, status="approved", currency="USD"),
        make_line(world, status="approved", currency="BDT", rate="600.00"),
    ]
    with pytest.raises(services.PaymentError, match="more than one currency"):
        services.payments_pay_bulk(
            actor=world.finance_a, payments=lines, method="bank", reference="BULK-1"
        )
    assert set(PaymentLine.objects.values_list("status", flat=True)) == {"approved"}


@pytest.mark.django_db
def test_taking_back_a_paid_step_takes_its_receipt_off_the_line(world):
    line = make_line(world, status="approved")
    line = services.payment_pay(
        actor=world.finance_a,
        payment=line,
        method="mobile_money",
        reference="BK-1",
        receipt=SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
    )
    assert line.receipt
    line = services.payment_correct(actor=world.finance_a, payment=line, reason="Wrong reference")
    line.refresh_from_db()
    assert line.status == "approved" and not line.receipt and not line.reference
    # The history still says how the step taken back was paid.
    paid = line.events.get(step="paid")
    assert (paid.method, paid.reference) == ("mobile_money", "BK-1")


@pytest.mark.django_db
def test_who_recorded_a_line_does_not_approve_it_where_two_people_pay(client, world):
    """Recording, approving and paying: where two or more pay for the organisation, the one
    who wrote down what is owed is not the one who agrees it is right (persona check: a payer
    recorded 9,999 for someone and approved it herself)."""
    line = services.payment_for_work(
        actor=world.finance_a,
        organisation=world.org_a,
        expert=world.expert,
        work="meeting",
        description="Council preparation",
        work_on=world.contribution.created_at.date(),
        units=Decimal(1),
        unit="flat",
        rate=Decimal("500.00"),
        currency="USD",
    )
    with pytest.raises(services.PaymentError, match="You recorded this payment"):
        services.payment_approve(actor=world.finance_a, payment=line)
    line.refresh_from_db()
    assert line.status == "owed"
    client.force_login(world.finance_a)
    page = client.get(f"/payments/{line.pk}/").content.decode()
    assert (
        "You recorded this payment, so someone else who pays for Organisation A approves it."
        in page
    )
    assert "Approve payment" not in page
    assert services.payment_approve(actor=world.admin_a, payment=line).status == "approved"
