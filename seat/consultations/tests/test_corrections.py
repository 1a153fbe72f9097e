"""Corrections: drafts edited and deleted, projects changed, open consultations corrected or
cancelled; each change kept, told once, and nothing taken from people who already gave input."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import override

from seat.compensation.selectors import payment_defaults, payment_due_by
from seat.consultations import corrections
from seat.consultations.corrections import CorrectionError, consultation_update
from seat.consultations.enums import ConsultationStatus, InvitationStatus
from seat.consultations.models import Change, Consultation, KeptAnswer, Project
from seat.consultations.services import (
    LoopError,
    contribution_submit,
    invitation_answer,
    kept_answer_save,
    kept_answer_ticket,
)
from seat.core.models import AuditEvent
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.notifications.texts import inbox_text
from seat.tests.personas import (
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_project,
)


def fields_of(consultation: Consultation, **overrides: Any) -> dict[str, Any]:
    """What the edit form sends when nothing is touched, with ``overrides``."""
    consultation.refresh_from_db()
    fields = {name: getattr(consultation, name) for name in corrections.CONSULTATION_FIELDS}
    fields["questions"] = [q.text for q in consultation.questions.all()]
    fields.update(overrides)
    return fields


def later(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def changed_messages(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, event=Event.CONSULTATION_CHANGED))


# Drafts and projects -------------------------------------------------------------------------


def test_a_draft_changes_freely_and_tells_nobody(world):
    draft = make_consultation(world.staff_a, world.project, publish=False)
    invitation = make_invitation(world.staff_a, draft, world.expert)
    change = consultation_update(
        actor=world.staff_a,
        consultation=draft,
        **fields_of(
            draft,
            title="Better title",
            opens_on=later(2),
            deadline=later(30),
            pay_rate=Decimal("10.00"),
            questions=["Only one question now?"],
        ),
    )
    draft.refresh_from_db()
    assert (draft.title, draft.opens_on, draft.pay_rate) == ("Better title", later(2), Decimal(10))
    assert [q.text for q in draft.questions.all()] == ["Only one question now?"]
    assert change is not None and change.actor == world.staff_a
    assert change.fields["title"] == ["What should the sessions cover?", "Better title"]
    # Questions are long free text: the history says they changed, not what they said.
    assert change.fields["questions"] == []
    assert changed_messages(invitation.expert.user) == []
    assert AuditEvent.objects.filter(verb="consultation.update", object_id=str(draft.pk)).exists()


def test_the_same_correction_twice_changes_nothing_the_second_time(world):
    consultation = make_consultation(world.staff_a, world.project, publish=False)
    fields = fields_of(consultation, deadline=later(40))
    assert consultation_update(actor=world.staff_a, consultation=consultation, **fields)
    assert consultation_update(actor=world.staff_a, consultation=consultation, **fields) is None
    assert Change.objects.filter(consultation=consultation).count() == 1


def test_a_draft_is_deleted_with_its_questions_and_the_project_keeps_a_line(world):
    draft = make_consultation(world.staff_a, world.project, publish=False, title="Old draft")
    corrections.consultation_delete(actor=world.staff_a, consultation=draft)
    assert not Consultation.objects.filter(pk=draft.pk).exists()
    (line,) = Change.objects.filter(project=world.project, kind="deleted")
    assert (line.subject, line.consultation, line.actor) == ("Old draft", None, world.staff_a)


def test_an_opened_consultation_cannot_be_deleted(world):
    with pytest.raises(LoopError, match="Only a draft can be deleted"):
        corrections.consultation_delete(actor=world.staff_a, consultation=world.consultation)
    assert Consultation.objects.filter(pk=world.consultation.pk).exists()


def test_a_project_with_an_opened_consultation_cannot_be_deleted(world):
    with pytest.raises(LoopError, match="cannot be deleted"):
        corrections.project_delete(actor=world.staff_a, project=world.project)
    assert Project.objects.filter(pk=world.project.pk).exists()


def test_a_project_of_drafts_is_deleted_with_them(world):
    project = make_project(world.staff_a, world.org_a, "Short-lived")
    draft = make_consultation(world.staff_a, project, publish=False)
    corrections.project_delete(actor=world.staff_a, project=project)
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not Consultation.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(verb="project.delete", object_id=str(project.pk)).exists()


def test_a_project_stage_changes_at_any_time_and_is_recorded(world):
    change = corrections.project_update(
        actor=world.staff_a,
        project=world.project,
        title=world.project.title,
        summary="",
        stage="evaluation",
    )
    world.project.refresh_from_db()
    assert world.project.stage == "evaluation"
    assert change is not None and change.fields == {"stage": ["design", "evaluation"]}
    assert (
        corrections.project_update(
            actor=world.staff_a,
            project=world.project,
            title=world.project.title,
            summary="",
            stage="evaluation",
        )
        is None
    )


# Open consultations --------------------------------------------------------------------------


def open_with_people(world):
    """An open consultation: Mira said yes, Sam has not answered, Lena said no."""
    consultation = make_consultation(world.staff_a, world.project, title="Open one")
    people = {name: make_expert(name.lower(), name) for name in ("Mira", "Sam", "Lena")}
    make_invitation(world.staff_a, consultation, people["Mira"], accept=True)
    make_invitation(world.staff_a, consultation, people["Sam"])
    lena = make_invitation(world.staff_a, consultation, people["Lena"])
    invitation_answer(actor=people["Lena"].user, invitation=lena, accept=False)
    return consultation, people


def test_a_material_change_tells_each_person_still_invited_once(world):
    consultation, people = open_with_people(world)
    new_day = later(30)
    fields = fields_of(consultation, deadline=new_day, pay_rate=Decimal("30.00"))
    change = consultation_update(actor=world.staff_a, consultation=consultation, **fields)
    # The same form again (a double click): nothing more is recorded or sent.
    assert consultation_update(actor=world.staff_a, consultation=consultation, **fields) is None
    assert len(changed_messages(people["Mira"].user)) == 1
    assert len(changed_messages(people["Sam"].user)) == 1
    assert changed_messages(people["Lena"].user) == []
    (message,) = changed_messages(people["Sam"].user)
    assert message.key == f"consultation.changed:{change.pk}"
    assert (
        message.url == f"/me/invitations/{consultation.invitations.get(expert=people['Sam']).pk}/"
    )
    with override("en"):
        text = inbox_text(message.event, message.context)
    day = f"{new_day:%B} {new_day.day}, {new_day.year}"
    assert text == (
        f"Organisation A has changed “Open one”. The last day is now {day}. "
        "The pay is now 30.00 US dollars per hour."
    )
    # Nothing about any person, and no phone number, travels in the message.
    assert "+880" not in str(message.context)


def test_a_new_content_note_is_told_and_kept_without_its_text(world):
    consultation, people = open_with_people(world)
    change = consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, content_note="  The questions mention forced work.  "),
    )
    consultation.refresh_from_db()
    assert consultation.content_note == "The questions mention forced work."
    # Long free text: the history says it changed, not what it says.
    assert change is not None and change.fields == {"content_note": []}
    (message,) = changed_messages(people["Sam"].user)
    with override("en"):
        assert inbox_text(message.event, message.context) == (
            "Organisation A has changed “Open one”. The note about distressing topics has changed."
        )


def test_a_second_change_is_told_again(world):
    consultation, people = open_with_people(world)
    consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, deadline=later(30)),
    )
    consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, deadline=later(31)),
    )
    assert len(changed_messages(people["Sam"].user)) == 2


def test_a_change_that_is_not_material_tells_nobody(world):
    consultation, people = open_with_people(world)
    change = consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, title="Renamed"),
    )
    assert change is not None and not corrections.told_invited(change)
    assert changed_messages(people["Sam"].user) == []


def test_what_the_invitation_says_about_the_work_and_interpretation_is_told(world):
    consultation, people = open_with_people(world)
    consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, material_state="final", interpretation=False),
    )
    (message,) = changed_messages(people["Sam"].user)
    with override("en"):
        assert inbox_text(message.event, message.context) == (
            "Organisation A has changed “Open one”. Where the work is, and so what your input "
            "can change, is different now. An interpreter is no longer provided."
        )


def test_a_change_nobody_invited_can_see_tells_nobody(world):
    consultation = make_consultation(
        world.staff_a, world.project, pay_rate=None, pay_unit="", override_by=world.admin_a
    )
    make_invitation(world.staff_a, consultation, world.expert)
    change = consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, currency="EUR", pay_method="cash"),
    )
    assert change is not None and set(change.fields) == {"currency", "pay_method"}
    assert not corrections.told_invited(change)
    assert changed_messages(world.expert.user) == []


def test_an_open_consultation_cannot_end_in_the_past(world):
    with pytest.raises(CorrectionError) as refused:
        consultation_update(
            actor=world.staff_a,
            consultation=world.consultation,
            **fields_of(world.consultation, deadline=later(-1)),
        )
    assert refused.value.problems["deadline"] == "The last day cannot be in the past."


def test_the_inbox_sentence_follows_the_reader_language(world):
    consultation, people = open_with_people(world)
    consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, expected_hours=Decimal("3.0"), pay_within_days=14),
    )
    (message,) = changed_messages(people["Mira"].user)
    with override("en"):
        assert inbox_text(message.event, message.context).endswith(
            "It now takes about 3 hours. You are now paid within 14 days of sending your input."
        )
    with override("bn"):
        assert "৩" in inbox_text(message.event, message.context)


def test_the_day_invitations_went_out_stays(world):
    consultation, _people = open_with_people(world)
    with pytest.raises(CorrectionError) as refused:
        consultation_update(
            actor=world.staff_a,
            consultation=consultation,
            **fields_of(consultation, opens_on=later(1)),
        )
    assert set(refused.value.problems) == {"opens_on"}


def test_questions_change_until_someone_answers(world):
    consultation, people = open_with_people(world)
    first = consultation.questions.first()
    consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, questions=["Which warning signs matter most?", "A new one?"]),
    )
    # The first question kept its row: an answer kept after a logout still fits it.
    assert consultation.questions.first().pk == first.pk
    assert len(changed_messages(people["Sam"].user)) == 1
    mira = consultation.invitations.get(expert=people["Mira"])
    contribution_submit(
        actor=people["Mira"].user,
        invitation=mira,
        answers={str(first.pk): "Fees."},
        attribution="not_quoted",
        idempotency_key=uuid.uuid4(),
    )
    with pytest.raises(CorrectionError) as refused:
        consultation_update(
            actor=world.staff_a,
            consultation=consultation,
            **fields_of(consultation, questions=["Something else?"]),
        )
    assert "already answered" in refused.value.problems["questions"]
    assert [q.text for q in consultation.questions.all()] == [
        "Which warning signs matter most?",
        "A new one?",
    ]


def test_an_answer_kept_after_a_logout_also_locks_the_questions(world):
    consultation, people = open_with_people(world)
    mira = consultation.invitations.get(expert=people["Mira"])
    question = consultation.questions.first()
    assert kept_answer_save(
        invitation_id=mira.pk,
        fields={f"q_{question.pk}": "Half written", "keep": kept_answer_ticket(invitation=mira)},
    )
    assert corrections.questions_locked(consultation)


def test_the_offer_cannot_get_worse_for_people_who_sent_input(world):
    """world.consultation pays 25 USD an hour for 2 hours, within 30 days, costs covered; Tara
    has sent her input. Her payment line will start from the consultation's offer."""
    consultation = world.consultation
    promised = payment_defaults(contribution=world.contribution)
    promised_by = payment_due_by(contribution=world.contribution)
    for worse in (
        {"pay_rate": Decimal("20.00")},
        {"pay_rate": None, "pay_unit": ""},
        {"pay_unit": "session"},
        {"currency": "EUR"},
        {"expected_hours": Decimal("1.0")},
        {"pay_within_days": 60},
        {"expenses_covered": False, "expenses_how": ""},
    ):
        with pytest.raises(CorrectionError) as refused:
            consultation_update(
                actor=world.staff_a, consultation=consultation, **fields_of(consultation, **worse)
            )
        assert "1 person has already sent input and was promised this." in str(refused.value)
        world.contribution.consultation.refresh_from_db()
        assert payment_defaults(contribution=world.contribution) == promised
    assert Change.objects.filter(consultation=consultation).count() == 0
    # Better for her is fine, and her payment starts from the better offer.
    consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, pay_rate=Decimal("30.00"), pay_within_days=14),
    )
    world.contribution.consultation.refresh_from_db()
    assert payment_defaults(contribution=world.contribution)["rate"] == Decimal("30.00")
    assert payment_due_by(contribution=world.contribution) < promised_by


def test_fewer_hours_for_the_same_session_pay_is_allowed_after_input(world):
    consultation = make_consultation(
        world.staff_a, world.project, pay_unit="session", expected_hours=Decimal("3.0")
    )
    make_contribution(make_invitation(world.staff_a, consultation, world.expert, accept=True))
    change = consultation_update(
        actor=world.staff_a,
        consultation=consultation,
        **fields_of(consultation, expected_hours=Decimal("2.0")),
    )
    assert change is not None and change.fields["expected_hours"] == ["3.0", "2.0"]


def test_a_closed_consultation_is_not_changed(world):
    from seat.consultations.services import consultation_close

    consultation_close(actor=world.staff_a, consultation=world.consultation)
    with pytest.raises(CorrectionError, match="cannot be changed"):
        consultation_update(
            actor=world.staff_a,
            consultation=world.consultation,
            **fields_of(world.consultation, title="Too late"),
        )


# Cancelling ----------------------------------------------------------------------------------


def test_cancelling_tells_each_person_still_invited_once_with_the_message(world):
    consultation, people = open_with_people(world)
    corrections.consultation_cancel(
        actor=world.staff_a, consultation=consultation, message="  Funding ended. <b>Sorry</b>. "
    )
    with pytest.raises(LoopError, match="already cancelled"):
        corrections.consultation_cancel(
            actor=world.staff_a, consultation=consultation, message="Again"
        )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CANCELLED
    assert consultation.cancel_message == "Funding ended. <b>Sorry</b>."
    for name, expected in (("Mira", 1), ("Sam", 1), ("Lena", 0)):
        told = Notification.objects.filter(
            recipient=people[name].user, event=Event.CONSULTATION_CANCELLED
        )
        assert told.count() == expected
    message = Notification.objects.get(recipient=people["Sam"].user, event="consultation.cancelled")
    assert message.context["message"] == "Funding ended. <b>Sorry</b>."
    (line,) = Change.objects.filter(consultation=consultation, kind="cancelled")
    assert line.fields == {"status": ["open", "cancelled"]}


@pytest.mark.parametrize(
    ("message", "problem"), [("   ", "Write a message"), ("x" * 1001, "under 1,000")]
)
def test_cancelling_needs_a_short_message(world, message, problem):
    with pytest.raises(LoopError, match=problem):
        corrections.consultation_cancel(
            actor=world.staff_a, consultation=world.consultation, message=message
        )
    world.consultation.refresh_from_db()
    assert world.consultation.status == ConsultationStatus.OPEN


def test_a_cancelled_consultation_takes_no_input_and_keeps_what_was_promised(world):
    consultation, people = open_with_people(world)
    mira = consultation.invitations.get(expert=people["Mira"])
    question = consultation.questions.first()
    assert kept_answer_save(
        invitation_id=mira.pk,
        fields={f"q_{question.pk}": "Half written", "keep": kept_answer_ticket(invitation=mira)},
    )
    corrections.consultation_cancel(actor=world.staff_a, consultation=consultation, message="Stop")
    # What she could no longer send is not kept.
    assert not KeptAnswer.objects.filter(invitation=mira).exists()
    with pytest.raises(LoopError, match="cancelled. Nothing was sent"):
        contribution_submit(
            actor=people["Mira"].user,
            invitation=mira,
            answers={str(question.pk): "Late"},
            attribution="not_quoted",
            idempotency_key=uuid.uuid4(),
        )
    assert not kept_answer_save(
        invitation_id=mira.pk,
        fields={f"q_{question.pk}": "Again", "keep": kept_answer_ticket(invitation=mira)},
    )
    sam = consultation.invitations.get(expert=people["Sam"])
    with pytest.raises(LoopError, match="cancelled"):
        invitation_answer(actor=people["Sam"].user, invitation=sam, accept=True)
    sam.refresh_from_db()
    assert sam.status == InvitationStatus.PENDING


def test_people_who_gave_input_are_still_paid_after_a_cancellation(world):
    from seat.compensation.services import payment_record

    corrections.consultation_cancel(
        actor=world.staff_a, consultation=world.consultation, message="Funding ended."
    )
    defaults = payment_defaults(contribution=world.contribution)
    line = payment_record(actor=world.staff_a, contribution=world.contribution, **defaults)
    assert (line.rate, line.units, line.currency) == (Decimal("25.00"), Decimal("2.0"), "USD")
