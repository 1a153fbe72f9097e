"""An admin invites someone who already has a Seat account by typing its exact username: the
owner is told once, in the inbox and the channels they chose, and accepts there without the
code. The admin's answer is the same whether or not such an account exists."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from seat.accounts.enums import Role
from seat.accounts.models import MemberInvitation, Membership
from seat.accounts.services import member_invitation_create, member_invitation_revoke
from seat.core.models import AuditEvent
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.notifications.services import contact_choice_update
from seat.tests.personas import make_advisor, make_member, make_org, verify_second_factor


def admin_client(world) -> Client:
    client = Client()
    verify_second_factor(client, world.admin_a)
    return client


def invite(client: Client, world, username: str, role: str = Role.STAFF):
    page = client.get(f"/organisation/{world.org_a.pk}/invite/").content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return client.post(
        f"/organisation/{world.org_a.pk}/invite/",
        {"role": role, "email": "", "username": username, "form_key": key},
    )


def without_the_link(body: str) -> str:
    """The page with its one-time link and code taken out, to compare two answers."""
    body = re.sub(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}", "CODE", body)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return re.sub(r'csrftoken[^"]*"[^"]*"', "", body)


@pytest.mark.django_db
def test_an_existing_account_is_told_once_in_its_inbox_and_chosen_channels(
    world, django_capture_on_commit_callbacks
):
    omar = make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    contact_choice_update(
        user=omar, by_email=True, by_sms=False, email="omar@example.org", phone=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client(world), world, "omar", Role.FINANCE)
    assert response.status_code == 200
    invitation = MemberInvitation.objects.get()
    assert invitation.addressed_to == omar
    notification = Notification.objects.get(recipient=omar)
    assert (notification.event, notification.url, notification.context) == (
        Event.STAFF_INVITATION,
        f"/accounts/invitations/{invitation.pk}/",
        {"organisation": "Organisation A"},
    )
    # The e-mail says only that a message is waiting: no organisation, no role, no code.
    assert [m.to for m in mail.outbox] == [["omar@example.org"]]
    assert mail.outbox[0].subject == "You have a new message on Seat"
    assert "Organisation A" not in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb="member_invitation.address").count() == 1


@pytest.mark.django_db
def test_the_admin_reads_the_same_answer_whether_or_not_the_account_exists(world):
    make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    make_member("sleeping", make_org("Closed Office"), Role.STAFF).__class__.objects.filter(
        username="sleeping"
    ).update(is_active=False)
    client = admin_client(world)
    answers = {name: invite(client, world, name) for name in ("omar", "nobody-here", "sleeping")}
    texts = {
        name: without_the_link(r.content.decode()).replace(name, "NAME")
        for name, r in answers.items()
    }
    assert texts["omar"] == texts["nobody-here"] == texts["sleeping"]
    assert (
        "If there is a Seat account with the username “NAME”, its owner also finds"
        in (texts["omar"])
    )
    # Only the real, switched-on account is told; a near miss in case is another username.
    invite(client, world, "OMAR")
    told = Notification.objects.filter(event=Event.STAFF_INVITATION)
    assert list(told.values_list("recipient__username", flat=True)) == ["omar"]


@pytest.mark.django_db
def test_a_member_reads_the_same_answer_as_anyone_and_no_role_is_named(world):
    """Inviting a member (a survivor advisor here) reads exactly as inviting a stranger or a
    username nobody has: the answer must not link a login name to a role in the organisation."""
    make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    advisor = make_advisor(world.expert.user, world.org_a)
    client = admin_client(world)
    names = (advisor.username, world.staff_a.username, "omar", "nobody-here")
    answers = {name: invite(client, world, name) for name in names}
    assert {r.status_code for r in answers.values()} == {200}
    texts = {
        name: without_the_link(r.content.decode()).replace(name, "NAME")
        for name, r in answers.items()
    }
    assert len(set(texts.values())) == 1
    assert "already a member" not in texts["nobody-here"]
    assert "Survivor advisor" not in texts["nobody-here"]
    # Each made a link, as for anyone; only the account outside the organisation is told.
    assert MemberInvitation.objects.count() == 4
    told = Notification.objects.filter(event=Event.STAFF_INVITATION)
    assert list(told.values_list("recipient__username", flat=True)) == ["omar"]
    assert list(
        MemberInvitation.objects.exclude(addressed_to=None).values_list(
            "addressed_to__username", flat=True
        )
    ) == ["omar"]


@pytest.mark.django_db
def test_the_owner_accepts_from_the_inbox_without_the_code(world):
    omar = make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    invitation, _code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.VIEWER, username="omar"
    )
    url = f"/accounts/invitations/{invitation.pk}/"
    client = Client()
    client.force_login(omar)
    page = client.get(url).content.decode()
    assert "Join Organisation A" in page
    assert "Join with my account, omar" in page
    assert "open the link again" not in page
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get(user=omar, organisation=world.org_a).role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.used_by == omar
    again = client.post(url)
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert Membership.objects.filter(user=omar, organisation=world.org_a).count() == 1


@pytest.mark.django_db
def test_nobody_else_opens_it_and_a_cancelled_one_says_so(world):
    omar = make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    invitation, _code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.STAFF, username="omar"
    )
    url = f"/accounts/invitations/{invitation.pk}/"
    assert Client().get(url)["Location"].startswith("/accounts/login/")
    for other in (world.staff_b, world.staff_a, world.expert.user):
        client = Client()
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    member_invitation_revoke(actor=world.admin_a, invitation=invitation)
    client = Client()
    client.force_login(omar)
    response = client.get(url)
    assert response.status_code == 410
    assert "This link was cancelled." in response.content.decode()
    assert client.post(url).status_code == 410
    assert not Membership.objects.filter(user=omar, organisation=world.org_a).exists()


@pytest.mark.django_db
def test_the_owner_declines_it_once_and_then_it_opens_nothing(world):
    omar = make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    invitation, code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.VIEWER, username="omar"
    )
    url = f"/accounts/invitations/{invitation.pk}/"
    decline = f"/accounts/invitations/{invitation.pk}/decline/"
    client = Client()
    client.force_login(omar)
    page = client.get(url).content.decode()
    assert f'<form method="post" action="{decline}">' in page
    assert "No, thank you: decline" in page
    assert client.get(decline).status_code == 405
    response = client.post(decline)
    assert (response.status_code, response["Location"]) == (302, url)
    page = client.get(url).content.decode()
    assert (
        "You declined this invitation. Nothing changed in your account, and the invitation can "
        "no longer be used. If you change your mind, ask Organisation A for a new one."
    ) in page
    assert "Join with my account" not in page
    # Saying no again changes nothing; joining after is refused, with the link or without.
    assert client.post(decline).status_code == 302
    assert AuditEvent.objects.filter(verb="member_invitation.decline", actor=omar).count() == 1
    joined = client.post(url)
    assert joined.status_code == 410
    assert "This invitation was declined" in joined.content.decode()
    stranger = Client()
    stranger.force_login(world.staff_b)
    held = stranger.post("/accounts/invitation/", {"code": code}, follow=True)
    assert "This invitation was declined" in held.content.decode()
    assert not Membership.objects.filter(organisation=world.org_a, user__in=[omar, world.staff_b])
    invitation.refresh_from_db()
    assert invitation.declined_at is not None and invitation.used_at is None

    # The admins see it declined, with no button to cancel it.
    members = admin_client(world).get(f"/organisation/{world.org_a.pk}/")
    body = members.content.decode()
    assert "by the account it was addressed to. The link no longer works." in body
    assert f"/invitations/{invitation.pk}/cancel/" not in body


@pytest.mark.django_db
def test_only_the_addressee_declines_and_a_used_one_cannot_be(world):
    omar = make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    invitation, _code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.STAFF, username="omar"
    )
    decline = f"/accounts/invitations/{invitation.pk}/decline/"
    assert Client().post(decline)["Location"].startswith("/accounts/login/")
    for other in (world.staff_b, world.staff_a, world.expert.user):
        client = Client()
        client.force_login(other)
        assert client.post(decline).status_code == 404
    invitation.refresh_from_db()
    assert invitation.declined_at is None
    client = Client()
    client.force_login(omar)
    client.post(f"/accounts/invitations/{invitation.pk}/")
    response = client.post(decline)
    assert response.status_code == 410
    assert "This link has already been used" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.declined_at is None
    assert Membership.objects.filter(user=omar, organisation=world.org_a).exists()
