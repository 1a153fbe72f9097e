from __future__ import annotations

from typing import Any

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.accounts.rules import MANAGING_ROLES, PAYING_ROLES, role_in, roles_of
from seat.people.models import ExpertProfile


def is_self(user: Any, expert: ExpertProfile) -> bool:
    return bool(getattr(user, "is_authenticated", False) and expert.user_id == user.pk)


def can_read_identity(user: Any, expert: ExpertProfile, purpose: str = "") -> bool:
    """The person themself. Organisation staff never see legal names or contacts; for
    ``purpose="payment"`` only, those who pay for an organisation that owes her money read where
    to send it (``pays_her_now``)."""
    if is_self(user, expert):
        return True
    return purpose == PAYMENT_PURPOSE and pays_her_now(user, expert)


# The purpose a paying organisation's finance people give when they read where to send money.
PAYMENT_PURPOSE = "payment"


def pays_her_now(user: Any, expert: ExpertProfile) -> bool:
    """The user pays for an organisation (``accounts.rules.PAYING_ROLES``) that still owes her
    money sent to her directly: a line owed or approved, not paid through a partner (the partner
    pays her then, and the host needs nothing of hers). Read through the ``payments`` relation
    so that ``people`` does not import ``compensation``; the statuses are
    ``compensation.enums.UNSETTLED`` (a test there keeps them equal)."""
    paying = [org for org, role in roles_of(user).items() if role in PAYING_ROLES]
    if not paying:
        return False
    return _owing_her_directly(expert).filter(organisation_id__in=paying).exists()


UNSETTLED_STATUSES = ("owed", "approved")


def _owing_her_directly(expert: ExpertProfile) -> Any:
    """Her lines still to be paid to her directly (owed or approved, not through a partner):
    the one rule for who may read where to send her money."""
    return expert.payments.filter(  # type: ignore[attr-defined]
        status__in=UNSETTLED_STATUSES, paid_through__isnull=True
    )


def organisations_paying_her_now(expert: ExpertProfile) -> list[Organisation]:
    """The organisations whose payers may read her payment details now (``pays_her_now``), by
    name: what her private-details page tells her."""
    owing = _owing_her_directly(expert).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=owing).order_by("name"))


def can_bring_experts(user: Any, organisation: Organisation) -> bool:
    """Who may make joining and password reset codes for an organisation: its admins and staff,
    and the facilitators of a survivor-led organisation, for its own members."""
    role = role_in(user, organisation)
    if role in MANAGING_ROLES:
        return True
    return role == Role.FACILITATOR and organisation.is_survivor_led


# Roles in a survivor-led organisation that act for its members in person: they keep profiles
# for members without a device, record consent said aloud and write down input.
SPEAKING_FOR_MEMBERS_ROLES = frozenset({Role.FACILITATOR, Role.ADMIN})


def can_act_for_members(user: Any, organisation: Organisation) -> bool:
    """A facilitator (or admin) of a survivor-led organisation or collective, for its members."""
    return (
        organisation.is_survivor_led and role_in(user, organisation) in SPEAKING_FOR_MEMBERS_ROLES
    )


def keeps_her_profile(user: Any, expert: ExpertProfile) -> bool:
    """A facilitator (or admin) of the organisation that keeps this profile for her (she has no
    login of her own: ``ExpertProfile.kept``). It acts for her where she cannot, for example
    enrolling the number she takes part by text message with; it never reads her private
    details."""
    return (
        expert.kept
        and expert.represented_by is not None
        and can_act_for_members(user, expert.represented_by)
    )


def resets_her_password(organisation: Organisation, expert: ExpertProfile) -> bool:
    """The one organisation that may make password reset codes for her: the survivor-led
    organisation that represents her, else the first one she joined. A reset code opens her
    account, with what she keeps in it (her private details, where her pay goes, what every
    organisation owes her), so it must not come from any organisation she happens to work
    with: one of them could otherwise take over her account and redirect another's payments."""
    if expert.represented_by_id is not None:
        return expert.represented_by_id == organisation.pk
    first = expert.links.order_by("created_at", "pk").values_list("organisation_id", flat=True)
    return first.first() == organisation.pk
