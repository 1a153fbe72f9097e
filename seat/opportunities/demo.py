"""The demo's opportunities: called from seat.demo.data once its organisations and experts exist."""

from __future__ import annotations

import datetime
from decimal import Decimal

from seat.accounts.models import Organisation, User
from seat.opportunities.services import (
    OpportunityInput,
    application_move,
    application_submit,
    hires_outside_record,
    opportunity_create,
)
from seat.people.models import ExpertProfile


def demo_opportunities(
    *,
    ngo: Organisation,
    ngo_staff: User,
    ministry: Organisation,
    ministry_staff: User,
    applicant: ExpertProfile,
    today: datetime.date,
) -> None:
    """A trainer role paid in taka, a free training with its costs covered, a small grant, and a
    council role; the applicant applies for the trainer role and is shortlisted."""

    def offer(actor: User, organisation: Organisation, **fields: object) -> object:
        data = {
            "pay_amount": None,
            "pay_currency": "",
            "pay_unit": "",
            "costs_covered": False,
            "place": "",
            "remote": False,
            "leadership": False,
            **fields,
        }
        return opportunity_create(
            actor=actor,
            organisation=organisation,
            data=OpportunityInput(**data),  # type: ignore[arg-type]
            publish=True,
        )

    trainer = offer(
        ngo_staff,
        ngo,
        kind="trainer",
        title="Trainer for police sensitisation sessions",
        description=(
            "Lead two-hour sessions for officers at police stations on how recruitment agents "
            "deceive workers, with a co-trainer. About six sessions a month. Training for the "
            "role is given and paid."
        ),
        pay_amount=Decimal("1500"),
        pay_currency="BDT",
        pay_unit="day",
        languages=["bn"],
        place="Jessore",
        closes_on=today + datetime.timedelta(days=21),
    )
    offer(
        ngo_staff,
        ngo,
        kind="training",
        title="Bookkeeping for a small business",
        description=(
            "Four Saturday mornings on keeping accounts, pricing and saving. Travel, data and "
            "childcare are paid back."
        ),
        costs_covered=True,
        languages=["bn"],
        place="Dhaka",
        closes_on=today + datetime.timedelta(days=10),
    )
    offer(
        ngo_staff,
        ngo,
        kind="grant",
        title="Start-up grant for a small business",
        description=(
            "A one-time grant and six months of advice to start or grow a small business: "
            "tailoring, a food stall, a mobile-phone shop."
        ),
        pay_amount=Decimal("25000"),
        pay_currency="BDT",
        pay_unit="flat",
        languages=["bn", "en"],
        place="Dhaka",
        closes_on=today + datetime.timedelta(days=30),
    )
    offer(
        ministry_staff,
        ministry,
        kind="consultant",
        title="Chair of the survivor advisory council",
        description=(
            "Chair the council's monthly meeting and bring its advice to the unit's planning. "
            "About two days a month."
        ),
        pay_amount=Decimal("300"),
        pay_currency="USD",
        pay_unit="month",
        languages=["es", "en"],
        remote=True,
        leadership=True,
        closes_on=today + datetime.timedelta(days=25),
    )
    application, _new = application_submit(
        expert=applicant,
        opportunity=trainer,  # type: ignore[arg-type]
        note="I have co-led sessions for officers in Khulna. I can start next month.",
    )
    application_move(actor=ngo_staff, application=application, to="shortlisted")
    hires_outside_record(
        actor=ngo_staff,
        organisation=ngo,
        paid_roles=4,
        leadership_roles=1,
        counted_on=today - datetime.timedelta(days=30),
    )
