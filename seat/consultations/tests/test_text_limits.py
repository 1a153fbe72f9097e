"""A consultation's text has limits that keep every page she reads it on within one round trip
(limits.py): each way text enters says what is too long and by how much, never a 500 and never
cut short; text saved before the limits stays whole, on the page and through corrections."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from seat.consultations import corrections
from seat.consultations.limits import MAX_QUESTIONS, PURPOSE_MAX_CHARS, QUESTION_MAX_CHARS
from seat.consultations.models import Consultation, ConsultationTranslation, Question
from seat.consultations.services import LoopError
from seat.consultations.tests.test_correction_views import edit_form
from seat.consultations.tests.test_corrections import fields_of, later
from seat.consultations.translations import translation_save
from seat.tests.personas import make_consultation, make_invitation

pytestmark = pytest.mark.django_db

# Allowed by the old limits (4,000 characters, 1,000 a question); over today's.
LONG_PURPOSE = ("We ask because it matters. " * 120).strip()
LONG_QUESTION = ("Why? " * 100).strip()


def test_creating_over_the_limits_is_refused_saying_by_how_much(world):
    translation.activate(
        "en"
    )  # the service speaks the active language; an earlier test's may linger
    before = Consultation.objects.count()
    with pytest.raises(LoopError) as refused:
        make_consultation(world.staff_a, world.project, purpose="x" * (PURPOSE_MAX_CHARS + 20))
    assert str(refused.value) == (
        "This is 1,520 characters long; the most is 1,500. Please make it 20 characters shorter."
    )
    with pytest.raises(LoopError) as refused:
        make_consultation(
            world.staff_a, world.project, questions=[f"Q{n}?" for n in range(MAX_QUESTIONS + 1)]
        )
    assert str(refused.value) == (
        "You can ask at most 12 questions; there are 13. Please leave out 1."
    )
    assert Consultation.objects.count() == before


def test_text_saved_before_the_limits_is_shown_whole_and_corrections_leave_it_be(client, world):
    consultation = world.consultation
    Consultation.objects.filter(pk=consultation.pk).update(purpose=LONG_PURPOSE)
    Question.objects.filter(consultation=consultation, position=1).update(text=LONG_QUESTION)
    ConsultationTranslation.objects.filter(consultation=consultation).delete()
    invitation = make_invitation(world.staff_a, consultation, world.other_expert)
    client.force_login(world.other_expert.user)
    page = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    assert LONG_PURPOSE in page and LONG_QUESTION in page
    # Moving the last day is a correction of the last day only: the old text stays as it is.
    corrections.consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, deadline=later(40)),
    )
    consultation.refresh_from_db()
    assert consultation.purpose == LONG_PURPOSE and consultation.deadline == later(40)
    # The same through the edit page, which shows the old text as it was.
    client.force_login(world.staff_a)
    url = f"/projects/consultations/{consultation.pk}/edit/"
    assert client.post(url, edit_form(consultation, deadline=later(41))).status_code == 302
    # Changing the long text means bringing it within the limit.
    longer = edit_form(consultation, purpose=LONG_PURPOSE + " More.")
    refused = client.post(url, longer)
    assert refused.status_code in (200, 400)
    assert "the most is 1,500" in refused.content.decode()
    consultation.refresh_from_db()
    assert consultation.purpose == LONG_PURPOSE


def test_a_translation_over_the_limits_is_refused_never_cut(client, world):
    consultation = make_consultation(world.staff_a, world.project, languages="en,es")
    with pytest.raises(LoopError, match="Question 2 is 301 characters long"):
        translation_save(
            actor=world.staff_a,
            consultation=consultation,
            language="es",
            title="¿Qué deben cubrir las sesiones?",
            purpose="Su consejo decide los temas.",
            content_note="",
            questions=["¿Qué señales importan más?", "y" * (QUESTION_MAX_CHARS + 1)],
        )
    ConsultationTranslation.objects.filter(consultation=consultation).delete()
    client.force_login(world.staff_a)
    url = f"/projects/consultations/{consultation.pk}/translations/es/"
    data = {
        "title": "¿Qué deben cubrir las sesiones?",
        "purpose": "Su consejo decide los temas. " * 60,
        "questions": "¿Qué señales importan más?\n¿Quién debe dirigir las sesiones?",
        "form_key": str(uuid.uuid4()),
    }
    form = client.get(url).content.decode()
    assert "maxlength" not in form.split('name="purpose"')[1].split(">")[0]
    assert "Up to 1,500 characters." in form
    response = client.post(url, data)
    assert response.status_code == 400
    assert "This is 1,739 characters long; the most is 1,500." in response.content.decode()
    assert not ConsultationTranslation.objects.filter(consultation=consultation).exists()
