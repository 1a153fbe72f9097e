"""Reads for the council pages and the API, each scoped to the acting user: the host's people
by their role, members (experts with a term) to the councils they sit on. Another
organisation's council is not there (404); a role that may not is refused (403)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from seat.accounts.models import Organisation
from seat.accounts.rules import is_member, roles_of
from seat.councils.models import (
    Attendance,
    Council,
    Dissent,
    HostResponse,
    Meeting,
    Recommendation,
    RecommendationEvent,
    RecommendationRevision,
    Term,
)
from seat.councils.rules import READING_ROLES, can_manage_council, can_read_council
from seat.people.selectors import expert_for_user


@dataclass(frozen=True)
class Access:
    """How the user sees one council: as its secretariat, as a reader at the host, or as a
    member (``term``: her latest term on it)."""

    council: Council
    manage: bool
    member_term: Term | None

    @property
    def as_member(self) -> bool:
        return self.member_term is not None


def _reading_org_ids(user: Any) -> list[Any]:
    return [org for org, role in roles_of(user).items() if role in READING_ROLES]


def councils_for_user(*, user: Any) -> QuerySet[Council]:
    """The councils of the user's organisations (where her role reads them) and, for an
    expert, the councils where she holds a term."""
    expert = expert_for_user(user=user)
    found = Q(organisation_id__in=_reading_org_ids(user))
    if expert is not None:
        # A subquery, not a join: the counts below must count every member, not only her.
        found |= Q(pk__in=Term.objects.filter(expert=expert).values("council_id"))
    return (
        Council.objects.filter(found)
        .select_related("organisation")
        .annotate(
            members_count=Count("terms__expert", distinct=True),
            meetings_count=Count("meetings", distinct=True),
        )
        .order_by("name")
    )


def organisations_hosting(*, user: Any) -> list[Organisation]:
    """The organisations where the user may start a council."""
    ids = list(roles_of(user))
    return [o for o in Organisation.objects.filter(pk__in=ids) if can_manage_council(user, o)]


def organisation_for_council(*, user: Any, organisation_id: Any) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not is_member(user, organisation):
        raise Http404
    if not can_manage_council(user, organisation):
        raise PermissionDenied
    return organisation


def _access(user: Any, council: Council, *, manage: bool) -> Access:
    organisation = council.organisation
    if can_read_council(user, organisation):
        may_manage = can_manage_council(user, organisation)
        if manage and not may_manage:
            raise PermissionDenied
        return Access(council=council, manage=may_manage, member_term=None)
    # A member of the council reads it even when she also has a role at the host that does not
    # (a survivor advisor of its self-assessment).
    expert = expert_for_user(user=user)
    term = (
        None
        if expert is None
        else Term.objects.filter(council=council, expert=expert).order_by("-starts_on").first()
    )
    if term is None:
        if is_member(user, organisation):
            raise PermissionDenied
        raise Http404
    if manage:
        raise PermissionDenied
    return Access(council=council, manage=False, member_term=term)


def council_get_for_user(*, user: Any, council_id: Any, manage: bool = False) -> Access:
    council = Council.objects.select_related("organisation").filter(pk=council_id).first()
    if council is None:
        raise Http404
    return _access(user, council, manage=manage)


def term_get_for_user(*, user: Any, term_id: Any) -> tuple[Term, Access]:
    """Only the secretariat acts on a term."""
    term = Term.objects.select_related("council__organisation", "expert").filter(pk=term_id).first()
    if term is None:
        raise Http404
    return term, _access(user, term.council, manage=True)


def meeting_get_for_user(
    *, user: Any, meeting_id: Any, manage: bool = False
) -> tuple[Meeting, Access]:
    meeting = Meeting.objects.select_related("council__organisation").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting, _access(user, meeting.council, manage=manage)


def recommendation_get_for_user(
    *, user: Any, recommendation_id: Any, manage: bool = False
) -> tuple[Recommendation, Access]:
    recommendation = (
        Recommendation.objects.select_related("council__organisation", "meeting")
        .filter(pk=recommendation_id)
        .first()
    )
    if recommendation is None:
        raise Http404
    return recommendation, _access(user, recommendation.council, manage=manage)


def terms_of(*, council: Council) -> list[Term]:
    return list(
        Term.objects.filter(council=council)
        .select_related("expert", "renewed_from")
        .annotate(has_renewal=Exists(Term.objects.filter(renewed_from=OuterRef("pk"))))
        .order_by("expert__pseudonym", "starts_on")
    )


def meetings_of(*, council: Council) -> list[Meeting]:
    return list(
        Meeting.objects.filter(council=council)
        .annotate(present_count=Count("attendances", filter=Q(attendances__present=True)))
        # Newest first, as in the annual report (Meta.ordering is not used with a GROUP BY).
        .order_by("-held_on", "place")
    )


def with_history() -> list[Prefetch]:
    """What a recommendation is shown with: its earlier wordings, timeline, responses and
    dissents (and who)."""
    return [
        Prefetch(
            "revisions", queryset=RecommendationRevision.objects.order_by("replaced_at", "id")
        ),
        Prefetch("events", queryset=RecommendationEvent.objects.order_by("on", "id")),
        Prefetch("responses", queryset=HostResponse.objects.order_by("responded_on", "created_at")),
        Prefetch(
            "dissents",
            queryset=Dissent.objects.prefetch_related(
                Prefetch("terms", queryset=Term.objects.select_related("expert"))
            ).order_by("recorded_on", "created_at"),
        ),
    ]


def recommendations_of(
    *, council: Council, year: int | None = None, only: Any = None
) -> list[Recommendation]:
    """The council's recommendations (of ``year``, or ``only`` one), each with its timeline,
    responses and dissents, and ``latest_response`` (None before the host responded)."""
    found = Recommendation.objects.filter(council=council).select_related("meeting")
    if year is not None:
        found = found.filter(submitted_on__year=year)
    if only is not None:
        found = found.filter(pk=only)
    shown = list(found.prefetch_related(*with_history()))
    for recommendation in shown:
        responses = list(recommendation.responses.all())
        recommendation.latest_response = responses[-1] if responses else None  # type: ignore[attr-defined]
    return shown


def attendance_of(*, meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting).select_related("term__expert", "payment")
    )


def my_attendance(*, council: Council, term: Term) -> list[Attendance]:
    """A member's own attendance on the council, across her terms, with her pay."""
    return list(
        Attendance.objects.filter(meeting__council=council, term__expert_id=term.expert_id)
        .select_related("meeting", "payment")
        .order_by("-meeting__held_on")
    )


def meetings_in(*, council: Council, year: int, held_by: datetime.date) -> list[Meeting]:
    """The meetings of ``year`` held on or before ``held_by`` (today): planned ones are not
    counted as held. Newest first, as on the council page."""
    return list(
        Meeting.objects.filter(council=council, held_on__year=year, held_on__lte=held_by)
        .annotate(
            present_count=Count("attendances", filter=Q(attendances__present=True)),
            absent_count=Count("attendances", filter=Q(attendances__present=False)),
        )
        .order_by("-held_on", "place")
    )
