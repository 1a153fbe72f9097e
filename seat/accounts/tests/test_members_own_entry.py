"""An administrator's own entry on the members page says truly who can change their role."""

from __future__ import annotations

import pytest
from django.test import Client

from seat.accounts.enums import Role
from seat.tests.personas import make_member, verify_second_factor

pytestmark = pytest.mark.django_db

ONLY = "You are the only administrator: make another member an administrator, or invite one, before your role can change."
ANOTHER = "Another administrator can change your role."


def own_entry(world) -> str:
    client = Client()
    verify_second_factor(client, world.admin_a)
    page = client.get(f"/organisation/{world.org_a.pk}/").content.decode()
    start = page.index("<strong>admin-a</strong>")
    return page[start : page.index("</li>", start)]


def test_the_only_administrator_is_told_so(world):
    assert ONLY in own_entry(world)
    assert ANOTHER not in own_entry(world)


def test_with_another_administrator_that_one_can_change_the_role(world):
    make_member("admin-a2", world.org_a, Role.ADMIN)
    assert ANOTHER in own_entry(world)
    assert ONLY not in own_entry(world)
