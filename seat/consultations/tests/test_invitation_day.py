"""Invitations go out on the consultation's "invitations go out on" day, not before: until then
the person invited sees nothing and hears nothing, and the periodic job sends each one once."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.utils import timezone

from seat.consultations import services as loop
from seat.consultations.models import Invitation
from seat.consultations.tests.test_correction_views import edit_form
from seat.notifications.models import Notification
from seat.people.models import ExpertProfile
from seat.tests.personas import make_consultation, make_expert, make_invitation, make_link


def _day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _later(world, **overrides):
    """An open consultation whose invitations go out in five days."""
    return make_consultation(
        world.staff_a, world.project, opens_on=_day(5), deadline=_day(26), **overrides
    )


def _invited(expert: ExpertProfile) -> list[Notification]:
    return list(Notification.objects.filter(recipient=expert.user, event="invitation.sent"))


def test_an_invitation_waits_for_its_day_unseen(client, world):
    consultation = _later(world, title="Later consultation")
    rosa = make_expert("mina", "Mina")
    invitation = make_invitation(world.staff_a, consultation, rosa)
    assert invitation.sent_at is None
    assert _invited(rosa) == []
    client.force_login(rosa.user)
    assert "Later consultation" not in client.get("/me/").content.decode()
    assert client.get(f"/me/invitations/{invitation.pk}/").status_code == 404
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    assert "Goes out on" in page


def test_the_periodic_job_sends_each_invitation_once_on_its_day(client, world):
    consultation = _later(world, title="Later consultation")
    rosa = make_expert("mina", "Mina")
    invitation = make_invitation(world.staff_a, consultation, rosa)
    assert loop.invitations_due_send(today=_day(4)) == 0
    assert loop.invitations_due_send(today=_day(5)) == 1
    assert loop.invitations_due_send(today=_day(5)) == 0
    assert loop.invitations_due_send(today=_day(6)) == 0
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert len(_invited(rosa)) == 1
    client.force_login(rosa.user)
    assert client.get(f"/me/invitations/{invitation.pk}/").status_code == 200
    assert "seat.consultations.tasks.send_due_invitations" in settings.SEAT_PERIODIC_TASKS


def test_an_unsent_invitation_cannot_be_answered(world):
    consultation = _later(world)
    invitation = make_invitation(world.staff_a, consultation, world.other_expert)
    try:
        loop.invitation_answer(actor=world.other_expert.user, invitation=invitation, accept=True)
    except loop.LoopError as error:
        assert "not been sent" in str(error)
    else:
        raise AssertionError("an invitation that has not gone out was answered")
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_opening_a_draft_early_keeps_its_invitations_for_their_day(client, world):
    draft = make_consultation(
        world.staff_a, world.project, publish=False, opens_on=_day(3), deadline=_day(24)
    )
    mina = make_expert("mina", "Mina")
    invitation = make_invitation(world.staff_a, draft, mina)
    client.force_login(world.staff_a)
    response = client.post(f"/projects/consultations/{draft.pk}/publish/", follow=True)
    assert "Invitations go out on" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.sent_at is None and _invited(mina) == []
    # Invited later, the same: saved, going out on the day.
    nadia = make_expert("nadia", "Nadia")
    make_link(world.staff_a, nadia, world.org_a)
    response = client.post(
        f"/projects/consultations/{draft.pk}/invite/", {"experts": [nadia.pk]}, follow=True
    )
    assert "They go out on" in response.content.decode()
    assert Invitation.objects.get(consultation=draft, expert=nadia).sent_at is None


def test_changes_and_cancellation_before_the_day_reach_nobody(client, world):
    consultation = _later(world)
    rosa = make_expert("mina", "Mina")
    make_invitation(world.staff_a, consultation, rosa)
    client.force_login(world.staff_a)
    url = f"/projects/consultations/{consultation.pk}/edit/"
    assert (
        client.post(url, edit_form(consultation, deadline=_day(30).isoformat())).status_code == 302
    )
    assert not Notification.objects.filter(recipient=rosa.user).exists()
    page = client.get(f"/projects/consultations/{consultation.pk}/cancel/").content.decode()
    assert "0 people invited who have not said no are told" in page
    client.post(
        f"/projects/consultations/{consultation.pk}/cancel/",
        {"message": "We have to stop this consultation; sorry.", "form_key": str(uuid.uuid4())},
    )
    assert loop.invitations_due_send(today=_day(5)) == 0
    assert not Notification.objects.filter(recipient=rosa.user).exists()


def test_inviting_someone_who_reads_none_of_the_languages_offered_warns(client, world):
    chea = make_expert("chea", "Chea")
    chea.languages = "km"
    chea.save(update_fields=["languages"])
    make_link(world.staff_a, chea, world.org_a)
    consultation = make_consultation(world.staff_a, world.project, interpretation=False)
    client.force_login(world.staff_a)
    response = client.post(
        f"/projects/consultations/{consultation.pk}/invite/", {"experts": [chea.pk]}, follow=True
    )
    page = response.content.decode()
    assert "Chea reads none of the languages this consultation is offered in" in page
    # With interpretation she can take part: nothing to warn of.
    other = make_consultation(world.staff_a, world.project, interpretation=True)
    response = client.post(
        f"/projects/consultations/{other.pk}/invite/", {"experts": [chea.pk]}, follow=True
    )
    assert "reads none of the languages" not in response.content.decode()
