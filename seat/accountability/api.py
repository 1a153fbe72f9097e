"""Input and what became of it, over the API.

``GET /api/v1/contributions``: for those who read an organisation's input (its admins, staff
and viewers), the contributions its pages show them, by the same rules: input given without a
name only once it can be read, without its day, in an order that says nothing; words only
while the person's consent allows their use. ``?awaiting_response=true``: only those without a
decision, as "Input to answer" lists them. Anyone who reads no organisation's input (finance, an expert) gets 403.

``GET /api/v1/me/contributions``: the caller's own input, each with its ``response`` (null
while there is none) and its pay; 403 for anyone who is not a survivor expert.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from seat.accountability.enums import Outcome
from seat.accountability.selectors import (
    input_of_expert,
    organisations_answering,
    staff_input_for_api,
)
from seat.api.me import PageIn
from seat.api.schemas import ErrorOut
from seat.compensation.api import money_text
from seat.compensation.enums import PaymentStatus
from seat.people.selectors import expert_for_user

router = Router(tags=["contributions"])
me_router = Router(tags=["me"])


class QuestionResponseOut(Schema):
    question: UUID
    outcome: Outcome
    reason: str


class ResponseOut(Schema):
    outcome: Outcome = Field(
        description="under_consideration is an answer, not a decision: another follows."
    )
    reason: str
    shared_at: datetime.datetime
    per_question: list[QuestionResponseOut] = Field(
        description="Answers to single questions that staff answered apart from the rest."
    )


class AnswerOut(Schema):
    question: UUID
    text: str


class ContributionOut(Schema):
    id: UUID
    organisation: UUID
    consultation: UUID
    consultation_title: str
    author: str = Field(
        description="The chosen name, the collective's name, or a neutral label when the "
        "person may not be named."
    )
    received_on: datetime.date | None = Field(
        description="Null for input given without a name: its day could name its author."
    )
    respond_by: datetime.date
    overdue: bool = Field(description="No response yet and past the day to respond by.")
    response: ResponseOut | None
    answers: list[AnswerOut] | None = Field(
        description="Null once the person has withdrawn consent to the use of her input."
    )


class ContributionPageOut(Schema):
    count: int
    page: int
    per_page: int
    has_next: bool
    held_back: int = Field(
        description="Input given without a name, without a response, that cannot be read yet "
        "(it is read only together with others, once its consultation closes); 0 when only "
        "decided input is asked for."
    )
    items: list[ContributionOut]


class ContributionsIn(Schema):
    awaiting_response: bool | None = Field(
        None,
        description="true: only input without a decision (no response yet, or under "
        "consideration), as the staff page 'Input to answer' lists it; false: only decided input.",
    )
    organisation: UUID | None = Field(
        None,
        description="Only this organisation's input (and its held_back). 404 for an "
        "organisation whose input you do not read, as for one that does not exist.",
    )
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(50, ge=1, le=200)


def _response(response: Any) -> dict[str, Any] | None:
    if response is None:
        return None
    return {
        "outcome": response.outcome,
        "reason": response.reason,
        "shared_at": response.shared_at,
        "per_question": [
            {"question": item.question_id, "outcome": item.outcome, "reason": item.reason}
            for item in response.per_question.all()
        ],
    }


@router.get(
    "",
    url_name="contributions",
    response={200: ContributionPageOut, 403: ErrorOut, 404: ErrorOut},
    summary="Input to the organisations whose input you read",
)
def contributions(request: HttpRequest, query: Query[ContributionsIn]) -> Any:
    """Input to every organisation where you read input (or to the one ``organisation`` names),
    the earliest day to respond first, as its pages show it. 403 for anyone who reads no
    organisation's input."""
    user = request.auth  # type: ignore[attr-defined]
    organisations = organisations_answering(user=user)
    if not organisations:
        return Status(
            403,
            {"detail": _("Only an organisation's admins, staff and viewers read its input.")},
        )
    if query.organisation is not None:
        organisations = [o for o in organisations if o.pk == query.organisation]
        if not organisations:
            return Status(404, {"detail": _("No organisation whose input you read has this id.")})
    found = staff_input_for_api(
        organisations=organisations, awaiting_response=query.awaiting_response
    )
    start = (query.page - 1) * query.per_page
    today = timezone.localdate()
    items = []
    for view, respond_by, named in found.items[start : start + query.per_page]:
        contribution = view.contribution
        response = getattr(contribution, "response", None)
        items.append(
            {
                "id": contribution.pk,
                "organisation": contribution.consultation.project.organisation_id,
                "consultation": contribution.consultation_id,
                "consultation_title": contribution.consultation.title,
                "author": str(view.author_label if named else _("Contribution without a name")),
                "received_on": timezone.localdate(contribution.created_at) if named else None,
                "respond_by": respond_by,
                "overdue": response is None and respond_by < today,
                "response": _response(response),
                "answers": [
                    {"question": answer.question_id, "text": answer.text}
                    for answer in contribution.answers.all()
                ]
                if view.may_show
                else None,
            }
        )
    return {
        "count": len(found.items),
        "page": query.page,
        "per_page": query.per_page,
        "has_next": start + query.per_page < len(found.items),
        "held_back": found.held_back,
        "items": items,
    }


class PayOut(Schema):
    amount: str = Field(description="Fee plus expenses, as a decimal string.")
    currency: str = Field(description="ISO 4217 code.")
    status: PaymentStatus | None = Field(
        description="Null while the organisation has not recorded the pay it promised."
    )
    due_on: datetime.date
    overdue: bool


class MyContributionOut(Schema):
    id: UUID
    organisation: str
    consultation: UUID
    consultation_title: str
    sent_on: datetime.date
    status: str = Field(
        description="awaiting (no response yet), or the response's outcome: "
        "under_consideration, adopted, partly_adopted, not_adopted."
    )
    respond_by: datetime.date
    response: ResponseOut | None
    pay: PayOut | None = Field(description="Null when the consultation offered no pay.")


class MyContributionPageOut(Schema):
    count: int
    page: int
    per_page: int
    has_next: bool
    items: list[MyContributionOut]


def _pay(item: Any) -> dict[str, Any] | None:
    if item.payment is not None:
        line = item.payment
        return {
            "amount": money_text(line.amount, line.currency),
            "currency": line.currency,
            "status": line.status,
            "due_on": line.due_on,
            "overdue": line.is_late,
        }
    if item.promise is not None:
        promise = item.promise
        return {
            "amount": money_text(promise.amount, promise.currency),
            "currency": promise.currency,
            "status": None,
            "due_on": promise.due_on,
            "overdue": promise.is_late,
        }
    return None


@me_router.get(
    "/contributions",
    url_name="me-contributions",
    response={200: MyContributionPageOut, 403: ErrorOut},
    summary="Your input and what became of it",
)
def my_contributions(request: HttpRequest, query: Query[PageIn]) -> Any:
    """Everything you gave, newest first, as on your "My input" page: each with what the
    organisation did with it (``response``, null while there is none) and your pay for it."""
    user = request.auth  # type: ignore[attr-defined]
    expert = expert_for_user(user=user)
    if expert is None:
        return Status(403, {"detail": _("Only a survivor expert has input of her own.")})
    found = input_of_expert(expert=expert)
    start = (query.page - 1) * query.per_page
    return {
        "count": len(found),
        "page": query.page,
        "per_page": query.per_page,
        "has_next": start + query.per_page < len(found),
        "items": [
            {
                "id": item.contribution.pk,
                "organisation": item.contribution.consultation.project.organisation.name,
                "consultation": item.contribution.consultation_id,
                "consultation_title": item.contribution.consultation.title,
                "sent_on": timezone.localdate(item.contribution.created_at),
                "status": item.response.outcome if item.response else "awaiting",
                "respond_by": item.contribution.consultation.response_due_on,
                "response": _response(item.response),
                "pay": _pay(item),
            }
            for item in found[start : start + query.per_page]
        ],
    }
