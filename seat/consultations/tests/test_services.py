from __future__ import annotations

import uuid

import pytest

from seat.consultations import services as loop
from seat.consultations.models import Contribution, Invitation
from seat.consultations.services import LoopError
from seat.core.models import AuditEvent
from seat.people.selectors import consent_state
from seat.tests.personas import make_consultation, make_invitation


def submit(invitation, answers, key=None, attribution="not_quoted"):
    return loop.contribution_submit(
        actor=invitation.expert.user,
        invitation=invitation,
        answers=answers,
        attribution=attribution,
        idempotency_key=key or uuid.uuid4(),
    )


@pytest.mark.django_db
def test_the_same_form_submitted_twice_saves_one_contribution(world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    question = world.consultation.questions.first()
    key = uuid.uuid4()
    first = submit(invitation, {str(question.pk): "Free calls"}, key)
    second = submit(invitation, {str(question.pk): "Free calls"}, key)
    assert first == second
    assert Contribution.objects.filter(invitation=invitation).count() == 1


@pytest.mark.django_db
def test_a_second_form_for_the_same_invitation_returns_the_first(world):
    question = world.consultation.questions.first()
    again = submit(world.invitation, {str(question.pk): "Something else"})
    assert again == world.contribution
    assert Contribution.objects.filter(invitation=world.invitation).count() == 1


@pytest.mark.django_db
def test_a_used_form_key_cannot_be_replayed_by_someone_else(world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    with pytest.raises(LoopError):
        submit(invitation, {"x": "y"}, world.contribution.idempotency_key)


@pytest.mark.django_db
def test_empty_answers_are_refused_and_nothing_is_saved(world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    with pytest.raises(LoopError, match="at least one question"):
        submit(invitation, {str(q.pk): "  " for q in world.consultation.questions.all()})
    assert not Contribution.objects.filter(invitation=invitation).exists()


@pytest.mark.django_db
def test_answers_to_another_consultations_questions_are_refused(world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    foreign = world.consultation_b.questions.first()
    with pytest.raises(LoopError):
        submit(invitation, {str(foreign.pk): "text"})
    assert not Contribution.objects.filter(invitation=invitation).exists()


@pytest.mark.django_db
def test_input_needs_an_accepted_invitation_to_an_open_consultation(world):
    pending = make_invitation(world.staff_a, world.consultation, world.other_expert)
    question = world.consultation.questions.first()
    with pytest.raises(LoopError, match="Accept the invitation"):
        submit(pending, {str(question.pk): "text"})
    draft = make_consultation(world.staff_a, world.project, publish=False)
    unsent = make_invitation(world.staff_a, draft, world.other_expert)
    with pytest.raises(LoopError, match="not been sent"):
        loop.invitation_answer(actor=world.other_expert.user, invitation=unsent, accept=True)
    closed = make_consultation(world.staff_a, world.project)
    invitation = make_invitation(world.staff_a, closed, world.other_expert, accept=True)
    loop.consultation_close(actor=world.staff_a, consultation=closed)
    with pytest.raises(LoopError, match="not open"):
        submit(invitation, {str(closed.questions.first().pk): "text"})


@pytest.mark.django_db
def test_inviting_twice_sends_one_invitation(world):
    from seat.tests.personas import make_link

    make_link(world.staff_a, world.other_expert, world.org_a)
    loop.invitations_send(
        actor=world.staff_a, consultation=world.consultation, experts=[world.other_expert]
    )
    again = loop.invitations_send(
        actor=world.staff_a, consultation=world.consultation, experts=[world.other_expert]
    )
    assert again == []
    assert (
        Invitation.objects.filter(
            consultation=world.consultation, expert=world.other_expert
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_accepting_records_consent_to_take_part_and_quoting_follows_the_choice(world):
    state = consent_state(expert=world.expert)
    assert state == {
        "participate": True,
        "quote_anonymously": False,
        "quote_pseudonym": True,
        "media": False,
        "research": False,
    }
    verbs = set(
        AuditEvent.objects.filter(object_id=str(world.expert.pk)).values_list("verb", flat=True)
    )
    assert {"expert.create", "consent.grant"} <= verbs


@pytest.mark.django_db
def test_declining_records_no_consent(world):
    invitation = make_invitation(world.staff_a, world.consultation, world.other_expert)
    before = consent_state(expert=world.other_expert)
    loop.invitation_answer(actor=world.other_expert.user, invitation=invitation, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert consent_state(expert=world.other_expert) == before


@pytest.mark.django_db
def test_nothing_is_taken_after_the_last_day(world):
    import datetime

    from seat.consultations.models import Consultation
    from seat.consultations.selectors import invitations_waiting_for_expert

    pending = make_invitation(world.staff_a, world.consultation, world.other_expert)
    accepted_elsewhere = make_consultation(world.staff_a, world.project, title="Other")
    accepted = make_invitation(world.staff_a, accepted_elsewhere, world.other_expert, accept=True)
    from django.utils import timezone

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Consultation.objects.filter(pk__in=[world.consultation.pk, accepted_elsewhere.pk]).update(
        opens_on=yesterday - datetime.timedelta(days=20), deadline=yesterday
    )
    assert list(invitations_waiting_for_expert(expert=world.other_expert)) == []
    pending.refresh_from_db()
    with pytest.raises(LoopError, match="last day"):
        loop.invitation_answer(actor=world.other_expert.user, invitation=pending, accept=True)
    accepted.refresh_from_db()
    with pytest.raises(LoopError, match="last day"):
        submit(accepted, {str(accepted_elsewhere.questions.first().pk): "late"})
    assert not Contribution.objects.filter(invitation=accepted).exists()


@pytest.mark.django_db
def test_only_experts_who_work_with_the_organisation_can_be_invited(world):
    """Rosa works with organisation B only: A cannot invite her, even by posting her id."""
    with pytest.raises(LoopError, match="does not work with your organisation"):
        loop.invitations_send(
            actor=world.staff_a, consultation=world.consultation, experts=[world.other_expert]
        )
    assert not Invitation.objects.filter(expert=world.other_expert, consultation=world.consultation)


@pytest.mark.django_db
def test_an_effort_the_database_cannot_hold_is_refused_with_its_reason(world):
    """The form says so first; the service refuses it too (the API and commands call it)."""
    from decimal import Decimal

    from seat.consultations.models import Consultation
    from seat.tests.personas import make_project

    project = make_project(world.staff_a, world.org_a, "Hours")
    for hours in (Decimal("0"), Decimal("-1"), Decimal("123456")):
        with pytest.raises(LoopError, match="Write the hours as a number"):
            make_consultation(world.staff_a, project, publish=False, expected_hours=hours)
    assert not Consultation.objects.filter(project=project).exists()
