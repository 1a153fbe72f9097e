from __future__ import annotations

from decimal import Decimal

import pytest

from seat.notifications.models import Notification
from seat.notifications.texts import inbox_text
from seat.opportunities.models import Application, ApplicationEvent, Opportunity
from seat.opportunities.selectors import survivor_roles
from seat.opportunities.services import (
    OpportunityError,
    application_move,
    application_submit,
    hires_outside_record,
    opportunity_close,
    opportunity_open,
    opportunity_update,
)
from seat.opportunities.tests.helpers import days_ahead, opportunity_input, post

pytestmark = pytest.mark.django_db


def test_posting_keeps_pay_languages_and_place(world):
    opportunity = post(world)
    assert opportunity.status == "open"
    assert opportunity.pay_amount == Decimal("1500")
    assert opportunity.language_codes == ["bn", "en"]
    assert "1,500.00" in opportunity.pay_words() and "per day" in opportunity.pay_words()


def test_a_training_may_say_costs_instead_of_pay(world):
    training = post(
        world, kind="training", pay_amount=None, pay_currency="", pay_unit="", costs_covered=True
    )
    assert training.pay_amount is None
    assert "costs of taking part are covered" in training.pay_words()


@pytest.mark.parametrize(
    "overrides",
    [
        {"closes_on": days_ahead(-1)},
        {"pay_amount": Decimal("10.555"), "pay_currency": "USD"},
        {"pay_amount": Decimal("10.5"), "pay_currency": "VND"},
        {"pay_amount": Decimal("-5")},
        {"pay_amount": Decimal("0")},
        {"pay_currency": "XXX"},
        {"pay_unit": "week"},
        {"pay_amount": None, "pay_currency": "", "pay_unit": ""},
        {"languages": ["zz"]},
        {"languages": []},
        {"place": "", "remote": False},
        {"kind": "astronaut"},
    ],
)
def test_bad_opportunities_are_refused_and_nothing_is_saved(world, overrides):
    with pytest.raises(OpportunityError):
        post(world, **overrides)
    assert not Opportunity.objects.exists()


def test_only_admins_and_staff_post(world):
    from seat.opportunities.services import opportunity_create

    for actor in (world.finance_a, world.viewer_a, world.staff_b):
        with pytest.raises(OpportunityError):
            opportunity_create(actor=actor, organisation=world.org_a, data=opportunity_input())
    assert not Opportunity.objects.exists()


def test_draft_opens_then_closes_and_closed_cannot_change(world):
    draft = post(world, publish=False)
    assert draft.status == "draft"
    opportunity_open(actor=world.staff_a, opportunity=draft)
    with pytest.raises(OpportunityError):
        opportunity_open(actor=world.staff_a, opportunity=draft)
    opportunity_update(
        actor=world.staff_a, opportunity=draft, data=opportunity_input(title="Senior trainer")
    )
    opportunity_close(actor=world.staff_a, opportunity=draft)
    with pytest.raises(OpportunityError):
        opportunity_update(actor=world.staff_a, opportunity=draft, data=opportunity_input())
    draft.refresh_from_db()
    assert draft.title == "Senior trainer" and draft.status == "closed"


def test_applying_twice_changes_nothing(world):
    opportunity = post(world)
    first, created = application_submit(expert=world.expert, opportunity=opportunity, note="Hi")
    again, created_again = application_submit(
        expert=world.expert, opportunity=opportunity, note="Changed"
    )
    assert created and not created_again and first.pk == again.pk
    again.refresh_from_db()
    assert again.note == "Hi"
    assert Application.objects.count() == 1


@pytest.mark.parametrize("publish", [False, True])
def test_no_applying_to_drafts_or_closed(world, publish):
    opportunity = post(world, publish=publish)
    if publish:
        opportunity_close(actor=world.staff_a, opportunity=opportunity)
    with pytest.raises(OpportunityError):
        application_submit(expert=world.expert, opportunity=opportunity)
    assert not Application.objects.exists()


def test_a_note_too_long_is_refused(world):
    with pytest.raises(OpportunityError):
        application_submit(expert=world.expert, opportunity=post(world), note="x" * 1001)


def test_moves_are_kept_in_history_and_tell_her(world):
    application, _ = application_submit(expert=world.expert, opportunity=post(world))
    application_move(actor=world.staff_a, application=application, to="shortlisted")
    application_move(actor=world.admin_a, application=application, to="offered")
    application_move(actor=world.expert.user, application=application, to="accepted")
    steps = list(
        ApplicationEvent.objects.filter(application=application).values_list("status", flat=True)
    )
    assert steps == ["received", "shortlisted", "offered", "accepted"]
    told = Notification.objects.filter(recipient=world.expert.user, event="application.changed")
    assert told.count() == 2
    text = inbox_text(
        "application.changed", told.get(key__startswith="application.offered").context
    )
    assert "Organisation A" in text and "offered to you" in text


@pytest.mark.parametrize(
    ("who", "path", "to"),
    [
        ("staff_a", ["shortlisted", "offered", "accepted"], "received"),
        ("staff_a", ["not_selected"], "shortlisted"),
        ("staff_a", [], "withdrawn"),
        ("staff_a", [], "nonsense"),
        ("finance_a", [], "shortlisted"),
        ("staff_b", [], "shortlisted"),
        ("other_expert", [], "withdrawn"),
    ],
)
def test_moves_that_are_not_allowed_are_refused(world, who, path, to):
    application, _ = application_submit(expert=world.expert, opportunity=post(world))
    for step in path:
        application_move(actor=world.staff_a, application=application, to=step)
    before = Application.objects.get(pk=application.pk).status
    actor = getattr(world, who)
    with pytest.raises(OpportunityError):
        application_move(actor=getattr(actor, "user", actor), application=application, to=to)
    assert Application.objects.get(pk=application.pk).status == before


def test_she_withdraws_and_cannot_come_back(world):
    application, _ = application_submit(expert=world.expert, opportunity=post(world))
    application_move(actor=world.expert.user, application=application, to="withdrawn")
    with pytest.raises(OpportunityError):
        application_move(actor=world.staff_a, application=application, to="shortlisted")
    again, created = application_submit(expert=world.expert, opportunity=application.opportunity)
    assert not created and again.status == "withdrawn"


def hire(world, expert, opportunity):
    application, _ = application_submit(expert=expert, opportunity=opportunity)
    for step in ("offered", "accepted"):
        application_move(actor=world.staff_a, application=application, to=step)


def test_survivor_roles_count_distinct_experts_and_outside_hires(world):
    trainer = post(world)
    council = post(world, kind="consultant", title="Council chair", leadership=True)
    training = post(world, kind="training", pay_amount=None, pay_currency="", pay_unit="")
    hire(world, world.expert, trainer)
    hire(world, world.expert, council)
    hire(world, world.other_expert, training)
    other_org = post(world, organisation=world.org_b)
    hire_b, _ = application_submit(expert=world.other_expert, opportunity=other_org)
    roles = survivor_roles(organisation=world.org_a)
    assert (roles.paid, roles.leadership) == (1, 1)
    hires_outside_record(
        actor=world.staff_a,
        organisation=world.org_a,
        paid_roles=3,
        leadership_roles=1,
        counted_on=days_ahead(-2),
    )
    roles = survivor_roles(organisation=world.org_a)
    assert (roles.paid, roles.leadership) == (4, 2)
    assert survivor_roles(organisation=world.org_b).paid == 0


def test_outside_hires_refuse_the_future_and_other_roles(world):
    with pytest.raises(OpportunityError):
        hires_outside_record(
            actor=world.staff_a,
            organisation=world.org_a,
            paid_roles=1,
            leadership_roles=0,
            counted_on=days_ahead(1),
        )
    with pytest.raises(OpportunityError):
        hires_outside_record(
            actor=world.finance_a,
            organisation=world.org_a,
            paid_roles=1,
            leadership_roles=0,
            counted_on=days_ahead(0),
        )


@pytest.mark.django_db
def test_pay_cannot_change_under_someone_offered_it(world):
    """Persona check: staff cut the pay from 1,500 to 100 after an offer, and she was not told."""
    opportunity = post(world, pay_amount=Decimal("40.00"))
    application, _new = application_submit(expert=world.expert, opportunity=opportunity)
    application_move(actor=world.staff_a, application=application, to="offered")
    with pytest.raises(OpportunityError, match="the pay cannot change now"):
        opportunity_update(
            actor=world.staff_a,
            opportunity=opportunity,
            data=opportunity_input(pay_amount=Decimal("4.00")),
        )
    opportunity.refresh_from_db()
    assert opportunity.pay_amount == Decimal("40.00")
    # Its words and closing day may still be put right.
    changed = opportunity_update(
        actor=world.staff_a,
        opportunity=opportunity,
        data=opportunity_input(pay_amount=Decimal("40"), title="Consultant, safe migration"),
    )
    assert changed.title == "Consultant, safe migration"
