"""Migration 0004 splits the old free-text support contact without losing a word of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("consultations", "0003_answer_within_limit")]
AFTER = [("consultations", "0004_support_contact_parts")]


@pytest.mark.django_db(transaction=True)
def test_the_old_text_is_kept_as_the_name_and_one_international_number_becomes_the_phone():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organisation = apps.get_model("accounts", "Organisation")
    Project = apps.get_model("consultations", "Project")
    Consultation = apps.get_model("consultations", "Consultation")
    organisation = Organisation.objects.create(name="A", kind="ngo", default_currency="USD")
    project = Project.objects.create(organisation=organisation, title="P", stage="design")
    today = timezone.localdate()
    texts = {
        "international": "Peer support line +880 1711 000000 10:00–18:00, ask for Rahima",
        "national": "Amar Kantha peer line: 09612-000111 (10:00–18:00, Bangla)",
        "two numbers": "Call +880 1711 000000 or +880 1711 000001",
        "none": "",
    }
    for title, text in texts.items():
        Consultation.objects.create(
            project=project,
            title=title,
            purpose="x",
            stage="design",
            material_state="concept",
            influence="consult",
            opens_on=today,
            deadline=today,
            expected_hours=Decimal(1),
            currency="USD",
            expenses_covered=False,
            languages="en",
            support_contact=text,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    after = {
        c.title: (c.support_name, c.support_phone, c.support_hours)
        for c in apps.get_model("consultations", "Consultation").objects.all()
    }
    assert after == {
        "international": (texts["international"], "+880 1711 000000", ""),
        "national": (texts["national"], "", ""),
        "two numbers": (texts["two numbers"], "", ""),
        "none": ("", "", ""),
    }
    # Back again: the old text, unchanged.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    back = {
        c.title: c.support_contact
        for c in apps.get_model("consultations", "Consultation").objects.all()
    }
    assert back == texts
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
