"""``POST /api/v1/consultations/check``: the quality check of a draft, without login and without
saving anything; bad input gets field-level 400/413/422 answers, never a 500."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from seat.api import limits
from seat.api.services import api_token_create
from seat.consultations import api as check_api
from seat.consultations import quality
from seat.consultations.enums import Influence, MaterialState, PayUnit, Stage
from seat.consultations.models import Consultation, ConsultationCheck
from seat.core.bounds import LEAD_DAYS_DEFAULT

URL = "/api/v1/consultations/check"


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def good_draft(**changes: Any) -> dict[str, Any]:
    """A consultation done well: early, paid above Bangladesh's floor, in the readers' language,
    with a support contact, enough time, and questions that ask for expertise."""
    draft: dict[str, Any] = {
        "title": "Shaping the new shelter's admission rules",
        "purpose": "We are drafting the rules and will change them where you advise us to.",
        "questions": [
            "What should the admission process do differently?",
            "What would make the first night safer?",
        ],
        "stage": "design",
        "material_state": "early_draft",
        "invite_on": day(7),
        "respond_by": day(7 + 21),
        "format": "written",
        "languages": ["bn", "en"],
        "participant_languages": ["bn"],
        "interpretation": False,
        # 1,000 BDT for two hours: 500 an hour, above the floor of 181.
        "compensation": {
            "amount": "1000",
            "currency": "BDT",
            "unit": "flat",
            "expenses_covered": True,
        },
        "expected_hours": 2,
        "influence": "involve",
        "support_contact": "Asha, survivor-support worker, +880 1711 000000",
        "country": "BD",
        "lang": "en",
    }
    draft.update(changes)
    return draft


def poor_draft() -> dict[str, Any]:
    """Five days' notice, no pay, final text, English only for Bengali readers, nobody to call,
    a labelling title, a question asking people to describe their abuse."""
    return good_draft(
        title="Consultation with former victims",
        questions=["Describe the abuse you suffered."],
        material_state="final",
        invite_on=day(1),
        respond_by=day(6),
        languages=["en"],
        compensation=None,
        expected_hours=20,
        influence="inform",
        support_contact=None,
    )


def stored() -> tuple[int, int]:
    return Consultation.objects.count(), ConsultationCheck.objects.count()


def post(client: Client, body: object, **extra: Any):
    """The answer to ``body``, having checked that no consultation or stored check came of it."""
    before = stored()
    response = client.post(URL, json.dumps(body), content_type="application/json", **extra)
    assert stored() == before
    return response


def codes(response) -> list[tuple[str, str, str | None]]:
    assert response.status_code == 200, response.content
    # The answer is what the document promises.
    check_api.ConsultationCheckOut.model_validate(response.json())
    return [(f["code"], f["severity"], f["field"]) for f in response.json()["findings"]]


pytestmark = pytest.mark.django_db


# --- What the check answers ----------------------------------------------------------------------


def test_a_good_draft_has_no_findings_and_scores_100(client):
    response = post(client, good_draft())
    assert response.json() == {"score": 100, "findings": []}


def test_a_poor_draft_gets_every_blocker_and_how_to_fix_it(client):
    response = post(client, poor_draft())
    assert codes(response) == [
        ("short_lead_time", "blocker", "respond_by"),
        ("late_stage", "warning", "material_state"),
        ("unpaid", "blocker", "compensation"),
        ("expenses_not_covered", "warning", "compensation"),
        ("no_interpretation", "warning", "languages"),
        ("story_extraction", "blocker", "questions"),
        ("stigmatising_language", "warning", "title"),
        ("inform_only", "warning", "influence"),
        ("no_support", "warning", "support_contact"),
        ("effort_exceeds_time", "warning", "expected_hours"),
    ]
    findings = {f["code"]: f["message"] for f in response.json()["findings"]}
    # The new-organisation default, not a number of this module's own.
    assert findings["short_lead_time"] == (
        f"People get 5 days between the invitation and the last day; give them at least "
        f"{LEAD_DAYS_DEFAULT}. Move the last day later, or send the invitations sooner."
    )
    assert findings["unpaid"].startswith("Nothing is paid.")
    assert findings["story_extraction"].startswith("Question 1: ")
    # 3 blockers and 7 warnings cost 160: the score stops at 0.
    assert response.json()["score"] == 0


def test_below_the_countrys_fair_pay_floor_is_a_warning(client):
    pay = {"amount": "100", "currency": "BDT", "unit": "hour", "expenses_covered": True}
    response = post(client, good_draft(compensation=pay))
    assert response.json() == {
        "score": 90,
        "findings": [
            {
                "code": "below_fair_rate",
                "severity": "warning",
                "message": "This pays 100 BDT an hour, below the fair-pay floor of 181 BDT an "
                "hour for this country. Raise the rate.",
                "field": "compensation",
            }
        ],
    }


@pytest.mark.parametrize(
    ("changes", "score"),
    [
        ({}, 100),
        # One blocker code: 30.
        ({"respond_by": day(7 + 5)}, 70),
        # A blocker and a warning: 40.
        ({"respond_by": day(7 + 5), "material_state": "near_final"}, 60),
        # Two stigmatising words are one code: 10 once.
        ({"title": "Former victims and prostitutes"}, 90),
        # Info costs nothing: pay in another currency than the floor's.
        (
            {
                "compensation": {
                    "amount": "20",
                    "currency": "USD",
                    "unit": "hour",
                    "expenses_covered": True,
                }
            },
            100,
        ),
        # No pay at all: unpaid (30) and expenses not covered (10).
        ({"compensation": None}, 60),
    ],
)
def test_score_is_100_less_30_per_blocker_code_and_10_per_warning_code(client, changes, score):
    assert post(client, good_draft(**changes)).json()["score"] == score


def test_a_flat_payment_is_one_session_for_the_whole_time(client):
    # 200 BDT for two hours is 100 an hour; read "per hour" it would be 200, above the floor.
    flat = {"amount": "200", "currency": "BDT", "unit": "flat", "expenses_covered": True}
    hourly = dict(flat, unit="hour")
    assert codes(post(client, good_draft(compensation=flat))) == [
        ("below_fair_rate", "warning", "compensation")
    ]
    assert codes(post(client, good_draft(compensation=hourly))) == []


def test_every_choice_of_the_api_maps_to_the_models_own():
    document_enums = check_api.ConsultationDraftIn.model_json_schema()["properties"]
    assert list(check_api.STAGES) == document_enums["stage"]["enum"]
    assert list(check_api.MATERIAL_STATES) == document_enums["material_state"]["enum"]
    assert list(check_api.INFLUENCES) == document_enums["influence"]["enum"]
    assert set(check_api.STAGES.values()) == set(Stage.values)
    assert set(check_api.MATERIAL_STATES.values()) == set(MaterialState.values)
    assert set(check_api.INFLUENCES.values()) == set(Influence.values)
    assert check_api.PAY_UNITS == {"hour": "hour", "day": "day", "flat": "session"}
    assert set(check_api.PAY_UNITS.values()) == set(PayUnit.values)


@pytest.mark.parametrize(
    ("material_state", "influence", "expected"),
    [
        ("concept", "consult", []),
        ("near_final", "collaborate", ["late_stage"]),
        ("final", "empower", ["late_stage"]),
        ("early_draft", "inform", ["inform_only"]),
    ],
)
def test_material_and_influence_reach_the_check(client, material_state, influence, expected):
    response = post(client, good_draft(material_state=material_state, influence=influence))
    assert [code for code, _severity, _field in codes(response)] == expected


def test_the_anonymous_policy_is_a_new_organisations_in_the_bodys_country():
    assert check_api.anonymous_policy("NP") == quality.CheckPolicy(
        min_lead_days=LEAD_DAYS_DEFAULT, country="NP"
    )


def test_messages_come_in_the_callers_language(client):
    response = post(client, good_draft(compensation=None), HTTP_ACCEPT_LANGUAGE="bn")
    with translation.override("bn"):
        unpaid = quality._pay(
            quality.Draft(**_draft_fields(compensation=None)), quality.CheckPolicy()
        )
    assert response.json()["findings"][0]["message"] == unpaid[0].message
    assert unpaid[0].message != "Nothing is paid."


def _draft_fields(**changes: Any) -> dict[str, Any]:
    fields = {
        "title": "",
        "purpose": "",
        "questions": (),
        "material_state": "concept",
        "influence": "consult",
        "opens_on": None,
        "deadline": None,
        "expected_hours": None,
        "compensation": None,
        "expenses_covered": True,
        "languages": (),
        "participant_languages": (),
        "interpretation": False,
    }
    fields.update(changes)
    return fields


# --- Who may call it -----------------------------------------------------------------------------


def test_no_login_and_no_csrf_token_are_needed_even_for_a_signed_in_browser(world):
    browser = Client(enforce_csrf_checks=True)
    assert post(browser, good_draft()).json()["score"] == 100
    browser.force_login(world.staff_a)
    assert post(browser, good_draft()).json()["score"] == 100


def test_a_bearer_token_is_welcome_but_not_needed(client, world):
    _token, shown = api_token_create(actor=world.staff_a, name="drafting")
    response = post(client, good_draft(), HTTP_AUTHORIZATION=f"Bearer {shown}")
    assert response.json() == {"score": 100, "findings": []}


@pytest.fixture
def frozen(monkeypatch):
    """15 seconds into a minute, for the whole test: the window cannot roll over mid-count."""
    monkeypatch.setattr(limits.time, "time", lambda: 60 * 29_000_000 + 15.2)


def test_an_author_can_check_60_times_a_minute_and_no_more_by_default(client, settings, frozen):
    assert settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE == 60
    statuses = [post(client, good_draft()).status_code for _ in range(61)]
    assert statuses == [200] * 60 + [429]
    refused = post(client, good_draft())
    assert refused.json() == {"detail": "Too many requests. Wait a minute and try again."}
    assert refused["Retry-After"] == "45"


def test_nothing_is_saved_even_beside_saved_consultations(client, world):
    before = stored()
    assert before[0] > 0
    assert post(client, poor_draft()).status_code == 200
    assert post(client, good_draft()).status_code == 200
    assert stored() == before


def test_the_allowance_is_configurable(client, settings, frozen):
    settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE = 199
    statuses = [post(client, {}).status_code for _ in range(200)]
    # Refused bodies count too: the 200th request of the minute is refused.
    assert statuses == [422] * 199 + [429]


# --- Bad input -----------------------------------------------------------------------------------


def issue(*loc: str | int, msg: str, type: str) -> dict[str, Any]:
    return {"loc": ["body", "payload", *loc], "msg": msg, "type": type}


PAY = {"amount": "1000", "currency": "BDT", "unit": "flat", "expenses_covered": True}


@pytest.mark.parametrize(
    ("changes", "issues"),
    [
        (
            {"title": 5},
            [issue("title", msg="Input should be a valid string", type="string_type")],
        ),
        (
            {"stage": "launch"},
            [
                issue(
                    "stage",
                    msg="Input should be 'design', 'implementation' or 'evaluation'",
                    type="literal_error",
                )
            ],
        ),
        (
            {"interpretation": "yes"},
            [issue("interpretation", msg="Input should be a valid boolean", type="bool_type")],
        ),
        (
            {"expected_hours": "2"},
            [issue("expected_hours", msg="Input should be a valid number", type="float_type")],
        ),
        (
            {"expected_hours": 0},
            [
                issue(
                    "expected_hours",
                    msg="Input should be greater than 0",
                    type="greater_than",
                )
            ],
        ),
        (
            {"invite_on": day(20), "respond_by": day(10)},
            [
                issue(
                    "respond_by",
                    msg="The last day to respond is before the invitations go out.",
                    type="date_order",
                )
            ],
        ),
        (
            {"invite_on": day(-20), "respond_by": day(-1)},
            [
                issue(
                    "respond_by",
                    msg="The last day to respond has passed.",
                    type="date_in_past",
                )
            ],
        ),
        (
            {"respond_by": "2026-02-30"},
            [
                issue(
                    "respond_by",
                    msg="Input should be a valid date or datetime, day value is outside "
                    "expected range",
                    type="date_from_datetime_parsing",
                )
            ],
        ),
        (
            {"respond_by": 20260301},
            [
                issue(
                    "respond_by",
                    msg="Enter the date as text, YYYY-MM-DD, for example “2026-03-01”.",
                    type="date_type",
                )
            ],
        ),
        (
            {"compensation": dict(PAY, amount="-5")},
            [
                issue(
                    "compensation", "amount", msg="This cannot be negative.", type="negative_amount"
                )
            ],
        ),
        (
            {"compensation": dict(PAY, amount="a lot")},
            [
                issue(
                    "compensation",
                    "amount",
                    msg="Enter the amount as digits, for example “1500” or “12.50”.",
                    type="not_an_amount",
                )
            ],
        ),
        (
            {"compensation": dict(PAY, amount="50000000")},
            [
                issue(
                    "compensation",
                    "amount",
                    msg="The most Seat accepts here is 1,000,000 BDT. Check the amount.",
                    type="amount_out_of_range",
                )
            ],
        ),
        (
            {"compensation": dict(PAY, currency="XYZ")},
            [
                issue(
                    "compensation",
                    "currency",
                    msg="Seat does not know the currency “XYZ”. Use one of: BDT, COP, EUR, GBP, "
                    "IDR, INR, KHR, MXN, MYR, NPR, PHP, THB, USD, VND, XOF.",
                    type="unknown_currency",
                )
            ],
        ),
        (
            {"compensation": dict(PAY, unit="week")},
            [
                issue(
                    "compensation",
                    "unit",
                    msg="Input should be 'hour', 'day' or 'flat'",
                    type="literal_error",
                )
            ],
        ),
        (
            {"country": "XX"},
            [
                issue(
                    "country",
                    msg="Unknown country code “XX”: use an ISO 3166 alpha-2 code such as BD or NP.",
                    type="unknown_country",
                )
            ],
        ),
        (
            {"participant_languages": ["bn", "zz"]},
            [
                issue(
                    "participant_languages",
                    1,
                    msg="Unknown language code “zz”: use an ISO 639 code such as en, bn or es.",
                    type="unknown_language",
                )
            ],
        ),
        (
            {"questions": ["What should change?"] * 500},
            [
                issue(
                    "questions",
                    msg="List should have at most 100 items after validation, not 500",
                    type="too_long",
                )
            ],
        ),
        (
            {"purpose": "x" * 4001},
            [
                issue(
                    "purpose",
                    msg="String should have at most 4000 characters",
                    type="string_too_long",
                )
            ],
        ),
    ],
)
def test_bad_input_gets_field_level_errors(client, changes, issues):
    response = post(client, good_draft(**changes))
    assert (response.status_code, response.json()) == (422, {"detail": issues})


def test_every_problem_is_named_at_once(client):
    body = good_draft(country="bd", compensation=dict(PAY, amount="-1", currency="usd"))
    response = post(client, body)
    assert response.status_code == 422
    assert [i["loc"][2:] for i in response.json()["detail"]] == [
        ["compensation", "amount"],
        ["compensation", "currency"],
        ["country"],
    ]


def test_a_missing_field_is_named(client):
    body = good_draft()
    del body["respond_by"]
    response = post(client, body)
    assert (response.status_code, response.json()["detail"]) == (
        422,
        [issue("respond_by", msg="Field required", type="missing")],
    )


def test_malformed_json_is_400(client):
    response = client.post(URL, '{"title": "unfinished', content_type="application/json")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "The request could not be read: check that the body is valid JSON."},
    )


def test_a_megabyte_of_text_is_413(client):
    response = post(client, good_draft(purpose="x" * 1024 * 1024))
    assert (response.status_code, response.json()) == (
        413,
        {"detail": "The request is too large."},
    )


@pytest.mark.parametrize("body", [None, [], "draft", 7, True])
def test_a_body_that_is_not_an_object_is_422(client, body):
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["body", "payload"]


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(sorted(good_draft())),
    value=JSONISH,
    payment_field=st.sampled_from(sorted(PAY)),
    payment_value=JSONISH,
)
def test_no_body_ever_gets_a_500(client, settings, field, value, payment_field, payment_value):
    settings.SEAT_API_ANONYMOUS_REQUESTS_PER_MINUTE = 1_000_000
    body = good_draft(**{field: value})
    for sent in (value, body, good_draft(compensation=dict(PAY, **{payment_field: payment_value}))):
        response = post(client, sent)
        assert response.status_code in {200, 400, 413, 422}, response.content


# --- The document --------------------------------------------------------------------------------


def test_the_openapi_document_lists_it_with_its_request_schema(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["post"]
    assert operation["summary"] == "Check a draft consultation"
    assert "security" not in operation
    assert set(operation["responses"]) == {"200", "400", "413", "422", "429", "503"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ConsultationDraftIn"}
    schema = document["components"]["schemas"]["ConsultationDraftIn"]
    assert list(schema["properties"]) == [
        "title",
        "purpose",
        "questions",
        "stage",
        "material_state",
        "invite_on",
        "respond_by",
        "format",
        "languages",
        "participant_languages",
        "interpretation",
        "compensation",
        "expected_hours",
        "influence",
        "support_contact",
        "country",
        "lang",
    ]
    assert set(schema["required"]) == set(schema["properties"]) - {
        "compensation",
        "support_contact",
        "lang",
    }
    assert schema["properties"]["questions"]["maxItems"] == check_api.MAX_QUESTIONS
    assert schema["properties"]["country"]["pattern"] == "^[A-Z]{2}$"


def test_field_errors_come_in_the_callers_language_too(client):
    body = good_draft(invite_on=day(-20), respond_by=day(-1))
    response = post(client, body, HTTP_ACCEPT_LANGUAGE="es")
    assert response.json()["detail"] == [
        issue("respond_by", msg="El último día para responder ya pasó.", type="date_in_past")
    ]


@pytest.mark.django_db
def test_the_readme_example_runs_and_answers_as_the_readme_says(client: Client, tmp_path) -> None:
    """The README's shell example, run by bash with ``curl`` standing in to keep the body it
    would send: its dates count from today, so it never turns into a 422 as time passes."""
    import re
    import shutil
    import subprocess
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    start = readme.index("curl -X POST http://127.0.0.1:8000/api/v1/consultations/check")
    script, _, said = readme[start:].partition("\nJSON\n")
    said = said.partition("```")[0]
    bash = shutil.which("bash")
    assert bash
    body = tmp_path / "body.json"
    stub = f'curl() {{ cat > "{body}"; }}\n'
    subprocess.run([bash, "-c", stub + script + "\nJSON\n"], check=True, timeout=10)
    response = client.post(
        URL, body.read_bytes(), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200, response.content
    codes = [finding["code"] for finding in response.json()["findings"]]
    assert codes == re.findall(r'"code": "([a-z_]+)"', said)
    assert response.json()["score"] == int(re.search(r'"score": (\d+)', said).group(1))
    assert response.json()["findings"][0]["message"].startswith("People get 5 days between")


@pytest.mark.django_db
def test_an_invitation_day_in_the_past_does_not_hide_short_notice(client):
    """Invitations cannot go out on a day already past: the notice counts from today."""
    response = post(client, good_draft(invite_on=day(-60), respond_by=day(5)))
    assert ("short_lead_time", "blocker", "respond_by") in codes(response)
