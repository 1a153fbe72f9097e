from __future__ import annotations

import pytest

from seat.assessment import services
from seat.assessment.framework import CURRENT_FRAMEWORK_FILE, framework_read
from seat.assessment.models import Indicator


@pytest.mark.django_db
def test_framework_api_needs_no_login_and_matches_the_file(client):
    spec = framework_read(CURRENT_FRAMEWORK_FILE)
    data = client.get("/api/v1/assessment/framework").json()
    assert data["version"] == spec.version
    assert [d["id"] for d in data["domains"]] == [d.id for d in spec.domains]
    first = data["domains"][0]["indicators"][0]
    assert set(first) == {"id", "text", "levels", "sources"}
    assert first["levels"] == spec.domains[0].indicators[0].levels


@pytest.mark.django_db
def test_round_results_api_is_for_members_only(client, world):
    assessment_round = services.round_open(
        actor=world.staff_a, organisation=world.org_a, title="Baseline"
    )
    indicator = Indicator.objects.filter(domain__framework=assessment_round.framework).first()
    services.ratings_save(
        actor=world.staff_a, assessment_round=assessment_round, answers={indicator.key: (4, "")}
    )
    assert client.get("/api/v1/assessment/rounds").status_code == 401
    client.force_login(world.staff_b)
    assert client.get("/api/v1/assessment/rounds").json() == []
    assert client.get(f"/api/v1/assessment/rounds/{assessment_round.pk}").status_code == 404
    client.force_login(world.staff_a)
    assert [r["title"] for r in client.get("/api/v1/assessment/rounds").json()] == ["Baseline"]
    results = client.get(f"/api/v1/assessment/rounds/{assessment_round.pk}").json()
    assert results["staff"] == 100 and results["survivor"] is None
    assert client.get("/api/v1/assessment/rounds/not-a-uuid").status_code == 422
