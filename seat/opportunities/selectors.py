"""Reads for the opportunities pages; each takes the acting user, the expert or the organisation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from seat.accounts.models import Organisation
from seat.accounts.rules import is_member
from seat.accounts.selectors import organisations_for_user
from seat.opportunities.enums import (
    PAID_ROLE_KINDS,
    ApplicationStatus,
    OpportunityStatus,
)
from seat.opportunities.models import Application, HiresOutsideSeat, Opportunity
from seat.opportunities.rules import can_manage_opportunities, can_read_opportunities
from seat.people.models import ExpertProfile


def organisations_reading_opportunities(*, user: Any) -> list[Organisation]:
    return [o for o in organisations_for_user(user=user) if can_read_opportunities(user, o)]


def organisation_for_opportunities(
    *, user: Any, organisation_id: Any, manage: bool = False
) -> Organisation:
    """404 when she is not a member of it, 403 for a role that may not (``manage``)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not is_member(user, organisation):
        raise Http404
    allowed = can_manage_opportunities if manage else can_read_opportunities
    if not allowed(user, organisation):
        raise PermissionDenied
    return organisation


def opportunity_get_for_staff(
    *, user: Any, opportunity_id: Any, manage: bool = False
) -> Opportunity:
    found = Opportunity.objects.select_related("organisation").filter(pk=opportunity_id).first()
    if found is None or not is_member(user, found.organisation):
        raise Http404
    allowed = can_manage_opportunities if manage else can_read_opportunities
    if not allowed(user, found.organisation):
        raise PermissionDenied
    return found


def application_get_for_staff(*, user: Any, application_id: Any) -> Application:
    found = (
        Application.objects.select_related("opportunity__organisation", "expert__user")
        .filter(pk=application_id)
        .first()
    )
    if found is None or not is_member(user, found.opportunity.organisation):
        raise Http404
    if not can_manage_opportunities(user, found.opportunity.organisation):
        raise PermissionDenied
    return found


def open_opportunities() -> QuerySet[Opportunity]:
    """What experts see: open, and not past the closing day."""
    return Opportunity.objects.filter(
        status=OpportunityStatus.OPEN, closes_on__gte=timezone.localdate()
    ).select_related("organisation")


REMOTE = "remote"


def opportunities_matching(
    *,
    language: str = "",
    place: str = "",
    kind: str = "",
    min_pay: Decimal | None = None,
    currency: str = "",
    unit: str = "",
) -> QuerySet[Opportunity]:
    """Open opportunities by language, place (or remote), kind and pay. Pay is compared only
    within one currency: with a minimum, only those paid in ``currency`` (and ``unit``, if
    given) at least that much are kept; training without pay never matches a minimum."""
    found = open_opportunities()
    if language:
        # Codes are short and comma-separated: match the whole code, not part of another.
        found = found.filter(
            Q(languages=language)
            | Q(languages__startswith=f"{language},")
            | Q(languages__endswith=f",{language}")
            | Q(languages__contains=f",{language},")
        )
    if place == REMOTE:
        found = found.filter(remote=True)
    elif place:
        found = found.filter(place__iexact=place)
    if kind:
        found = found.filter(kind=kind)
    if unit:
        found = found.filter(pay_unit=unit)
    if min_pay is not None and currency:
        found = found.filter(pay_currency=currency, pay_amount__gte=min_pay)
    return found


def places_open() -> list[str]:
    """The places of open opportunities, for the filter's list (no typing on a small phone)."""
    seen: dict[str, str] = {}
    for place in open_opportunities().exclude(place="").values_list("place", flat=True):
        seen.setdefault(place.casefold(), place)
    return sorted(seen.values(), key=str.casefold)


def opportunity_get_for_expert(*, opportunity_id: Any) -> Opportunity:
    """An opportunity an expert may open: one that is or was open (drafts are not there)."""
    found = (
        Opportunity.objects.select_related("organisation")
        .exclude(status=OpportunityStatus.DRAFT)
        .filter(pk=opportunity_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def applications_of_expert(*, expert: ExpertProfile) -> QuerySet[Application]:
    return Application.objects.filter(expert=expert).select_related("opportunity__organisation")


def application_of(*, expert: ExpertProfile, opportunity: Opportunity) -> Application | None:
    return Application.objects.filter(expert=expert, opportunity=opportunity).first()


def application_get_for_expert(*, expert: ExpertProfile, application_id: Any) -> Application:
    """Her own application; anyone else's is not there (404)."""
    found = (
        Application.objects.select_related("opportunity__organisation", "expert")
        .filter(pk=application_id, expert=expert)
        .first()
    )
    if found is None:
        raise Http404
    return found


def opportunities_of(*, organisation: Organisation) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(organisation=organisation)
        .annotate(applied=Count("applications"))
        .order_by("status", "closes_on", "title")
    )


def applications_to(*, opportunity: Opportunity) -> QuerySet[Application]:
    return (
        Application.objects.filter(opportunity=opportunity)
        .select_related("expert")
        .prefetch_related("events")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class SurvivorRoles:
    """The organisation's count of survivors in paid and in leadership roles now."""

    paid_through_seat: int
    leadership_through_seat: int
    outside: HiresOutsideSeat | None

    @property
    def paid(self) -> int:
        return self.paid_through_seat + (self.outside.paid_roles if self.outside else 0)

    @property
    def leadership(self) -> int:
        return self.leadership_through_seat + (self.outside.leadership_roles if self.outside else 0)


def survivor_roles(*, organisation: Organisation) -> SurvivorRoles:
    """Distinct experts accepted for the organisation's paid roles (staff, consultant, trainer)
    and for its leadership roles, plus its latest count of those hired outside Seat."""
    accepted = Application.objects.filter(
        opportunity__organisation=organisation, status=ApplicationStatus.ACCEPTED
    )
    return SurvivorRoles(
        paid_through_seat=accepted.filter(opportunity__kind__in=PAID_ROLE_KINDS)
        .values("expert")
        .distinct()
        .count(),
        leadership_through_seat=accepted.filter(opportunity__leadership=True)
        .values("expert")
        .distinct()
        .count(),
        outside=HiresOutsideSeat.objects.filter(organisation=organisation).first(),
    )
