"""What an invitation tells a survivor before she accepts, derived from the consultation as it
stands now, never fixed text (issue 9 item 5).

The pay, the costs and the support contact come from the consultation's own fields
(``portal/_consultation_facts.html`` reads them). This module answers the rest: what the stage,
the state of the work and the influence mean in plain words, whether a question touches on what
happened to her (the quality check's ``story_extraction``, run now and as stored), whether she
may skip questions (the contribution form's own rule), and who reads her words (the roles
``rules.can_read_contributions`` lets read them, counted, and the rule for words without a name).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import Membership
from seat.consultations.enums import Influence, MaterialState, Stage
from seat.consultations.models import Consultation, Question

# Where the project is, in words a survivor with little schooling can follow.
STAGE_MEANING: dict[str, Promise] = {
    Stage.DESIGN: _("The project is being planned."),
    Stage.IMPLEMENTATION: _("The project is already running."),
    Stage.EVALUATION: _("The project is being looked back on: what worked and what did not."),
}
# How finished the work is, and so how much her input can still change.
MATERIAL_MEANING: dict[str, Promise] = {
    MaterialState.CONCEPT: _(
        "They are asking about an idea, so your input can shape it from the start."
    ),
    MaterialState.EARLY_DRAFT: _("They are asking about an early draft: much can still change."),
    MaterialState.NEAR_FINAL: _(
        "The work is nearly final: your input can change only some details."
    ),
    MaterialState.FINAL: _(
        "The work is already final: your input cannot change it, only what comes next."
    ),
}
# The influence levels (Influence), as a promise of what happens to her input.
INFLUENCE_MEANING: dict[str, Promise] = {
    Influence.INFORM: _("They are telling you about a decision. Your input cannot change it."),
    Influence.CONSULT: _("They ask for your advice and weigh it before they decide. They decide."),
    Influence.INVOLVE: _(
        "They work with you along the way, and what worries you is taken into what they decide."
    ),
    Influence.COLLABORATE: _(
        "They decide together with you, and follow your advice as far as they can."
    ),
    Influence.EMPOWER: _("The people taking part decide. They will do what you decide."),
}


@dataclass(frozen=True)
class InvitationPromises:
    """What the invitation page may say, each fact from the data it depends on."""

    stage: str
    material: str
    influence: str
    # The day by which she is told what was done with her input (Consultation.response_due_on).
    response_due_on: datetime.date
    question_count: int
    # The languages offered, each in its own name.
    languages: tuple[str, ...]
    # True only when the story_extraction check finds nothing, now and in the stored check.
    story_free: bool
    # The positions of the questions the check finds asking about what happened to her.
    story_positions: frozenset[int]
    # Whether she may leave any question empty and still send input (every answer optional and
    # more questions than the answers sending needs), and how many answers it needs.
    skippable: bool
    min_answers: int
    # How many people of the organisation may read contributions (rules.can_read_contributions).
    readers: int
    # Words without her name are read only as a group of at least this many (selectors).
    min_group: int

    def marks(self, question: Question) -> bool:
        return question.position in self.story_positions


def story_positions(*, consultation: Consultation, questions: list[Question]) -> set[int]:
    """The positions of the questions that ask about what happened to her, by the quality
    check's ``story_extraction`` run on the consultation as it stands now (a correction may
    have changed it since the check kept at opening)."""
    from seat.consultations import quality
    from seat.consultations.corrections import CONSULTATION_FIELDS
    from seat.consultations.selectors import consultation_draft

    # Without ``consultation`` the draft takes the organisation's languages as the readers'
    # (no query); the story check reads only the offered languages and the questions.
    draft = consultation_draft(
        values={name: getattr(consultation, name) for name in CONSULTATION_FIELDS},
        questions=[q.text for q in questions],
        organisation=consultation.project.organisation,
    )
    numbers = quality.story_questions(draft)
    return {question.position for n, question in enumerate(questions, start=1) if n in numbers}


def stored_check_found_story(*, consultation: Consultation) -> bool:
    """Whether the check kept when it was last opened or corrected found a story question."""
    from seat.consultations.selectors import latest_check

    check = latest_check(consultation=consultation)
    return check is not None and any(
        finding.get("code") == "story_extraction" for finding in check.findings
    )


def contribution_readers_count(*, consultation: Consultation) -> int:
    """How many people of the organisation may read its contributions: the roles
    ``rules.can_read_contributions`` allows, active accounts only."""
    from seat.consultations.rules import CONTRIBUTION_READING_ROLES

    return Membership.objects.filter(
        organisation_id=consultation.project.organisation_id,
        role__in=CONTRIBUTION_READING_ROLES,
        user__is_active=True,
    ).count()


def skip_promise(*, question_count: int) -> tuple[bool, int]:
    """Whether she may leave any question empty and still send input, and how many answers
    sending needs: the contribution form's own rule (every answer optional, ``MIN_ANSWERS``)."""
    from seat.consultations.forms import AnswerField, ContributionForm

    minimum = ContributionForm.MIN_ANSWERS
    return not AnswerField().required and question_count > minimum, minimum


def questions_checkable(*, text_language: str) -> bool:
    """Whether the story-question detector reads questions written in ``text_language``."""
    from seat.language.questions import question_languages

    return text_language in question_languages()


def invitation_promises(
    *, consultation: Consultation, questions: list[Question]
) -> InvitationPromises:
    """The invitation's promises for ``consultation`` and its ``questions`` (as shown)."""
    from seat.consultations.forms import LANGUAGE_NAMES

    marked = story_positions(consultation=consultation, questions=questions)
    skippable, min_answers = skip_promise(question_count=len(questions))
    return InvitationPromises(
        stage=str(STAGE_MEANING.get(consultation.stage, "")),
        material=str(MATERIAL_MEANING.get(consultation.material_state, "")),
        influence=str(INFLUENCE_MEANING.get(consultation.influence, "")),
        response_due_on=consultation.response_due_on,
        question_count=len(questions),
        languages=tuple(LANGUAGE_NAMES.get(code, code) for code in consultation.language_codes),
        # The promise is made only where the detector can read the questions' language: a text
        # it cannot read would pass unread, and the promise would be a guess.
        story_free=not marked
        and not stored_check_found_story(consultation=consultation)
        and questions_checkable(text_language=consultation.text_language),
        story_positions=frozenset(marked),
        skippable=skippable,
        min_answers=min_answers,
        readers=contribution_readers_count(consultation=consultation),
        min_group=settings.SEAT_MIN_GROUP_SIZE,
    )
