"""The finance queue and a payment's page: sections, order, overdue in words, totals per
currency, separation of duties, each step with its history, receipts, and where the money goes
(read through the audited identity service, by those who pay only)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seat.accounts.enums import Role
from seat.compensation.enums import PaymentStatus, PaymentStep
from seat.compensation.forms import RECEIPT_MAX_BYTES
from seat.compensation.models import PaymentLine
from seat.compensation.tests.lines import clear_offer_lines, make_line
from seat.core.models import AuditEvent
from seat.people.services import identity_read, identity_update
from seat.tests.personas import make_member, make_org, verify_second_factor

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _only_the_lines_made_here(world):
    clear_offer_lines()


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The queue ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_has_two_sections_oldest_due_first_overdue_in_words(client, world):
    newer = make_line(world, worked_days_ago=2, description="Newer meeting")
    older = make_line(world, worked_days_ago=40, description="Older meeting")
    to_pay = make_line(world, status="approved", description="Approved meeting")
    make_line(world, status="paid", description="Paid meeting")
    client.force_login(world.finance_a)
    body = page(client, "/payments/")
    approve, pay = body.split('id="to-pay"')
    assert approve.index("Older meeting") < approve.index("Newer meeting")
    assert "Approved meeting" in pay and "Approved meeting" not in approve
    assert "Paid meeting" not in body
    # Overdue is said in words, not by colour alone.
    assert "Late: was due by" in approve.split("Newer meeting")[0]
    assert "1 payment is overdue." in body
    assert str(older.pk) in body and str(newer.pk) in body and str(to_pay.pk) in body


@pytest.mark.django_db
def test_queue_totals_per_currency_never_mixed(client, world):
    make_line(world, rate="40.00", units="2")
    make_line(world, rate="10.50", units="1", expenses_travel=Decimal("2.25"))
    make_line(world, currency="BDT", rate="500", units="3")
    client.force_login(world.finance_a)
    body = page(client, "/payments/")
    approve = body.split('id="to-pay"')[0]
    assert "<strong>92.75 US dollars</strong>" in approve
    assert "<strong>1,500.00 Bangladeshi takas</strong>" in approve


@pytest.mark.django_db
def test_queue_line_shows_name_what_for_fee_and_each_expense_apart(client, world):
    make_line(
        world,
        rate="25.00",
        units="2",
        expenses_travel=Decimal("3.00"),
        expenses_childcare=Decimal("7.00"),
    )
    client.force_login(world.finance_a)
    body = page(client, "/payments/")
    assert "<strong>Tara</strong>" in body
    assert "Advised on the shelter&#x27;s hiring · A meeting" in body
    assert (
        "Fee: 50.00 US dollars · Travel: 3.00 US dollars · Childcare: 7.00 US dollars · "
        "<strong>Total: 60.00 US dollars</strong>"
    ) in body


@pytest.mark.django_db
def test_queue_shows_only_the_organisations_where_one_pays(client, world):
    finance_b = make_member("finance-b", world.org_b, Role.FINANCE)
    make_line(world, organisation=world.org_b, expert=world.other_expert, description="B's work")
    mine = make_line(world)
    client.force_login(world.finance_a)
    body = page(client, "/payments/")
    assert "B&#x27;s work" not in body and "Rosa" not in body
    client.force_login(finance_b)
    body = page(client, "/payments/")
    assert "B&#x27;s work" in body and str(mine.pk) not in body


@pytest.mark.django_db
def test_queue_queries_do_not_grow_with_lines(client, world):
    make_line(world)
    make_line(world, status="approved")
    client.force_login(world.finance_a)
    client.get("/payments/")
    with CaptureQueriesContext(connection) as one:
        client.get("/payments/")
    for _ in range(4):
        make_line(world)
        make_line(world, status="approved", approver=world.finance_a)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/payments/").status_code == 200
    assert len(many) == len(one)


# Separation of duties -------------------------------------------------------------------


@pytest.mark.django_db
def test_approver_cannot_pay_where_two_people_pay(client, world):
    """Organisation A has two who pay (its admin and its finance officer)."""
    line = make_line(world, status="approved", approver=world.finance_a)
    client.force_login(world.finance_a)
    body = page(client, "/payments/")
    assert "someone else who pays for Organisation A marks it paid" in body
    assert f'value="{line.pk}"' not in body  # no tick box for it
    detail = page(client, f"/payments/{line.pk}/")
    assert "You approved this payment" in detail
    assert f'action="/payments/{line.pk}/pay/"' not in detail
    response = client.post(f"/payments/{line.pk}/pay/", {"method": "bank", "reference": "T-9"})
    assert response.status_code == 400
    assert "someone else who pays for Organisation A marks it paid" in response.content.decode()
    line.refresh_from_db()
    assert line.status == PaymentStatus.APPROVED
    verify_second_factor(client, world.admin_a)
    response = client.post(f"/payments/{line.pk}/pay/", {"method": "bank", "reference": "T-9"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.paid_by, line.approved_by) == ("paid", world.admin_a, world.finance_a)


@pytest.mark.django_db
def test_sole_payer_approves_and_pays(client, world):
    solo = make_org("Solo Foundation")
    treasurer = make_member("treasurer", solo, Role.FINANCE)
    line = make_line(world, organisation=solo)
    client.force_login(treasurer)
    assert client.post(f"/payments/{line.pk}/approve/").status_code == 302
    body = page(client, "/payments/")
    assert f'value="{line.pk}"' in body and "someone else who pays" not in body
    response = client.post(f"/payments/{line.pk}/pay/", {"method": "cash", "reference": ""})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.approved_by, line.paid_by) == ("paid", treasurer, treasurer)


@pytest.mark.django_db
def test_paid_twice_is_refused_and_nothing_changes(client, world):
    line = make_line(world, status="approved")
    client.force_login(world.finance_a)
    first = client.post(f"/payments/{line.pk}/pay/", {"method": "bank", "reference": "T-1"})
    second = client.post(f"/payments/{line.pk}/pay/", {"method": "cash", "reference": ""})
    assert first.status_code == 302 and second.status_code == 400
    assert "This payment has already been made. Nothing was changed." in second.content.decode()
    line.refresh_from_db()
    assert (line.method, line.reference) == ("bank", "T-1")
    assert line.events.filter(step=PaymentStep.PAID).count() == 1


@pytest.mark.django_db
def test_pay_needs_a_method_and_a_reference_except_for_cash(client, world):
    line = make_line(world, status="approved")
    client.force_login(world.finance_a)
    response = client.post(f"/payments/{line.pk}/pay/", {"method": "", "reference": ""})
    assert response.status_code == 400
    assert "Choose how it was paid." in response.content.decode()
    response = client.post(f"/payments/{line.pk}/pay/", {"method": "bank", "reference": " "})
    assert "Enter the reference of the transfer, so it can be traced." in response.content.decode()
    line.refresh_from_db()
    assert line.status == PaymentStatus.APPROVED


# Cancel and correct ---------------------------------------------------------------------


@pytest.mark.django_db
def test_cancel_and_correct_keep_every_step_in_the_history(client, world):
    line = make_line(world)
    client.force_login(world.finance_a)
    refused = client.post(f"/payments/{line.pk}/cancel/", {"reason": "  "})
    assert refused.status_code == 400
    line.refresh_from_db()
    assert line.status == PaymentStatus.OWED
    assert (
        client.post(f"/payments/{line.pk}/cancel/", {"reason": "Counted twice"}).status_code == 302
    )
    line.refresh_from_db()
    assert (line.status, line.cancel_reason) == ("cancelled", "Counted twice")
    no_reason = client.post(f"/payments/{line.pk}/correct/", {"reason": ""})
    assert no_reason.status_code == 400
    response = client.post(f"/payments/{line.pk}/correct/", {"reason": "It was not a copy"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.cancel_reason) == ("owed", "")
    steps = [(e.step, e.from_status, e.to_status, e.reason) for e in line.events.all()]
    assert steps == [
        ("recorded", "", "owed", ""),
        ("cancelled", "owed", "cancelled", "Counted twice"),
        ("corrected", "cancelled", "owed", "It was not a copy"),
    ]
    body = page(client, f"/payments/{line.pk}/")
    assert "Reason: Counted twice" in body and "Reason: It was not a copy" in body
    assert "staff-a" in body and "finance-a" in body  # who took each step, by display name


@pytest.mark.django_db
def test_paid_is_taken_back_to_approved_with_a_reason(client, world):
    line = make_line(world, status="paid")
    client.force_login(world.finance_a)
    body = page(client, f"/payments/{line.pk}/")
    assert "Cancel this payment" not in body and "Take back the last step" in body
    response = client.post(f"/payments/{line.pk}/correct/", {"reason": "Transfer bounced"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.paid_on, line.method, line.reference) == ("approved", None, "", "")
    assert line.events.last().reason == "Transfer bounced"  # type: ignore[union-attr]


# Receipts -------------------------------------------------------------------------------


def pay_with(client, line, upload):
    return client.post(
        f"/payments/{line.pk}/pay/", {"method": "bank", "reference": "T-7", "receipt": upload}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("receipt.exe", b"MZ\x90\x00", "The receipt must be a PDF, JPG or PNG file."),
        ("receipt.html", b"<script>", "The receipt must be a PDF, JPG or PNG file."),
        (
            "receipt.pdf",
            b"<html><script>alert(1)</script>",
            "This file is not the PDF, JPG or PNG its name says.",
        ),
        (
            "photo.png",
            b"\xff\xd8\xff\xe0 a jpeg named png",
            "This file is not the PDF, JPG or PNG its name says.",
        ),
    ],
)
def test_receipt_of_a_wrong_kind_is_refused_and_nothing_is_paid(
    client, world, name, content, message
):
    line = make_line(world, status="approved")
    client.force_login(world.finance_a)
    response = pay_with(client, line, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    line.refresh_from_db()
    assert (line.status, line.receipt.name) == ("approved", "")


@pytest.mark.django_db
def test_receipt_over_5_mb_is_refused(client, world):
    line = make_line(world, status="approved")
    client.force_login(world.finance_a)
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * RECEIPT_MAX_BYTES)
    response = pay_with(client, line, big)
    assert response.status_code == 400
    assert "The receipt is larger than 5 MB." in response.content.decode()
    line.refresh_from_db()
    assert line.status == PaymentStatus.APPROVED


@pytest.mark.django_db
def test_receipt_is_kept_under_a_new_name_and_downloaded_only_by_those_who_pay(client, world):
    line = make_line(world, status="approved")
    client.force_login(world.finance_a)
    response = pay_with(client, line, SimpleUploadedFile("Tahmina-account-0123.pdf", PDF))
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == "paid" and line.receipt.name.endswith(".pdf")
    assert "Tahmina" not in line.receipt.name
    body = page(client, f"/payments/{line.pk}/")
    assert f'href="/payments/{line.pk}/receipt/"' in body
    download = client.get(f"/payments/{line.pk}/receipt/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="receipt-{line.pk}.pdf"'
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(
        verb="payment.receipt_read", object_id=str(line.pk), actor=world.finance_a
    ).exists()
    for who, status in [(world.staff_a, 403), (world.viewer_a, 403), (world.staff_b, 404)]:
        client.force_login(who)
        assert client.get(f"/payments/{line.pk}/receipt/").status_code == status
    client.force_login(world.expert.user)
    assert client.get(f"/payments/{line.pk}/receipt/").status_code == 404


@pytest.mark.django_db
def test_no_receipt_is_404(client, world):
    line = make_line(world, status="paid")
    client.force_login(world.finance_a)
    assert client.get(f"/payments/{line.pk}/receipt/").status_code == 404


# Where the money goes: identity read, audited, payers only ------------------------------


def give_details(world) -> None:
    identity_update(
        actor=world.expert.user,
        expert=world.expert,
        bank_account="DBBL 123-456-789",
        mobile_money_number="bKash 01711 000 222",
        payment_details="Pay to my sister's account if mine is closed",
    )


@pytest.mark.django_db
def test_payer_reads_where_to_send_money_and_each_read_is_audited(client, world):
    give_details(world)
    world.expert.pay_preference = "mobile_money"
    world.expert.save()
    line = make_line(world)
    client.force_login(world.finance_a)
    before = AuditEvent.objects.filter(verb="identity.read").count()
    body = page(client, f"/payments/{line.pk}/")
    assert "DBBL 123-456-789" in body and "bKash 01711 000 222" in body
    assert "Mobile money" in body
    # Her free note is not shown: her private-details page promises that only she sees it.
    assert "Pay to my sister" not in body
    # Her legal name and phone are identity too, but paying does not need them.
    assert "Tahmina Secret Name" not in body and "999 111" not in body
    reads = AuditEvent.objects.filter(verb="identity.read").order_by("pk")
    assert reads.count() == before + 1
    last = reads.last()
    assert last is not None
    assert (last.actor, last.object_id, last.detail) == (
        world.finance_a,
        str(world.expert.pk),
        # The organisation it was read for: her page "Who read your private details" names it.
        {"purpose": "payment", "organisation": str(line.organisation_id)},
    )


@pytest.mark.django_db
def test_payment_details_are_refused_to_everyone_else(client, world):
    give_details(world)
    make_line(world)
    finance_b = make_member("finance-b", world.org_b, Role.FINANCE)
    for reader in (world.staff_a, world.viewer_a, world.staff_b, finance_b):
        with pytest.raises(PermissionDenied):
            identity_read(actor=reader, expert=world.expert, purpose="payment")
    # Only for paying: the same finance officer reading for any other purpose is refused.
    with pytest.raises(PermissionDenied):
        identity_read(actor=world.finance_a, expert=world.expert, purpose="")
    with pytest.raises(PermissionDenied):
        identity_read(actor=world.finance_a, expert=world.expert, purpose="notification")
    assert not AuditEvent.objects.filter(verb="identity.read", actor=world.staff_a).exists()
    # Reading never lets anyone but her change them.
    with pytest.raises(PermissionDenied):
        identity_update(actor=world.finance_a, expert=world.expert, bank_account="X")


@pytest.mark.django_db
def test_payment_details_go_once_nothing_is_owed(client, world):
    give_details(world)
    line = make_line(world, status="paid")
    with pytest.raises(PermissionDenied):
        identity_read(actor=world.finance_a, expert=world.expert, purpose="payment")
    client.force_login(world.finance_a)
    body = page(client, f"/payments/{line.pk}/")
    assert "DBBL" not in body
    assert "Her payment details are shown only while a payment to her is waiting." in body


@pytest.mark.django_db
def test_payment_page_is_for_those_who_pay_in_its_organisation(client, world):
    line = make_line(world)
    client.force_login(world.staff_a)
    assert client.get(f"/payments/{line.pk}/").status_code == 403
    client.force_login(world.staff_b)
    assert client.get(f"/payments/{line.pk}/").status_code == 404
    client.force_login(world.expert.user)
    assert client.get(f"/payments/{line.pk}/").status_code == 404


@pytest.mark.django_db
def test_unsettled_statuses_match_the_identity_rule():
    """people.rules reads unsettled lines by their stored words, so as not to import
    compensation: the two lists stay the same."""
    from seat.compensation.enums import UNSETTLED
    from seat.people.rules import UNSETTLED_STATUSES

    assert set(UNSETTLED_STATUSES) == {str(s) for s in UNSETTLED}


# Bulk -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_pay_is_all_or_none_and_names_what_blocked(client, world):
    first = make_line(world, status="approved", description="First")
    second = make_line(world, status="approved", description="Second", rate="35.00")
    blocked = make_line(world, status="approved", approver=world.finance_a, expert=world.expert)
    client.force_login(world.finance_a)
    ids = [str(first.pk), str(second.pk), str(blocked.pk)]
    response = client.post(
        "/payments/pay/", {"payments": ids, "method": "bank", "reference": "BATCH-7"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was marked paid. Tara, 80.00 US dollars: You approved this payment" in body
    assert set(PaymentLine.objects.values_list("status", flat=True)) == {"approved"}
    assert f'value="{first.pk}" checked' in body  # what was ticked stays ticked
    response = client.post(
        "/payments/pay/",
        {"payments": ids[:2], "method": "bank", "reference": "BATCH-7"},
        follow=True,
    )
    assert "2 payments are marked paid." in response.content.decode()
    for line in (first, second):
        line.refresh_from_db()
        assert (line.status, line.reference, line.paid_by) == ("paid", "BATCH-7", world.finance_a)
    blocked.refresh_from_db()
    assert blocked.status == "approved"


@pytest.mark.django_db
def test_bulk_pay_refuses_another_organisations_line_and_a_paid_one(client, world):
    other = make_line(world, organisation=world.org_b, expert=world.other_expert)
    make_member("finance-b", world.org_b, Role.FINANCE)
    theirs = make_line(
        world,
        organisation=world.org_b,
        expert=world.other_expert,
        status="approved",
        approver=world.org_b.memberships.get(role="finance").user,
    )
    mine = make_line(world, status="approved")
    paid = make_line(world, status="paid")
    client.force_login(world.finance_a)
    for ids in ([mine.pk, theirs.pk], [mine.pk, paid.pk], [mine.pk, other.pk]):
        response = client.post(
            "/payments/pay/",
            {"payments": [str(i) for i in ids], "method": "bank", "reference": "B-1"},
        )
        assert response.status_code == 400
        assert "is no longer waiting to be paid. Nothing was marked" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == "approved"


@pytest.mark.django_db
def test_bulk_pay_needs_a_tick_a_method_and_a_reference(client, world):
    line = make_line(world, status="approved")
    client.force_login(world.finance_a)
    response = client.post("/payments/pay/", {"method": "bank", "reference": "B-1"})
    assert "Tick at least one payment to mark paid." in response.content.decode()
    response = client.post("/payments/pay/", {"payments": [str(line.pk)], "method": "bank"})
    assert "Enter the reference of the transfer" in response.content.decode()
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.status == "approved"


@pytest.mark.django_db
def test_old_advance_address_still_approves(client, world):
    line = make_line(world)
    client.force_login(world.finance_a)
    response = client.post(f"/payments/{line.pk}/advance/", {"from": "owed"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == "approved"
