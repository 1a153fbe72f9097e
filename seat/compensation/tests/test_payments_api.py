"""GET /api/v1/payments: for those who pay, their organisations' lines only, amounts as
decimal strings, filtered by status or overdue; 403 for anyone else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seat.accounts.enums import Role
from seat.api.services import api_token_create
from seat.compensation.tests.lines import clear_offer_lines, make_line
from seat.tests.personas import make_member


@pytest.fixture(autouse=True)
def _only_the_lines_made_here(world):
    clear_offer_lines()


def bearer_of(user) -> dict[str, str]:
    _token, shown = api_token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {shown}"}


def get(client, user, query: str = ""):
    return client.get(f"/api/v1/payments{query}", **bearer_of(user))


@pytest.mark.django_db
def test_a_line_as_finance_reads_it(client, world):
    line = make_line(
        world,
        worked_days_ago=40,
        rate="33.33",
        units="2.5",
        expenses_travel=Decimal("4.10"),
        expenses_data=Decimal("1.00"),
    )
    response = get(client, world.finance_a)
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "per_page": 50,
        "has_next": False,
        "items": [
            {
                "id": str(line.pk),
                "organisation": str(world.org_a.pk),
                "payee": "Tara",
                "paid_through": None,
                "work": "meeting",
                "for_what": "Advised on the shelter's hiring",
                "amount": "88.43",
                "fee": "83.33",
                "expenses": {
                    "travel": "4.10",
                    "data": "1.00",
                    "childcare": "0.00",
                    "other": "0.00",
                },
                "currency": "USD",
                "status": "owed",
                "due_on": line.due_on.isoformat(),
                "overdue": True,
                "paid_on": None,
                "method": None,
                "reference": None,
            }
        ],
    }
    assert "Tahmina" not in response.content.decode()


@pytest.mark.django_db
def test_a_currency_without_cents_has_none_in_its_strings(client, world):
    make_line(world, currency="XOF", rate="1500", units="3")
    (item,) = get(client, world.finance_a).json()["items"]
    assert (item["amount"], item["fee"], item["expenses"]["travel"]) == ("4500", "4500", "0")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["expert", "staff_a", "viewer_a", "staff_b"])
def test_anyone_who_does_not_pay_is_refused(client, world, who):
    make_line(world)
    user = world.expert.user if who == "expert" else getattr(world, who)
    response = get(client, user)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only an organisation's administrators and finance people see its payments."
    }


@pytest.mark.django_db
def test_only_the_organisations_one_pays_for(client, world):
    finance_b = make_member("finance-b", world.org_b, Role.FINANCE)
    theirs = make_line(world, organisation=world.org_b, expert=world.other_expert)
    mine = make_line(world)
    ids = {item["id"] for item in get(client, world.finance_a).json()["items"]}
    assert ids == {str(mine.pk)}
    ids = {item["id"] for item in get(client, finance_b).json()["items"]}
    assert ids == {str(theirs.pk)}


@pytest.mark.django_db
def test_status_filters_and_overdue(client, world):
    late_owed = make_line(world, worked_days_ago=40)
    late_approved = make_line(world, worked_days_ago=30, status="approved")
    on_time = make_line(world, worked_days_ago=1)
    late_paid = make_line(world, worked_days_ago=50, status="paid")
    cancelled = make_line(world, worked_days_ago=60, status="cancelled")

    def ids(query):
        response = get(client, world.admin_a, query)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    assert ids("?status=overdue") == [str(late_owed.pk), str(late_approved.pk)]
    assert ids("?status=owed") == [str(late_owed.pk), str(on_time.pk)]
    assert ids("?status=approved") == [str(late_approved.pk)]
    assert ids("?status=paid") == [str(late_paid.pk)]
    assert ids("?status=cancelled") == [str(cancelled.pk)]
    # Oldest due first.
    assert ids("") == [str(x.pk) for x in (cancelled, late_paid, late_owed, late_approved, on_time)]
    paid = get(client, world.admin_a, "?status=paid").json()["items"][0]
    assert (paid["overdue"], paid["method"], paid["reference"]) == (False, "bank", "TR-1")


@pytest.mark.django_db
def test_unknown_status_is_422(client, world):
    response = get(client, world.finance_a, "?status=late")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]


@pytest.mark.django_db
def test_pages(client, world):
    for _ in range(3):
        make_line(world)
    body = get(client, world.finance_a, "?per_page=2&page=2").json()
    assert (body["count"], body["has_next"], len(body["items"])) == (3, False, 1)
    assert get(client, world.finance_a, "?per_page=2").json()["has_next"] is True


@pytest.mark.django_db
def test_queries_do_not_grow_with_lines(client, world):
    make_line(world)
    headers = bearer_of(world.finance_a)
    client.get("/api/v1/payments", **headers)  # the token's first use is written once
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/payments", **headers)
    for _ in range(5):
        make_line(world, status="approved")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/payments", **headers)
    assert len(many) == len(one)


@pytest.mark.django_db
def test_the_document_says_who_may_call_and_what_status_means(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/payments"]["get"]
    assert {"200", "401", "403", "422", "429"} <= set(operation["responses"])
    status = next(p for p in operation["parameters"] if p["name"] == "status")
    assert "overdue" in str(status["schema"])
