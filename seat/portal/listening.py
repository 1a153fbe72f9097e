"""Her invitation and its questions read aloud (issue 14 item 3).

Three recordings per invitation, each made from what her page shows, never from fixed text:

- ``about``: the title and the plain-language summary (the purpose when there is none), in the
  language the consultation's text reaches her in (a current translation, else the original);
- ``offer``: what she is offered and promised (who asks, the last day, the hours, the pay, when
  and how she is paid, costs, support, whether anyone will ask for her story and who reads her
  words), rendered from the same templates as the page, in her own language;
- ``questions``: the content note, then each question by its number, in the text's language.

``seat.core.speech`` makes and keeps the recordings.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from seat.consultations.enums import LANGUAGE_NAMES, ConsultationStatus
from seat.consultations.models import Invitation
from seat.consultations.promises import invitation_promises
from seat.consultations.translations import ConsultationText, consultation_text
from seat.core import speech

ABOUT, OFFER, QUESTIONS = "about", "offer", "questions"
PARTS = (ABOUT, OFFER, QUESTIONS)


def offer_context(invitation: Invitation) -> dict[str, Any]:
    """What her invitation page needs to state the offer and its promises, as it stands now."""
    consultation = invitation.consultation
    contribution = getattr(invitation, "contribution", None)
    return {
        "invitation": invitation,
        "consultation": consultation,
        "promises": invitation_promises(
            consultation=consultation, questions=list(consultation.questions.all())
        ),
        "contribution": contribution,
        # Cancelled before she sent input: nothing is owed, so no pay, payment day or last day
        # is stated as if still on offer.
        "offer_withdrawn": consultation.status == ConsultationStatus.CANCELLED
        and contribution is None,
    }


def speakable(markup: str) -> str:
    """Rendered HTML as sentences to read: a term and its description joined by a colon, each
    block ending a sentence, tags dropped."""
    markup = re.sub(r"</dt>", ": ", markup)
    markup = re.sub(r"</(dd|p|li|h\d)>|<br\s*/?>", ". ", markup)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = re.sub(r"\s+", " ", text)
    # "Yes: travel. . " and ": ." read as pauses, not as words.
    text = re.sub(r"([.:!?।])\s*(\.\s*)+", r"\1 ", text)
    return text.strip()


def words_to_hear(*, invitation: Invitation, part: str, language: str) -> tuple[str, str]:
    """The words of one recording and the language they are in, for a reader of ``language``."""
    consultation = invitation.consultation
    text = consultation_text(consultation=consultation, language=language)
    if part == ABOUT:
        # A title is a heading, often without a full stop: give it one, so it is read as a
        # sentence before the summary (the purpose when there is no summary).
        title = text.title if text.title.rstrip()[-1:] in ".?!।:" else f"{text.title}."
        return f"{title}\n{text.plain_summary or text.purpose}", text.language
    if part == QUESTIONS:
        lines = [text.content_note] if text.content_note else []
        lines += [f"{number}. {q.text}" for number, q in enumerate(text.questions, start=1)]
        return "\n".join(lines), text.language
    if part == OFFER:
        with override(language):
            context = offer_context(invitation)
            markup = render_to_string("portal/_consultation_facts.html", context)
            markup += render_to_string("portal/_promises.html", context)
        return speakable(markup), language
    raise ValueError(part)


@dataclass(frozen=True)
class Listening:
    """The recordings her page offers (each a URL, or "" when it cannot be spoken) and the name
    of a language Seat cannot read aloud, when one of hers is such."""

    about: str
    offer: str
    questions: str
    unspoken: str


def listening(*, invitation: Invitation, text: ConsultationText, language: str) -> Listening:
    def url(part: str, spoken_in: str) -> str:
        if not speech.can_speak(spoken_in):
            return ""
        return reverse("portal:listen", kwargs={"invitation_id": invitation.pk, "part": part})

    ui = (language or "").split("-")[0]
    unspoken = ""
    if speech.can_speak("en"):  # the server reads aloud at all
        silent = [code for code in (text.language, ui) if not speech.can_speak(code)]
        unspoken = LANGUAGE_NAMES.get(silent[0], silent[0]) if silent else ""
    return Listening(
        about=url(ABOUT, text.language),
        offer=url(OFFER, ui),
        questions=url(QUESTIONS, text.language) if text.questions else "",
        unspoken=unspoken,
    )
