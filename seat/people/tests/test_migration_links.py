from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from seat.assessment.services import advisor_ask
from seat.people.models import ExpertLink
from seat.tests.personas import make_expert

pytestmark = pytest.mark.django_db


def test_experts_from_before_joining_codes_keep_the_organisations_they_dealt_with(world):
    """Migration people 0003: an organisation that invited her, asked her to advise it or
    represents her is linked; one that never dealt with her is not."""
    migration = importlib.import_module("seat.people.migrations.0003_links_from_history")
    from seat.tests.personas import make_link

    make_link(world.staff_b, world.expert, world.org_b)
    advisor_ask(actor=world.staff_b, organisation=world.org_b, expert=world.expert)
    loner = make_expert("loner", "Nobody's")
    ExpertLink.objects.all().delete()
    migration.link_from_history(apps, None)
    migration.link_from_history(apps, None)  # twice: nothing doubles
    links = set(ExpertLink.objects.values_list("expert__pseudonym", "organisation__name"))
    assert links == {
        ("Tara", "Organisation A"),
        ("Tara", "Organisation B"),
        ("Rosa", "Organisation B"),
    }
    assert not ExpertLink.objects.filter(expert=loner).exists()
