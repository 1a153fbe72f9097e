"""What an invitation may promise (promises.py): each promise present exactly when the data
supports it, and absent otherwise."""

from __future__ import annotations

from typing import Any

from django.utils.translation import override

from seat.accounts.enums import Role
from seat.consultations.enums import Influence, MaterialState, Stage
from seat.consultations.models import Consultation, Question
from seat.consultations.promises import (
    INFLUENCE_MEANING,
    MATERIAL_MEANING,
    STAGE_MEANING,
    InvitationPromises,
    invitation_promises,
)
from seat.consultations.selectors import latest_check
from seat.tests.personas import make_consultation, make_member

STORY = "Please describe the abuse you suffered."
SAFE = "Which services helped you most after you came back?"


def promises_of(consultation: Consultation) -> InvitationPromises:
    consultation.refresh_from_db()
    with override("en"):
        return invitation_promises(
            consultation=consultation, questions=list(consultation.questions.all())
        )


def opened(world: Any, **fields: Any) -> Consultation:
    return make_consultation(world.staff_a, world.project, override_by=world.admin_a, **fields)


def test_no_story_question_promises_nobody_will_ask(world):
    promises = promises_of(opened(world, questions=[SAFE, "Who should run the sessions?"]))
    assert promises.story_free is True
    assert promises.story_positions == frozenset()


def test_a_story_question_opened_over_the_check_is_marked_and_nothing_is_promised(world):
    consultation = opened(world, questions=[SAFE, STORY])
    # It opened only because an admin overrode the blocker.
    assert latest_check(consultation=consultation).override_reason
    promises = promises_of(consultation)
    assert promises.story_free is False
    assert promises.story_positions == frozenset({2})


def test_the_check_runs_on_the_questions_as_they_are_now(world):
    consultation = opened(world, questions=[SAFE, "Who should run the sessions?"])
    assert promises_of(consultation).story_free is True
    # Changed after the stored check was made (say, before a correction path existed).
    Question.objects.filter(consultation=consultation, position=2).update(text=STORY)
    promises = promises_of(consultation)
    assert promises.story_free is False
    assert promises.story_positions == frozenset({2})


def test_a_story_found_by_the_stored_check_still_withholds_the_promise(world):
    consultation = opened(world, questions=[SAFE, STORY])
    Question.objects.filter(consultation=consultation, position=2).update(
        text="Who should run the sessions?"
    )
    promises = promises_of(consultation)
    # Nothing to mark now, but the version people were invited to asked: no promise.
    assert promises.story_positions == frozenset()
    assert promises.story_free is False


def test_questions_can_be_skipped_only_when_there_are_more_than_one(world):
    two = promises_of(opened(world, questions=[SAFE, "Who should run the sessions?"]))
    assert (two.skippable, two.min_answers, two.question_count) == (True, 1, 2)
    one = promises_of(opened(world, questions=[SAFE]))
    assert (one.skippable, one.question_count) == (False, 1)


def test_readers_are_the_members_whose_role_reads_contributions(world):
    # Organisation A: an admin, staff and a viewer read; finance does not.
    assert promises_of(world.consultation).readers == 3
    make_member("facilitator-a", world.org_a, Role.FACILITATOR)
    make_member("advisor-a", world.org_a, Role.ADVISOR)
    left = make_member("left-a", world.org_a, Role.STAFF)
    left.is_active = False
    left.save()
    make_member("staff-b2", world.org_b, Role.STAFF)
    assert promises_of(world.consultation).readers == 4


def test_stage_state_and_influence_are_said_in_plain_words(world):
    consultation = opened(
        world,
        stage=Stage.EVALUATION,
        material_state=MaterialState.FINAL,
        influence=Influence.INFORM,
    )
    promises = promises_of(consultation)
    assert promises.stage == "The project is being looked back on: what worked and what did not."
    assert promises.material == (
        "The work is already final: your input cannot change it, only what comes next."
    )
    assert promises.influence == (
        "They are telling you about a decision. Your input cannot change it."
    )
    assert promises.response_due_on == consultation.response_due_on


def test_every_stage_state_and_level_of_influence_has_its_own_words():
    for meanings, choices in (
        (STAGE_MEANING, Stage),
        (MATERIAL_MEANING, MaterialState),
        (INFLUENCE_MEANING, Influence),
    ):
        assert set(meanings) == set(choices.values)
        assert len({str(text) for text in meanings.values()}) == len(choices.values)


def test_the_languages_are_named_in_their_own_script(world):
    assert promises_of(opened(world, languages="bn,es")).languages == ("বাংলা", "Español")
