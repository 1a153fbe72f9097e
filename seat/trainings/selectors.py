"""Reads for the trainings pages; each takes the acting user or the organisation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from seat.accounts.models import Organisation
from seat.accounts.rules import is_member
from seat.accounts.selectors import organisations_for_user
from seat.compensation.enums import UNSETTLED, PaymentStatus, RateRole
from seat.compensation.models import PaymentLine, RateCard
from seat.compensation.selectors import totals_by_currency
from seat.people.models import ExpertLink, ExpertProfile
from seat.trainings.models import TrainingImport, TrainingSession
from seat.trainings.rules import can_manage_trainings, can_read_trainings

# How many hex digits of her link's id make a trainer's code; more where two would collide.
CODE_LENGTH = 8
CODE_LENGTH_LONG = 12


def normalised(text: str) -> str:
    """How names, audiences and places are compared: no case, no extra spaces."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Trainer:
    """A survivor trainer who works with the organisation, with the code its files may name her
    by. The code comes from her link to this organisation, so it says nothing about her and
    differs between the organisations she works with."""

    expert: ExpertProfile
    code: str


def trainers_of(*, organisation: Organisation) -> list[Trainer]:
    """The organisation's trainers: the experts who work with it (people.ExpertLink: she
    entered its joining code or added it from her page, or it is the survivor-led organisation
    keeping her profile), with an active account or kept without one. Being invited to a
    consultation, or being represented by it, is not working with it as a trainer."""
    links = list(
        ExpertLink.objects.filter(organisation=organisation)
        .filter(Q(expert__user__isnull=True) | Q(expert__user__is_active=True))
        .select_related("expert")
        .order_by("expert__pseudonym", "created_at")
    )
    short = [link.id.hex[:CODE_LENGTH] for link in links]
    return [
        Trainer(
            expert=link.expert,
            code="T-"
            + (link.id.hex[:CODE_LENGTH_LONG] if short.count(prefix) > 1 else prefix).upper(),
        )
        for link, prefix in zip(links, short, strict=True)
    ]


class TrainerIndex:
    """Finds a trainer by her code or her chosen name; a name two trainers share is refused
    rather than guessed."""

    def __init__(self, trainers: list[Trainer]) -> None:
        self.by_code = {t.code: t.expert for t in trainers}
        self.by_name: dict[str, list[ExpertProfile]] = defaultdict(list)
        for t in trainers:
            self.by_name[normalised(t.expert.pseudonym)].append(t.expert)
        self.code_of = {t.expert.pk: t.code for t in trainers}

    def find(self, text: str) -> tuple[ExpertProfile | None, int]:
        """(the trainer, 1) when ``text`` names exactly one; (None, how many it names) else."""
        expert = self.by_code.get(text.strip().upper())
        if expert is not None:
            return expert, 1
        found = self.by_name.get(normalised(text), [])
        return (found[0], 1) if len(found) == 1 else (None, len(found))


def organisations_reading_trainings(*, user: Any) -> list[Organisation]:
    return [o for o in organisations_for_user(user=user) if can_read_trainings(user, o)]


def organisation_for_trainings(
    *, user: Any, organisation_id: Any, manage: bool = False
) -> Organisation:
    """The organisation whose trainings the user opens: 404 when she is not a member of it,
    403 for a role that may not (``manage``: record and import)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not is_member(user, organisation):
        raise Http404
    allowed = can_manage_trainings if manage else can_read_trainings
    if not allowed(user, organisation):
        raise PermissionDenied
    return organisation


def training_session_get_for_user(*, user: Any, session_id: Any) -> TrainingSession:
    session = (
        TrainingSession.objects.select_related("organisation", "trainer", "payment", "recorded_by")
        .filter(pk=session_id)
        .first()
    )
    if session is None or not is_member(user, session.organisation):
        raise Http404
    if not can_read_trainings(user, session.organisation):
        raise PermissionDenied
    return session


def training_import_get_for_user(*, user: Any, import_id: Any) -> TrainingImport:
    found = (
        TrainingImport.objects.select_related("organisation", "uploaded_by")
        .filter(pk=import_id)
        .first()
    )
    if found is None or not is_member(user, found.organisation):
        raise Http404
    if not can_read_trainings(user, found.organisation):
        raise PermissionDenied
    return found


def sessions_of(
    *,
    organisation: Organisation,
    trainer_id: Any = None,
    month: datetime.date | None = None,
) -> QuerySet[TrainingSession]:
    """The organisation's sessions, newest first; of one trainer, of one month."""
    sessions = TrainingSession.objects.filter(organisation=organisation)
    if trainer_id is not None:
        sessions = sessions.filter(trainer_id=trainer_id)
    if month is not None:
        sessions = sessions.filter(delivered_on__year=month.year, delivered_on__month=month.month)
    return sessions.select_related("trainer", "payment")


def months_with_sessions(*, organisation: Organisation) -> list[datetime.date]:
    return list(
        TrainingSession.objects.filter(organisation=organisation).dates(
            "delivered_on", "month", order="DESC"
        )
    )


def trainers_with_sessions(*, organisation: Organisation) -> list[ExpertProfile]:
    """Everyone who delivered a session for the organisation, also after her link ended."""
    return list(
        ExpertProfile.objects.filter(training_sessions__organisation=organisation)
        .distinct()
        .order_by("pseudonym")
    )


@dataclass(frozen=True)
class Totals:
    sessions: int
    participants: int
    # Per currency, never added across currencies.
    paid: dict[str, Decimal]
    owed: dict[str, Decimal]


def training_totals(*, sessions: QuerySet[TrainingSession]) -> Totals:
    """Sessions, participants, and what their trainers were paid and are still owed, per
    currency. Each line's amount is rounded as the line rounds it (core.money.pay_total)."""
    counted = sessions.order_by().aggregate(n=Count("pk"), people=Sum("participants"))
    lines = list(
        PaymentLine.objects.filter(training_session__in=sessions.order_by().values("pk")).only(
            "units",
            "rate",
            "currency",
            "status",
            "expenses_travel",
            "expenses_data",
            "expenses_childcare",
            "expenses_other",
        )
    )
    return Totals(
        sessions=counted["n"],
        participants=counted["people"] or 0,
        paid=totals_by_currency(payments=[x for x in lines if x.status == PaymentStatus.PAID]),
        owed=totals_by_currency(payments=[x for x in lines if x.status in UNSETTLED]),
    )


def trainer_rate_cards(*, organisation: Organisation) -> list[RateCard]:
    """The organisation's rates for trainers (compensation.RateCard, role trainer)."""
    return list(RateCard.objects.filter(organisation=organisation, role=RateRole.TRAINER))


def session_defaults(*, organisation: Organisation) -> dict[str, Any]:
    """What the form to record a session starts from: the trainer rate in the organisation's
    own currency if it has one, else its first trainer rate, else nothing but the currency."""
    cards = sorted(
        trainer_rate_cards(organisation=organisation),
        key=lambda c: (c.currency != organisation.default_currency, c.unit, c.currency),
    )
    if not cards:
        return {"currency": organisation.default_currency, "unit": "hour"}
    card = cards[0]
    return {"unit": card.unit, "rate": card.survivor_rate, "currency": card.currency}


def imports_of(*, organisation: Organisation, limit: int = 10) -> list[TrainingImport]:
    return list(
        TrainingImport.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .defer("rejected_rows", "saved_rows", "already_rows")
        .order_by("-created_at")[:limit]
    )


def earlier_upload(*, outcome: TrainingImport) -> TrainingImport | None:
    """The last time the very same file was uploaded for the organisation, if it was."""
    return (
        TrainingImport.objects.filter(
            organisation_id=outcome.organisation_id,
            digest=outcome.digest,
            created_at__lt=outcome.created_at,
        )
        .order_by("-created_at")
        .first()
    )
