"""An organisation's admin invites colleagues by a one-time link; they join with a new account
or the one they have. Only that organisation's admins manage it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.enums import Role
from seat.accounts.models import MemberInvitation, Membership, User
from seat.accounts.services import (
    InvitationProblem,
    OrganisationError,
    _invitation_claim,
    member_invitation_accept,
    member_invitation_accept_new_account,
    member_invitation_check,
    member_invitation_create,
)
from seat.core.models import AuditEvent
from seat.tests.personas import (
    make_advisor,
    make_expert,
    make_member,
    verify_second_factor,
)

NEW_PASSWORD = "a long and unusual passphrase 42"


def admin_client(world) -> Client:
    client = Client()
    verify_second_factor(client, world.admin_a)
    return client


def invite(client: Client, world, role: str = Role.STAFF, email: str = "") -> tuple[str, str]:
    """Make a link on the invite page; returns (the page's text, the link's path)."""
    page = client.get(f"/organisation/{world.org_a.pk}/invite/")
    key = re.search(r'name="form_key" value="([^"]+)"', page.content.decode()).group(1)  # type: ignore[union-attr]
    response = client.post(
        f"/organisation/{world.org_a.pk}/invite/",
        {"role": role, "email": email, "form_key": key},
    )
    assert response.status_code == 200
    body = response.content.decode()
    return body, re.search(r"http://testserver(/accounts/invitation/[A-Z0-9-]+/)", body).group(1)  # type: ignore[union-attr]


@pytest.mark.django_db
def test_an_admin_invites_a_colleague_who_makes_an_account_and_joins(world):
    body, link = invite(admin_client(world), world, Role.FINANCE)
    code = link.split("/")[-2]
    assert f"<strong>{code}</strong>" in body
    invitation = MemberInvitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.created_by) == (
        world.org_a,
        Role.FINANCE,
        world.admin_a,
    )
    assert code not in str(list(MemberInvitation.objects.values_list()))
    members = admin_client(world).get(f"/organisation/{world.org_a.pk}/").content.decode()
    assert "Invitations not used yet" in members and "Finance" in members

    newcomer = Client()
    assert newcomer.get(link)["Location"] == "/accounts/invitation/"
    page = newcomer.get("/accounts/invitation/").content.decode()
    assert "Join Organisation A" in page
    assert "Records, approves and pays what is owed. Never reads what people said." in page
    response = newcomer.post(
        "/accounts/invitation/",
        {"username": "shirin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/"
    shirin = User.objects.get(username="shirin")
    assert shirin.check_password(NEW_PASSWORD)
    assert list(shirin.memberships.values_list("organisation__name", "role")) == [
        ("Organisation A", Role.FINANCE)
    ]
    assert (
        "Welcome. You are now a member of Organisation A, as Finance."
        in newcomer.get("/", follow=True).content.decode()
    )
    invitation.refresh_from_db()
    assert (invitation.used_by, invitation.used_at is not None) == (shirin, True)
    assert list(
        AuditEvent.objects.filter(
            verb__in=["member_invitation.create", "user.create", "membership.grant"]
        )
        .filter(at__gte=invitation.created_at)
        .order_by("id")
        .values_list("verb", "actor__username")
    ) == [
        ("member_invitation.create", "admin-a"),
        ("user.create", "shirin"),
        ("membership.grant", "shirin"),
    ]

    # Used once: the same link again, by someone else, opens nothing.
    late = Client()
    late.get(link)
    page = late.get("/accounts/invitation/")
    assert page.status_code == 410
    assert "This link has already been used" in page.content.decode()
    late.post(
        "/accounts/invitation/",
        {"username": "second", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert not User.objects.filter(username="second").exists()
    assert Membership.objects.filter(organisation=world.org_a, role=Role.FINANCE).count() == 2


@pytest.mark.django_db
def test_the_link_goes_by_email_when_given_and_the_address_is_not_kept(world):
    body, link = invite(admin_client(world), world, Role.VIEWER, email="colleague@example.org")
    assert "Sent by e-mail to colleague@example.org." in body
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["colleague@example.org"]
    # Whoever glances at the phone's screen learns nothing from the subject.
    assert message.subject == "An invitation to join a team on Seat"
    assert f"http://testserver{link}" in message.body
    assert "Organisation A invites you to work with them on Seat, as Viewer." in message.body
    stored = str(list(MemberInvitation.objects.values_list())) + str(
        list(AuditEvent.objects.values_list("detail", flat=True))
    )
    assert "colleague@example.org" not in stored
    assert AuditEvent.objects.filter(verb="member_invitation.email").count() == 1


@pytest.mark.django_db
def test_a_mail_server_that_fails_is_said_and_the_link_is_still_shown(world, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("seat.accounts.services.send_mail", refuse)
    body, link = invite(admin_client(world), world, email="colleague@example.org")
    assert "The e-mail could not be sent." in body
    assert link.startswith("/accounts/invitation/")
    assert MemberInvitation.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="member_invitation.email").exists()


@pytest.mark.django_db
def test_someone_with_an_account_joins_a_second_organisation_with_it(world):
    _body, link = invite(admin_client(world), world, Role.VIEWER)
    client = Client()
    client.force_login(world.staff_b)
    client.get(link)
    page = client.get("/accounts/invitation/").content.decode()
    assert "Join with my account, staff-b" in page
    response = client.post("/accounts/invitation/", {})
    assert response["Location"] == "/"
    assert dict(world.staff_b.memberships.values_list("organisation__name", "role")) == {
        "Organisation A": Role.VIEWER,
        "Organisation B": Role.STAFF,
    }


@pytest.mark.django_db
def test_a_member_already_is_told_and_the_link_stays_unused(world):
    _body, link = invite(admin_client(world), world, Role.VIEWER)
    client = Client()
    client.force_login(world.staff_a)
    client.get(link)
    response = client.post("/accounts/invitation/", {})
    assert response.status_code == 200
    assert (
        "You are already a member of Organisation A (Staff). The link was not used"
        in response.content.decode()
    )
    assert list(world.staff_a.memberships.values_list("role", flat=True)) == [Role.STAFF]
    assert MemberInvitation.objects.get().used_at is None


@pytest.mark.django_db
def test_an_account_with_a_second_step_must_use_it_before_joining(world):
    _body, link = invite(admin_client(world), world)
    TOTPDevice.objects.create(user=world.staff_b, name="phone", confirmed=True)
    client = Client()
    client.force_login(world.staff_b)  # the password only
    client.get(link)
    response = client.post("/accounts/invitation/", {})
    assert response["Location"] == "/accounts/two-factor/?next=/accounts/invitation/"
    assert not world.staff_b.memberships.filter(organisation=world.org_a).exists()


@pytest.mark.django_db
def test_a_taken_username_is_refused_in_any_case_and_nothing_is_saved(world):
    _body, link = invite(admin_client(world), world)
    client = Client()
    client.get(link)
    response = client.post(
        "/accounts/invitation/",
        {"username": "STAFF-A", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert "This username is taken. Choose another." in response.content.decode()
    assert MemberInvitation.objects.get().used_at is None
    weak = client.post(
        "/accounts/invitation/",
        {"username": "newcomer", "password1": "newcomer1", "password2": "newcomer1"},
    )
    assert "The password is too similar to the username." in weak.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.django_db
def test_racing_with_one_code_makes_one_member(world):
    _invitation, code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.STAFF
    )
    # Both passed the first check; the conditional UPDATE lets one through.
    stale = member_invitation_check(code=code)
    member_invitation_accept(code=code, user=world.staff_b)
    with pytest.raises(InvitationProblem, match="already been used"):
        _invitation_claim(invitation=stale, user=world.finance_a)
    with pytest.raises(InvitationProblem):
        member_invitation_accept_new_account(code=code, username="late", password=NEW_PASSWORD)
    assert not User.objects.filter(username="late").exists()
    assert Membership.objects.filter(organisation=world.org_a, user=world.staff_b).count() == 1


@pytest.mark.django_db
def test_a_new_account_whose_name_is_taken_leaves_nothing(world):
    _invitation, code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.STAFF
    )
    with pytest.raises(OrganisationError, match="taken"):
        member_invitation_accept_new_account(code=code, username="Admin-A", password=NEW_PASSWORD)
    assert MemberInvitation.objects.get().used_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.ADVISOR, "owner"])
def test_a_link_never_makes_an_admin_or_an_advisor(world, role):
    client = admin_client(world)
    page = client.get(f"/organisation/{world.org_a.pk}/invite/").content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = client.post(
        f"/organisation/{world.org_a.pk}/invite/", {"role": role, "email": "", "form_key": key}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert MemberInvitation.objects.count() == 0
    with pytest.raises(OrganisationError):
        member_invitation_create(actor=world.admin_a, organisation=world.org_a, role=role)


@pytest.mark.django_db
def test_the_same_form_twice_makes_one_link(world):
    client = admin_client(world)
    page = client.get(f"/organisation/{world.org_a.pk}/invite/").content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = {"role": Role.STAFF, "email": "", "form_key": key}
    assert client.post(f"/organisation/{world.org_a.pk}/invite/", data).status_code == 200
    again = client.post(f"/organisation/{world.org_a.pk}/invite/", data)
    assert again["Location"] == f"/organisation/{world.org_a.pk}/"
    assert MemberInvitation.objects.count() == 1


@pytest.mark.django_db
def test_only_this_organisations_admins_manage_it(world):
    admin_b = make_member("admin-b", world.org_b, Role.ADMIN)
    urls = [f"/organisation/{world.org_a.pk}/", f"/organisation/{world.org_a.pk}/invite/"]
    for url in urls:
        client = Client()
        verify_second_factor(client, admin_b)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"role": Role.STAFF}).status_code in (404, 405), url
        client.force_login(world.staff_a)
        assert client.get(url).status_code == 403, url
        assert Client().get(url)["Location"].startswith("/accounts/login/"), url
    with pytest.raises(PermissionDenied):
        member_invitation_create(actor=admin_b, organisation=world.org_a, role=Role.STAFF)
    assert MemberInvitation.objects.count() == 0


@pytest.mark.django_db
def test_an_admin_verifies_the_second_step_first(world):
    client = Client()
    client.force_login(world.admin_a)
    assert (
        client.get(f"/organisation/{world.org_a.pk}/")["Location"] == "/accounts/two-factor/setup/"
    )
    TOTPDevice.objects.create(user=world.admin_a, name="phone", confirmed=True)
    assert client.get(f"/organisation/{world.org_a.pk}/")["Location"] == "/accounts/two-factor/"


@pytest.mark.django_db
def test_the_menu_leads_admins_to_their_organisation(world):
    client = admin_client(world)
    assert 'href="/organisation/"' in client.get("/projects/").content.decode()
    assert client.get("/organisation/")["Location"] == f"/organisation/{world.org_a.pk}/"
    make_member("admin-a-too", world.org_b, Role.STAFF)
    Membership.objects.create(user=world.admin_a, organisation=world.org_b, role=Role.ADMIN)
    page = admin_client(world).get("/organisation/").content.decode()
    assert "Organisation A" in page and "Organisation B" in page
    staff = Client()
    staff.force_login(world.staff_a)
    assert 'href="/organisation/"' not in staff.get("/projects/").content.decode()
    assert staff.get("/organisation/").status_code == 403


@pytest.mark.django_db
def test_the_members_page_lists_roles_and_counts_advisors_without_names(world):
    make_advisor(world.expert.user, world.org_a)  # type: ignore[arg-type]
    page = admin_client(world).get(f"/organisation/{world.org_a.pk}/").content.decode()
    names = re.findall(r"<li class=\"card\"><strong>([^<]+)</strong>", page)
    assert names == ["admin-a", "staff-a", "finance-a", "viewer-a"]
    assert "1 survivor advisor helps with the self-assessment." in page
    assert 'href="/assessment/advisors/"' in page
    assert "Tara" not in page and ">expert<" not in page
    assert "staff-b" not in page  # another organisation's people


@pytest.mark.django_db
def test_the_members_page_keeps_its_query_count_as_members_join(world):
    client = admin_client(world)
    url = f"/organisation/{world.org_a.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        make_member(f"more-{n}", world.org_a, Role.VIEWER)
        member_invitation_create(actor=world.admin_a, organisation=world.org_a, role=Role.STAFF)
        make_expert(f"expert-{n}", f"Person {n}")
    with CaptureQueriesContext(connection) as several:
        client.get(url)
    assert len(several) == len(one)


@pytest.mark.django_db
def test_another_organisations_invitations_are_not_listed(world):
    admin_b = make_member("admin-b", world.org_b, Role.ADMIN)
    member_invitation_create(actor=admin_b, organisation=world.org_b, role=Role.FINANCE)
    page = admin_client(world).get(f"/organisation/{world.org_a.pk}/").content.decode()
    assert "Invitations not used yet</h2>\n<p>None.</p>" in page
