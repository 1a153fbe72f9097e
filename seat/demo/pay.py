"""The demo's pay beyond input to consultations (issue 11): Bridgeway's rate cards, trainings its
survivor trainers delivered, a meeting, and lines in every state (owed, overdue, approved, paid,
cancelled) in more than one currency, made through the services as the product makes them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from seat.accounts.models import Organisation, User
from seat.compensation.enums import RateRole, RateUnit, WorkKind
from seat.compensation.models import PaymentLine
from seat.compensation.rates import rate_card_create
from seat.compensation.services import (
    payment_approve,
    payment_cancel,
    payment_for_work,
    payment_pay,
    payments_pay_bulk,
)
from seat.core.money import PayMethod
from seat.people.models import ExpertProfile
from seat.trainings.services import SessionInput, training_session_record, trainings_import

# What Bridgeway pays survivors beside what it pays other consultants: parity for trainers and
# advisors, a gap it has not closed for people taking part in a consultation.
RATE_CARDS = [
    (RateRole.PARTICIPANT, RateUnit.HOUR, "600.00", "1000.00"),
    (RateRole.TRAINER, RateUnit.DAY, "4000.00", "4000.00"),
    (RateRole.ADVISOR, RateUnit.FLAT, "1500.00", "1500.00"),
]


def demo_rate_cards(*, organisation: Organisation, admin: User) -> None:
    """Before the self-assessment's rounds are completed: the advisor card pays each advisor."""
    for role, unit, survivor, peer in RATE_CARDS:
        rate_card_create(
            actor=admin,
            organisation=organisation,
            role=role,
            unit=unit,
            currency=organisation.default_currency,
            survivor_rate=Decimal(survivor),
            peer_rate=Decimal(peer),
        )


def demo_pay(
    *,
    organisation: Organisation,
    ministry: Organisation,
    admin: User,
    staff: User,
    finance: User,
    ministry_staff: User,
    tara: ExpertProfile,
    rosa: ExpertProfile,
    mitra: ExpertProfile,
    today: datetime.date,
) -> None:
    def day(days_ago: int) -> datetime.date:
        return today - datetime.timedelta(days=days_ago)

    def training(trainer: ExpertProfile, days_ago: int, audience: str, place: str, **extra: str):
        session, _created = training_session_record(
            actor=staff,
            organisation=organisation,
            session=SessionInput(
                trainer=trainer,
                delivered_on=day(days_ago),
                audience=audience,
                place=place,
                participants=int(extra.get("participants", "24")),
                units=Decimal(1),
                unit=RateUnit.DAY,
                rate=Decimal("4000.00"),
                currency=organisation.default_currency,
                feedback=extra.get("feedback", ""),
                rating=int(extra["rating"]) if "rating" in extra else None,
                expenses={"expenses_travel": Decimal(extra.get("travel", "0"))},
            ),
        )
        return session.payment

    # Paid: Tara trained border police, approved by the admin and paid by finance (two people).
    paid = training(
        tara,
        20,
        "Border police, Benapole",
        "Jessore",
        travel="450.00",
        rating="5",
        feedback="The officers asked for a second session on recruitment fees.",
    )
    paid = payment_approve(actor=admin, payment=paid)
    payment_pay(
        actor=finance,
        payment=paid,
        method=PayMethod.MOBILE_MONEY,
        reference="BK-2611-0107",
        paid_on=day(8),
    )
    # Approved, waiting for finance to send it.
    approved = training(tara, 6, "Recruitment agents' association", "Dhaka", rating="4")
    payment_approve(actor=admin, payment=approved)
    # Owed and overdue: Rosa's session six weeks ago, due after 14 days, nobody approved it.
    training(rosa, 42, "Garment workers' union, women's wing", "Gazipur", travel="200.00")
    # Cancelled, with the reason kept beside it.
    twice = payment_for_work(
        actor=staff,
        organisation=organisation,
        expert=mitra,
        work=WorkKind.MEETING,
        description="Planning meeting for the complaints line",
        work_on=day(12),
        units=Decimal(2),
        unit=RateUnit.HOUR,
        rate=Decimal("600.00"),
        currency=organisation.default_currency,
    )
    payment_cancel(
        actor=admin,
        payment=twice,
        reason="Entered twice: the meeting is paid on the line made the same day.",
    )
    payment_for_work(
        actor=staff,
        organisation=organisation,
        expert=mitra,
        work=WorkKind.MEETING,
        description="Planning meeting for the complaints line",
        work_on=day(12),
        units=Decimal(2),
        unit=RateUnit.HOUR,
        rate=Decimal("600.00"),
        currency=organisation.default_currency,
        expenses_data=Decimal("100.00"),
    )
    _demo_imported_trainings(
        organisation=organisation, staff=staff, admin=admin, finance=finance, today=today
    )
    # Another organisation, another currency: the ministry owes Rosa for a meeting in US dollars.
    payment_for_work(
        actor=ministry_staff,
        organisation=ministry,
        expert=rosa,
        work=WorkKind.MEETING,
        description="Review of the national referral guidelines",
        work_on=day(3),
        units=Decimal(3),
        unit=RateUnit.HOUR,
        rate=Decimal("25.00"),
        currency=ministry.default_currency,
        expenses_travel=Decimal("12.50"),
    )


def demo_advisor_rounds_dated(*, organisation: Organisation, admin: User, finance: User) -> None:
    """The baseline round was completed 330 days ago: its advisors were paid then. The review
    round's lines stay owed, due 14 days after it."""
    baseline = PaymentLine.objects.filter(
        organisation=organisation,
        work=WorkKind.ASSESSMENT,
        advisor_round__round__title__startswith="Baseline",
    ).select_related("advisor_round__round")
    for line in baseline:
        closed = line.advisor_round.round.closed_at  # type: ignore[attr-defined]
        worked = timezone.localdate(closed)
        PaymentLine.objects.filter(pk=line.pk).update(
            work_on=worked,
            due_on=worked + datetime.timedelta(days=organisation.pay_within_days),
            created_at=closed,
        )
        # The admin completed the round, so recorded its lines: finance approves, the admin pays.
        line = payment_approve(actor=finance, payment=line)
        payment_pay(
            actor=admin,
            payment=line,
            method=PayMethod.MOBILE_MONEY,
            reference=f"BK-{worked:%y%m}-{line.pk.hex[:6].upper()}",
            paid_on=worked + datetime.timedelta(days=9),
        )


# A quarter of police and labour-office trainings, as a programme officer keeps them in a sheet:
# (trainer, days ago, audience, place, participants, travel). The rate is left empty, so it comes
# from the trainer rate card (one day in takas), as it would for her.
IMPORTED_SESSIONS = [
    ("Tara", 88, "Benapole border police", "Jessore", 31, "450.00"),
    ("Rosa", 84, "Labour office inspectors", "Gazipur", 18, "200.00"),
    ("Mitra", 80, "Union parishad members", "Sylhet", 25, "300.00"),
    ("Tara", 76, "Airport immigration officers", "Dhaka", 40, ""),
    ("Rosa", 71, "Garment factory welfare officers", "Savar", 22, "150.00"),
    ("Mitra", 66, "Community police forum", "Sunamganj", 35, "350.00"),
    ("Tara", 62, "Recruiting agents' training centre", "Dhaka", 28, ""),
    ("Rosa", 57, "Women's affairs officers", "Narayanganj", 19, "150.00"),
    ("Mitra", 52, "Madrasa teachers", "Habiganj", 24, "300.00"),
    ("Tara", 47, "Pre-departure briefing trainers", "Cumilla", 16, "400.00"),
    ("Rosa", 30, "Labour court staff", "Dhaka", 14, ""),
    ("Mitra", 24, "Village police (chowkidars)", "Moulvibazar", 33, "300.00"),
]


def _demo_imported_trainings(
    *,
    organisation: Organisation,
    staff: User,
    admin: User,
    finance: User,
    today: datetime.date,
) -> None:
    """Uploaded as a file through the import (one message to those who approve), then the
    older ten approved and paid with one bulk transfer; the last two still owed."""
    rows = ["trainer,date,audience,place,participants,units,rate,currency,travel,feedback"]
    for trainer, days_ago, audience, place, participants, travel in IMPORTED_SESSIONS:
        day = today - datetime.timedelta(days=days_ago)
        rows.append(
            f"{trainer},{day.isoformat()},{audience},{place},{participants},1,,BDT,{travel},"
        )
    outcome = trainings_import(
        actor=staff, organisation=organisation, data=("\n".join(rows) + "\n").encode()
    )
    assert outcome.saved == len(IMPORTED_SESSIONS), outcome.rejected_rows
    sessions = [pk for _row, pk in outcome.saved_rows]
    lines = list(PaymentLine.objects.filter(training_session__pk__in=sessions).order_by("work_on"))
    approved = [payment_approve(actor=admin, payment=line) for line in lines[:10]]
    payments_pay_bulk(
        actor=finance, payments=approved, method=PayMethod.BANK, reference="SB-TRN-2611"
    )
