"""The demo's advisory council: called from seat.demo.data once its organisations and experts
exist. The ministry hosts a national council of five survivor experts; one term was renewed;
three meetings with minutes and paid attendance; recommendations in every status, with the
ministry's dated responses and a dissenting view."""

from __future__ import annotations

import datetime
from decimal import Decimal

from seat.accounts.models import Organisation, User
from seat.core.onetime import code_digest
from seat.councils import services
from seat.people.models import ExpertProfile
from seat.people.selectors import expert_is_linked
from seat.people.services import expert_link_add, join_code_create


def demo_councils(
    *,
    ministry: Organisation,
    ministry_staff: User,
    tara: ExpertProfile,
    rosa: ExpertProfile,
    mitra: ExpertProfile,
    sokha: ExpertProfile,
    nadia: ExpertProfile,
    today: datetime.date,
) -> None:
    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    def ahead(days: int) -> datetime.date:
        return today + datetime.timedelta(days=days)

    # As the product does: each member enters the ministry's joining code on her own page.
    for expert in (tara, rosa, mitra, sokha, nadia):
        if not expert_is_linked(expert=expert, organisation=ministry):
            _code, shown = join_code_create(actor=ministry_staff, organisation=ministry)
            assert expert.user is not None
            expert_link_add(actor=expert.user, expert=expert, digest=code_digest(shown))

    staff = ministry_staff
    council = services.council_create(
        actor=staff,
        organisation=ministry,
        name="National Survivor Advisory Council",
        mandate=(
            "Advise the Ministry of Labour on its national plan against trafficking and on how "
            "its services treat survivors. The council meets at least three times a year; the "
            "ministry answers every recommendation in writing within ninety days."
        ),
        pay=services.Pay(rate=Decimal("60.00"), units=Decimal("1"), unit="session", currency="USD"),
    )

    def seat(expert: ExpertProfile, start: int, end: int, role: str = "member") -> object:
        return services.term_add(
            actor=staff,
            council=council,
            expert=expert,
            role=role,
            starts_on=ago(start),
            ends_on=ahead(end) if end > 0 else ago(-end),
        )

    tara_term = seat(tara, 300, 430, role="chair")
    rosa_first = seat(rosa, 500, -120)
    rosa_term = services.term_renew(actor=staff, term=rosa_first, ends_on=ahead(610))  # type: ignore[arg-type]
    mitra_term = seat(mitra, 300, 430)
    sokha_term = seat(sokha, 300, 430)
    nadia_term = seat(nadia, 100, 630)

    first = services.meeting_create(
        actor=staff,
        council=council,
        held_on=ago(150),
        place="Lima",
        agenda="1. How the council works\n2. Shelters\n3. Labour inspection",
    )
    services.attendance_record(
        actor=staff,
        meeting=first,
        present=[tara_term, rosa_first, mitra_term],  # type: ignore[list-item]
    )
    services.minutes_save(
        actor=staff,
        meeting=first,
        minutes=(
            "Tara chaired. The council agreed three recommendations: survivor trainers for "
            "labour inspectors, survivor-led shelters in every region, and the hotline in "
            "Quechua. Sokha sent apologies."
        ),
    )
    second = services.meeting_create(
        actor=staff, council=council, held_on=ago(90), place="Online", agenda="1. Fines"
    )
    services.attendance_record(
        actor=staff,
        meeting=second,
        present=[tara_term, rosa_term, sokha_term, nadia_term],  # type: ignore[list-item]
    )
    services.minutes_save(
        actor=staff,
        meeting=second,
        minutes="The council agreed to ask that workers found without papers are not fined.",
    )
    third = services.meeting_create(
        actor=staff, council=council, held_on=ago(20), place="Lima", agenda="1. Pay for members"
    )
    services.attendance_record(
        actor=staff,
        meeting=third,
        present=[tara_term, rosa_term, mitra_term, sokha_term, nadia_term],  # type: ignore[list-item]
    )
    services.minutes_save(
        actor=staff,
        meeting=third,
        minutes="The council asked to be paid within a week of each meeting.",
    )

    def recommend(title: str, text: str, on: int, meeting: object) -> object:
        return services.recommendation_submit(
            actor=staff,
            council=council,
            title=title,
            text=text,
            submitted_on=ago(on),
            meeting=meeting,  # type: ignore[arg-type]
        )

    def respond(recommendation: object, decision: str, text: str, on: int) -> None:
        services.response_record(
            actor=staff,
            recommendation=recommendation,  # type: ignore[arg-type]
            decision=decision,
            text=text,
            responded_on=ago(on),
        )

    inspectors = recommend(
        "Survivor trainers for labour inspectors",
        "Every new labour inspector takes a day of training led by paid survivor trainers.",
        140,
        first,
    )
    respond(inspectors, "accepted", "The inspectorate adds the day from next year's intake.", 100)
    shelters = recommend(
        "Survivor-led shelters in every region",
        "Fund one shelter run by a survivor-led group in each of the country's regions.",
        140,
        first,
    )
    respond(
        shelters,
        "partly_accepted",
        "The ministry funds shelters in the four regions with the most referrals this year and "
        "reviews the others next year.",
        60,
    )
    services.dissent_record(
        actor=mitra.user,  # type: ignore[arg-type]  # only she puts her name to her view
        recommendation=shelters,  # type: ignore[arg-type]
        text="Shelters alone are not enough: people need rent support to live on their own.",
        terms=[mitra_term],  # type: ignore[list-item]
    )
    services.dissent_record(
        actor=staff,
        recommendation=shelters,  # type: ignore[arg-type]
        text="A shelter run by a group in the capital should not count for other regions.",
        unnamed=True,
    )
    hotline = recommend(
        "The hotline in Quechua and Spanish",
        "Answer the national hotline in Quechua as well as Spanish, at all hours.",
        140,
        first,
    )
    respond(hotline, "accepted", "Agreed; two Quechua-speaking operators are hired.", 110)
    services.recommendation_mark_implemented(
        actor=staff,
        recommendation=hotline,  # type: ignore[arg-type]
        on=ago(30),
        note="The hotline answers in Quechua since this month.",
    )
    fines = recommend(
        "No fines for workers found without papers",
        "Workers found without papers during inspections are not fined.",
        85,
        second,
    )
    respond(fines, "rejected", "The law sets the fines; the ministry cannot waive them.", 40)
    recommend(
        "Pay members within a week",
        "Pay council members within a week of each meeting, by mobile money if they wish.",
        15,
        third,
    )
