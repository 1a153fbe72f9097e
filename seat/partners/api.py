"""``POST /api/v1/captures``: an in-person session written down on a device that was offline,
sent when the connection returns. The same service as the capture form (``captures.py``), so the
same checks and the same single copy.

Send it as often as needed with the same ``idempotency_key``: the first arrival stores it (201),
each later one with the same content answers with the first result and stores nothing (200);
the same key with different content is refused (409) and changes nothing.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from seat.api.schemas import ErrorOut, ValidationErrorOut
from seat.consultations.api import IsoDate
from seat.consultations.limits import MAX_QUESTIONS
from seat.consultations.models import ANSWER_MAX_CHARS
from seat.core.languages import LANGUAGE_NAMES
from seat.partners import capture_selectors
from seat.partners.captures import (
    MAX_PARTICIPANTS,
    PLACE_MAX_CHARS,
    CaptureConflict,
    CaptureError,
    ParticipantInput,
    capture_record,
)
from seat.partners.enums import SessionKind
from seat.people.enums import ConsentPurpose

router = Router(tags=["partners"])

Language = Literal[tuple(LANGUAGE_NAMES)]  # type: ignore[valid-type]


class ConsentsIn(Schema):
    """What she said in the session about each purpose: true for yes, false for no; a purpose
    left out (or null) was not asked, and her earlier consent stands."""

    participate: StrictBool | None = Field(None, description="Take part and have her input used.")
    quote_anonymously: StrictBool | None = Field(
        None, description="Quote her words without a name."
    )
    quote_pseudonym: StrictBool | None = Field(
        None, description="Quote her words under her chosen name."
    )
    media: StrictBool | None = Field(None, description="Share her words with the media.")
    research: StrictBool | None = Field(None, description="Use her input in research.")


class AnswerIn(Schema):
    question: uuid.UUID = Field(description="The question's id.")
    text: str = Field(max_length=ANSWER_MAX_CHARS, description="Her input, as written down.")


class CaptureParticipantIn(Schema):
    member: uuid.UUID = Field(description="The member's id (her profile), from the partner.")
    consents: ConsentsIn | None = Field(
        None, description="What she said about each purpose; null: nothing was asked."
    )
    consent_language: Language | None = Field(  # type: ignore[valid-type]
        None,
        description="The language the consent wording was read aloud in; needed when any "
        "consent was asked in the session.",
    )
    attribution: Literal["not_quoted", "anonymous", "pseudonym"] = Field(
        description="How her words may be quoted; anonymous and pseudonym need her consent to "
        "that quoting, given before or in the session."
    )
    answers: list[AnswerIn] = Field(max_length=MAX_QUESTIONS)


class CaptureIn(Schema):
    request: uuid.UUID = Field(description="The accepted request of a host to the partner.")
    idempotency_key: uuid.UUID = Field(
        description="A random key made once for this capture on the device: sending it again "
        "stores nothing new."
    )
    kind: Literal[tuple(SessionKind.values)]  # type: ignore[valid-type]
    held_on: IsoDate = Field(
        description="The day of the session: not in the future, not before the consultation "
        "opened (ISO 8601 date)."
    )
    place: Annotated[str, Field(min_length=1, max_length=PLACE_MAX_CHARS)] = Field(
        description="Coarse, on purpose: a district or a town, never an address."
    )
    participants: list[CaptureParticipantIn] = Field(min_length=1, max_length=MAX_PARTICIPANTS)


class CaptureOut(Schema):
    id: uuid.UUID
    contributions: int = Field(description="One per participant.")
    created: bool = Field(description="False when this answers a replay of the same capture.")


def _participants(payload: CaptureIn) -> list[ParticipantInput]:
    parts = []
    for p in payload.participants:
        said = p.consents.model_dump() if p.consents else {}
        parts.append(
            ParticipantInput(
                expert_id=p.member,
                attribution=p.attribution,
                consents={
                    k: v for k, v in said.items() if v is not None and k in ConsentPurpose.values
                },
                language=p.consent_language or "",
                answers={str(a.question): a.text for a in p.answers},
            )
        )
    return parts


@router.post(
    "",
    url_name="captures",
    response={
        200: CaptureOut,
        201: CaptureOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Store an in-person session written down offline",
)
def capture_create(request: HttpRequest, payload: CaptureIn) -> Status[dict[str, Any]]:
    """For a facilitator or admin of the partner a request was made to. 201 with the capture's
    id and how many contributions it holds; 200 with the same when the same capture (same key,
    same content) was stored before. 409 when the key was used for different content. 422 with
    a sentence to show when a participant has not consented to take part (in her consent record
    or in this session), is not a member, gave input already, or the consultation or request
    takes no input; nothing of the capture is stored then. 404 when the request is not there
    for you; 403 for a role that does not write down sessions."""
    user = request.auth  # type: ignore[attr-defined]
    try:
        partner_request = capture_selectors.request_for_capture(
            user=user, request_id=payload.request
        )
    except Http404:
        # In the words ninja answers any missing object with: a program sees one 404 shape.
        return Status(404, {"detail": "Not Found"})
    except PermissionDenied:
        return Status(
            403, {"detail": _("Only the partner's facilitators and admins write down sessions.")}
        )
    try:
        result = capture_record(
            actor=user,
            request=partner_request,
            idempotency_key=payload.idempotency_key,
            kind=payload.kind,
            held_on=payload.held_on,
            place=payload.place,
            participants=_participants(payload),
        )
    except CaptureConflict as error:
        return Status(409, {"detail": str(error)})
    except CaptureError as error:
        return Status(422, {"detail": str(error)})
    except PermissionDenied:
        return Status(
            403, {"detail": _("Only the partner's facilitators and admins write down sessions.")}
        )
    body = {
        "id": result.capture.pk,
        "contributions": result.contributions,
        "created": result.created,
    }
    return Status(201 if result.created else 200, body)
