"""Each engagement metric of DESIGN.md over data whose answer is known, made through the
product's services: the figure insights_compute finds is the exact one worked out by hand."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import Organisation, User
from seat.consultations import services as loop
from seat.consultations.models import Consultation, ConsultationCheck, Contribution, Project
from seat.insights.ladder import Rung, ladder_place
from seat.insights.metrics import Period, Scope, Share, insights_compute
from seat.tests.personas import (
    OVERRIDE_REASON,
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = pytest.mark.django_db

_names = itertools.count()


def today() -> datetime.date:
    return timezone.localdate()


def ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


@dataclass
class Lab:
    """An organisation of its own, so that every count below is only what each test made."""

    org: Organisation
    admin: User
    staff: User
    finance: User
    project: Project


def make_lab(kind: str = OrganisationKind.NGO) -> Lab:
    n = next(_names)
    org = make_org(f"Lab {n}", kind)
    admin = make_member(f"lab-admin-{n}", org, Role.ADMIN)
    staff = make_member(f"lab-staff-{n}", org, Role.STAFF)
    finance = make_member(f"lab-finance-{n}", org, Role.FINANCE)
    return Lab(org, admin, staff, finance, make_project(staff, org, "Lab project"))


@pytest.fixture
def lab(db) -> Lab:
    return make_lab()


def consult(lab: Lab, project: Project | None = None, **fields) -> Consultation:
    """Open a consultation; an admin opens it over the quality check's blockers if it has any."""
    consultation = make_consultation(lab.staff, project or lab.project, publish=False, **fields)
    try:
        return loop.consultation_publish(actor=lab.staff, consultation=consultation)
    except loop.QualityBlocked:
        return loop.consultation_publish(
            actor=lab.admin, consultation=consultation, override_reason=OVERRIDE_REASON
        )


def expert():
    n = next(_names)
    return make_expert(f"person-{n}", f"Person {n}")


def give_input(lab: Lab, consultation: Consultation, person=None) -> Contribution:
    person = person or expert()
    return make_contribution(make_invitation(lab.staff, consultation, person, accept=True))


def measure(lab: Lab, start: datetime.date | None = None, end: datetime.date | None = None):
    return insights_compute(
        scope=Scope(lab.org), period=Period(start=start or ago(60), end=end or today())
    )


def answer(lab: Lab, contribution: Contribution, outcome: str = "adopted") -> None:
    from seat.accountability.services import response_record

    response_record(actor=lab.staff, contribution=contribution, outcome=outcome, reason="Why.")


# Stage coverage --------------------------------------------------------------------------------


def test_stage_coverage_is_the_share_of_projects_with_input_at_each_stage(lab):
    both = lab.project
    design_only = make_project(lab.staff, lab.org, "Design only")
    asked_nobody_answered = make_project(lab.staff, lab.org, "Evaluation without input")
    make_project(lab.staff, lab.org, "Nothing yet")
    give_input(lab, consult(lab, both, stage="design"))
    give_input(lab, consult(lab, both, stage="implementation"))
    give_input(lab, consult(lab, design_only, stage="design"))
    consult(lab, asked_nobody_answered, stage="evaluation")

    coverage = measure(lab).stage_coverage
    assert coverage.projects == 4
    assert coverage.by_stage == {
        "design": Share(2, 4),
        "implementation": Share(1, 4),
        "evaluation": Share(0, 4),
    }
    assert [share.percent for share in coverage.by_stage.values()] == [50, 25, 0]


# Early input -----------------------------------------------------------------------------------


def test_early_input_counts_ideas_and_early_drafts_of_published_consultations(lab):
    for state in ("concept", "early_draft", "near_final", "final"):
        consult(lab, material_state=state)
    # A draft has invited nobody: it counts nowhere.
    make_consultation(lab.staff, lab.project, publish=False, material_state="concept")
    insights = measure(lab)
    assert insights.consultations == 4
    assert insights.early_input == Share(2, 4)
    assert insights.early_input.percent == 50


# Lead time -------------------------------------------------------------------------------------


def _with_lead(lab: Lab, days: int) -> Consultation:
    return consult(lab, opens_on=today(), deadline=today() + datetime.timedelta(days=days))


def test_lead_time_is_the_median_of_an_odd_count_and_counts_the_short_ones(lab):
    for days in (30, 10, 21):
        _with_lead(lab, days)
    lead = measure(lab).lead_time
    assert lead.median.days == Decimal("21.0")
    assert lead.median.count == 3
    assert lead.shorter_than_minimum == 1
    assert lead.minimum_days == 14


def test_lead_time_of_an_even_count_is_the_mean_of_the_two_middle_ones(lab):
    for days in (30, 10, 21, 40):
        _with_lead(lab, days)
    lead = measure(lab).lead_time
    assert lead.median.days == Decimal("25.5")
    assert lead.median.count == 4


def test_lead_time_minimum_is_the_organisations_own(lab):
    lab.org.min_lead_days = 25
    lab.org.save(update_fields=["min_lead_days"])
    for days in (30, 21):
        _with_lead(lab, days)
    lead = measure(lab).lead_time
    assert (lead.minimum_days, lead.shorter_than_minimum) == (25, 1)


# Paid share and pay parity ---------------------------------------------------------------------


def test_paid_share_is_input_to_consultations_that_offer_payment(lab):
    paid = consult(lab)
    unpaid = consult(lab, pay_rate=Decimal("0"), title="Unpaid")
    for _ in range(3):
        give_input(lab, paid)
    give_input(lab, unpaid)
    assert measure(lab).paid_share == Share(3, 4)
    assert measure(lab).paid_share.percent == 75


def test_pay_parity_is_the_lowest_of_the_organisations_rate_cards(lab, world):
    from seat.compensation.rates import rate_card_create

    for organisation, admin, role, survivor, peer in (
        (lab.org, lab.admin, "advisor", "20.00", "25.00"),
        (lab.org, lab.admin, "consultant", "300.00", "300.00"),
        # Another organisation's card, far below parity, counts nowhere here.
        (world.org_a, world.admin_a, "advisor", "10.00", "25.00"),
    ):
        rate_card_create(
            actor=admin,
            organisation=organisation,
            role=role,
            unit="hour",
            currency="USD",
            survivor_rate=Decimal(survivor),
            peer_rate=Decimal(peer),
        )
    parity = measure(lab).pay_parity
    assert [card.percent for card in parity.cards] == [80, 100]
    assert parity.lowest == 80
    assert parity.below_parity == 1
    assert measure(make_lab()).pay_parity.lowest is None


# Time to pay -----------------------------------------------------------------------------------


def _paid(lab: Lab, contribution: Contribution, *, work: int, paid: int, due: int) -> None:
    """Pay the line Seat made for ``contribution``; days are days ago."""
    from seat.compensation.models import PaymentLine
    from seat.compensation.services import payment_approve, payment_pay, payment_record

    line = payment_record(
        actor=lab.staff,
        contribution=contribution,
        units=Decimal("2"),
        unit="hour",
        rate=Decimal("25.00"),
        currency="USD",
    )
    line = payment_approve(actor=lab.finance, payment=line)
    line = payment_pay(actor=lab.admin, payment=line, method="cash", reference=f"R{line.pk}")
    # The days of a payment made in the past (services only pay today or earlier, after the
    # work): set them as they would have been.
    PaymentLine.objects.filter(pk=line.pk).update(
        work_on=ago(work), paid_on=ago(paid), due_on=ago(due)
    )


def test_time_to_pay_is_the_median_days_and_counts_late_and_overdue(lab):
    from seat.compensation.models import PaymentLine

    consultation = consult(lab)
    first, second, third, unpaid = (give_input(lab, consultation) for _ in range(4))
    _paid(lab, first, work=10, paid=5, due=3)  # 5 days, on time
    _paid(lab, second, work=20, paid=4, due=10)  # 16 days, late
    _paid(lab, third, work=9, paid=0, due=0)  # 9 days, on its due day
    PaymentLine.objects.filter(contribution=unpaid).update(work_on=ago(8), due_on=ago(1))

    pay = measure(lab).time_to_pay
    assert pay.median.days == Decimal("9.0")
    assert pay.median.count == 3
    assert pay.paid_late == 1
    assert pay.overdue == 1
    # Paid by the due day, of all that was paid or is overdue.
    assert pay.on_time == Share(2, 4)


# Loop closure ----------------------------------------------------------------------------------


def test_loop_closure_counts_only_input_to_closed_consultations(lab):
    still_open = consult(lab, title="Still open")
    closed = consult(lab, title="Closed")
    past_deadline = consult(lab, title="Past its last day")
    open_answered = give_input(lab, still_open)
    give_input(lab, still_open)
    closed_inputs = [give_input(lab, closed) for _ in range(3)]
    give_input(lab, past_deadline)
    answer(lab, open_answered)
    answer(lab, closed_inputs[0])
    answer(lab, closed_inputs[1], "not_adopted")
    loop.consultation_close(actor=lab.staff, consultation=closed)
    Consultation.objects.filter(pk=past_deadline.pk).update(opens_on=ago(30), deadline=ago(1))
    # Input given 2, 4 and 10 days before its answer.
    now = timezone.now()
    for contribution, days in ((open_answered, 2), (closed_inputs[0], 4), (closed_inputs[1], 10)):
        Contribution.objects.filter(pk=contribution.pk).update(
            created_at=now - datetime.timedelta(days=days)
        )

    loop_closure = measure(lab).loop_closure
    # 3 inputs to the closed one and 1 past its last day; 2 of them answered.
    assert loop_closure.answered == Share(2, 4)
    assert loop_closure.median.days == Decimal("4.0")
    assert loop_closure.median.count == 3


# Influence -------------------------------------------------------------------------------------


def test_influence_levels_adopted_input_and_adopted_recommendations(lab):
    from seat.councils import services as councils

    for level in ("inform", "consult", "consult", "involve", "empower"):
        consult(lab, influence=level)
    consultation = consult(lab, influence="collaborate")
    for outcome in ("adopted", "partly_adopted", "not_adopted", "under_consideration"):
        answer(lab, give_input(lab, consultation), outcome)
    give_input(lab, consultation)  # no answer yet

    council = councils.council_create(
        actor=lab.staff, organisation=lab.org, name="Council", mandate="Advise us.", pay=None
    )
    for n, decision in enumerate(("accepted", "partly_accepted", "rejected", None)):
        recommendation = councils.recommendation_submit(
            actor=lab.staff, council=council, title=f"R{n}", text="Do it.", submitted_on=ago(3)
        )
        if decision:
            councils.response_record(
                actor=lab.staff,
                recommendation=recommendation,
                decision=decision,
                text="Our answer.",
                responded_on=ago(1),
            )

    influence = measure(lab).influence
    assert influence.levels == {
        "inform": 1,
        "consult": 2,
        "involve": 1,
        "collaborate": 1,
        "empower": 1,
    }
    # Decided: adopted, partly adopted, not adopted ("under consideration" is not a decision).
    assert influence.input_adopted == Share(2, 3)
    assert influence.recommendations_adopted == Share(2, 3)
    assert influence.share_at(("collaborate", "empower")) == Share(2, 6)


def test_recommendations_are_the_organisations_not_a_projects(lab):
    from seat.councils import services as councils

    council = councils.council_create(
        actor=lab.staff, organisation=lab.org, name="Council", mandate="Advise us.", pay=None
    )
    recommendation = councils.recommendation_submit(
        actor=lab.staff, council=council, title="R", text="Do it.", submitted_on=ago(3)
    )
    councils.response_record(
        actor=lab.staff,
        recommendation=recommendation,
        decision="accepted",
        text="Yes.",
        responded_on=ago(1),
    )
    period = Period(start=ago(60), end=today())
    project_scope = Scope(lab.org, lab.project)
    assert measure(lab).influence.recommendations_adopted == Share(1, 1)
    assert insights_compute(
        scope=project_scope, period=period
    ).influence.recommendations_adopted == (Share(0, 0))


# Continuity ------------------------------------------------------------------------------------


def test_continuity_counts_people_engaged_over_more_than_12_months(lab, world):
    from seat.accounts.services import membership_grant

    earlier = consult(lab, title="A year ago")
    now_asked = consult(lab, title="Now")
    long_standing, recent, new = expert(), expert(), expert()
    old_input = give_input(lab, earlier, long_standing)
    recent_input = give_input(lab, earlier, recent)
    for person in (long_standing, recent, new):
        give_input(lab, now_asked, person)
    # Input to another organisation long ago does not make her long-standing here.
    elsewhere = make_consultation(world.staff_a, world.project, title="Elsewhere")
    far_input = make_contribution(make_invitation(world.staff_a, elsewhere, new, accept=True))
    Consultation.objects.filter(pk=earlier.pk).update(opens_on=ago(400), deadline=ago(380))
    now = timezone.now()
    for contribution, days in ((old_input, 400), (recent_input, 330), (far_input, 500)):
        Contribution.objects.filter(pk=contribution.pk).update(
            created_at=now - datetime.timedelta(days=days)
        )
    # People with lived experience in paid roles: one on staff, one leads.
    for role in (Role.STAFF, Role.ADMIN):
        membership_grant(actor=None, user=expert().user, organisation=lab.org, role=role)

    continuity = measure(lab).continuity
    assert continuity.over_a_year == Share(1, 3)
    assert continuity.survivors_on_staff == 2
    assert continuity.survivors_in_leadership == 1


# Partnership -----------------------------------------------------------------------------------


def test_partnership_counts_consultations_with_an_accepted_survivor_led_partner(world):
    from seat.tests.personas import make_partners

    make_consultation(world.staff_a, world.project, title="Without a partner")
    period = Period(start=ago(30), end=today())
    assert insights_compute(scope=Scope(world.org_a), period=period).partnership == Share(0, 2)
    make_partners(world)  # the collective accepts A's request for world's consultation
    assert insights_compute(scope=Scope(world.org_a), period=period).partnership == Share(1, 2)


def test_a_survivor_led_organisations_consultations_all_count_as_partnership(db):
    lab = make_lab(OrganisationKind.SURVIVOR_LED)
    consult(lab)
    consult(lab, title="Second")
    assert measure(lab).partnership == Share(2, 2)


# Overrides -------------------------------------------------------------------------------------


def test_overrides_list_each_consultation_once_with_its_reason(lab):
    opened = make_consultation(
        lab.staff, lab.project, override_by=lab.admin, title="Unpaid", pay_rate=Decimal("0")
    )
    consult(lab, title="Passes the check")
    # A later check of the same consultation, opened over blockers again, adds no second row.
    check = opened.checks.get()
    ConsultationCheck.objects.create(
        consultation=opened,
        trigger=check.trigger,
        score=check.score,
        findings=check.findings,
        checked_fields=check.checked_fields,
        blockers=check.blockers,
        override_reason="Again, on purpose.",
        override_by=lab.admin,
        checked_at=check.checked_at + datetime.timedelta(hours=1),
    )
    (override,) = measure(lab).overrides
    assert override.consultation_id == str(opened.pk)
    assert override.title == "Unpaid"
    assert override.blockers == check.blockers >= 1
    assert override.reason == "Again, on purpose."  # the latest check's reason


# No data, the period, the cost -----------------------------------------------------------------


def test_an_empty_organisation_has_no_percent_anywhere_and_no_error(db):
    empty = make_org("Empty")
    insights = insights_compute(scope=Scope(empty), period=Period(start=ago(365), end=today()))
    assert not insights.has_data
    shares = [
        insights.early_input,
        insights.paid_share,
        insights.partnership,
        insights.time_to_pay.on_time,
        insights.loop_closure.answered,
        insights.influence.input_adopted,
        insights.influence.recommendations_adopted,
        insights.continuity.over_a_year,
        *insights.stage_coverage.by_stage.values(),
    ]
    assert [share.percent for share in shares] == [None] * len(shares)
    assert insights.lead_time.median.days is None
    assert insights.time_to_pay.median.days is None
    assert insights.pay_parity.lowest is None
    assert insights.overrides == []
    assert ladder_place(insights).rung is Rung.TOKENISTIC


def test_both_days_of_the_period_count_and_no_day_outside_it(lab):
    start, end = ago(20), ago(10)
    for title, day in (
        ("Day before", start - datetime.timedelta(days=1)),
        ("First day", start),
        ("Last day", end),
        ("Day after", end + datetime.timedelta(days=1)),
    ):
        consultation = consult(lab, title=title)
        give_input(lab, consultation)
        Consultation.objects.filter(pk=consultation.pk).update(
            opens_on=day, deadline=day + datetime.timedelta(days=21)
        )
    insights = measure(lab, start, end)
    assert (insights.consultations, insights.contributions) == (2, 2)
    assert measure(lab, start, start).consultations == 1


def test_a_period_that_ends_before_it_starts_is_refused():
    from seat.insights.metrics import PeriodError

    with pytest.raises(PeriodError):
        Period(start=today(), end=ago(1))


def test_the_query_count_is_the_same_for_1_and_20_contributions(lab):
    consultation = consult(lab)
    answer(lab, give_input(lab, consultation))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            measure(lab)
        return len(captured.captured_queries)

    measure(lab)  # computes the consultation's summary, which later reads only sum
    one = queries()
    for _ in range(19):
        answer(lab, give_input(lab, consultation))
    assert measure(lab).contributions == 20
    assert queries() == one


def test_texts_with_a_percent_show_it_in_each_language():
    from django.utils import translation

    from seat.insights.ladder import TESTS
    from seat.insights.metrics import DEFINITIONS

    paid_share = next(test for test in TESTS if test.key == "paid_share")
    assert str(paid_share.asks) == "At least 90% of input is to consultations that offer payment."
    assert str(DEFINITIONS["pay_parity"]).endswith(
        "The figure shown is the lowest: 100% is parity."
    )
    with translation.override("es"):
        assert str(paid_share.asks).startswith("Al menos el 90% de los aportes")
    with translation.override("bn"):
        assert "%" in str(paid_share.asks) and "percent" not in str(paid_share.asks)
