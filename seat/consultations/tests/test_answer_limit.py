"""An answer longer than the limit is refused whole, at every layer; it is never cut."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, transaction

from seat.consultations.models import ANSWER_MAX_CHARS, Answer
from seat.consultations.services import LoopError, contribution_submit
from seat.tests.personas import make_consultation, make_invitation


@pytest.mark.django_db
def test_the_service_refuses_an_over_long_answer_and_saves_nothing(world):
    consultation = make_consultation(world.staff_a, world.project, title="Second round")
    invitation = make_invitation(world.staff_a, consultation, world.expert, accept=True)
    question = consultation.questions.first()
    with pytest.raises(LoopError, match="longer than 5,000 characters. Nothing was saved."):
        contribution_submit(
            actor=world.expert.user,
            invitation=invitation,
            answers={str(question.pk): "x" * (ANSWER_MAX_CHARS + 1)},
            attribution="not_quoted",
            idempotency_key=uuid.uuid4(),
        )
    assert not consultation.contributions.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_over_long_answer(world):
    question = world.consultation.questions.last()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            contribution=world.contribution, question=question, text="x" * (ANSWER_MAX_CHARS + 1)
        )
    Answer.objects.create(
        contribution=world.contribution, question=question, text="x" * ANSWER_MAX_CHARS
    )
