"""A consultation in each language it offers (issue 9 item 4).

Staff write the text (title, purpose, content note, questions) in one language, its
``text_language``, and enter a translation for each other language the consultation is offered
in. A reader gets the text in her language when there is a translation of the text as it is
now; otherwise the original, with a notice of which languages it is offered in. A translation of
an older text is never shown: it could promise or ask something the consultation no longer does.

Writes (``translation_save``, ``translation_delete``) record a Change in the history and an
audit row, like every correction (corrections.py); reads (``consultation_text``,
``translation_statuses``) never write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.accounts.models import User
from seat.consultations.corrections import change_record
from seat.consultations.enums import LANGUAGE_NAMES, ChangeKind, ConsultationStatus
from seat.consultations.limits import LIMITS, text_problems
from seat.consultations.models import (
    Consultation,
    ConsultationTranslation,
    Question,
)
from seat.consultations.services import LoopError
from seat.core.languages import language_name_translated
from seat.core.privacy.audit import audit_record

CURRENT, OUT_OF_DATE, MISSING, ORIGINAL = "current", "out_of_date", "missing", "original"
# The texts a translation holds besides its questions.
TRANSLATED_TEXTS = ("title", "purpose", "plain_summary", "content_note")


def source_digest(*, consultation: Consultation, questions: list[str] | None = None) -> str:
    """A digest of the text a translation translates; it changes whenever any of it does."""
    if questions is None:
        questions = [q.text for q in consultation.questions.all()]
    text: list[Any] = [
        consultation.title,
        consultation.purpose,
        consultation.content_note,
        questions,
    ]
    if consultation.plain_summary:
        # Only when there is one, so translations made before summaries existed stay current.
        text.append(consultation.plain_summary)
    return hashlib.sha256(json.dumps(text, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class QuestionText:
    question: Question
    text: str

    @property
    def pk(self) -> Any:
        return self.question.pk

    @property
    def position(self) -> int:
        return self.question.position


@dataclass(frozen=True)
class ConsultationText:
    """What a reader of ``language`` sees: ``translated`` when it is in her language (the
    original's language or a current translation), else the original's text."""

    language: str
    title: str
    purpose: str
    plain_summary: str
    content_note: str
    questions: tuple[QuestionText, ...]
    translated: bool
    offered: tuple[str, ...]  # the names of the languages it is offered in, as each writes it

    @property
    def language_name(self) -> str:
        """The language it is written in, named in the reader's language."""
        return language_name_translated(self.language)


def consultation_text(*, consultation: Consultation, language: str) -> ConsultationText:
    """The consultation's text for a reader of ``language`` (a code such as ``bn``)."""
    code = (language or "").split("-")[0]
    questions = list(consultation.questions.all())
    offered = tuple(LANGUAGE_NAMES.get(c, c) for c in consultation.language_codes)
    if code != consultation.text_language:
        translation = consultation.translations.filter(language=code).first()
        if translation is not None and translation.source_digest == source_digest(
            consultation=consultation, questions=[q.text for q in questions]
        ):
            return ConsultationText(
                language=code,
                title=translation.title,
                purpose=translation.purpose,
                plain_summary=translation.plain_summary,
                content_note=translation.content_note,
                questions=tuple(
                    QuestionText(question, text)
                    for question, text in zip(questions, translation.questions, strict=True)
                ),
                translated=True,
                offered=offered,
            )
    return ConsultationText(
        language=consultation.text_language,
        title=consultation.title,
        purpose=consultation.purpose,
        plain_summary=consultation.plain_summary,
        content_note=consultation.content_note,
        questions=tuple(QuestionText(question, question.text) for question in questions),
        translated=code == consultation.text_language,
        offered=offered,
    )


def reader_titles(consultations: Any, *, language: str) -> None:
    """Give each consultation a ``reader_title`` (and ``reader_lang``): its title in
    ``language`` when a current translation exists, else its own. For lists (her home), in two
    queries however many there are."""
    code = (language or "").split("-")[0]
    consultations = list(consultations)
    for consultation in consultations:
        consultation.reader_title = consultation.title
        consultation.reader_lang = consultation.text_language
    wanted = [c.pk for c in consultations if c.text_language != code]
    if not wanted:
        return
    translated = {
        t.consultation_id: t
        for t in ConsultationTranslation.objects.filter(
            consultation_id__in=wanted, language=code
        ).prefetch_related("consultation__questions")
    }
    for consultation in consultations:
        translation = translated.get(consultation.pk)
        if translation is not None and translation.source_digest == source_digest(
            consultation=translation.consultation
        ):
            consultation.reader_title = translation.title
            consultation.reader_lang = code


@dataclass(frozen=True)
class TranslationStatus:
    language: str
    name: str
    status: str  # ORIGINAL, CURRENT, OUT_OF_DATE or MISSING
    translation: ConsultationTranslation | None


def translation_statuses(*, consultation: Consultation) -> list[TranslationStatus]:
    """For each language the consultation is offered in, whether its text is written in it."""
    digest = source_digest(consultation=consultation)
    existing = {t.language: t for t in consultation.translations.select_related("updated_by")}
    statuses = []
    for code in consultation.language_codes:
        translation = existing.get(code)
        if code == consultation.text_language:
            status = ORIGINAL
        elif translation is None:
            status = MISSING
        elif translation.source_digest == digest:
            status = CURRENT
        else:
            status = OUT_OF_DATE
        statuses.append(
            TranslationStatus(code, LANGUAGE_NAMES.get(code, code), status, translation)
        )
    return statuses


def current_languages(*, consultation: Consultation) -> tuple[str, ...]:
    """The languages its text can be read in now: the original's and each current translation."""
    return tuple(
        s.language
        for s in translation_statuses(consultation=consultation)
        if s.status in (ORIGINAL, CURRENT)
    ) or (consultation.text_language,)


def translation_problems(
    *,
    consultation: Consultation,
    language: str,
    questions: list[str],
    texts: dict[str, str] | None = None,
) -> dict[str, str]:
    """What stops this translation being saved, by field (``__all__`` for the whole form).
    ``texts``: its ``TRANSLATED_TEXTS``, when they are to be saved."""
    if consultation.status not in (ConsultationStatus.DRAFT, ConsultationStatus.OPEN):
        return {"__all__": _("A closed or cancelled consultation is kept as it was.")}
    if language == consultation.text_language:
        return {"__all__": _("This is the language the consultation is written in.")}
    if language not in consultation.language_codes:
        return {"__all__": _("The consultation is not offered in this language.")}
    expected = consultation.questions.count()
    if len(questions) != expected:
        return {
            "questions": ngettext(
                "Write %(count)d question, in the same order as the original.",
                "Write %(count)d questions, in the same order as the original.",
                expected,
            )
            % {"count": expected}
        }
    # The same limits as the original's: she reads the translation on the same pages. Text
    # saved before the limits stays whole; only what is changed must fit them.
    existing = consultation.translations.filter(language=language).first()
    return text_problems(
        values=texts or {},
        questions=questions,
        before={name: getattr(existing, name) for name in LIMITS} if existing else None,
        before_questions=existing.questions if existing else None,
        count_questions=False,
    )


def _history(actor: User, consultation: Consultation, names: tuple[str, str]) -> None:
    """Once open, people may have read the text: the history says which language's text was
    written or removed (never the text), as for any field. While drafting, translating is
    writing it, and the history of a draft starts when it opens."""
    if consultation.status != ConsultationStatus.DRAFT:
        change_record(
            actor=actor,
            project=consultation.project,
            consultation=consultation,
            kind=ChangeKind.EDITED,
            subject=consultation.title,
            diff={"translation": names},
        )


@transaction.atomic
def translation_save(
    *,
    actor: User,
    consultation: Consultation,
    language: str,
    title: str,
    purpose: str,
    content_note: str,
    questions: list[str],
    plain_summary: str = "",
) -> ConsultationTranslation:
    """Create or replace the consultation's text in ``language``; it translates the text as it
    is now. Raises LoopError when ``translation_problems`` finds anything."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    questions = [q.strip() for q in questions if q.strip()]
    texts = {
        "title": title.strip(),
        "purpose": purpose.strip(),
        "plain_summary": plain_summary.strip(),
        "content_note": content_note.strip(),
    }
    if problems := translation_problems(
        consultation=consultation, language=language, questions=questions, texts=texts
    ):
        raise LoopError(" ".join(problems.values()))
    values = {
        **texts,
        "questions": questions,
        "source_digest": source_digest(consultation=consultation),
        "updated_by": actor,
    }
    try:
        with transaction.atomic():
            translation, created = ConsultationTranslation.objects.update_or_create(
                consultation=consultation, language=language, defaults=values
            )
    except IntegrityError:
        # Two saves of a new translation at once: the consultation row is locked above, so this
        # only happens on a database without row locks (SQLite); the other one was saved.
        translation = ConsultationTranslation.objects.get(
            consultation=consultation, language=language
        )
        created = False
    _history(actor, consultation, ("", LANGUAGE_NAMES.get(language, language)))
    audit_record(
        actor=actor,
        verb="consultation.translation.create" if created else "consultation.translation.update",
        target=consultation,
        language=language,
    )
    return translation


@transaction.atomic
def translation_delete(*, actor: User, consultation: Consultation, language: str) -> bool:
    deleted, _rows = ConsultationTranslation.objects.filter(
        consultation=consultation, language=language
    ).delete()
    if deleted:
        _history(actor, consultation, (LANGUAGE_NAMES.get(language, language), ""))
        audit_record(
            actor=actor,
            verb="consultation.translation.delete",
            target=consultation,
            language=language,
        )
    return bool(deleted)
