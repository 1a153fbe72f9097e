"""The correction pages, as staff and experts use them without JavaScript."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from seat.consultations.models import Change, Consultation, Contribution, Project
from seat.notifications.models import Notification
from seat.tests.personas import make_consultation, make_invitation, make_project


def _day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def edit_form(consultation: Consultation, **overrides) -> dict:
    """The edit form as the page fills it in, with ``overrides``."""
    consultation.refresh_from_db()
    data = {
        name: getattr(consultation, name)
        for name in (
            "title",
            "purpose",
            "plain_summary",
            "content_note",
            "stage",
            "material_state",
            "influence",
            "expected_hours",
            "pay_rate",
            "pay_unit",
            "currency",
            "pay_within_days",
            "pay_method",
            "expenses_how",
            "support_name",
            "support_phone",
            "support_hours",
        )
    }
    data.update(
        {
            "opens_on": consultation.opens_on.isoformat(),
            "deadline": consultation.deadline.isoformat(),
            "languages": consultation.language_codes,
            "questions": "\n".join(q.text for q in consultation.questions.all()),
            "form_key": str(uuid.uuid4()),
        }
    )
    if consultation.expenses_covered:
        data["expenses_covered"] = "on"
    if consultation.interpretation:
        data["interpretation"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_edit_page_starts_from_what_was_saved(client, world):
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{world.consultation.pk}/edit/").content.decode()
    assert 'value="What should the sessions cover?"' in page
    assert "Which warning signs matter most?\nWho should run the sessions?" in page
    # Open: the day invitations went out is shown, not changeable; Tara has answered.
    assert 'name="opens_on"' in page and "disabled" in page
    assert "Someone has already answered these questions" in page


def test_staff_change_the_last_day_once_however_often_the_form_arrives(client, world):
    client.force_login(world.staff_a)
    url = f"/projects/consultations/{world.consultation.pk}/edit/"
    data = edit_form(world.consultation, deadline=_day(40).isoformat())
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"]
        == second["Location"]
        == f"/projects/consultations/{world.consultation.pk}/"
    )
    world.consultation.refresh_from_db()
    assert world.consultation.deadline == _day(40)
    assert Change.objects.filter(consultation=world.consultation).count() == 1
    told = Notification.objects.filter(recipient=world.expert.user, event="consultation.changed")
    assert told.count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "Everyone invited who has not said no is told what changed." in page
    assert "changed by staff-a on" in page and "last day to take part" in page


def test_lowering_pay_after_input_is_refused_with_its_reason(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/projects/consultations/{world.consultation.pk}/edit/",
        edit_form(world.consultation, pay_rate="10.00"),
    )
    assert response.status_code == 400
    assert "The pay can go up, but not down." in response.content.decode()
    world.consultation.refresh_from_db()
    assert str(world.consultation.pay_rate) == "25.00"
    assert not Change.objects.exists()


def test_a_closed_consultation_has_no_edit_page(client, world):
    from seat.consultations.services import consultation_close

    consultation_close(actor=world.staff_a, consultation=world.consultation)
    client.force_login(world.staff_a)
    response = client.get(f"/projects/consultations/{world.consultation.pk}/edit/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "cannot be changed" in page


def test_a_draft_is_deleted_after_confirming_and_a_double_click_is_harmless(client, world):
    draft = make_consultation(world.staff_a, world.project, publish=False, title="Draft to go")
    client.force_login(world.staff_a)
    url = f"/projects/consultations/{draft.pk}/delete/"
    page = client.get(url).content.decode()
    assert "Yes, delete it" in page and "Its 2 questions are deleted with it." in page
    data = {"form_key": str(uuid.uuid4())}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/projects/{world.project.pk}/"
    assert not Consultation.objects.filter(pk=draft.pk).exists()
    page = client.get(first["Location"]).content.decode()
    assert "Draft to go" in page and "deleted by staff-a on" in page


def test_an_opened_consultation_offers_no_delete(client, world):
    client.force_login(world.staff_a)
    url = f"/projects/consultations/{world.consultation.pk}/delete/"
    page = client.get(url).content.decode()
    assert "Only a draft can be deleted." in page and "Yes, delete it" not in page
    assert client.post(url, {"form_key": str(uuid.uuid4())}).status_code == 400
    assert Consultation.objects.filter(pk=world.consultation.pk).exists()


def test_a_project_with_an_opened_consultation_says_why_it_stays(client, world):
    client.force_login(world.staff_a)
    url = f"/projects/{world.project.pk}/delete/"
    page = client.get(url).content.decode()
    assert "cannot be deleted" in page and "Yes, delete it" not in page
    assert client.post(url, {"form_key": str(uuid.uuid4())}).status_code == 400
    assert Project.objects.filter(pk=world.project.pk).exists()


def test_a_project_changes_stage_and_its_page_shows_who_did_it(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/projects/{world.project.pk}/edit/",
        {
            "title": world.project.title,
            "summary": "",
            "stage": "implementation",
            "form_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    client.force_login(world.viewer_a)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert "changed by staff-a on" in page and "Design → Implementation" in page


def test_an_empty_project_is_deleted(client, world):
    project = make_project(world.staff_a, world.org_a, "Nothing yet")
    client.force_login(world.staff_a)
    response = client.post(f"/projects/{project.pk}/delete/", {"form_key": str(uuid.uuid4())})
    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert not Project.objects.filter(pk=project.pk).exists()


def test_cancelling_needs_a_message_and_is_done_once(client, world):
    client.force_login(world.staff_a)
    url = f"/projects/consultations/{world.consultation.pk}/cancel/"
    page = client.get(url).content.decode()
    assert "1 person has already given input." in page
    empty = client.post(url, {"message": "  ", "form_key": str(uuid.uuid4())})
    assert empty.status_code == 400
    assert "Write a message to the people invited." in empty.content.decode()
    too_long = client.post(url, {"message": "x" * 1001, "form_key": str(uuid.uuid4())})
    assert too_long.status_code == 400
    data = {"message": "Our funding ended.\nWe are sorry.", "form_key": str(uuid.uuid4())}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    world.consultation.refresh_from_db()
    assert world.consultation.status == "cancelled"
    told = Notification.objects.filter(recipient=world.expert.user, event="consultation.cancelled")
    assert told.count() == 1
    page = client.get(f"/projects/consultations/{world.consultation.pk}/").content.decode()
    assert "Cancelled. It takes no more input." in page
    assert "Our funding ended.<br>We are sorry." in page
    assert "cancelled by staff-a on" in page
    # Tara sent input: she is still owed, and her line can still be confirmed.
    assert "Confirm the amounts" in page


def test_the_expert_sees_the_cancellation_and_cannot_send(client, world):
    from seat.consultations.corrections import consultation_cancel
    from seat.tests.personas import make_expert

    consultation = make_consultation(world.staff_a, world.project, title="Will stop")
    mira = make_expert("mira", "Mira")
    invitation = make_invitation(world.staff_a, consultation, mira, accept=True)
    consultation_cancel(
        actor=world.staff_a, consultation=consultation, message="<script>x</script> Sorry."
    )
    client.force_login(mira.user)
    page = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    assert "has cancelled this consultation. It takes no more input." in page
    assert "&lt;script&gt;x&lt;/script&gt; Sorry." in page and "<script>x" not in page
    assert "Give my input" not in page
    contribute = f"/me/invitations/{invitation.pk}/contribute/"
    assert client.get(contribute)["Location"] == f"/me/invitations/{invitation.pk}/"
    question = consultation.questions.first()
    response = client.post(
        contribute,
        {
            f"q_{question.pk}": "Late words",
            "attribution": "not_quoted",
            "idempotency_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    assert not Contribution.objects.filter(invitation=invitation).exists()
    inbox = client.get("/me/inbox/").content.decode()
    assert "Organisation A has cancelled “Will stop”." in inbox
    assert "&lt;script&gt;x&lt;/script&gt; Sorry." in inbox


def test_the_expert_sees_the_new_terms(client, world):
    client.force_login(world.staff_a)
    client.post(
        f"/projects/consultations/{world.consultation.pk}/edit/",
        edit_form(world.consultation, deadline=_day(40).isoformat(), pay_rate="30.00"),
    )
    client.force_login(world.expert.user)
    page = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    assert "30.00 US dollars" in page or "$30.00" in page
    inbox = client.get("/me/inbox/").content.decode()
    assert "The last day is now" in inbox and "The pay is now" in inbox
