"""Recording one session: its payment line, the natural key, who may, the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seat.compensation.enums import PaymentStatus, WorkKind
from seat.compensation.models import PaymentLine
from seat.compensation.rates import rate_card_create
from seat.compensation.services import payment_approve, payment_pay
from seat.core.models import AuditEvent
from seat.tests.personas import make_expert, make_link, verify_second_factor
from seat.trainings.models import TrainingSession
from seat.trainings.selectors import sessions_of, trainers_of, training_totals
from seat.trainings.services import TrainingError, training_session_record
from seat.trainings.tests.helpers import days_ago, form_data, record, session_input

pytestmark = pytest.mark.django_db


def test_a_session_records_its_trainers_payment_line_due_days_to_pay_after_it(world):
    world.org_a.pay_within_days = 21
    world.org_a.save()
    session = record(world, delivered_on=days_ago(30))
    line = session.payment
    assert (line.organisation, line.expert, line.work) == (
        world.org_a,
        world.expert,
        WorkKind.TRAINING,
    )
    assert (line.units, line.unit, line.rate, line.currency) == (
        Decimal("3"),
        "hour",
        Decimal("25.00"),
        "USD",
    )
    assert line.fee == Decimal("75.00")
    assert line.expenses_travel == Decimal("4.50")
    assert line.amount == Decimal("79.50")
    assert line.work_on == days_ago(30)
    assert line.due_on == days_ago(30) + datetime.timedelta(days=21)
    assert line.is_late  # due nine days ago, still owed
    assert line.description == "Mirpur police station, Dhaka"
    assert line.for_what == "Mirpur police station, Dhaka"
    assert line.status == PaymentStatus.OWED
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"training.record", "payment.record"} <= verbs


def test_the_same_session_again_returns_the_first_and_pays_nothing_twice(world):
    first = record(world)
    again, created = training_session_record(
        actor=world.admin_a,
        organisation=world.org_a,
        session=session_input(
            world.expert, audience="  MIRPUR   Police station ", place="dhaka", units=Decimal(9)
        ),
    )
    assert (again, created) == (first, False)
    assert TrainingSession.objects.count() == 1
    assert PaymentLine.objects.filter(work=WorkKind.TRAINING).count() == 1


def test_another_day_or_audience_or_place_is_another_session(world):
    record(world)
    record(world, delivered_on=days_ago(4))
    record(world, audience="Gulshan police station")
    record(world, place="Gazipur")
    assert TrainingSession.objects.count() == 4


def test_only_the_organisations_own_trainers_are_deployed(world):
    # Rosa works with organisation B only: A cannot record a session for her.
    with pytest.raises(TrainingError, match="trainers who work with you"):
        record(world, trainer=world.other_expert)
    # A former link does not count either: only an active account or a kept profile.
    world.expert.user.is_active = False
    world.expert.user.save()
    assert trainers_of(organisation=world.org_a) == []
    with pytest.raises(TrainingError):
        record(world)
    assert not PaymentLine.objects.filter(work=WorkKind.TRAINING).exists()


@pytest.mark.parametrize("who", ["finance_a", "viewer_a", "staff_b"])
def test_only_admins_and_staff_record(world, who):
    with pytest.raises(PermissionDenied):
        training_session_record(
            actor=getattr(world, who), organisation=world.org_a, session=session_input(world.expert)
        )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # Days are computed when the test runs, not when it is collected: a run that
        # crosses midnight would otherwise make "tomorrow" today.
        ({"delivered_on": lambda: days_ago(-1)}, "has not come yet"),
        ({"delivered_on": lambda: days_ago(400)}, "no more than a year ago"),
        ({"units": Decimal("-2")}, "more than zero"),
        ({"units": Decimal("1.555")}, "at most 2 digits"),
        ({"participants": 0}, "from 1 to 10,000"),
        ({"participants": 10_001}, "from 1 to 10,000"),
        ({"rate": Decimal("25.001")}, "at most 2 digits after the decimal point"),
        ({"currency": "XOF", "rate": Decimal("1500.50")}, "no smaller unit"),
        ({"currency": "ZZZ"}, "Choose a currency"),
        ({"rating": 6}, "from 1 to 5"),
        ({"audience": " "}, "who the session was for"),
    ],
)
def test_a_session_that_cannot_be_recorded_saves_nothing(world, overrides, message):
    overrides = {name: value() if callable(value) else value for name, value in overrides.items()}
    with pytest.raises(TrainingError, match=message):
        record(world, **overrides)
    assert not TrainingSession.objects.exists()
    assert not PaymentLine.objects.filter(work=WorkKind.TRAINING).exists()


def test_totals_count_sessions_and_people_and_never_mix_currencies(world):
    record(world, participants=20)
    record(world, participants=15, audience="Savar police station")
    paid = record(
        world,
        participants=30,
        audience="Tongi school",
        currency="BDT",
        rate=Decimal("600.00"),
        expenses={},
    )
    line = payment_approve(actor=world.admin_a, payment=paid.payment)
    payment_pay(actor=world.finance_a, payment=line, method="mobile_money", reference="BK-1")
    totals = training_totals(sessions=sessions_of(organisation=world.org_a))
    assert (totals.sessions, totals.participants) == (3, 65)
    assert totals.paid == {"BDT": Decimal("1800.00")}
    assert totals.owed == {"USD": Decimal("159.00")}


def test_filters_by_trainer_and_month(world):
    mira = make_expert("mira", "Mira")
    make_link(world.staff_a, mira, world.org_a)
    record(world)
    record(world, trainer=mira)
    assert sessions_of(organisation=world.org_a, trainer_id=mira.pk).get().trainer == mira
    month = days_ago(3).replace(day=1)
    assert sessions_of(organisation=world.org_a, month=month).count() == 2
    earlier = (month - datetime.timedelta(days=1)).replace(day=1)
    assert sessions_of(organisation=world.org_a, month=earlier).count() == 0


def test_trainer_codes_differ_between_organisations_and_say_nothing(world):
    make_link(world.staff_b, world.expert, world.org_b)
    (in_a,) = trainers_of(organisation=world.org_a)
    in_b = [t for t in trainers_of(organisation=world.org_b) if t.expert == world.expert][0]
    assert in_a.code != in_b.code
    assert in_a.code.startswith("T-") and len(in_a.code) == 10
    assert "tara" not in in_a.code.lower()


# The pages -----------------------------------------------------------------------------------


def staff_client(client, world):
    client.force_login(world.staff_a)
    return client


def test_the_form_starts_from_the_trainer_rate_card(client, world):
    rate_card_create(
        actor=world.admin_a,
        organisation=world.org_a,
        role="trainer",
        unit="day",
        currency="USD",
        survivor_rate=Decimal("180.00"),
        peer_rate=Decimal("200.00"),
    )
    page = staff_client(client, world).get(f"/trainings/{world.org_a.pk}/new/")
    form = page.context["form"]
    assert (form["unit"].value(), form["rate"].value(), form["currency"].value()) == (
        "day",
        Decimal("180.00"),
        "USD",
    )
    body = page.content.decode()
    assert "Tara (T-" in body
    # Pay parity where a survivor's rate is set: the trainer card beside the rate.
    assert str(page.context["parity"]).startswith(
        "Rate card of Organisation A for Trainer: survivors 180.00 US dollars per day, other "
        "consultants 200.00 US dollars per day."
    )
    assert 'id="parity"' in body


def test_without_a_rate_card_the_rate_is_entered(client, world):
    page = staff_client(client, world).get(f"/trainings/{world.org_a.pk}/new/")
    assert page.context["form"]["rate"].value() is None


def test_recording_from_the_form_and_sending_it_twice(client, world):
    staff_client(client, world)
    first = client.post(f"/trainings/{world.org_a.pk}/new/", form_data(world))
    session = TrainingSession.objects.get()
    assert first["Location"] == f"/trainings/sessions/{session.pk}/"
    again = client.post(f"/trainings/{world.org_a.pk}/new/", form_data(world), follow=True)
    assert "already recorded" in again.content.decode()
    assert TrainingSession.objects.count() == 1
    assert PaymentLine.objects.filter(work=WorkKind.TRAINING).count() == 1
    page = client.get(f"/trainings/sessions/{session.pk}/").content.decode()
    assert "Mirpur police station" in page and "79.50 US dollars" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("delivered_on", "2999-01-01", "has not come yet"),
        ("units", "-2", "more than zero"),
        ("rate", "25.123", "at most 2 digits"),
        ("participants", "0", "from 1 to 10,000"),
        ("trainer", "", "This field is required"),
    ],
)
def test_the_form_says_what_is_wrong_and_saves_nothing(client, world, field, value, message):
    staff_client(client, world)
    page = client.post(f"/trainings/{world.org_a.pk}/new/", form_data(world, **{field: value}))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_trainer_of_another_organisation_is_not_offered(client, world):
    staff_client(client, world)
    page = client.post(
        f"/trainings/{world.org_a.pk}/new/", form_data(world, trainer=str(world.other_expert.pk))
    )
    assert page.status_code == 400
    assert not TrainingSession.objects.exists()


def test_the_list_shows_sessions_totals_and_codes_in_the_same_number_of_queries(client, world):
    record(world)
    staff_client(client, world)
    url = f"/trainings/{world.org_a.pk}/"
    client.get(url)  # the login session's first page reads more (its user, its roles)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert page.context["totals"].sessions == 1
    for n in range(5):
        record(world, audience=f"Police station {n}")
    with CaptureQueriesContext(connection) as several:
        page = client.get(url)
    assert page.context["totals"].sessions == 6
    assert len(several) == len(one)
    body = page.content.decode()
    assert "Police station 4" in body and "T-" in body


def test_finance_reads_but_is_not_offered_recording(client, world):
    record(world)
    client.force_login(world.finance_a)
    body = client.get(f"/trainings/{world.org_a.pk}/").content.decode()
    assert "Mirpur police station" in body
    assert f"/trainings/{world.org_a.pk}/new/" not in body
    assert f"/trainings/{world.org_a.pk}/import/" not in body


def test_the_projects_page_links_to_trainings_for_those_who_read_them(client, world):
    for who, shown in [("staff_a", True), ("finance_a", True), ("viewer_a", False)]:
        client.force_login(getattr(world, who))
        assert ('href="/trainings/"' in client.get("/projects/").content.decode()) == shown, who


def test_the_trainings_home_goes_to_the_one_organisation(client, world):
    verify_second_factor(client, world.admin_a)
    assert client.get("/trainings/")["Location"] == f"/trainings/{world.org_a.pk}/"
