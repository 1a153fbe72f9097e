"""Translations over the API: a translator's tool reads what is missing and imports the text,
through the same service and checks as the staff page; to anyone else it is not there."""

from __future__ import annotations

import json

import pytest

from seat.api.services import api_token_create
from seat.consultations.models import ConsultationTranslation
from seat.tests.personas import make_consultation

SPANISH = {
    "title": "¿Qué deben cubrir las sesiones?",
    "purpose": "Su consejo decide los temas.",
    "questions": ["¿Qué señales de alerta importan más?", "¿Quién debe dirigir las sesiones?"],
}


def bearer_of(user) -> dict[str, str]:
    _token, shown = api_token_create(actor=user, name="translator")
    return {"HTTP_AUTHORIZATION": f"Bearer {shown}"}


def put(client, url, body, headers):
    return client.put(url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.django_db
def test_a_translators_tool_reads_what_is_missing_and_imports_it(client, world):
    consultation = make_consultation(world.staff_a, world.project, languages="en,bn,es")
    ConsultationTranslation.objects.filter(consultation=consultation, language="es").delete()
    staff = bearer_of(world.staff_a)
    url = f"/api/v1/consultations/{consultation.pk}/translations"
    listed = client.get(url, **staff)
    assert listed.status_code == 200
    assert {row["language"]: row["status"] for row in listed.json()} == {
        "en": "original",
        "bn": "current",
        "es": "missing",
    }
    answer = put(client, f"{url}/es", SPANISH, staff)
    assert answer.status_code == 200
    assert {row["language"]: row["status"] for row in answer.json()}["es"] == "current"
    assert (
        ConsultationTranslation.objects.get(consultation=consultation, language="es").title
        == (SPANISH["title"])
    )


@pytest.mark.django_db
def test_what_the_service_refuses_is_a_422_with_the_field(client, world):
    consultation = world.consultation  # two questions, offered in English and Bengali
    staff = bearer_of(world.staff_a)
    url = f"/api/v1/consultations/{consultation.pk}/translations"
    short = put(client, f"{url}/bn", {**SPANISH, "questions": ["একটি প্রশ্ন"]}, staff)
    assert short.status_code == 422
    assert short.json()["detail"][0]["loc"] == ["body", "payload", "questions"]
    assert "Write 2 questions" in short.json()["detail"][0]["msg"]
    for language in ("es", "en", "xx"):
        refused = put(client, f"{url}/{language}", SPANISH, staff)
        assert refused.status_code == 422, language
        assert refused.json()["detail"][0]["loc"] == ["path", "language"]
    assert put(client, f"{url}/bn", {"title": ""}, staff).status_code == 422
    (kept,) = ConsultationTranslation.objects.filter(consultation=consultation)
    assert kept.title.startswith("[bn] ")


@pytest.mark.django_db
def test_to_anyone_who_may_not_change_it_the_consultation_is_not_there(client, world):
    url = f"/api/v1/consultations/{world.consultation.pk}/translations"
    assert client.get(url).status_code == 401
    for who in (world.viewer_a, world.finance_a, world.staff_b, world.expert.user):
        headers = bearer_of(who)
        assert client.get(url, **headers).status_code == 404
        assert put(client, f"{url}/bn", SPANISH, headers).status_code == 404
    assert client.get(url, **bearer_of(world.admin_a)).status_code == 200
    assert ConsultationTranslation.objects.get(consultation=world.consultation).title.startswith(
        "[bn] "
    )
