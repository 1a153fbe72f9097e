"""Permission predicates about organisations. Views, services and templates ask these."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from seat.accounts.enums import Role
from seat.accounts.models import Membership, Organisation

# Roles that plan and run engagement for their organisation.
MANAGING_ROLES = frozenset({Role.ADMIN, Role.STAFF})


def roles_of(user: Any) -> dict[Any, str]:
    """The user's role in each organisation (organisation id -> role), read once per request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cache = getattr(user, "_seat_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._seat_roles = cache
    return cache


def role_in(user: Any, organisation: Organisation) -> str | None:
    return roles_of(user).get(organisation.pk)


def is_member(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) is not None


# Survivor advisors are members for the self-assessment only: they do not read other people's
# contributions or the organisation's payments.
ENGAGEMENT_ROLES = frozenset(set(Role.values) - {Role.ADVISOR})


# Staff record what is owed; only finance and admins approve and pay.
PAYMENT_RECORDING_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.FINANCE})
PAYING_ROLES = frozenset({Role.ADMIN, Role.FINANCE})


def can_read_engagement(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in ENGAGEMENT_ROLES


def can_read_engagement_anywhere(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, role__in=ENGAGEMENT_ROLES).exists()


def can_manage_engagement(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in MANAGING_ROLES


def is_org_admin_anywhere(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    # From the roles read once per request: every signed-in page asks (second factor, menu).
    return user.is_superuser or Role.ADMIN in roles_of(user).values()


def needs_second_factor(user: Any) -> bool:
    """Admins (Django admin users, superusers, organisation admins) must use a second factor."""
    return bool(getattr(user, "is_staff", False)) or is_org_admin_anywhere(user)


def may_keep_form_drafts(user: Any) -> bool:
    """Organisation members who read and run engagement get their half-typed forms kept across
    the quick exit. Experts and survivor advisors never do: what they type must not outlive it."""
    return any(role in ENGAGEMENT_ROLES for role in roles_of(user).values())


def may_enrol_second_factor(user: Any) -> bool:
    """Staff and admins may enrol; experts are not asked to (many share or lose phones).

    The account security page and the link to it in every page's menu ask this too."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_superuser
        or user.is_staff
        or any(role in ENGAGEMENT_ROLES for role in roles_of(user).values())
    )


def has_second_factor(user: Any) -> bool:
    """Enrolled in the second step: a confirmed authenticator (TOTP) device.

    Recovery codes (a static device) are a way to pass the step, never the step itself: an
    account with recovery codes and no authenticator is not enrolled.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def may_add_second_factor(user: Any, *, session_verified: bool) -> bool:
    """A new device needs the current factor when there is one.

    Otherwise the password alone would be enough to enrol an attacker's own authenticator and
    pass every later second-factor check: the session must already be verified with a code
    from a confirmed device, or the account must have none yet (its first enrolment).
    """
    return session_verified or not has_second_factor(user)


# Roles an organisation's admin hands out from the members page. Survivor advisors are not
# among them: an advisor is a survivor expert who said yes on her own page (assessment app).
INVITABLE_ROLES = (Role.STAFF, Role.FINANCE, Role.FACILITATOR, Role.VIEWER)
# A member may be made an admin once they have joined; an invitation never makes one.
ASSIGNABLE_ROLES = (Role.ADMIN, *INVITABLE_ROLES)


def may_run_organisation(user: Any) -> bool:
    """An admin of some organisation: every page's menu links to its members and settings."""
    return any(role == Role.ADMIN for role in roles_of(user).values())


def can_manage_members(user: Any, organisation: Organisation) -> bool:
    """Only the organisation's admins invite people, change roles and edit its settings. Outside
    the demo the second-factor middleware has already made them verify with a code."""
    return role_in(user, organisation) == Role.ADMIN


# What each role may do, as the predicates in every app's rules.py allow it, in the words shown
# where roles are handed out. Change these with the predicates.
ROLE_DUTIES: dict[str, Any] = {
    Role.ADMIN: _(
        "Everything staff do; approves and pays what is owed; invites members, changes roles "
        "and edits the organisation's settings."
    ),
    Role.STAFF: _(
        "Plans projects and consultations, invites experts, reads and answers their input, "
        "records what is owed."
    ),
    Role.FINANCE: _("Records, approves and pays what is owed. Never reads what people said."),
    Role.FACILITATOR: _(
        "Reads projects, consultations and input, to support the people taking part."
    ),
    Role.VIEWER: _("Reads projects, consultations and input. Changes nothing."),
}
