"""Receipts of payments (names, account numbers) are encrypted at rest, with Seat's keys.

What the disk holds is checked by reading the file itself, not through the storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seat.compensation.models import PaymentLine, receipt_storage
from seat.compensation.tests.lines import clear_offer_lines, make_line
from seat.compensation.tests.test_finance_pages import PDF, pay_with
from seat.core.models import AuditEvent
from seat.core.privacy.crypto import key_id
from seat.core.privacy.files import (
    TOKEN_PREFIX,
    EncryptedFileSystemStorage,
    encrypt_plain_files,
)
from seat.core.privacy.rotation import AUDIT_VERB, rotate_keys
from seat.core.tests.test_rotate_keys import new_key

# A receipt as a bank prints one: the words that must never lie on the disk in the clear.
RECEIPT = PDF + b"% Paid to Zorabelle Quintrix, account 0123-4567-89\n"


def storage():
    """Where this run keeps receipts (the root conftest.py points the field at a folder of
    its own)."""
    return PaymentLine._meta.get_field("receipt").storage


def on_disk(line: PaymentLine) -> bytes:
    return Path(storage().path(line.receipt.name)).read_bytes()


def downloaded(client, world, line: PaymentLine) -> bytes | int:
    client.force_login(world.finance_a)
    response = client.get(f"/payments/{line.pk}/receipt/")
    if response.status_code != 200:
        return response.status_code
    return b"".join(response.streaming_content)


@pytest.fixture
def paid(client, world):
    """A line paid by finance with RECEIPT attached, through the page that pays it."""
    clear_offer_lines()
    line = make_line(world, status="approved")
    client.force_login(world.finance_a)
    assert pay_with(client, line, SimpleUploadedFile("bank-slip.pdf", RECEIPT)).status_code == 302
    line.refresh_from_db()
    return line


def test_the_receipts_field_keeps_its_files_encrypted():
    assert isinstance(receipt_storage(), EncryptedFileSystemStorage)


@pytest.mark.django_db
def test_a_receipt_lies_encrypted_on_disk_and_is_downloaded_as_sent(client, world, paid):
    stored = on_disk(paid)
    assert stored.startswith(TOKEN_PREFIX)
    assert b"Quintrix" not in stored and b"0123-4567" not in stored and b"%PDF" not in stored
    path = Path(storage().path(paid.receipt.name))
    assert (path.stat().st_mode & 0o777, path.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    assert downloaded(client, world, paid) == RECEIPT


@pytest.mark.django_db
def test_rotating_keys_writes_each_receipt_again_under_the_first_key(client, world, settings, paid):
    old, new = settings.ENCRYPTION_KEYS[0], new_key()
    settings.ENCRYPTION_KEYS = [new, old]
    counted = rotate_keys(dry_run=True)
    receipts = next(f for f in counted.fields if f.label.endswith("PaymentLine.receipt (files)"))
    assert (dict(receipts.by_key), receipts.reencrypted) == ({key_id(old): 1}, 0)
    before = on_disk(paid)
    rotation = rotate_keys()
    receipts = next(f for f in rotation.fields if f.label.endswith("PaymentLine.receipt (files)"))
    assert receipts.reencrypted == 1 and on_disk(paid) != before
    assert AuditEvent.objects.filter(verb=AUDIT_VERB, detail__field="receipt").exists()
    settings.ENCRYPTION_KEYS = [new]  # the old key retired: the receipt still opens
    assert downloaded(client, world, paid) == RECEIPT
    assert rotate_keys().reencrypted == 0  # a second run has nothing left to do


@pytest.mark.django_db
def test_a_receipt_whose_key_was_taken_out_is_not_found_not_an_error(client, world, settings, paid):
    settings.ENCRYPTION_KEYS = [new_key()]
    assert downloaded(client, world, paid) == 404


@pytest.mark.django_db
def test_a_receipt_kept_before_encryption_is_encrypted_where_it_lies(client, world, paid):
    path = Path(storage().path(paid.receipt.name))
    path.write_bytes(RECEIPT)  # as a Seat before this change left it
    assert encrypt_plain_files(storage(), [paid.receipt.name, "2020/01/gone.pdf"]) == 1
    assert on_disk(paid).startswith(TOKEN_PREFIX) and b"Quintrix" not in on_disk(paid)
    assert downloaded(client, world, paid) == RECEIPT
    assert encrypt_plain_files(storage(), [paid.receipt.name]) == 0
