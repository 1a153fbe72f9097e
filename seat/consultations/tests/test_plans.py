"""Engagement plans: survivor input planned at each stage of a project, and what was gathered."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seat.consultations import plans
from seat.consultations.models import Change, EngagementPlan
from seat.core.models import AuditEvent
from seat.tests.personas import make_consultation, make_contribution, make_invitation, make_plan


def _day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def plan_fields(**overrides) -> dict:
    fields = {
        "stage": "evaluation",
        "method": "advisory_council",
        "starts_on": _day(100),
        "ends_on": _day(160),
        "budget": Decimal("2500.00"),
        "currency": "USD",
        "lead": "Amar Kantha Survivor Collective",
        "survivor_led": True,
    }
    fields.update(overrides)
    return fields


def plan_form(**overrides) -> dict:
    """The plan form as a browser sends it."""
    data = {
        "stage": "evaluation",
        "method": "advisory_council",
        "starts_on": _day(100).isoformat(),
        "ends_on": _day(160).isoformat(),
        "budget": "2500.00",
        "currency": "USD",
        "lead": "Amar Kantha Survivor Collective",
        "survivor_led": "on",
        "form_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# The services ---------------------------------------------------------------------------------


def test_a_plan_is_made_with_its_history_and_audit_row(world):
    plan = plans.engagement_plan_create(actor=world.staff_a, project=world.project, **plan_fields())
    assert (plan.stage, plan.method, plan.budget, plan.currency) == (
        "evaluation",
        "advisory_council",
        Decimal("2500.00"),
        "USD",
    )
    change = Change.objects.get(project=world.project)
    assert (change.kind, change.plan_stage, change.consultation) == ("added", "evaluation", None)
    # Who leads is free text: the history never copies it.
    assert "lead" not in change.fields
    assert change.fields["budget"] == [None, "2500.00"]
    assert AuditEvent.objects.filter(verb="engagement_plan.create", object_id=str(plan.pk)).count()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"starts_on": _day(30), "ends_on": _day(29)},
            "ends_on",
            "The planned end cannot come before the planned start.",
        ),
        ({"budget": Decimal("-1")}, "budget", "The budget cannot be negative."),
        ({"currency": "XYZ"}, "currency", "Choose a currency from the list."),
        ({"budget": Decimal("10.5"), "currency": "VND"}, "budget", "VND has no smaller unit"),
        ({"budget": Decimal("2000000000")}, "budget", "The most Seat accepts here is"),
        ({"starts_on": datetime.date(1, 1, 1)}, "starts_on", "Choose a date between"),
        ({"lead": "   "}, "lead", "Say who leads"),
        ({"method": "telepathy"}, "method", "Choose a method from the list."),
    ],
)
def test_bad_input_is_refused_whole_with_its_reason(world, overrides, field, message):
    with pytest.raises(plans.PlanError) as refused:
        plans.engagement_plan_create(
            actor=world.staff_a, project=world.project, **plan_fields(**overrides)
        )
    assert message in refused.value.problems[field]
    assert not EngagementPlan.objects.exists() and not Change.objects.exists()


def test_a_stage_has_one_plan(world):
    make_plan(world.staff_a, world.project, "evaluation")
    with pytest.raises(plans.PlanError) as refused:
        plans.engagement_plan_create(actor=world.staff_a, project=world.project, **plan_fields())
    assert refused.value.problems == {
        "stage": "This project already has a plan for the Evaluation stage. Change that plan "
        "instead."
    }
    assert EngagementPlan.objects.count() == 1


def test_two_plans_for_one_stage_at_the_same_moment_make_one_row(world, monkeypatch):
    """The second of two requests that both checked before either saved: the constraint
    refuses it, with the same message, and the transaction goes on (a savepoint)."""
    make_plan(world.staff_a, world.project, "evaluation")
    monkeypatch.setattr(plans, "_stage_taken", lambda **kwargs: False)
    with pytest.raises(plans.PlanError) as refused:
        plans.engagement_plan_create(actor=world.staff_a, project=world.project, **plan_fields())
    assert "already has a plan for the Evaluation stage" in refused.value.problems["stage"]
    assert EngagementPlan.objects.count() == 1
    assert Change.objects.filter(kind="added").count() == 1


def test_changing_a_plan_keeps_what_changed(world):
    plan = make_plan(world.staff_a, world.project, "implementation", budget=Decimal("100.00"))
    changed = plans.engagement_plan_update(
        actor=world.admin_a,
        plan=plan,
        **plan_fields(stage="implementation", budget=Decimal("250.00"), lead="A new partner"),
    )
    assert changed is not None and changed.budget == Decimal("250.00")
    change = Change.objects.filter(kind="edited").get()
    assert change.plan_stage == "implementation"
    assert change.fields["budget"] == ["100.00", "250.00"]
    assert change.fields["lead"] == []  # changed, value not kept
    # Sent twice: nothing differs, nothing recorded.
    again = plans.engagement_plan_update(
        actor=world.admin_a,
        plan=plan,
        **plan_fields(stage="implementation", budget=Decimal("250"), lead=" A new  partner "),
    )
    assert again is None and Change.objects.filter(kind="edited").count() == 1


def test_a_plan_cannot_move_to_a_stage_that_has_one(world):
    make_plan(world.staff_a, world.project, "design")
    plan = make_plan(world.staff_a, world.project, "evaluation")
    with pytest.raises(plans.PlanError) as refused:
        plans.engagement_plan_update(actor=world.staff_a, plan=plan, **plan_fields(stage="design"))
    assert "already has a plan for the Design stage" in refused.value.problems["stage"]
    plan.refresh_from_db()
    assert plan.stage == "evaluation"


def test_deleting_a_plan_leaves_its_history(world):
    plan = make_plan(world.staff_a, world.project, "design")
    plans.engagement_plan_delete(actor=world.staff_a, plan=plan)
    assert not EngagementPlan.objects.exists()
    assert list(Change.objects.values_list("kind", "plan_stage").order_by("created_at")) == [
        ("added", "design"),
        ("deleted", "design"),
    ]
    with pytest.raises(plans.PlanError):
        plans.engagement_plan_delete(actor=world.staff_a, plan=plan)


# The pages ------------------------------------------------------------------------------------


def test_a_plan_is_made_from_the_project_page_without_javascript(client, world):
    world.org_a.default_currency = "NPR"
    world.org_a.save()
    client.force_login(world.staff_a)
    page = client.get(f"/projects/{world.project.pk}/plans/new/?stage=evaluation")
    assert page.status_code == 200
    body = page.content.decode()
    assert '<option value="evaluation" selected>' in body
    # A new plan starts in the organisation's currency.
    assert '<option value="NPR" selected>' in body
    data = plan_form()
    first = client.post(f"/projects/{world.project.pk}/plans/new/", data)
    second = client.post(f"/projects/{world.project.pk}/plans/new/", data)  # a double click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/projects/{world.project.pk}/#stages"
    assert EngagementPlan.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"starts_on": _day(30).isoformat(), "ends_on": _day(20).isoformat()},
            "The planned end cannot come before the planned start.",
        ),
        ({"budget": "-5"}, "The budget cannot be negative."),
        ({"budget": "lots"}, "Enter an amount in numbers."),
        ({"currency": "ABC"}, "Choose a currency from the list."),
        ({"stage": "design"}, "This project already has a plan for the Design stage."),
    ],
)
def test_the_form_says_what_is_wrong_and_saves_nothing(client, world, overrides, message):
    make_plan(world.staff_a, world.project, "design")
    client.force_login(world.staff_a)
    response = client.post(f"/projects/{world.project.pk}/plans/new/", plan_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert EngagementPlan.objects.count() == 1


def test_a_plan_is_changed_and_deleted_from_its_pages(client, world):
    plan = make_plan(world.staff_a, world.project, "design")
    client.force_login(world.staff_a)
    edit = client.get(f"/projects/plans/{plan.pk}/edit/").content.decode()
    assert 'value="Programme officer with a survivor-led partner"' in edit
    response = client.post(
        f"/projects/plans/{plan.pk}/edit/", plan_form(stage="design", budget="900")
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.budget == Decimal("900.00") and plan.method == "advisory_council"
    response = client.post(f"/projects/plans/{plan.pk}/delete/", {"form_key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert not EngagementPlan.objects.exists()
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert "Plan for the design stage" in page and "deleted by staff-a on" in page
    assert "added by staff-a on" in page and "how survivors give input — → " not in page


def test_the_project_page_shows_planned_and_gathered_input_per_stage(client, world):
    """World: an open design consultation with one contribution, and no plans. Then plans for
    implementation (nobody asked yet) and, later, design; evaluation has nothing."""
    make_plan(
        world.staff_a,
        world.project,
        "implementation",
        method="in_person",
        budget=Decimal("1200.00"),
        lead="Amar Kantha Survivor Collective",
        survivor_led=True,
    )
    client.force_login(world.viewer_a)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert "No survivor input planned or gathered for the evaluation stage." in page
    assert (
        "Input is planned for the implementation stage, but no consultation has been opened "
        "for it yet." in page
    )
    assert "Survivors were asked at the design stage without a plan." in page
    assert "Meeting in person" in page and "Survivor-led" in page
    assert "1 contribution received at this stage." in page
    # Viewers read the plans and change nothing.
    assert "/plans/" not in page

    make_plan(world.staff_a, world.project, "design")
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert 'id="flag-design"' not in page
    assert 'id="flag-evaluation"' in page and 'id="flag-implementation"' in page


def test_a_draft_has_asked_nobody_yet(client, world):
    project = world.project
    make_consultation(world.staff_a, project, publish=False, stage="evaluation", title="Later")
    client.force_login(world.staff_a)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "No survivor input planned or gathered for the evaluation stage." in page
    assert "Later" in page


def test_budget_totals_are_per_currency(client, world):
    make_plan(world.staff_a, world.project, "design", budget=Decimal("1000.00"), currency="USD")
    make_plan(world.staff_a, world.project, "implementation", budget=Decimal("500"), currency="USD")
    make_plan(world.staff_a, world.project, "evaluation", budget=Decimal("90000"), currency="BDT")
    client.force_login(world.staff_a)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    line = next(li for li in page.splitlines() if "Planned budget for survivor input" in li)
    assert "BDT" in line or "taka" in line
    assert "1,500.00" in line and "90,000.00" in line and "91,500" not in line


def test_the_project_page_keeps_its_query_count_as_plans_and_input_grow(client, world):
    client.force_login(world.staff_a)
    path = f"/projects/{world.project.pk}/"
    make_plan(world.staff_a, world.project, "design")
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    make_plan(world.staff_a, world.project, "implementation")
    make_plan(world.staff_a, world.project, "evaluation", currency="BDT")
    for n, stage in enumerate(["implementation", "evaluation", "evaluation"]):
        consultation = make_consultation(
            world.staff_a, world.project, title=f"More {n}", stage=stage
        )
        make_contribution(make_invitation(world.staff_a, consultation, world.expert, accept=True))
    with CaptureQueriesContext(connection) as several:
        body = client.get(path).content.decode()
    assert "More 2" in body and "2 contributions received at this stage." in body
    assert len(several) == len(one), "\n".join(q["sql"] for q in several)


@pytest.mark.django_db
def test_the_project_page_says_who_made_each_plan(client, world):
    make_plan(world.staff_a, world.project, "design")
    client.force_login(world.viewer_a)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert f"By {world.staff_a} on " in page
