"""What she is told about who reads her words follows the rule staff pages follow: words
without her name are read only as a group, after closing, from SEAT_MIN_GROUP_SIZE people.

Before, the answer form said "Who will read this: the team" and her page said "Bridgeway has it"
while her unnamed words were kept back from the team, possibly for good (two people invited)."""

from __future__ import annotations

import pytest

from seat.consultations.enums import Attribution
from seat.tests.personas import make_consultation, make_contribution, make_invitation


@pytest.mark.django_db
def test_she_is_told_before_choosing_and_after_sending_when_her_words_are_kept_back(client, world):
    consultation = make_consultation(world.staff_a, world.project)
    invitation = make_invitation(world.staff_a, consultation, world.expert, accept=True)
    client.force_login(world.expert.user)
    form = client.get(f"/me/invitations/{invitation.pk}/contribute/").content.decode()
    assert "reads your words only after the consultation closes" in form
    assert "at least 3 people give input without a name" in form

    unnamed = make_contribution(invitation, attribution=Attribution.NOT_QUOTED)
    page = client.get(f"/me/input/{unnamed.pk}/").content.decode()
    assert "It is kept back, unread" in page and "has it." not in page
    # The team's page agrees: it cannot read it either.
    client.force_login(world.staff_a)
    staff_page = client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    assert "Explain the fees" not in staff_page


@pytest.mark.django_db
def test_named_words_are_read_at_once_and_her_page_says_so(client, world):
    consultation = make_consultation(world.staff_a, world.project)
    invitation = make_invitation(world.staff_a, consultation, world.expert, accept=True)
    named = make_contribution(invitation, attribution=Attribution.PSEUDONYM)
    client.force_login(world.expert.user)
    page = client.get(f"/me/input/{named.pk}/").content.decode()
    assert "has it." in page and "kept back" not in page
