"""The staff page of a consultation speaks to staff: it says what people invited are offered in
the third person, what became of invitations nobody answered before a cancellation, and asks for
responses only when there is something to respond to."""

from __future__ import annotations

import pytest

from seat.consultations.corrections import consultation_cancel
from seat.tests.personas import make_consultation, make_expert, make_invitation

pytestmark = pytest.mark.django_db


def staff_page(client, world, consultation) -> str:
    client.force_login(world.staff_a)
    response = client.get(f"/projects/consultations/{consultation.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_offer_is_told_to_staff_in_the_third_person(client, world):
    page = staff_page(client, world, world.consultation)
    assert "Each person who gives input is paid 50.00 US dollars in all for about 2 hours." in page
    assert "Within 30 days of sending their input" in page
    for second_person in ["You will be paid", "When you are paid", "your input", "How you"]:
        assert second_person not in page, second_person


def test_a_cancelled_consultation_with_no_input_asks_for_no_responses(client, world):
    consultation = make_consultation(world.staff_a, world.project, title="Will stop")
    make_invitation(world.staff_a, consultation, make_expert("mira", "Mira"))
    consultation_cancel(actor=world.staff_a, consultation=consultation, message="Funds ended.")
    page = staff_page(client, world, consultation)
    assert "<td>Mira</td><td>No answer: cancelled</td>" in page
    assert "Waiting for an answer" not in page
    assert "Respond to each by" not in page


def test_respond_by_is_shown_while_input_waits_for_a_response(client, world):
    consultation_cancel(actor=world.staff_a, consultation=world.consultation, message="Stop.")
    assert 'id="respond-by"' in staff_page(client, world, world.consultation)
