"""GET /api/v1/me/statement: the caller's own statement of earnings, the same as her page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from seat.compensation.tests.lines import clear_offer_lines, make_line
from seat.compensation.tests.test_payments_api import bearer_of


@pytest.fixture(autouse=True)
def _only_the_lines_made_here(world):
    clear_offer_lines()


def get(client, user, query: str = ""):
    return client.get(f"/api/v1/me/statement{query}", **bearer_of(user))


@pytest.mark.django_db
def test_her_statement_with_totals_per_currency(client, world):
    owed = make_line(world, worked_days_ago=2, expenses_travel=Decimal("5.00"))
    late = make_line(world, worked_days_ago=30, status="approved", description="Trained staff")
    make_line(world, worked_days_ago=3, currency="BDT", rate="1000.00", units="1", status="paid")
    make_line(world, worked_days_ago=5, status="cancelled", description="Counted")
    response = get(client, world.expert.user)
    assert response.status_code == 200
    body = response.json()
    today = timezone.localdate()
    assert body["to"] == today.isoformat()
    assert body["totals"] == [
        {
            "currency": "BDT",
            "owed": "0.00",
            "approved": "0.00",
            "paid": "1000.00",
            "overdue": "0.00",
        },
        {
            "currency": "USD",
            "owed": "85.00",
            "approved": "80.00",
            "paid": "0.00",
            "overdue": "80.00",
        },
    ]
    assert [line["for_what"] for line in body["lines"]] == [
        "Trained staff",
        "Counted",
        "Advised on the shelter's hiring",
        "Advised on the shelter's hiring",
    ]
    first = body["lines"][0]
    assert first == {
        "id": str(late.pk),
        "organisation": "Organisation A",
        "for_what": "Trained staff",
        "work_on": late.work_on.isoformat(),
        "fee": "80.00",
        "expenses": {"travel": "0.00", "data": "0.00", "childcare": "0.00", "other": "0.00"},
        "amount": "80.00",
        "currency": "USD",
        "status": "approved",
        "overdue": True,
        "due_on": late.due_on.isoformat(),
        "paid_on": None,
        "method": None,
        "paid_through": None,
        "cancel_reason": None,
    }
    assert body["lines"][1]["cancel_reason"] == "Counted twice."
    recent = next(line for line in body["lines"] if line["id"] == str(owed.pk))
    assert recent["expenses"]["travel"] == "5.00" and recent["amount"] == "85.00"


@pytest.mark.django_db
def test_the_period_is_by_the_day_of_the_work(client, world):
    line = make_line(world, worked_days_ago=10)
    day = line.work_on.isoformat()
    after = (line.work_on + datetime.timedelta(days=1)).isoformat()
    assert len(get(client, world.expert.user, f"?from={day}&to={day}").json()["lines"]) == 1
    body = get(client, world.expert.user, f"?from={after}&to={after}").json()
    assert body == {"from": after, "to": after, "totals": [], "lines": []}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?from=2026-03-31&to=2026-03-01",
        "?from=2026-02-30&to=2026-03-01",
        "?from=2026-03-01",
        "?from=2025-01-01&to=2026-03-01",
    ],
)
def test_a_bad_period_is_422_with_where_and_why(client, world, query):
    response = get(client, world.expert.user, query)
    assert response.status_code == 422
    issues = response.json()["detail"]
    assert issues and all(issue["loc"][0] == "query" and issue["msg"] for issue in issues)


@pytest.mark.django_db
def test_only_her_own_lines_and_only_for_an_expert(client, world):
    make_line(world, worked_days_ago=2)
    assert get(client, world.other_expert.user).json()["lines"] == []
    for user in [world.finance_a, world.staff_a, world.staff_b]:
        response = get(client, user)
        assert response.status_code == 403
        assert response.json()["detail"]


@pytest.mark.django_db
def test_an_expert_asking_for_the_finance_list_is_refused(client, world):
    response = client.get("/api/v1/payments", **bearer_of(world.expert.user))
    assert response.status_code == 403
