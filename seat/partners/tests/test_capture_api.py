"""``POST /api/v1/captures``: an offline facilitator's session, stored once however often sent."""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from seat.accounts.enums import Role
from seat.api.services import api_token_create
from seat.consultations.models import Answer, Contribution, Invitation
from seat.consultations.services import consultation_close
from seat.partners.models import Capture
from seat.people.models import ConsentRecord
from seat.tests.personas import make_member

URL = "/api/v1/captures"


def token_for(user) -> str:
    _token, shown = api_token_create(actor=user, name="field laptop")
    return shown


def body(world, partners, *, key: uuid.UUID | None = None, **overrides: Any) -> dict[str, Any]:
    first, second = (str(q.pk) for q in world.consultation.questions.all())
    payload: dict[str, Any] = {
        "request": str(partners.request.pk),
        "idempotency_key": str(key or uuid.uuid4()),
        "kind": "village_meeting",
        "held_on": timezone.localdate().isoformat(),
        "place": "Satkhira",
        "participants": [
            {
                "member": str(partners.device_less.pk),
                "consents": {"participate": True, "quote_anonymously": True},
                "consent_language": "bn",
                "attribution": "anonymous",
                "answers": [
                    {"question": first, "text": "Training in our own language."},
                    {"question": second, "text": ""},
                ],
            },
            {
                "member": str(partners.member.pk),
                "consents": {"participate": True},
                "consent_language": "bn",
                "attribution": "not_quoted",
                "answers": [{"question": second, "text": "Women who came back."}],
            },
        ],
    }
    payload.update(overrides)
    return payload


def post(client: Client, token: str, payload: Any, **extra: Any):
    data = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(
        URL, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}", **extra
    )


def test_first_arrival_is_201_and_a_replay_is_200_with_the_first_result(client, world, partners):
    token = token_for(partners.facilitator)
    sent = body(world, partners)
    first = post(client, token, sent)
    assert first.status_code == 201, first.content
    capture = Capture.objects.get()
    assert first.json() == {"id": str(capture.pk), "contributions": 2, "created": True}
    counts = (Contribution.objects.count(), Answer.objects.count(), ConsentRecord.objects.count())

    again = post(client, token, sent)
    assert (again.status_code, again.json()) == (
        200,
        {"id": str(capture.pk), "contributions": 2, "created": False},
    )
    assert (
        Contribution.objects.count(),
        Answer.objects.count(),
        ConsentRecord.objects.count(),
    ) == counts
    # Participants in another order are the same capture.
    sent["participants"].reverse()
    assert post(client, token, sent).status_code == 200


def test_the_same_key_with_other_content_is_409_and_changes_nothing(client, world, partners):
    token = token_for(partners.facilitator)
    key = uuid.uuid4()
    assert post(client, token, body(world, partners, key=key)).status_code == 201
    changed = post(client, token, body(world, partners, key=key, place="Khulna"))
    assert changed.status_code == 409
    assert "different content" in changed.json()["detail"]
    assert list(Capture.objects.values_list("place", flat=True)) == ["Satkhira"]


def test_refusals_are_422_with_a_sentence_and_store_nothing(client, world, partners):
    token = token_for(partners.facilitator)
    no_consent = body(world, partners)
    no_consent["participants"][1]["consents"] = {}
    stranger = body(world, partners)
    stranger["participants"][1]["member"] = str(partners.other_member.pk)
    for payload, words in (
        (no_consent, "Nadia has not consented to take part."),
        (stranger, "Someone listed is not a member of Collective C. Nothing was saved."),
    ):
        response = post(client, token, payload)
        assert response.status_code == 422, response.content
        assert words in response.json()["detail"]
    consultation_close(actor=world.staff_a, consultation=world.consultation)
    closed = post(client, token, body(world, partners))
    assert (closed.status_code, closed.json()) == (
        422,
        {"detail": "This consultation is closed: it takes no more input. Nothing was saved."},
    )
    assert Capture.objects.count() == 0
    assert not Invitation.objects.filter(via__isnull=False).exists()


def test_another_organisation_finds_no_request(client, world, partners):
    payload = body(world, partners)
    for outsider in (partners.other_facilitator, world.staff_b, world.expert.user):
        response = post(client, token_for(outsider), payload)
        assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    # The host that asked, and a role of the partner that does not write sessions: 403.
    viewer = make_member("viewer-c", partners.collective, Role.VIEWER)
    for refused in (world.staff_a, viewer):
        response = post(client, token_for(refused), payload)
        assert response.status_code == 403
    assert post(client, "", payload).status_code == 401
    assert Capture.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        "",
        "[]",
        "7",
        json.dumps({"request": "x"}),
        "participants",
    ],
)
def test_malformed_json_is_400_or_422(client, world, partners, payload):
    response = post(client, token_for(partners.facilitator), payload)
    assert response.status_code in {400, 422}, response.content
    assert "detail" in response.json()
    assert Capture.objects.count() == 0


def test_a_body_that_does_not_fit_the_schema_is_422(client, world, partners):
    token = token_for(partners.facilitator)
    for change in (
        {"kind": "party"},
        {"place": ""},
        {"place": "x" * 81},
        {"held_on": 20260101},
        {"participants": []},
        {"idempotency_key": "again"},
    ):
        response = post(client, token, body(world, partners, **change))
        assert response.status_code == 422, (change, response.content)
    assert Capture.objects.count() == 0


def test_an_oversized_body_is_413(client, world, partners):
    payload = body(world, partners)
    payload["participants"][0]["answers"][0]["text"] = "x" * (1024 * 1024)
    response = post(client, token_for(partners.facilitator), payload)
    assert (response.status_code, response.json()) == (
        413,
        {"detail": "The request is too large."},
    )


def test_the_document_describes_it(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["post"]
    assert sorted(operation["responses"]) == [
        "200",
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "413",
        "422",
        "429",
        "503",
    ]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CaptureIn"
    }


REPLAYS = 100


@pytest.mark.django_db(transaction=True)
def test_a_hundred_replays_at_once_store_one_capture(world, partners, settings):
    """The same capture sent 100 times at once (an offline queue flushed by several tabs, a
    retrying client): one capture and one contribution per participant, and every answer is
    the first result. Run it on PostgreSQL too: DATABASE_URL=postgresql://…"""
    settings.SEAT_API_REQUESTS_PER_MINUTE = 100_000
    token = token_for(partners.facilitator)
    payload = json.dumps(body(world, partners))
    start = threading.Barrier(REPLAYS)
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def replay() -> None:
        client = Client()
        start.wait()
        busy = 0
        try:
            # As the offline page does: a busy answer (503: SQLite's in-memory test database
            # refuses a second writer at once instead of waiting; PostgreSQL runs out of its
            # 100 connections) is sent again after a moment. Nothing was stored by it.
            while True:
                response = post(client, token, payload)
                if response.status_code != 503:
                    break
                busy += 1
                connection.close()
                time.sleep(random.uniform(0.01, 0.1))
            answer = (response.status_code, response.json(), busy)
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=replay) for _ in range(REPLAYS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    capture = Capture.objects.get()
    assert Contribution.objects.filter(capture=capture).count() == 2
    assert sorted(
        Contribution.objects.filter(capture=capture).values_list("expert__pseudonym", flat=True)
    ) == ["Mina", "Nadia"]
    assert Invitation.objects.filter(via=partners.request).count() == 2
    statuses = sorted(status for status, _body, _busy in answers)
    assert statuses == [200] * (REPLAYS - 1) + [201], answers
    assert {b["id"] for _s, b, _busy in answers} == {str(capture.pk)}
    print(f"{connection.vendor}: {sum(busy for *_a, busy in answers)} busy answers sent again")
