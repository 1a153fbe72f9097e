"""Writes for the self-assessment. Each writes its audit row in the same transaction."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.enums import Role
from seat.accounts.models import Membership, Organisation, User
from seat.accounts.services import membership_end, membership_grant
from seat.assessment.enums import MAX_LEVEL, MIN_LEVEL, ActionStatus, RoundStatus
from seat.assessment.framework import CURRENT_FRAMEWORK_FILE, FrameworkSpec, framework_read
from seat.assessment.models import (
    ActionItem,
    AssessmentRound,
    Domain,
    Framework,
    Indicator,
    Rating,
)
from seat.assessment.rules import can_manage_assessment, perspective_of
from seat.core.bounds import date_problem
from seat.core.privacy.audit import audit_record
from seat.people.models import ExpertProfile


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
    return assessment_round


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


@transaction.atomic
def advisor_add(*, actor: User, organisation: Organisation, expert: ExpertProfile) -> None:
    """Ask a survivor expert to advise the organisation's self-assessment."""
    if not can_manage_assessment(actor, organisation):
        raise AssessmentError(_("Only administrators and staff can add survivor advisors."))
    if expert.user is None:
        raise AssessmentError(_("This person has no account, so they cannot answer online yet."))
    current = Membership.objects.filter(user=expert.user, organisation=organisation).first()
    if current is not None and current.role != Role.ADVISOR:
        raise AssessmentError(_("This person already has another role in your organisation."))
    if current is None:
        membership_grant(
            actor=actor, user=expert.user, organisation=organisation, role=Role.ADVISOR
        )


@transaction.atomic
def advisor_remove(*, actor: User, organisation: Organisation, expert: ExpertProfile) -> None:
    """Their past answers stay (they were given); they stop seeing new rounds."""
    if not can_manage_assessment(actor, organisation):
        raise AssessmentError(_("Only administrators and staff can change survivor advisors."))
    membership = Membership.objects.filter(
        user=expert.user, organisation=organisation, role=Role.ADVISOR
    ).first()
    if membership is not None:
        membership_end(actor=actor, membership=membership)
