"""Every API operation of the OpenAPI document against every role, with a bearer token each.

The operations are read from the document ninja serves (``api.get_openapi_schema``): one with
no row in API_MATRIX fails ``test_every_operation_has_a_row``. The people are the role matrix's
(seat/tests/test_permissions_more_roles.py: anonymous; expert A and B; admin, staff, finance,
viewer, facilitator and survivor advisor of organisation A; staff of B; the operator), each
calling with a token of their own. Organisation B's project, consultation, input, council and
assessment round exist throughout, and never reach anyone outside B; A's never reach B's people.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from seat.api.api import api
from seat.api.services import api_token_create
from seat.tests import test_permissions_more_roles as roles
from seat.tests.personas import World

PEOPLE = roles.ALL_PEOPLE
PREFIX = "/api/v1"

# Words only organisation B's data holds, and only A's (Tara is A's expert; Tahmina, her real
# name, is never in an answer to anyone outside A).
B_WORDS = ["B's private input", "B's consultation", "B's project", "B's private council", "Spring"]
A_WORDS = ["Tara", "Tahmina", "Organisation A", "Autumn"]
OF_B = {"staff_b", "other_expert"}


def operations() -> set[tuple[str, str]]:
    """(method, path) of each operation the OpenAPI document lists."""
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def user_of(world: World, who: str) -> Any:
    if who in {"expert", "other_expert"}:
        return getattr(world, who).user
    return getattr(world, who)


def request_for(world: World, method: str, path: str) -> tuple[str, dict[str, Any] | None]:
    """The address (ids of organisation A's objects) and JSON body of one operation."""
    ids = {
        "{round_id}": str(roles.assessment_round_of_a(world).pk),
        "{consultation_id}": str(world.consultation.pk),
        "{language}": "bn",
        "{council_id}": str(world.council_a.pk),  # type: ignore[attr-defined]
        "{organisation_id}": str(world.org_a.pk),
    }
    for placeholder, value in ids.items():
        path = path.replace(placeholder, value)
    body = BODIES.get((method, path.split("?")[0].removeprefix(PREFIX)))
    query = QUERIES.get(path.removeprefix(PREFIX), "")
    return path + query, body() if body else None


def _draft() -> dict[str, Any]:
    from seat.api.tests.test_consultation_check import good_draft

    return good_draft()


def _capture(world: World) -> dict[str, Any]:
    from seat.partners.tests.test_capture_api import body

    return body(world, roles.matrix.partners_of(world))


BENGALI = {
    "title": "সেশনে কী থাকা উচিত?",
    "purpose": "আপনার পরামর্শে বিষয় ঠিক হবে।",
    "questions": ["কোন সতর্ক সংকেত সবচেয়ে জরুরি?", "সেশন কে চালাবে?"],
}
QUERIES = {"/me/statement": "?from=2026-01-01&to=2026-12-31"}
BODIES: dict[tuple[str, str], Callable[[], dict[str, Any]]] = {
    ("POST", "/language/check"): lambda: {"text": "Our consultation.", "lang": "en"},
    ("POST", "/consultations/check"): _draft,
}

# Expected status for each person, in PEOPLE order.
API_MATRIX: dict[tuple[str, str], list[int]] = {
    # Public reference data and checks that store nothing: everyone, without a token.
    ("GET", "/api/v1/assessment/framework"): [
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
    ],
    # Lists: each person's own organisations' only (B's round never in A's answers).
    ("GET", "/api/v1/assessment/rounds"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("GET", "/api/v1/assessment/rounds/{round_id}"): [
        401,
        200,
        200,
        200,
        200,
        404,
        404,
        404,
        200,
        200,
        404,
    ],
    # Translating A's consultation: its managers; its other roles do not find it (404).
    ("GET", "/api/v1/consultations/{consultation_id}/translations"): [
        401,
        200,
        200,
        404,
        404,
        404,
        404,
        404,
        404,
        404,
        404,
    ],
    ("GET", "/api/v1/contributions"): [401, 200, 200, 403, 200, 200, 403, 403, 200, 403, 403],
    ("GET", "/api/v1/councils"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    # A's council: A's engagement readers; the facilitator and advisor of A refused (403).
    ("GET", "/api/v1/councils/{council_id}/recommendations"): [
        401,
        200,
        200,
        200,
        200,
        404,
        404,
        404,
        403,
        403,
        404,
    ],
    ("GET", "/api/v1/languages"): [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("GET", "/api/v1/me"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    # Her own input and statement: experts and advisors only.
    ("GET", "/api/v1/me/contributions"): [401, 403, 403, 403, 403, 403, 200, 200, 403, 200, 403],
    ("GET", "/api/v1/me/notifications"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("GET", "/api/v1/me/statement"): [401, 403, 403, 403, 403, 403, 200, 200, 403, 200, 403],
    ("GET", "/api/v1/organisations/{organisation_id}/insights"): [
        401,
        200,
        200,
        200,
        200,
        404,
        404,
        404,
        200,
        200,
        404,
    ],
    # Payments: A's admins and finance.
    ("GET", "/api/v1/payments"): [401, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403],
    # A collective's session: its facilitators only (seat/partners/tests/test_capture_api.py);
    # the host's managers see the request exist (403), nobody else does (404).
    ("POST", "/api/v1/captures"): [401, 403, 403, 404, 404, 404, 404, 404, 404, 404, 404],
    ("POST", "/api/v1/consultations/check"): [
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
    ],
    ("POST", "/api/v1/language/check"): [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    # Writing a translation: A's managers; nobody else finds the consultation.
    ("PUT", "/api/v1/consultations/{consultation_id}/translations/{language}"): [
        401,
        200,
        200,
        404,
        404,
        404,
        404,
        404,
        404,
        404,
        404,
    ],
}


def answer_of(world: World, who: str, method: str, path: str) -> int:
    def act() -> int:
        headers = {}
        if who != "anon":
            _token, shown = api_token_create(actor=user_of(world, who), name="matrix")
            headers["HTTP_AUTHORIZATION"] = f"Bearer {shown}"
        url, body = request_for(world, method, path)
        if path == f"{PREFIX}/captures":
            body = _capture(world)
        if method == "PUT":
            body = BENGALI
        data = json.dumps(body) if body is not None else None
        response = getattr(Client(), method.lower())(
            url, data, content_type="application/json", **headers
        )
        text = response.content.decode()
        if response.status_code < 300:
            if who not in OF_B:
                assert not [w for w in B_WORDS if w in text], (who, path, text[:300])
            else:
                assert not [w for w in A_WORDS if w in text], (who, path, text[:300])
        return response.status_code

    return roles.rolled_back(world, act)


@pytest.fixture
def data_of_both(more: World) -> World:
    """Councils and assessment rounds in A and in B, beside the world's projects and input."""
    from seat.assessment.services import round_open
    from seat.councils.tests.helpers import make_council

    more.council_a = make_council(more)  # type: ignore[attr-defined]
    make_council(more, organisation=more.org_b, name="B's private council")
    more.round_a = round_open(actor=more.staff_a, organisation=more.org_a, title="Autumn")  # type: ignore[attr-defined]
    round_open(actor=more.staff_b, organisation=more.org_b, title="Spring")
    return more


def test_every_operation_has_a_row():
    missing = operations() - set(API_MATRIX)
    assert not missing, (
        "These API operations have no row in API_MATRIX (seat/api/tests/test_api_matrix.py): "
        f"add one with every role's exact answer: {sorted(missing)}"
    )
    assert not set(API_MATRIX) - operations(), "rows for operations that are gone"


@pytest.mark.django_db
def test_api_matrix(data_of_both):
    from django.core.cache import caches

    got = {}
    for method, path in API_MATRIX:
        got[(method, path)] = []
        for who in PEOPLE:
            for alias in ("default", "axes"):
                caches[alias].clear()  # no rate limit carried from one call to the next
            got[(method, path)].append(answer_of(data_of_both, who, method, path))
    assert got == API_MATRIX
