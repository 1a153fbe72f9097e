"""Reads for the self-assessment, always scoped to the person asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from seat.accounts.models import Membership
from seat.assessment.enums import AdvisorRequestStatus, Perspective, RoundStatus
from seat.assessment.models import (
    ActionItem,
    AdvisorRequest,
    AssessmentRound,
    Domain,
    Framework,
    Indicator,
    Rating,
)
from seat.assessment.rules import can_view_assessment
from seat.assessment.scoring import IndicatorInfo, RatingInfo, Results, results_compute


def framework_current() -> Framework | None:
    return Framework.objects.order_by("-created_at").first()


def questions_in_current_framework() -> int:
    """How many questions an advisor is asked in a round (the current framework's indicators)."""
    framework = framework_current()
    return Indicator.objects.filter(domain__framework=framework).count() if framework else 0


def framework_as_dict(framework: Framework, lang: str = "en") -> dict[str, Any]:
    domains = list(framework.domains.prefetch_related("indicators"))
    return {
        "version": framework.version,
        "title": framework.title,
        "lang": lang,
        "domains": [
            {
                "id": domain.key,
                "title": domain.in_language(lang)["title"],
                "indicators": [
                    {"id": i.key, **i.in_language(lang), "sources": i.sources}
                    for i in domain.indicators.all()
                ],
            }
            for domain in domains
        ],
        "sources": framework.sources,
    }


def rounds_for_user(*, user: Any) -> QuerySet[AssessmentRound]:
    organisation_ids = Membership.objects.filter(user=user).values("organisation_id")
    return (
        AssessmentRound.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation", "framework")
        .annotate(respondent_count=Count("ratings__respondent", distinct=True))
        .order_by("-created_at")
    )


def round_get_for_user(*, user: Any, round_id: Any) -> AssessmentRound:
    found = (
        AssessmentRound.objects.select_related("organisation", "framework")
        .filter(pk=round_id)
        .first()
    )
    if found is None:
        raise Http404
    # A survivor advisor who answered keeps seeing what came of it, even after leaving the role.
    if not can_view_assessment(user, found.organisation) and not (
        getattr(user, "is_authenticated", False)
        and Rating.objects.filter(round=found, respondent=user).exists()
    ):
        raise Http404
    return found


def action_get_for_user(*, user: Any, action_id: Any) -> ActionItem:
    action = (
        ActionItem.objects.select_related("round__organisation", "indicator")
        .filter(pk=action_id)
        .first()
    )
    if action is None or not can_view_assessment(user, action.round.organisation):
        raise Http404
    return action


def domains_of(framework: Framework, lang: str = "en") -> list[Domain]:
    """The framework's domains with ``title`` and ``summary`` in ``lang`` where translated."""
    domains = list(framework.domains.prefetch_related("indicators"))
    for domain in domains:
        words = domain.in_language(lang)
        domain.title, domain.summary = words["title"], words["summary"]
    return domains


@dataclass(frozen=True)
class SurvivorGroup:
    """Whether survivor advisors' answers in a round may leave Seat, always only together.

    Shown when the round is completed (while open, each new answer would show as a change in
    the averages) and at least ``min_group`` advisors answered (SEAT_MIN_GROUP_SIZE).
    """

    respondents: int
    min_group: int
    completed: bool

    @property
    def shown(self) -> bool:
        return self.completed and self.respondents >= self.min_group


def survivor_group(*, assessment_round: AssessmentRound) -> SurvivorGroup:
    respondents = (
        Rating.objects.filter(round=assessment_round, perspective=Perspective.SURVIVOR)
        .values("respondent")
        .distinct()
        .count()
    )
    return SurvivorGroup(
        respondents=respondents,
        min_group=settings.SEAT_MIN_GROUP_SIZE,
        completed=assessment_round.status == RoundStatus.CLOSED,
    )


def round_results(*, assessment_round: AssessmentRound, lang: str = "en") -> Results:
    """Results with the framework's words in ``lang`` where a translation exists.

    Survivor advisors' answers count only as a group (``survivor_group``); staff answers always.
    """
    group = survivor_group(assessment_round=assessment_round)
    ratings = Rating.objects.filter(round=assessment_round)
    if not group.shown:
        ratings = ratings.exclude(perspective=Perspective.SURVIVOR)
    domains = Domain.objects.filter(framework_id=assessment_round.framework_id)
    indicators = Indicator.objects.filter(
        domain__framework_id=assessment_round.framework_id
    ).select_related("domain")
    return results_compute(
        domains=[(d.key, d.in_language(lang)["title"]) for d in domains],
        indicators=[
            IndicatorInfo(key=i.key, domain_key=i.domain.key, text=i.in_language(lang)["text"])
            for i in indicators
        ],
        ratings=[
            RatingInfo(indicator_key=key, perspective=perspective, level=level)
            for key, perspective, level in ratings.values_list(
                "indicator__key", "perspective", "level"
            )
        ],
        survivor_min_group=group.min_group,
    )


def my_ratings(*, assessment_round: AssessmentRound, user: Any) -> dict[str, Rating]:
    return {
        r.indicator.key: r
        for r in Rating.objects.filter(round=assessment_round, respondent=user).select_related(
            "indicator"
        )
    }


def progress_for(*, assessment_round: AssessmentRound, user: Any) -> dict[str, int]:
    """How many questions the user has answered in each domain (key → count)."""
    rows = (
        Rating.objects.filter(round=assessment_round, respondent=user)
        .values_list("indicator__domain__key")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def respondents_count(*, assessment_round: AssessmentRound) -> dict[str, int]:
    rows = (
        Rating.objects.filter(round=assessment_round)
        .values("perspective")
        .annotate(n=Count("respondent", distinct=True))
    )
    return {row["perspective"]: row["n"] for row in rows}


def actions_for_round(*, assessment_round: AssessmentRound) -> list[ActionItem]:
    return list(
        assessment_round.actions.select_related("indicator", "owner").order_by("status", "due_on")
    )


def trend_for(
    *, assessment_round: AssessmentRound, lang: str = "en"
) -> list[tuple[AssessmentRound, Results]]:
    """This round and the completed rounds of the same organisation before it, oldest first."""
    rounds = AssessmentRound.objects.filter(
        Q(status=RoundStatus.CLOSED) | Q(pk=assessment_round.pk),
        organisation_id=assessment_round.organisation_id,
        created_at__lte=assessment_round.created_at,
    ).order_by("created_at")
    return [(r, round_results(assessment_round=r, lang=lang)) for r in rounds]


def ratings_for_export(*, assessment_round: AssessmentRound) -> QuerySet[Rating]:
    """Staff ratings, one by one (see docs/PRIVACY.md: staff answer in their work role)."""
    return (
        Rating.objects.filter(round=assessment_round, perspective=Perspective.STAFF)
        .select_related("indicator__domain")
        .order_by("respondent_id", "indicator__domain__position", "indicator__position")
    )


def survivor_notes(*, assessment_round: AssessmentRound) -> dict[str, list[str]]:
    """Survivor advisors' evidence notes per indicator key, only when the group is shown, in
    alphabetical order: no respondent, no level beside them, nothing in their order."""
    if not survivor_group(assessment_round=assessment_round).shown:
        return {}
    notes: dict[str, list[str]] = {}
    for key, text in (
        Rating.objects.filter(round=assessment_round, perspective=Perspective.SURVIVOR)
        .exclude(evidence="")
        .values_list("indicator__key", "evidence")
    ):
        notes.setdefault(key, []).append(text)
    return {key: sorted(texts, key=str.casefold) for key, texts in notes.items()}


def indicator_in_round(*, assessment_round: AssessmentRound, key: str) -> Indicator | None:
    return Indicator.objects.filter(
        domain__framework_id=assessment_round.framework_id, key=key
    ).first()


def rounds_advised(*, user: Any, limit: int = 5) -> list[AssessmentRound]:
    """Latest rounds of the organisations the user advises: open ones to answer, completed ones
    to see what came of the answers. For the survivor's own home page."""
    from seat.accounts.enums import Role

    organisation_ids = Membership.objects.filter(user=user, role=Role.ADVISOR).values(
        "organisation_id"
    )
    return list(
        AssessmentRound.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation")
        .order_by("-created_at")[:limit]
    )


def advisors_of(*, organisation: Any) -> list[Any]:
    """Survivor advisors of an organisation, as expert profiles (chosen names only)."""
    from seat.accounts.enums import Role
    from seat.people.models import ExpertProfile

    return list(
        ExpertProfile.objects.filter(
            user__memberships__organisation=organisation, user__memberships__role=Role.ADVISOR
        ).order_by("pseudonym")
    )


def experts_who_could_advise(*, organisation: Any) -> Any:
    """Experts who work with the organisation and could be asked to advise it."""
    from seat.people.selectors import experts_linked_to

    return (
        experts_linked_to(organisation=organisation)
        .exclude(user__memberships__organisation=organisation)
        .exclude(
            advisor_requests__organisation=organisation,
            advisor_requests__status=AdvisorRequestStatus.PENDING,
        )
        .order_by("pseudonym")
    )


def advisor_requests_waiting(*, organisation: Any) -> list[AdvisorRequest]:
    """Requests the organisation sent that the person has not answered yet, with who asked."""
    return list(
        AdvisorRequest.objects.filter(
            organisation=organisation, status=AdvisorRequestStatus.PENDING
        ).select_related("expert", "asked_by")
    )


def advisor_request_waiting_of(*, organisation: Any, request_id: Any) -> AdvisorRequest:
    """One unanswered request of the organisation, or 404."""
    found = next(
        (
            r
            for r in advisor_requests_waiting(organisation=organisation)
            if str(r.pk) == str(request_id)
        ),
        None,
    )
    if found is None:
        raise Http404
    return found


def advisor_requests_for_expert(*, expert: Any) -> list[AdvisorRequest]:
    """What she is asked and what she has said yes to (so she can stop), newest first."""
    return list(
        AdvisorRequest.objects.filter(
            expert=expert,
            status__in=[AdvisorRequestStatus.PENDING, AdvisorRequestStatus.ACCEPTED],
        ).select_related("organisation")
    )


def advisor_request_for_expert(*, expert: Any, request_id: Any) -> AdvisorRequest:
    """One request made to her, or 404: nobody else's."""
    found = (
        AdvisorRequest.objects.filter(expert=expert, pk=request_id)
        .select_related("organisation", "expert")
        .first()
    )
    if found is None:
        raise Http404
    return found


def advisor_of(*, organisation: Any, expert_id: Any) -> Any:
    """One survivor advisor of the organisation, or 404."""
    from django.http import Http404

    found = next(
        (e for e in advisors_of(organisation=organisation) if str(e.pk) == str(expert_id)), None
    )
    if found is None:
        raise Http404
    return found


def action_owner_choices(*, organisation: Any) -> Any:
    """Owners come from the staff side: survivor advisors are not handed the organisation's work."""
    from seat.accounts.models import User
    from seat.accounts.rules import ENGAGEMENT_ROLES

    return User.objects.filter(
        memberships__organisation=organisation, memberships__role__in=ENGAGEMENT_ROLES
    ).order_by("display_name", "username")
