"""Reads for answering input: what still awaits a response, across an organisation's work."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from seat.accountability.enums import Outcome
from seat.accountability.report_selectors import outcome_reports_for_expert
from seat.accounts.models import Organisation
from seat.accounts.rules import roles_of
from seat.compensation.selectors import promise_not_recorded
from seat.consultations.models import Consultation, Contribution
from seat.consultations.rules import can_read_contributions_to
from seat.consultations.selectors import (
    StaffView,
    contributions_for_staff_of_many,
    contributions_of_expert,
)


def _waiting(view: StaffView) -> bool:
    return getattr(view.contribution, "response", None) is None


def _considering(view: StaffView) -> bool:
    response = getattr(view.contribution, "response", None)
    return response is not None and response.outcome == Outcome.UNDER_CONSIDERATION


@dataclass
class AwaitingConsultation:
    """One consultation's input still to be answered, as its organisation may see it.

    Input given under a chosen name (or a collective's) is listed oldest first, with its day;
    input given without a name as on the consultation's page: only once it can be read (before
    that, ``held_back`` counts it), in an order that says nothing, without days. "Under consideration" is an answer but not a
    decision, so it is listed apart and never counts as overdue.
    """

    consultation: Consultation
    respond_by: datetime.date
    waiting: list[StaffView]
    waiting_unnamed: list[StaffView]
    held_back: int
    considering: list[StaffView]
    considering_unnamed: list[StaffView]

    @property
    def to_answer(self) -> int:
        return len(self.waiting) + len(self.waiting_unnamed)

    @property
    def overdue(self) -> bool:
        return self.to_answer > 0 and self.respond_by < timezone.localdate()

    @property
    def days_late(self) -> int:
        return max(0, (timezone.localdate() - self.respond_by).days)


def organisations_answering(*, user: Any) -> list[Organisation]:
    """The organisations whose input the user reads (and so sees what awaits an answer)."""
    ids = list(roles_of(user))
    return [
        organisation
        for organisation in Organisation.objects.filter(pk__in=ids).order_by("name")
        if can_read_contributions_to(user, organisation)
    ]


def responses_awaited(*, organisations: list[Organisation]) -> list[AwaitingConsultation]:
    """Every consultation of ``organisations`` with input not answered or not decided yet,
    the earliest day to respond first."""
    ids = (
        Contribution.objects.filter(consultation__project__organisation__in=organisations)
        .filter(Q(response__isnull=True) | Q(response__outcome=Outcome.UNDER_CONSIDERATION))
        .values("consultation_id")
    )
    consultations = list(
        Consultation.objects.filter(pk__in=ids).select_related("project__organisation")
    )
    groups = contributions_for_staff_of_many(consultations=consultations)
    found = []
    for consultation in consultations:
        group = groups[consultation.pk]
        item = AwaitingConsultation(
            consultation=consultation,
            respond_by=consultation.response_due_on,
            waiting=[v for v in group.named if _waiting(v)],
            waiting_unnamed=[v for v in group.unnamed if _waiting(v)],
            held_back=group.held_back_waiting,
            considering=[v for v in group.named if _considering(v)],
            considering_unnamed=[v for v in group.unnamed if _considering(v)],
        )
        if item.to_answer or item.held_back or item.considering or item.considering_unnamed:
            found.append(item)
    found.sort(key=lambda item: (item.respond_by, item.consultation.title))
    return found


def answers_with_responses(contribution: Contribution) -> list[tuple[Any, Any]]:
    """Each answer with the response of its own that staff gave it, or None."""
    response = getattr(contribution, "response", None)
    own = {item.question_id: item for item in response.per_question.all()} if response else {}
    return [
        (answer, own.get(answer.question_id))
        for answer in contribution.answers.select_related("question")
    ]


@dataclass
class MyInput:
    """One contribution as the person who gave it follows it: what became of it, and her pay."""

    contribution: Contribution
    response: Any
    answered_apart: int
    payment: Any
    promise: Any
    # The latest outcome report on its consultation delivered to her (a ReaderReport), or None.
    report: Any = None


def input_of_expert(*, expert: Any) -> list[MyInput]:
    """Everything she gave, newest first, each with its response (and how many of her answers
    were answered one by one), and its payment or, while none is recorded, the pay promised.
    With each, the latest outcome report on its consultation sent to her. In a fixed number of
    queries however much she gave."""
    reports: dict[Any, Any] = {}
    for found in outcome_reports_for_expert(expert.user):  # newest first: keep the first
        reports.setdefault(found.report.consultation_id, found)
    contributions = list(
        contributions_of_expert(expert=expert)
        .annotate(answered_apart=Count("response__per_question"))
        .prefetch_related("response__per_question")
    )
    return [
        MyInput(
            contribution=contribution,
            response=getattr(contribution, "response", None),
            answered_apart=contribution.answered_apart,  # type: ignore[attr-defined]
            payment=getattr(contribution, "payment", None),
            promise=promise_not_recorded(contribution=contribution),
            report=reports.get(contribution.consultation_id),
        )
        for contribution in contributions
    ]


@dataclass
class StaffInput:
    """Input as the API gives it to staff: (view, day to respond by, shown by name) each."""

    items: list[tuple[StaffView, datetime.date, bool]]
    held_back: int


def staff_input_for_api(
    *, organisations: list[Organisation], awaiting_response: bool | None
) -> StaffInput:
    """Every contribution to ``organisations`` their pages show, the earliest day to respond
    first; within a consultation, input by name oldest first, then input without a name in the
    order its pages use. ``awaiting_response``: True, only input without a decision (no
    response, or "under consideration": what "Input to answer" lists); False, only decided
    input. ``held_back`` counts input kept back without a response, unless only decided input
    is asked for."""
    consultations = list(
        Consultation.objects.filter(
            project__organisation__in=organisations, contributions__isnull=False
        )
        .distinct()
        .select_related("project__organisation")
    )
    groups = contributions_for_staff_of_many(consultations=consultations)
    consultations.sort(key=lambda c: (c.response_due_on, c.title, str(c.pk)))
    items = []
    held_back = 0
    for consultation in consultations:
        group = groups[consultation.pk]
        if awaiting_response is not False:
            held_back += group.held_back_waiting
        shown = [(v, True) for v in group.named] + [(v, False) for v in group.unnamed]
        for view, named in shown:
            undecided = _waiting(view) or _considering(view)
            if awaiting_response is not None and undecided != awaiting_response:
                continue
            items.append((view, consultation.response_due_on, named))
    return StaffInput(items=items, held_back=held_back)
