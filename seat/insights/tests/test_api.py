"""GET /api/v1/organisations/{id}/insights: the issue's keys, the figures insights_compute
finds, for the organisation's members only, and a clear answer to a period it cannot measure."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from seat.accounts.enums import Role
from seat.api.services import api_token_create
from seat.insights.metrics import Period, Scope, insights_compute
from seat.insights.selectors import report_for
from seat.insights.serialise import insights_dict
from seat.tests.personas import make_member, make_org

pytestmark = pytest.mark.django_db

KEYS = {
    "period",
    "scope",
    "counts",
    "stage_coverage",
    "early_input",
    "lead_time",
    "paid_share",
    "pay_parity",
    "time_to_pay",
    "loop_closure",
    "influence",
    "continuity",
    "partnership",
    "diversity",
    "ladder",
    "overrides",
    "self_assessment",
    "definitions",
}


def url(organisation_id, query: str = "") -> str:
    return f"/api/v1/organisations/{organisation_id}/insights" + (f"?{query}" if query else "")


def bearer(user) -> dict[str, str]:
    _token, shown = api_token_create(actor=user, name="insights")
    return {"HTTP_AUTHORIZATION": f"Bearer {shown}"}


def answered_and_paid(world) -> None:
    """World's input answered (adopted) and paid, its consultation closed, through services."""
    from seat.accountability.services import response_record
    from seat.compensation.services import payment_approve, payment_pay, payment_record
    from seat.consultations.services import consultation_close

    response_record(
        actor=world.staff_a, contribution=world.contribution, outcome="adopted", reason="Done."
    )
    consultation_close(actor=world.staff_a, consultation=world.consultation)
    line = payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal("2"),
        unit="hour",
        rate=Decimal("25.00"),
        currency="USD",
    )
    line = payment_approve(actor=world.finance_a, payment=line)
    payment_pay(actor=world.admin_a, payment=line, method="cash", reference="R-1")


def test_a_member_gets_exactly_the_issues_keys(client, world):
    response = client.get(url(world.org_a.pk), **bearer(world.staff_a))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    # Too few people took part to show who they are (diversity.py): no table, no count.
    assert body["diversity"]["enough_people"] is False
    assert body["diversity"]["people"] is None
    assert all(table["rows"] == [] for table in body["diversity"]["tables"])
    assert set(body["definitions"]) == {
        "stage_coverage",
        "early_input",
        "lead_time",
        "paid_share",
        "pay_parity",
        "time_to_pay",
        "loop_closure",
        "influence",
        "continuity",
        "partnership",
        "diversity",
        "overrides",
    }


def test_the_figures_are_insights_computes_for_data_made_through_services(client, world):
    answered_and_paid(world)
    today = timezone.localdate()
    response = client.get(url(world.org_a.pk), **bearer(world.admin_a))
    body = response.json()
    period = Period(
        start=today.replace(year=today.year - 1) + datetime.timedelta(days=1), end=today
    )
    expected = insights_dict(report_for(scope=Scope(world.org_a), period=period))
    assert body == expected
    computed = insights_compute(scope=Scope(world.org_a), period=period)
    assert body["counts"] == {"consultations": 1, "contributions": 1, "people": 1}
    assert body["loop_closure"]["answered"] == {"part": 1, "whole": 1, "percent": 100}
    assert body["influence"]["input_adopted"] == {"part": 1, "whole": 1, "percent": 100}
    assert body["influence"]["levels"] == {
        "inform": 0,
        "consult": 0,
        "involve": 0,
        "collaborate": 1,
        "empower": 0,
    }
    assert body["time_to_pay"]["paid_on_time"] == {"part": 1, "whole": 1, "percent": 100}
    assert body["time_to_pay"]["count"] == computed.time_to_pay.median.count == 1
    assert body["time_to_pay"]["days"] == "0.0"
    assert body["lead_time"] == {
        "days": "21.0",
        "count": 1,
        "shorter_than_minimum": 0,
        "minimum_days": 14,
    }
    assert body["stage_coverage"]["stages"]["design"] == {"part": 1, "whole": 1, "percent": 100}
    assert body["scope"] == {
        "level": "organisation",
        "organisation": str(world.org_a.pk),
        "project": None,
        "consultation": None,
    }
    # Organisation B's input counts nowhere in A's figures.
    assert body["counts"]["contributions"] == computed.contributions == 1


def test_money_is_strings_never_floats(client, world):
    from seat.compensation.rates import rate_card_create

    rate_card_create(
        actor=world.admin_a,
        organisation=world.org_a,
        role="consultant",
        unit="hour",
        currency="USD",
        survivor_rate=Decimal("20.00"),
        peer_rate=Decimal("25.00"),
    )
    body = client.get(url(world.org_a.pk), **bearer(world.staff_a)).json()
    assert body["pay_parity"] == {
        "lowest_percent": 80,
        "below_parity": 1,
        "rate_cards": [
            {
                "role": "consultant",
                "unit": "hour",
                "currency": "USD",
                "survivor_rate": "20.00",
                "peer_rate": "25.00",
                "percent": 80,
            }
        ],
    }


@pytest.mark.parametrize("who", ["admin_a", "staff_a", "finance_a", "viewer_a"])
def test_every_role_of_the_organisation_reads_it(client, world, who):
    response = client.get(url(world.org_a.pk), **bearer(getattr(world, who)))
    assert response.status_code == 200
    assert response.json()["scope"]["organisation"] == str(world.org_a.pk)


def test_a_survivor_advisor_reads_it_too(client, world):
    from seat.tests.personas import make_advisor

    make_advisor(world.expert.user, world.org_a)
    response = client.get(url(world.org_a.pk), **bearer(world.expert.user))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "who, organisation",
    [
        ("staff_b", "org_a"),
        ("staff_a", "org_b"),
        ("expert", "org_a"),
        ("other_expert", "org_b"),
    ],
)
def test_anyone_outside_the_organisation_gets_404(client, world, who, organisation):
    person = getattr(world, who)
    user = getattr(person, "user", person)
    response = client.get(url(getattr(world, organisation).pk), **bearer(user))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_unknown_organisation_is_404_and_a_malformed_id_422(client, world):
    headers = bearer(world.staff_a)
    assert client.get(url(uuid.uuid4()), **headers).status_code == 404
    assert client.get(url("not-a-uuid"), **headers).status_code == 422


def test_another_organisations_project_or_consultation_is_404(client, world):
    headers = bearer(world.staff_a)
    for query in (f"project={world.project_b.pk}", f"consultation={world.consultation_b.pk}"):
        assert client.get(url(world.org_a.pk, query), **headers).status_code == 404
    assert client.get(url(world.org_a.pk, f"project={uuid.uuid4()}"), **headers).status_code == 404


def test_a_project_or_a_consultation_narrows_the_scope(client, world):
    headers = bearer(world.staff_a)
    body = client.get(url(world.org_a.pk, f"project={world.project.pk}"), **headers).json()
    assert body["scope"]["level"] == "project"
    assert body["scope"]["project"] == str(world.project.pk)
    assert body["self_assessment"] is None
    body = client.get(
        url(world.org_a.pk, f"consultation={world.consultation.pk}"), **headers
    ).json()
    assert body["scope"] == {
        "level": "consultation",
        "organisation": str(world.org_a.pk),
        "project": str(world.project.pk),
        "consultation": str(world.consultation.pk),
    }


def test_without_a_login_it_is_401(client, world):
    response = client.get(url(world.org_a.pk))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_backwards_period_is_422_saying_why(client, world):
    response = client.get(
        url(world.org_a.pk, "start=2026-06-30&end=2026-01-01"), **bearer(world.staff_a)
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["query", "end"],
                "msg": "The period ends before it starts.",
                "type": "value_error",
            }
        ]
    }


def test_a_period_before_2000_is_422_saying_why(client, world):
    response = client.get(
        url(world.org_a.pk, "start=1999-12-31&end=2026-01-01"), **bearer(world.staff_a)
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "start"], "msg": "Choose a period after 2000.", "type": "value_error"}
    ]


def test_an_unreadable_date_is_422(client, world):
    response = client.get(url(world.org_a.pk, "start=2026-02-31"), **bearer(world.staff_a))
    assert response.status_code == 422


def test_the_period_asked_for_is_the_one_measured(client, world):
    body = client.get(
        url(world.org_a.pk, "start=2025-01-01&end=2025-12-31"), **bearer(world.staff_a)
    ).json()
    assert body["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    # World's consultation opened today, outside 2025.
    assert body["counts"] == {"consultations": 0, "contributions": 0, "people": 0}


def test_an_empty_organisation_has_no_data_yet_and_no_error(client, db):
    empty = make_org("Nothing yet")
    admin = make_member("admin-empty", empty, Role.ADMIN)
    response = client.get(url(empty.pk), **bearer(admin))
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {"consultations": 0, "contributions": 0, "people": 0}
    for key in ("early_input", "paid_share", "partnership"):
        assert body[key] == {"part": 0, "whole": 0, "percent": None}
    assert body["lead_time"]["days"] is None
    assert body["time_to_pay"]["days"] is None
    assert body["loop_closure"]["answered"]["percent"] is None
    assert body["pay_parity"]["lowest_percent"] is None
    assert body["stage_coverage"] == {
        "projects": 0,
        "stages": {
            stage: {"part": 0, "whole": 0, "percent": None}
            for stage in ("design", "implementation", "evaluation")
        },
    }
    assert body["ladder"]["rung"] == "tokenistic"
    assert body["overrides"] == {"count": 0, "consultations": []}
    assert body["self_assessment"] is None


def test_overrides_list_each_consultation_opened_over_blockers(client, world):
    from seat.tests.personas import OVERRIDE_REASON, make_consultation

    opened = make_consultation(
        world.staff_a,
        world.project,
        override_by=world.admin_a,
        title="Quick look",
        pay_rate=Decimal("0"),
    )
    body = client.get(url(world.org_a.pk), **bearer(world.staff_a)).json()
    assert body["overrides"]["count"] == 1
    (override,) = body["overrides"]["consultations"]
    assert override["consultation"] == str(opened.pk)
    assert override["title"] == "Quick look"
    assert override["reason"] == OVERRIDE_REASON
    assert override["blockers"] >= 1


def test_definitions_come_in_the_callers_language(client, world):
    from django.utils import translation

    body = client.get(
        url(world.org_a.pk), HTTP_ACCEPT_LANGUAGE="es", **bearer(world.staff_a)
    ).json()
    with translation.override("es"):
        from seat.insights.metrics import DEFINITIONS

        assert body["definitions"]["lead_time"] == str(DEFINITIONS["lead_time"])
    with translation.override("en"):
        assert body["definitions"]["lead_time"] != str(DEFINITIONS["lead_time"])
    assert body["definitions"]["lead_time"].startswith("Mediana de días")


def test_the_openapi_document_describes_the_answer(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/organisations/{organisation_id}/insights"]["get"]
    assert set(operation["responses"]) >= {"200", "401", "404", "422", "429"}
    schema = document["components"]["schemas"]["InsightsOut"]
    assert set(schema["properties"]) == KEYS
    assert {p["name"] for p in operation["parameters"]} == {
        "organisation_id",
        "start",
        "end",
        "project",
        "consultation",
    }


def test_the_query_count_does_not_grow_with_the_input(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seat.tests.personas import make_contribution, make_expert, make_invitation

    headers = bearer(world.staff_a)
    client.get(url(world.org_a.pk), **headers)  # the token's first use is written down once
    with CaptureQueriesContext(connection) as one:
        client.get(url(world.org_a.pk), **headers)
    for n in range(5):
        expert = make_expert(f"more-{n}", f"More {n}")
        make_contribution(make_invitation(world.staff_a, world.consultation, expert, accept=True))
    with CaptureQueriesContext(connection) as refreshing:
        assert client.get(url(world.org_a.pk), **headers).json()["counts"]["contributions"] == 6
    with CaptureQueriesContext(connection) as six:
        assert client.get(url(world.org_a.pk), **headers).json()["counts"]["contributions"] == 6
    assert len(six.captured_queries) == len(one.captured_queries)
    # The first read after the input computes its consultation's summary again: a fixed
    # handful of queries, however many contributions it holds.
    assert len(refreshing.captured_queries) <= len(one.captured_queries) + 8


@pytest.mark.parametrize("query", ["end=0001-01-05", "start=0001-01-01&end=0001-01-02"])
def test_an_end_in_the_year_1_is_422_not_a_server_error(client, world, query):
    response = client.get(url(world.org_a.pk, query), **bearer(world.staff_a))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Choose a period after 2000."


def test_a_consultation_left_chosen_under_another_project_gives_way_to_the_project(client, world):
    from seat.tests.personas import make_project

    other = make_project(world.staff_a, world.org_a, "Another project")
    query = f"project={other.pk}&consultation={world.consultation.pk}"
    scope = client.get(url(world.org_a.pk, query), **bearer(world.staff_a)).json()["scope"]
    assert scope == {
        "level": "project",
        "organisation": str(world.org_a.pk),
        "project": str(other.pk),
        "consultation": None,
    }
