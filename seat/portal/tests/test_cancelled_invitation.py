"""A cancelled consultation promises pay only to the people who had sent input: someone who had
not reads that nothing is owed, and no pay, payment timing or last day as if still on offer."""

from __future__ import annotations

import pytest

from seat.consultations.corrections import consultation_cancel
from seat.tests.personas import make_expert, make_invitation

pytestmark = pytest.mark.django_db

OFFER = ["You will be paid", "When you are paid", "Within 30 days", "Last day", "How you take part"]


def test_without_input_she_reads_that_nothing_is_owed(client, world):
    mira = make_expert("mira", "Mira")
    invitation = make_invitation(world.staff_a, world.consultation, mira)
    consultation_cancel(
        actor=world.staff_a, consultation=world.consultation, message="Funds ended."
    )
    client.force_login(mira.user)
    page = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    assert "has cancelled this consultation. It takes no more input." in page
    assert "Funds ended." in page
    assert "You had not sent input, so nothing is owed to you for it." in page
    assert [words for words in OFFER if words in page] == []
    assert "still paid what was promised" not in page
    assert "Send my answer" not in page


def test_with_input_she_is_still_paid_what_was_promised(client, world):
    consultation_cancel(
        actor=world.staff_a, consultation=world.consultation, message="Funds ended."
    )
    client.force_login(world.expert.user)
    page = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    assert "you are still paid what was promised" in page
    assert "You will be paid 50.00 US dollars in all for about 2 hours." in page
    assert "Within 30 days of sending your input" in page
    assert "nothing is owed" not in page
