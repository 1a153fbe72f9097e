from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from seat.accounts.models import Organisation
from seat.accounts.rules import is_member
from seat.people.enums import ConsentPurpose
from seat.people.models import ConsentRecord, ExpertLink, ExpertProfile, JoinCode
from seat.people.rules import can_bring_experts


def expert_for_user(*, user: Any) -> ExpertProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # The one-to-one relation caches the profile (or its absence) on this user object, which
    # lives for one request: the home page and the expert pages' guard ask once between them.
    try:
        return user.expert_profile  # type: ignore[no-any-return]
    except ExpertProfile.DoesNotExist:
        return None


def consent_state(*, expert: ExpertProfile) -> dict[str, bool]:
    """Each purpose mapped to whether consent stands now (the latest record wins; none means no)."""
    state = dict.fromkeys(ConsentPurpose.values, False)
    seen: set[str] = set()
    for purpose, given in (
        ConsentRecord.objects.filter(expert=expert)
        .order_by("-created_at")
        .values_list("purpose", "given")
    ):
        if purpose not in seen:
            seen.add(purpose)
            state[purpose] = given
    return state


def consent_latest(*, expert: ExpertProfile) -> dict[str, ConsentRecord | None]:
    """Each purpose mapped to the record that decides it now (the latest), with its witness;
    None for a purpose never asked. One query."""
    latest: dict[str, ConsentRecord | None] = dict.fromkeys(ConsentPurpose.values)
    for record in (
        ConsentRecord.objects.filter(expert=expert)
        .select_related("witness")
        .order_by("-created_at")
    ):
        if latest.get(record.purpose, False) is None:
            latest[record.purpose] = record
    return latest


def consent_is_given(*, expert: ExpertProfile, purpose: str) -> bool:
    latest = (
        ConsentRecord.objects.filter(expert=expert, purpose=purpose)
        .order_by("-created_at")
        .values_list("given", flat=True)
        .first()
    )
    return bool(latest)


def consent_ledgers(*, expert_ids: list[Any]) -> dict[Any, dict[str, bool | None]]:
    """Each person's consent now, per purpose: True, False, or None when never asked; one query."""
    states: dict[Any, dict[str, bool | None]] = {
        expert_id: dict.fromkeys(ConsentPurpose.values) for expert_id in expert_ids
    }
    seen: set[tuple[Any, str]] = set()
    rows = (
        ConsentRecord.objects.filter(expert_id__in=expert_ids)
        .order_by("-created_at")
        .values_list("expert_id", "purpose", "given")
    )
    for expert_id, purpose, given in rows:
        if (expert_id, purpose) not in seen:
            seen.add((expert_id, purpose))
            states[expert_id][purpose] = given
    return states


def consent_states(*, expert_ids: list[Any]) -> dict[Any, dict[str, bool]]:
    """``consent_state`` for many people in one query (for lists of contributions): a purpose
    never asked counts as not given."""
    return {
        expert_id: {purpose: bool(given) for purpose, given in ledger.items()}
        for expert_id, ledger in consent_ledgers(expert_ids=expert_ids).items()
    }


# Joining and links ------------------------------------------------------------------------


def join_code_live(*, digest: str) -> JoinCode | None:
    """The joining code with this digest if it can still be used, with its organisation."""
    if not digest:
        return None
    return (
        JoinCode.objects.filter(
            code_digest=digest, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("organisation")
        .first()
    )


def join_codes_of(*, organisation: Organisation, limit: int = 30) -> list[JoinCode]:
    """The organisation's most recent joining codes: who made each, when, and its state."""
    return list(
        JoinCode.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-created_at")[:limit]
    )


def experts_linked_to(*, organisation: Organisation) -> QuerySet[ExpertProfile]:
    """Experts who work with the organisation and have their own login, by chosen name (a
    profile a collective keeps is reached through the collective). Nothing of their other
    links."""
    return ExpertProfile.objects.filter(
        links__organisation=organisation, user__isnull=False, user__is_active=True, sms_only=False
    ).order_by("pseudonym")


def expert_is_linked(*, expert: ExpertProfile, organisation: Organisation) -> bool:
    return ExpertLink.objects.filter(expert=expert, organisation=organisation).exists()


def expert_linked_get(*, organisation: Organisation, expert_id: Any) -> ExpertProfile:
    """One expert who works with the organisation, or 404: another organisation's experts do
    not exist from here."""
    expert = experts_linked_to(organisation=organisation).filter(pk=expert_id).first()
    if expert is None:
        raise Http404
    return expert


def organisations_of_expert(*, expert: ExpertProfile) -> list[ExpertLink]:
    """Her links, for her own pages only: no organisation's page may call this."""
    return list(
        ExpertLink.objects.filter(expert=expert)
        .select_related("organisation")
        .order_by("created_at")
    )


def organisations_bringing_experts(*, user: Any) -> list[Organisation]:
    """Organisations for which the user may make joining and reset codes."""
    from seat.accounts.selectors import organisations_for_user

    return [o for o in organisations_for_user(user=user) if can_bring_experts(user, o)]


def organisation_for_bringing(*, user: Any, organisation_id: Any) -> Organisation:
    """The organisation, if the user may make codes for it: 404 when they are not a member,
    403 for a role that may not."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not is_member(user, organisation):
        raise Http404
    if not can_bring_experts(user, organisation):
        raise PermissionDenied
    return organisation


def partner_facilitators(*, organisation_id: Any) -> list[Any]:
    """The accounts that act for a partner's members (its facilitators and admins): they hear
    when pay or a response comes back through it."""
    from seat.accounts.models import Membership
    from seat.people.rules import SPEAKING_FOR_MEMBERS_ROLES

    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=organisation_id, role__in=SPEAKING_FOR_MEMBERS_ROLES
        ).select_related("user")
    ]
