"""A consultation's translations over the API, so that translators' tools can read what is
missing and import the text in each language (issue 9 item 4: staff "enter or import" them).

``GET  /api/v1/consultations/{id}/translations``: each language offered and whether its text is
written in it (original, current, out_of_date or missing).
``PUT  /api/v1/consultations/{id}/translations/{language}``: write a language's text, as the
staff page does (the same service, the same checks). Both need a signed-in member who may manage
the consultation's project; to anyone else the consultation is not there (404).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import ValidationError
from pydantic import Field

from seat.consultations import selectors, translations
from seat.consultations.limits import (
    CONTENT_NOTE_MAX_CHARS,
    PLAIN_SUMMARY_MAX_CHARS,
    PURPOSE_MAX_CHARS,
    QUESTION_MAX_CHARS,
    TITLE_MAX_CHARS,
)
from seat.consultations.models import Consultation
from seat.consultations.services import LoopError

router = Router(tags=["consultations"])


class TranslationStatusOut(Schema):
    language: str
    name: str
    status: Literal["original", "current", "out_of_date", "missing"]


class TranslationIn(Schema):
    # The limits of the staff page (limits.py): she reads it on pages that must stay light.
    title: str = Field(min_length=1, max_length=TITLE_MAX_CHARS)
    purpose: str = Field(min_length=1, max_length=PURPOSE_MAX_CHARS)
    plain_summary: str = Field(default="", max_length=PLAIN_SUMMARY_MAX_CHARS)
    content_note: str = Field(default="", max_length=CONTENT_NOTE_MAX_CHARS)
    # One per question, in the questions' order.
    questions: list[Annotated[str, Field(max_length=QUESTION_MAX_CHARS)]] = Field(max_length=50)


def _managed(request: HttpRequest, consultation_id: UUID) -> Consultation:
    try:
        return selectors.consultation_get_for_user(
            user=request.user, consultation_id=consultation_id, manage=True
        )
    except PermissionDenied:
        # Members who may read but not change it are told no more than strangers.
        raise Http404 from None


def _statuses(consultation: Consultation) -> list[dict[str, Any]]:
    return [
        {"language": s.language, "name": s.name, "status": s.status}
        for s in translations.translation_statuses(consultation=consultation)
    ]


@router.get(
    "/{consultation_id}/translations",
    response=list[TranslationStatusOut],
    summary="The languages a consultation is offered in, and which have its text",
)
def translation_list(request: HttpRequest, consultation_id: UUID) -> list[dict[str, Any]]:
    return _statuses(_managed(request, consultation_id))


@router.put(
    "/{consultation_id}/translations/{language}",
    response=list[TranslationStatusOut],
    summary="Write a consultation's text in one language it is offered in",
)
def translation_put(
    request: HttpRequest, consultation_id: UUID, language: str, payload: TranslationIn
) -> list[dict[str, Any]]:
    """The text translates the consultation as it is now; once the original changes, it is out
    of date and readers get the original until it is written again. Answers every language's
    status, as ``GET`` does."""
    consultation = _managed(request, consultation_id)
    questions = [q.strip() for q in payload.questions if q.strip()]
    problems = translations.translation_problems(
        consultation=consultation,
        language=language,
        questions=questions,
        texts={
            "title": payload.title.strip(),
            "purpose": payload.purpose.strip(),
            "plain_summary": payload.plain_summary.strip(),
            "content_note": payload.content_note.strip(),
        },
    )
    if problems:
        raise ValidationError(
            [
                {
                    "loc": ["body", "payload", name] if name != "__all__" else ["path", "language"],
                    "msg": message,
                    "type": "value_error",
                }
                for name, message in problems.items()
            ]
        )
    try:
        translations.translation_save(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
            language=language,
            title=payload.title,
            purpose=payload.purpose,
            content_note=payload.content_note,
            plain_summary=payload.plain_summary,
            questions=questions,
        )
    except LoopError as error:  # a change between the check and the save
        raise ValidationError(
            [{"loc": ["body"], "msg": str(error), "type": "value_error"}]
        ) from None
    consultation.refresh_from_db()
    return _statuses(consultation)
