"""Changing and ending roles: never the last admin, never one's own, every change audited;
cancelling an unused link."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from seat.accounts.enums import Role
from seat.accounts.models import MemberInvitation, Membership
from seat.accounts.rules import can_manage_members
from seat.accounts.services import (
    OrganisationError,
    member_invitation_create,
    member_invitation_revoke,
    membership_remove,
    membership_role_change,
)
from seat.core.models import AuditEvent
from seat.tests.personas import make_advisor, make_member, verify_second_factor


def admin_client(user) -> Client:
    client = Client()
    verify_second_factor(client, user)
    return client


def membership(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def roles(organisation) -> dict[str, str]:
    return dict(organisation.memberships.values_list("user__username", "role"))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_an_admin_changes_a_role_and_it_is_audited(world):
    client = admin_client(world.admin_a)
    staff = membership(world.staff_a, world.org_a)
    response = client.post(
        f"/organisation/{world.org_a.pk}/members/{staff.pk}/role/",
        {"role": Role.FINANCE},
        follow=True,
    )
    assert messages_of(response) == ["staff-a is now Finance."]
    assert roles(world.org_a)["staff-a"] == Role.FINANCE
    event = AuditEvent.objects.get(verb="membership.role_change")
    assert (event.actor, event.object_id, event.detail) == (
        world.admin_a,
        str(staff.pk),
        {"role": "finance", "previous": "staff"},
    )


@pytest.mark.django_db
def test_an_admin_removes_a_member_who_keeps_their_account(world):
    world.staff_b.memberships.create(organisation=world.org_a, role=Role.VIEWER)
    client = admin_client(world.admin_a)
    leaving = membership(world.staff_b, world.org_a)
    response = client.post(
        f"/organisation/{world.org_a.pk}/members/{leaving.pk}/remove/", follow=True
    )
    assert messages_of(response) == [
        "staff-b is no longer a member of Organisation A. Their account and what they did here stay."
    ]
    assert "staff-b" not in roles(world.org_a)
    assert roles(world.org_b) == {"staff-b": Role.STAFF}
    assert AuditEvent.objects.filter(verb="membership.end", object_id=str(leaving.pk)).count() == 1


@pytest.mark.django_db
def test_an_admin_cannot_change_or_end_their_own_role(world):
    second = make_member("admin-a2", world.org_a, Role.ADMIN)
    client = admin_client(world.admin_a)
    own = membership(world.admin_a, world.org_a)
    for url, data in [
        (f"/organisation/{world.org_a.pk}/members/{own.pk}/role/", {"role": Role.STAFF}),
        (f"/organisation/{world.org_a.pk}/members/{own.pk}/remove/", {}),
    ]:
        response = client.post(url, data, follow=True)
        assert messages_of(response) == [
            "You cannot change or end your own role, so that nobody locks themselves out. "
            "Another administrator can do it."
        ]
    assert roles(world.org_a)["admin-a"] == Role.ADMIN
    # Another admin can.
    membership_role_change(actor=second, membership=own, role=Role.STAFF)
    assert roles(world.org_a)["admin-a"] == Role.STAFF
    assert not AuditEvent.objects.filter(
        verb="membership.role_change", actor=world.admin_a
    ).exists()


@pytest.mark.django_db
def test_the_last_admin_is_told_the_organisation_must_keep_one(world):
    client = admin_client(world.admin_a)
    own = membership(world.admin_a, world.org_a)
    for url, data in [
        (f"/organisation/{world.org_a.pk}/members/{own.pk}/role/", {"role": Role.VIEWER}),
        (f"/organisation/{world.org_a.pk}/members/{own.pk}/remove/", {}),
    ]:
        response = client.post(url, data, follow=True)
        assert messages_of(response) == [
            "Organisation A must keep at least one administrator. Make someone else an "
            "administrator first."
        ]
    assert roles(world.org_a)["admin-a"] == Role.ADMIN
    assert not AuditEvent.objects.filter(
        verb__in=["membership.role_change", "membership.end"]
    ).exists()


@pytest.mark.django_db
def test_two_admins_demoting_each_other_leave_one_admin(world):
    """Both saw two admins; whoever comes second is no longer an admin when their turn comes."""
    second = make_member("admin-a2", world.org_a, Role.ADMIN)
    # Both pages were drawn while both were admins (the role cache on each user says so).
    assert can_manage_members(world.admin_a, world.org_a)
    assert can_manage_members(second, world.org_a)
    membership_role_change(
        actor=world.admin_a, membership=membership(second, world.org_a), role=Role.STAFF
    )
    with pytest.raises(PermissionDenied):
        membership_role_change(
            actor=second, membership=membership(world.admin_a, world.org_a), role=Role.STAFF
        )
    with pytest.raises(PermissionDenied):
        membership_remove(actor=second, membership=membership(world.admin_a, world.org_a))
    assert roles(world.org_a)["admin-a"] == Role.ADMIN
    assert Membership.objects.filter(organisation=world.org_a, role=Role.ADMIN).count() == 1


@pytest.mark.django_db
def test_an_admin_may_be_made_and_unmade_while_another_stays(world):
    membership_role_change(
        actor=world.admin_a, membership=membership(world.staff_a, world.org_a), role=Role.ADMIN
    )
    assert roles(world.org_a)["staff-a"] == Role.ADMIN
    membership_remove(actor=world.admin_a, membership=membership(world.staff_a, world.org_a))
    assert "staff-a" not in roles(world.org_a)


@pytest.mark.django_db
def test_advisors_are_not_changed_here(world):
    make_advisor(world.expert.user, world.org_a)  # type: ignore[arg-type]
    advisor = membership(world.expert.user, world.org_a)
    client = admin_client(world.admin_a)
    for url, data in [
        (f"/organisation/{world.org_a.pk}/members/{advisor.pk}/role/", {"role": Role.STAFF}),
        (f"/organisation/{world.org_a.pk}/members/{advisor.pk}/remove/", {}),
    ]:
        response = client.post(url, data, follow=True)
        assert messages_of(response) == [
            "Survivor advisors start and stop advising on the advisors page, not here."
        ]
    assert membership(world.expert.user, world.org_a).role == Role.ADVISOR


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADVISOR, "owner", ""])
def test_a_role_that_is_not_offered_changes_nothing(world, role):
    client = admin_client(world.admin_a)
    staff = membership(world.staff_a, world.org_a)
    response = client.post(
        f"/organisation/{world.org_a.pk}/members/{staff.pk}/role/", {"role": role}, follow=True
    )
    assert messages_of(response) == ["Choose one of the roles offered."]
    assert roles(world.org_a)["staff-a"] == Role.STAFF


@pytest.mark.django_db
def test_another_organisations_admin_gets_404_and_changes_nothing(world):
    admin_b = make_member("admin-b", world.org_b, Role.ADMIN)
    staff = membership(world.staff_a, world.org_a)
    invitation, _code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.STAFF
    )
    client = admin_client(admin_b)
    for url in [
        f"/organisation/{world.org_a.pk}/members/{staff.pk}/role/",
        f"/organisation/{world.org_a.pk}/members/{staff.pk}/remove/",
        f"/organisation/{world.org_a.pk}/invitations/{invitation.pk}/cancel/",
        # Through their own organisation's address, with A's ids.
        f"/organisation/{world.org_b.pk}/members/{staff.pk}/role/",
        f"/organisation/{world.org_b.pk}/members/{staff.pk}/remove/",
        f"/organisation/{world.org_b.pk}/invitations/{invitation.pk}/cancel/",
    ]:
        assert client.post(url, {"role": Role.VIEWER}).status_code == 404, url
    assert roles(world.org_a)["staff-a"] == Role.STAFF
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    with pytest.raises(PermissionDenied):
        membership_role_change(actor=admin_b, membership=staff, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        member_invitation_revoke(actor=admin_b, invitation=invitation)


@pytest.mark.django_db
def test_a_cancelled_link_opens_nothing(world):
    invitation, code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.STAFF
    )
    client = admin_client(world.admin_a)
    response = client.post(
        f"/organisation/{world.org_a.pk}/invitations/{invitation.pk}/cancel/", follow=True
    )
    assert messages_of(response) == ["The link is cancelled: it opens nothing now."]
    assert "Invitations not used yet</h2>\n<p>None.</p>" in response.content.decode()
    again = client.post(
        f"/organisation/{world.org_a.pk}/invitations/{invitation.pk}/cancel/", follow=True
    )
    assert messages_of(again) == ["This link was already used or cancelled."]
    assert AuditEvent.objects.filter(verb="member_invitation.revoke").count() == 1

    newcomer = Client()
    newcomer.get(f"/accounts/invitation/{code}/")
    page = newcomer.get("/accounts/invitation/")
    assert page.status_code == 410
    assert "This link was cancelled." in page.content.decode()


@pytest.mark.django_db
def test_a_used_link_cannot_be_cancelled(world):
    from seat.accounts.services import member_invitation_accept

    invitation, code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.VIEWER
    )
    member_invitation_accept(code=code, user=world.staff_b)
    with pytest.raises(OrganisationError, match="already used or cancelled"):
        member_invitation_revoke(actor=world.admin_a, invitation=invitation)
    assert MemberInvitation.objects.get().revoked_at is None


@pytest.mark.django_db
def test_role_forms_are_shown_for_others_only(world):
    page = admin_client(world.admin_a).get(f"/organisation/{world.org_a.pk}/").content.decode()
    # admin-a is Organisation A's only administrator (test_members_own_entry has both cases).
    assert "You are the only administrator" in page
    assert page.count("Change the role") == 3  # staff, finance, viewer
    assert "Remove admin-a" not in page and "Remove staff-a from the organisation" in page


@pytest.mark.django_db
def test_changes_need_post(world):
    staff = membership(world.staff_a, world.org_a)
    client = admin_client(world.admin_a)
    assert (
        client.get(f"/organisation/{world.org_a.pk}/members/{staff.pk}/remove/").status_code == 405
    )
    assert roles(world.org_a)["staff-a"] == Role.STAFF
