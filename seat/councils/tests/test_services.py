"""The council's writes: terms (overlap, renewal), attendance and its pay (once, only for those
present, only within a term), recommendations (timeline, responses, edits refused after a
response) and dissenting views (kept)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seat.compensation.models import PaymentLine
from seat.core.models import AuditEvent
from seat.councils import services
from seat.councils.models import (
    Attendance,
    Dissent,
    HostResponse,
    Recommendation,
    RecommendationRevision,
    Term,
)
from seat.councils.services import CouncilError
from seat.councils.tests.helpers import (
    days,
    make_council,
    make_meeting,
    make_recommendation,
    seat_member,
)
from seat.tests.personas import make_expert

pytestmark = pytest.mark.django_db


def verbs() -> list[str]:
    return list(
        AuditEvent.objects.filter(verb__startswith="council.")
        .order_by("id")
        .values_list("verb", flat=True)
    )


# Councils and terms -------------------------------------------------------------------------


def test_only_the_secretariat_starts_a_council(world):
    for outsider in (world.viewer_a, world.finance_a, world.staff_b, world.expert.user):
        with pytest.raises(CouncilError):
            services.council_create(
                actor=outsider, organisation=world.org_a, name="X", mandate="Y", pay=None
            )
    council = make_council(world, pay=None)
    assert (council.organisation, council.pay_rate, council.pay_currency) == (
        world.org_a,
        None,
        "",
    )
    assert verbs() == ["council.created"]


def test_bad_pay_is_refused(world):
    with pytest.raises(CouncilError, match="currency"):
        make_council(
            world,
            pay=services.Pay(rate=Decimal(10), units=Decimal(1), unit="day", currency="XXX"),
        )
    with pytest.raises(CouncilError, match="more than zero"):
        make_council(
            world,
            pay=services.Pay(rate=Decimal(0), units=Decimal(1), unit="day", currency="USD"),
        )


def test_overlapping_terms_of_the_same_person_are_refused(world):
    council = make_council(world)
    seat_member(world, council, world.expert, start=-100, end=100)
    with pytest.raises(CouncilError, match="Tara already has a term from"):
        seat_member(world, council, world.expert, start=100, end=200)
    # Another person, and the same person after the term, are fine.
    seat_member(world, council, world.other_expert, start=-100, end=100)
    seat_member(world, council, world.expert, start=101, end=200)
    assert Term.objects.filter(council=council).count() == 3


def test_a_term_cannot_end_before_it_starts(world):
    council = make_council(world)
    with pytest.raises(CouncilError, match="cannot end before it starts"):
        seat_member(world, council, world.expert, start=10, end=5)
    assert Term.objects.count() == 0


def test_renewal_starts_the_day_after_and_happens_once(world):
    council = make_council(world)
    first = seat_member(world, council, world.expert, start=-300, end=-1, role="member")
    renewal = services.term_renew(actor=world.staff_a, term=first, ends_on=days(364), role="chair")
    assert (renewal.starts_on, renewal.ends_on, renewal.role, renewal.renewed_from) == (
        days(0),
        days(364),
        "chair",
        first,
    )
    with pytest.raises(CouncilError, match="already renewed"):
        services.term_renew(actor=world.staff_a, term=first, ends_on=days(400))
    with pytest.raises(CouncilError, match="must end on that day or later"):
        services.term_renew(actor=world.staff_a, term=renewal, ends_on=days(300))
    assert Term.objects.filter(expert=world.expert).count() == 2
    assert verbs()[-2:] == ["council.term_added", "council.term_renewed"]


def test_a_renewal_that_would_overlap_a_later_term_is_refused(world):
    council = make_council(world)
    first = seat_member(world, council, world.expert, start=-300, end=-1)
    seat_member(world, council, world.expert, start=50, end=100)
    with pytest.raises(CouncilError, match="terms cannot overlap"):
        services.term_renew(actor=world.staff_a, term=first, ends_on=days(60))


# Attendance and pay -------------------------------------------------------------------------


def test_members_present_are_paid_once_and_the_absent_not_at_all(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    rosa = seat_member(world, council, world.other_expert)
    meeting = make_meeting(world, council, on=-10)
    services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara])
    services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara])
    rows = {a.term.expert.pseudonym: a for a in Attendance.objects.filter(meeting=meeting)}
    assert {name: row.present for name, row in rows.items()} == {"Tara": True, "Rosa": False}
    assert rows["Rosa"].payment is None
    line = rows["Tara"].payment
    assert PaymentLine.objects.filter(work="council").count() == 1
    assert (line.expert, line.organisation, line.work, line.work_on) == (
        world.expert,
        world.org_a,
        "council",
        meeting.held_on,
    )
    assert (line.units, line.unit, line.rate, line.currency) == (
        Decimal("1.00"),
        "session",
        Decimal("50.00"),
        "USD",
    )
    # Rosa was there after all: now she is paid too; Tara is not paid twice.
    services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara, rosa])
    assert sorted(
        PaymentLine.objects.filter(work="council").values_list("expert__pseudonym", flat=True)
    ) == ["Rosa", "Tara"]
    assert Attendance.objects.filter(meeting=meeting).count() == 2


def test_what_a_meeting_pays_for_reads_in_the_readers_language(world):
    from django.utils import translation

    from seat.compensation.selectors import payments_of_expert
    from seat.core.formats import format_day

    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    meeting = make_meeting(world, council, on=-10)
    with translation.override("en"):  # recorded by staff who read Seat in English
        services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara])
    (line,) = [line for line in payments_of_expert(expert=world.expert) if line.work == "council"]
    with translation.override("bn"):
        expected = f"{council.name}: {format_day(meeting.held_on)}"
        assert line.for_what.startswith(council.name) and "meeting of" not in line.for_what
        assert format_day(meeting.held_on) in line.for_what and line.for_what != expected
    with translation.override("en"):
        assert line.for_what == f"{council.name}: meeting of {format_day(meeting.held_on)}"


def test_a_paid_member_is_not_marked_absent_afterwards(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    meeting = make_meeting(world, council)
    services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara])
    with pytest.raises(CouncilError, match="pay for this meeting is already recorded"):
        services.attendance_record(actor=world.staff_a, meeting=meeting, present=[])
    assert Attendance.objects.get(term=tara).present is True


def test_a_member_outside_her_term_is_refused_and_nothing_is_saved(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    later = seat_member(world, council, world.other_expert, start=5, end=100)
    meeting = make_meeting(world, council, on=-10)
    with pytest.raises(CouncilError) as refused:
        services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara, later])
    assert str(refused.value).startswith("Rosa's term runs from ")
    assert "not on the day of this meeting" in str(refused.value)
    assert Attendance.objects.count() == 0
    assert PaymentLine.objects.filter(work="council").count() == 0


def test_an_unpaid_meeting_records_attendance_without_pay(world):
    council = make_council(world, pay=None)
    tara = seat_member(world, council, world.expert)
    meeting = make_meeting(world, council)
    services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara])
    assert Attendance.objects.get().present is True
    assert PaymentLine.objects.filter(work="council").count() == 0


def test_attendance_waits_for_the_day(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    meeting = make_meeting(world, council, on=5)
    with pytest.raises(CouncilError, match="once the day of the meeting has come"):
        services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara])


def test_a_payment_problem_saves_nothing(world, monkeypatch):
    from seat.compensation.services import PaymentError

    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    rosa = seat_member(world, council, world.other_expert)
    meeting = make_meeting(world, council)
    calls = []

    def fails_second_time(**kwargs):
        from seat.compensation import services as pay

        calls.append(kwargs["expert"])
        if len(calls) == 2:
            raise PaymentError("The payment cannot be recorded.")
        return pay.payment_for_work(**kwargs)

    monkeypatch.setattr(services, "payment_for_work", fails_second_time)
    with pytest.raises(CouncilError, match="The payment cannot be recorded."):
        services.attendance_record(actor=world.staff_a, meeting=meeting, present=[tara, rosa])
    assert Attendance.objects.count() == 0
    assert PaymentLine.objects.filter(work="council").count() == 0


def test_minutes_may_be_written_after_the_meeting(world):
    council = make_council(world)
    meeting = make_meeting(world, council, on=-30)
    services.minutes_save(actor=world.staff_a, meeting=meeting, minutes="  Agreed two points.  ")
    meeting.refresh_from_db()
    assert meeting.minutes == "Agreed two points."
    with pytest.raises(CouncilError):
        services.minutes_save(actor=world.viewer_a, meeting=meeting, minutes="No")


# Recommendations ----------------------------------------------------------------------------


def timeline(recommendation):
    return [(e.status, e.on) for e in recommendation.events.all()]


def test_the_timeline_runs_from_submitted_to_implemented(world):
    council = make_council(world)
    recommendation = make_recommendation(world, council, on=-20)
    services.response_record(
        actor=world.staff_a,
        recommendation=recommendation,
        decision="partly_accepted",
        text="We fund two of the five shelters.",
        responded_on=days(-10),
    )
    services.recommendation_mark_implemented(
        actor=world.admin_a, recommendation=recommendation, on=days(-1), note="Budget line 4."
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "implemented"
    assert timeline(recommendation) == [
        ("submitted", days(-20)),
        ("partly_accepted", days(-10)),
        ("implemented", days(-1)),
    ]
    assert [e.actor for e in recommendation.events.all()] == [
        world.staff_a,
        world.staff_a,
        world.admin_a,
    ]
    with pytest.raises(CouncilError, match="no further response"):
        services.response_record(
            actor=world.staff_a,
            recommendation=recommendation,
            decision="rejected",
            text="No.",
            responded_on=days(0),
        )


def test_a_rejected_recommendation_is_not_implemented(world):
    council = make_council(world)
    recommendation = make_recommendation(world, council)
    with pytest.raises(CouncilError, match="Only a recommendation the host accepted"):
        services.recommendation_mark_implemented(
            actor=world.staff_a, recommendation=recommendation, on=days(0)
        )
    services.response_record(
        actor=world.staff_a,
        recommendation=recommendation,
        decision="rejected",
        text="Not this year.",
        responded_on=days(0),
    )
    with pytest.raises(CouncilError, match="Only a recommendation the host accepted"):
        services.recommendation_mark_implemented(
            actor=world.staff_a, recommendation=recommendation, on=days(0)
        )


def test_a_revised_response_is_a_new_row(world):
    council = make_council(world)
    recommendation = make_recommendation(world, council, on=-20)
    first = services.response_record(
        actor=world.staff_a,
        recommendation=recommendation,
        decision="rejected",
        text="Not this year.",
        responded_on=days(-15),
    )
    services.response_record(
        actor=world.admin_a,
        recommendation=recommendation,
        decision="accepted",
        text="After the budget review, yes.",
        responded_on=days(-2),
    )
    first.refresh_from_db()
    assert (first.decision, first.text) == ("rejected", "Not this year.")
    assert list(
        HostResponse.objects.filter(recommendation=recommendation).values_list(
            "decision", "responded_on"
        )
    ) == [("rejected", days(-15)), ("accepted", days(-2))]
    recommendation.refresh_from_db()
    assert recommendation.status == "accepted"
    with pytest.raises(CouncilError, match="cannot be dated before"):
        services.response_record(
            actor=world.staff_a,
            recommendation=recommendation,
            decision="rejected",
            text="Back again.",
            responded_on=days(-3),
        )


def test_a_response_cannot_be_in_the_future(world):
    council = make_council(world)
    recommendation = make_recommendation(world, council)
    with pytest.raises(CouncilError, match="future"):
        services.response_record(
            actor=world.staff_a,
            recommendation=recommendation,
            decision="accepted",
            text="Yes.",
            responded_on=days(1),
        )
    assert HostResponse.objects.count() == 0


def test_wording_is_corrected_until_the_host_responds_and_history_is_kept(world):
    council = make_council(world)
    recommendation = make_recommendation(world, council, title="Fund shelters")
    services.recommendation_update(
        actor=world.staff_a,
        recommendation=recommendation,
        title="Fund survivor-led shelters",
        text="A fixed share of the budget.",
    )
    services.response_record(
        actor=world.staff_a,
        recommendation=recommendation,
        decision="accepted",
        text="Yes.",
        responded_on=days(0),
    )
    with pytest.raises(CouncilError, match="The host has responded"):
        services.recommendation_update(
            actor=world.staff_a, recommendation=recommendation, title="Other", text="Other"
        )
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    assert (recommendation.title, recommendation.text) == (
        "Fund survivor-led shelters",
        "A fixed share of the budget.",
    )
    assert list(RecommendationRevision.objects.values_list("title", flat=True)) == ["Fund shelters"]


def test_dissent_is_recorded_by_members_or_unnamed_and_kept(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    recommendation = make_recommendation(world, council)
    named = services.dissent_record(
        actor=world.expert.user,
        recommendation=recommendation,
        text="Shelters should not be the only answer.",
        terms=[tara],
    )
    unnamed = services.dissent_record(
        actor=world.staff_a, recommendation=recommendation, text="Too slow.", unnamed=True
    )
    with pytest.raises(CouncilError, match="without naming anyone"):
        services.dissent_record(actor=world.staff_a, recommendation=recommendation, text="X")
    with pytest.raises(TypeError):
        named.delete()
    # A response afterwards changes nothing of them.
    services.response_record(
        actor=world.staff_a,
        recommendation=recommendation,
        decision="accepted",
        text="Yes.",
        responded_on=days(0),
    )
    assert list(Dissent.objects.order_by("created_at").values_list("text", "unnamed")) == [
        ("Shelters should not be the only answer.", False),
        ("Too slow.", True),
    ]
    assert list(named.terms.all()) == [tara]
    assert unnamed.terms.count() == 0


def test_a_member_records_only_her_own_dissent(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    rosa = seat_member(world, council, world.other_expert)
    recommendation = make_recommendation(world, council)
    services.dissent_record(
        actor=world.expert.user, recommendation=recommendation, text="I disagree.", terms=[tara]
    )
    with pytest.raises(CouncilError, match="only her own"):
        services.dissent_record(
            actor=world.expert.user, recommendation=recommendation, text="X", terms=[rosa]
        )
    outsider = make_expert("mira", "Mira")
    with pytest.raises(CouncilError, match="only her own"):
        services.dissent_record(
            actor=outsider.user, recommendation=recommendation, text="X", unnamed=True
        )
    assert Dissent.objects.count() == 1


def test_recommendation_bad_input_saves_nothing(world):
    council = make_council(world)
    with pytest.raises(CouncilError, match="title"):
        services.recommendation_submit(
            actor=world.staff_a, council=council, title=" ", text="x", submitted_on=days(0)
        )
    with pytest.raises(CouncilError, match="future"):
        services.recommendation_submit(
            actor=world.staff_a, council=council, title="T", text="x", submitted_on=days(2)
        )
    assert Recommendation.objects.count() == 0


def test_only_experts_who_work_with_the_host_are_seated(world):
    council = make_council(world)
    with pytest.raises(CouncilError, match="joining code"):
        services.term_add(
            actor=world.staff_a,
            council=council,
            expert=world.other_expert,
            role="member",
            starts_on=days(0),
            ends_on=days(10),
        )


def test_sending_the_same_thing_twice_records_it_once(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    make_meeting(world, council, on=-3)
    with pytest.raises(CouncilError, match="already recorded"):
        make_meeting(world, council, on=-3)
    recommendation = make_recommendation(world, council)
    with pytest.raises(CouncilError, match="already has a recommendation with this title"):
        make_recommendation(world, council)
    answer = {
        "actor": world.staff_a,
        "recommendation": recommendation,
        "decision": "accepted",
        "text": "Yes.",
        "responded_on": days(0),
    }
    first = services.response_record(**answer)
    assert services.response_record(**answer) == first
    assert HostResponse.objects.count() == 1
    assert recommendation.events.count() == 2
    services.dissent_record(
        actor=world.expert.user, recommendation=recommendation, text="No.", terms=[tara]
    )
    with pytest.raises(CouncilError, match="already recorded"):
        services.dissent_record(
            actor=world.expert.user, recommendation=recommendation, text="No.", terms=[tara]
        )
    assert Dissent.objects.count() == 1


def test_current_members_hear_the_host_answered_once(world):
    from seat.notifications.models import Notification

    council = make_council(world)
    seat_member(world, council, world.expert)
    past = make_expert("mira", "Mira")
    seat_member(world, council, past, start=-300, end=-200)
    recommendation = make_recommendation(world, council)
    answer = {
        "actor": world.staff_a,
        "recommendation": recommendation,
        "decision": "accepted",
        "text": "Yes.",
        "responded_on": days(0),
    }
    services.response_record(**answer)
    services.response_record(**answer)
    sent = Notification.objects.filter(event="council.response")
    assert [n.recipient for n in sent] == [world.expert.user]
    from seat.notifications.texts import inbox_text

    assert inbox_text("council.response", sent[0].context) == (
        "Organisation A has answered the recommendation “Fund survivor-led shelters” of "
        "National Survivor Advisory Council."
    )


def test_a_meeting_keeps_the_pay_it_was_planned_with(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    planned = make_meeting(world, council, on=-4)
    unpaid = make_meeting(world, council, on=-3, pay=None)
    services.council_update(
        actor=world.staff_a,
        council=council,
        name=council.name,
        mandate=council.mandate,
        pay=services.Pay(rate=Decimal(80), units=Decimal(2), unit="hour", currency="USD"),
    )
    services.attendance_record(actor=world.staff_a, meeting=planned, present=[tara])
    services.attendance_record(actor=world.staff_a, meeting=unpaid, present=[tara])
    (line,) = PaymentLine.objects.filter(work="council")
    assert (line.work_on, line.rate, line.units, line.unit) == (
        planned.held_on,
        Decimal("50.00"),
        Decimal("1.00"),
        "session",
    )
