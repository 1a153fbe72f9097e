"""Pay for work that is not input to a consultation (a training delivered, a meeting) shows on her
home page by what it was for; it has no input page to link to."""

from __future__ import annotations

import pytest

from seat.compensation.tests.lines import make_line


@pytest.mark.django_db
def test_her_home_lists_pay_for_other_work_without_a_link_to_input(client, world):
    make_line(world, description="Mirpur police station, Dhaka")
    client.force_login(world.expert.user)
    response = client.get("/me/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mirpur police station, Dhaka" in body
