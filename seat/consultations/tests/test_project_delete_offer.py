"""A project page offers deletion only when the delete service would allow it, and says why not
in place otherwise (corrections.project_delete_problem, the rule the service applies)."""

from __future__ import annotations

import pytest

from seat.tests.personas import make_consultation, make_project

pytestmark = pytest.mark.django_db

DELETE = "Delete the project"
WHY_NOT = "This project has a consultation that was opened to people, so it cannot be deleted"


def project_page(client, world, project) -> str:
    client.force_login(world.staff_a)
    return client.get(f"/projects/{project.pk}/").content.decode()


def test_a_project_with_an_opened_consultation_says_why_it_stays(client, world):
    page = project_page(client, world, world.project)
    assert DELETE not in page
    assert f'/projects/{world.project.pk}/delete/"' not in page
    assert WHY_NOT in page


def test_a_project_of_drafts_offers_deletion(client, world):
    project = make_project(world.staff_a, world.org_a, "Drafts only")
    make_consultation(world.staff_a, project, publish=False)
    page = project_page(client, world, project)
    assert DELETE in page
    assert WHY_NOT not in page
