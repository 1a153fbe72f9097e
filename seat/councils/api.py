"""``GET /api/v1/councils`` and ``GET /api/v1/councils/{id}/recommendations``: the councils the
caller may see (the host's admins, staff, finance and viewers; members, for the councils they
sit on) and each council's recommendations with their status timeline, the host's dated
responses and the dissenting views. Members are named by their chosen names only; no pay."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from seat.api.schemas import ErrorOut
from seat.councils import selectors
from seat.councils.enums import Decision, RecommendationStatus

router = Router(tags=["councils"])


class CouncilOut(Schema):
    id: UUID
    name: str
    host: str = Field(description="The organisation that runs the council.")
    mandate: str
    members: int = Field(description="People who hold or held a term on it.")
    meetings: int


class StepOut(Schema):
    status: RecommendationStatus
    on: datetime.date
    note: str


class ResponseOut(Schema):
    decision: Decision
    text: str
    responded_on: datetime.date


class DissentOut(Schema):
    text: str
    recorded_on: datetime.date
    by: list[str] = Field(description="Chosen names; empty when unnamed.")
    unnamed: bool = Field(description="Held by members who asked not to be named.")


class WordingOut(Schema):
    title: str
    text: str
    replaced_on: datetime.date = Field(description="The day this wording was corrected.")


class RecommendationOut(Schema):
    id: UUID
    title: str
    text: str
    status: RecommendationStatus
    submitted_on: datetime.date
    earlier_wordings: list[WordingOut] = Field(
        description="Earlier wordings, kept when it was corrected, oldest first."
    )
    timeline: list[StepOut] = Field(description="Every status step, oldest first.")
    responses: list[ResponseOut] = Field(description="The host's responses, oldest first.")
    dissents: list[DissentOut]


@router.get("", url_name="councils", response=list[CouncilOut], summary="Councils you may see")
def councils(request: HttpRequest) -> Any:
    """The councils of your organisations (for admins, staff, finance and viewers) and the
    councils where you hold a term, by name."""
    user = request.auth  # type: ignore[attr-defined]
    return [
        {
            "id": council.pk,
            "name": council.name,
            "host": council.organisation.name,
            "mandate": council.mandate,
            "members": council.members_count,  # type: ignore[attr-defined]
            "meetings": council.meetings_count,  # type: ignore[attr-defined]
        }
        for council in selectors.councils_for_user(user=user)
    ]


@router.get(
    "/{council_id}/recommendations",
    url_name="council-recommendations",
    response={200: list[RecommendationOut], 403: ErrorOut, 404: ErrorOut},
    summary="A council's recommendations and where each stands",
)
def recommendations(request: HttpRequest, council_id: UUID) -> Any:
    """Newest first, each with its status timeline, the host's responses and the dissenting
    views. 404 when the council is not there for you; 403 for a role that does not read it."""
    user = request.auth  # type: ignore[attr-defined]
    try:
        access = selectors.council_get_for_user(user=user, council_id=council_id)
    except Http404:
        return Status(404, {"detail": "Not Found"})
    except PermissionDenied:
        return Status(
            403, {"detail": _("Only the host's admins, staff, finance and viewers read it.")}
        )
    return [
        {
            "id": r.pk,
            "title": r.title,
            "text": r.text,
            "status": r.status,
            "submitted_on": r.submitted_on,
            "earlier_wordings": [
                {
                    "title": w.title,
                    "text": w.text,
                    "replaced_on": timezone.localdate(w.replaced_at),
                }
                for w in r.revisions.all()
            ],
            "timeline": [{"status": e.status, "on": e.on, "note": e.note} for e in r.events.all()],
            "responses": [
                {"decision": x.decision, "text": x.text, "responded_on": x.responded_on}
                for x in r.responses.all()
            ],
            "dissents": [
                {
                    "text": d.text,
                    "recorded_on": d.recorded_on,
                    "by": [t.expert.pseudonym for t in d.terms.all()],
                    "unnamed": d.unnamed,
                }
                for d in r.dissents.all()
            ],
        }
        for r in selectors.recommendations_of(council=access.council)
    ]
