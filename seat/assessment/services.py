"""Writes for the self-assessment. Each writes its audit row in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.enums import Role
from seat.accounts.models import Membership, Organisation, User
from seat.accounts.services import membership_end, membership_grant
from seat.assessment.enums import (
    MAX_LEVEL,
    MIN_LEVEL,
    ActionStatus,
    AdvisorRequestStatus,
    Perspective,
    RoundStatus,
)
from seat.assessment.framework import CURRENT_FRAMEWORK_FILE, FrameworkSpec, framework_read
from seat.assessment.models import (
    ActionItem,
    AdvisorPayment,
    AdvisorRequest,
    AssessmentRound,
    Domain,
    Framework,
    Indicator,
    Rating,
)
from seat.assessment.rules import can_manage_assessment, perspective_of
from seat.compensation.enums import WorkKind
from seat.compensation.rates import advisor_round_card
from seat.compensation.services import payment_for_work
from seat.core.bounds import date_problem
from seat.core.formats import format_day
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people.models import ExpertProfile
from seat.people.selectors import expert_is_linked
from seat.people.services import not_linked_message


class AssessmentError(Exception):
    """An assessment step that cannot happen; the message is safe to show."""


def framework_store(spec: FrameworkSpec, *, models: Any = None) -> tuple[Any, bool]:
    """Store a validated framework once per version. ``models`` lets a data migration pass its
    historical models; normal callers leave it empty."""
    framework_model, domain_model, indicator_model = models or (Framework, Domain, Indicator)
    existing = framework_model.objects.filter(version=spec.version).first()
    if existing is not None:
        stored = sorted(
            indicator_model.objects.filter(domain__framework=existing).values_list("key", flat=True)
        )
        if stored != sorted(i.id for d in spec.domains for i in d.indicators):
            raise AssessmentError(
                f"Framework version {spec.version} is already loaded with other indicators; "
                "give the changed file a new version."
            )
        # Translations may be added or improved without a new version: the meaning stays.
        with transaction.atomic():
            for domain in domain_model.objects.filter(framework=existing):
                domain.translations = _translations_for(spec, "domains", domain.key)
                domain.save(update_fields=["translations"])
            for indicator in indicator_model.objects.filter(domain__framework=existing):
                indicator.translations = _translations_for(spec, "indicators", indicator.key)
                indicator.save(update_fields=["translations"])
        return existing, False
    with transaction.atomic():
        framework = framework_model.objects.create(
            version=spec.version, title=spec.title, sources=spec.sources
        )
        for position, domain_spec in enumerate(spec.domains, start=1):
            domain = domain_model.objects.create(
                framework=framework,
                key=domain_spec.id,
                position=position,
                title=domain_spec.title,
                summary=domain_spec.summary,
                translations=_translations_for(spec, "domains", domain_spec.id),
            )
            indicator_model.objects.bulk_create(
                indicator_model(
                    domain=domain,
                    key=item.id,
                    position=n,
                    text=item.text,
                    levels=item.levels,
                    sources=item.sources,
                    tip=item.tip,
                    translations=_translations_for(spec, "indicators", item.id),
                )
                for n, item in enumerate(domain_spec.indicators, start=1)
            )
    return framework, True


def _translations_for(spec: FrameworkSpec, kind: str, key: str) -> dict[str, Any]:
    return {
        lang: translation[kind][key]
        for lang, translation in spec.translations.items()
        if key in translation[kind]
    }


def framework_load(*, path: Path = CURRENT_FRAMEWORK_FILE) -> tuple[Framework, bool]:
    """Read, validate and store a framework file. Raises FrameworkError or AssessmentError."""
    return framework_store(framework_read(path))


@transaction.atomic
def round_open(*, actor: User, organisation: Organisation, title: str) -> AssessmentRound:
    if not can_manage_assessment(actor, organisation):
        raise AssessmentError(_("Only administrators and staff can open an assessment round."))
    if AssessmentRound.objects.filter(organisation=organisation, status=RoundStatus.OPEN).exists():
        raise AssessmentError(
            _("A round is already open. Complete it before you start the next one.")
        )
    framework = Framework.objects.order_by("-created_at").first()
    if framework is None:
        framework, _created = framework_load()
    assessment_round = AssessmentRound.objects.create(
        organisation=organisation, framework=framework, title=title, opened_by=actor
    )
    audit_record(actor=actor, verb="assessment.open", target=assessment_round)
    return assessment_round


@transaction.atomic
def round_close(*, actor: User, assessment_round: AssessmentRound) -> AssessmentRound:
    if assessment_round.status != RoundStatus.OPEN:
        raise AssessmentError(_("This round is already completed."))
    if not assessment_round.ratings.exists():
        raise AssessmentError(_("Nobody has answered yet: there is nothing to complete."))
    assessment_round.status = RoundStatus.CLOSED
    assessment_round.closed_at = timezone.now()
    assessment_round.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, verb="assessment.close", target=assessment_round)
    _advisors_paid(actor=actor, assessment_round=assessment_round)
    return assessment_round


def _advisors_paid(*, actor: User, assessment_round: AssessmentRound) -> None:
    """Each survivor advisor who answered the round is owed the advisor card's pay (what her
    request to advise told her: compensation.rates.advisor_round_pay_for_her)."""
    organisation = assessment_round.organisation
    card = advisor_round_card(organisation=organisation)
    if card is None:
        return
    advisors = ExpertProfile.objects.filter(
        user__assessment_ratings__round=assessment_round,
        user__assessment_ratings__perspective=Perspective.SURVIVOR,
    ).distinct()
    for expert in advisors:
        line = payment_for_work(
            actor=actor,
            organisation=organisation,
            expert=expert,
            work=WorkKind.ASSESSMENT,
            description=assessment_round.title,
            work_on=timezone.localdate(assessment_round.closed_at),
            units=Decimal(1),
            unit=card.unit,
            rate=card.survivor_rate,
            currency=card.currency,
        )
        AdvisorPayment.objects.create(round=assessment_round, expert=expert, payment=line)


def ratings_save(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    answers: dict[str, tuple[int | None, str]],
) -> int:
    """Save the actor's own answers: indicator key → (level or None for "I don't know", evidence).

    Answers are always the actor's: nobody can write, or overwrite, someone else's ratings.
    Everything is checked before anything is written, so a bad answer saves nothing.
    """
    if assessment_round.status != RoundStatus.OPEN:
        raise AssessmentError(_("This round is completed; answers can no longer change."))
    perspective = perspective_of(actor, assessment_round.organisation)
    if perspective is None:
        raise AssessmentError(_("Only members of this organisation can answer."))
    indicators = {
        i.key: i
        for i in Indicator.objects.filter(
            domain__framework=assessment_round.framework, key__in=list(answers)
        )
    }
    for key, (level, evidence) in answers.items():
        if key not in indicators:
            raise AssessmentError(_("An answer is for a question that is not in this assessment."))
        if level is not None and not MIN_LEVEL <= level <= MAX_LEVEL:
            raise AssessmentError(_("Choose a level from 1 to 4, or “I don't know”."))
        if len(evidence) > 2000:
            raise AssessmentError(_("Keep each note under 2,000 characters."))
    with transaction.atomic():
        for key, (level, evidence) in answers.items():
            Rating.objects.update_or_create(
                round=assessment_round,
                respondent=actor,
                indicator=indicators[key],
                defaults={"level": level, "evidence": evidence.strip(), "perspective": perspective},
            )
        audit_record(
            actor=actor, verb="assessment.rate", target=assessment_round, count=len(answers)
        )
    return len(answers)


@transaction.atomic
def action_from_gap(
    *, actor: User, assessment_round: AssessmentRound, indicator: Indicator
) -> ActionItem:
    """Turn a gap into an action item; asking twice returns the same item."""
    if not can_manage_assessment(actor, assessment_round.organisation):
        raise AssessmentError(_("Only administrators and staff can plan actions."))
    action, created = ActionItem.objects.get_or_create(
        round=assessment_round,
        indicator=indicator,
        defaults={
            "title": _("Improve: %(statement)s") % {"statement": indicator.text},
            "owner": actor,
            "due_on": timezone.localdate() + datetime.timedelta(days=90),
        },
    )
    if created:
        audit_record(actor=actor, verb="assessment.action.create", target=action)
    return action


@transaction.atomic
def action_update(
    *,
    actor: User,
    action: ActionItem,
    title: str,
    owner: User | None,
    due_on: datetime.date | None,
    status: str,
) -> ActionItem:
    if not can_manage_assessment(actor, action.round.organisation):
        raise AssessmentError(_("Only administrators and staff can change actions."))
    if status not in ActionStatus.values:
        raise AssessmentError(_("Choose a status from the list."))
    if problem := date_problem(due_on):
        raise AssessmentError(problem)
    action.title, action.owner, action.due_on, action.status = title, owner, due_on, status
    action.save(update_fields=["title", "owner", "due_on", "status"])
    audit_record(actor=actor, verb="assessment.action.update", target=action, status=status)
    return action


# A "no" is respected: the same organisation cannot ask her again for this long.
ASK_AGAIN_AFTER = datetime.timedelta(days=180)


def ask_again_from(*, organisation: Organisation, expert: ExpertProfile) -> datetime.date | None:
    """The first day the organisation may ask again after she declined, or None if it may now."""
    declined = (
        AdvisorRequest.objects.filter(
            organisation=organisation,
            expert=expert,
            status=AdvisorRequestStatus.DECLINED,
            answered_at__gt=timezone.now() - ASK_AGAIN_AFTER,
        )
        .order_by("-answered_at")
        .first()
    )
    if declined is None or declined.answered_at is None:
        return None
    return timezone.localdate(declined.answered_at + ASK_AGAIN_AFTER)


@transaction.atomic
def advisor_ask(
    *, actor: User, organisation: Organisation, expert: ExpertProfile
) -> AdvisorRequest:
    """Ask a survivor expert to advise the organisation's self-assessment. Nothing changes for
    her until she accepts; asking again while she has not answered returns the same request."""
    if not can_manage_assessment(actor, organisation):
        raise AssessmentError(_("Only administrators and staff can ask survivor advisors."))
    if expert.user is None or not expert.user.is_active or expert.kept:
        raise AssessmentError(_("This person has no account, so they cannot answer online yet."))
    if not expert_is_linked(expert=expert, organisation=organisation):
        raise AssessmentError(not_linked_message())
    current = Membership.objects.filter(user=expert.user, organisation=organisation).first()
    if current is not None:
        if current.role == Role.ADVISOR:
            raise AssessmentError(_("This person already advises your organisation."))
        raise AssessmentError(_("This person already has another role in your organisation."))
    if (again := ask_again_from(organisation=organisation, expert=expert)) is not None:
        raise AssessmentError(
            _("This person said no. You can ask again from %(date)s.") % {"date": format_day(again)}
        )
    # Lock the expert's row so two clicks at once cannot both pass the check below.
    ExpertProfile.objects.select_for_update().filter(pk=expert.pk).first()
    pending = AdvisorRequest.objects.filter(
        organisation=organisation, expert=expert, status=AdvisorRequestStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    request = AdvisorRequest.objects.create(
        organisation=organisation, expert=expert, asked_by=actor
    )
    audit_record(actor=actor, verb="assessment.advisor.ask", target=request)
    notify(
        event=Event.ADVISOR_ASKED,
        recipients=[expert.user],
        key=f"advisor.asked:{request.pk}",
        url=reverse("portal:advisor-request", args=[request.pk]),
        context={"organisation": organisation.name},
    )
    return request


@transaction.atomic
def advisor_request_answer(*, actor: User, request: AdvisorRequest, accept: bool) -> None:
    """Her answer. Only a yes makes her an advisor; only she can give it."""
    if request.expert.user_id != actor.pk:
        raise AssessmentError(_("Only the person asked can answer."))
    request = AdvisorRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AdvisorRequestStatus.PENDING:
        raise AssessmentError(_("This request has already been answered or withdrawn."))
    if accept and Membership.objects.filter(user=actor, organisation=request.organisation).exists():
        raise AssessmentError(_("You already have another role in this organisation."))
    request.status = AdvisorRequestStatus.ACCEPTED if accept else AdvisorRequestStatus.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    if accept:
        membership_grant(
            actor=actor, user=actor, organisation=request.organisation, role=Role.ADVISOR
        )
    audit_record(actor=actor, verb=f"assessment.advisor.{request.status}", target=request)


@transaction.atomic
def advisor_request_withdraw(*, actor: User, request: AdvisorRequest) -> None:
    """Staff take back a question she has not answered yet."""
    if not can_manage_assessment(actor, request.organisation):
        raise AssessmentError(_("Only administrators and staff can change survivor advisors."))
    updated = AdvisorRequest.objects.filter(
        pk=request.pk, status=AdvisorRequestStatus.PENDING
    ).update(status=AdvisorRequestStatus.WITHDRAWN)
    if updated:
        audit_record(actor=actor, verb="assessment.advisor.withdraw", target=request)


def _advising_end(*, actor: User, organisation: Organisation, expert: ExpertProfile) -> bool:
    membership = Membership.objects.filter(
        user=expert.user, organisation=organisation, role=Role.ADVISOR
    ).first()
    if membership is None:
        return False
    membership_end(actor=actor, membership=membership)
    AdvisorRequest.objects.filter(
        organisation=organisation, expert=expert, status=AdvisorRequestStatus.ACCEPTED
    ).update(status=AdvisorRequestStatus.ENDED)
    return True


@transaction.atomic
def advisor_remove(*, actor: User, organisation: Organisation, expert: ExpertProfile) -> None:
    """Their past answers stay (they were given); they stop seeing new rounds."""
    if not can_manage_assessment(actor, organisation):
        raise AssessmentError(_("Only administrators and staff can change survivor advisors."))
    _advising_end(actor=actor, organisation=organisation, expert=expert)


@transaction.atomic
def advisor_leave(*, actor: User, request: AdvisorRequest) -> None:
    """She stops advising, whenever she wants, without giving a reason."""
    if request.expert.user_id != actor.pk:
        raise AssessmentError(_("Only the person asked can answer."))
    _advising_end(actor=actor, organisation=request.organisation, expert=request.expert)
