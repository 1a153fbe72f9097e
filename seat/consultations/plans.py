"""Writes for engagement plans: how a project means to hear survivors at each stage.

One plan per project and stage (``EngagementPlan``). Each write checks the whole plan first
(``plan_problems``) and saves nothing when anything is wrong; each keeps its history (``Change``,
named by the plan's stage) and audit row in its transaction. Two plans for the same stage sent
at the same moment (two people, two tabs) wait for each other on the project's row, and the
second is refused with a message; the database's unique constraint stands behind that.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from seat.accounts.models import User
from seat.compensation.enums import CURRENCY_CODES
from seat.consultations.corrections import HISTORY_VALUES, _same, change_record
from seat.consultations.enums import ChangeKind, EngagementMethod, Stage
from seat.consultations.models import ENGAGEMENT_PLAN_FIELDS, EngagementPlan, Project
from seat.consultations.services import LoopError
from seat.core.bounds import budget_problem, plan_date_problem
from seat.core.formats import format_number
from seat.core.privacy.audit import audit_record

LEAD_MAX_CHARS = 200


class PlanError(LoopError):
    """A plan that cannot be saved; ``problems`` says why, by field name (``__all__`` for the
    whole), in words safe to show."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def stage_taken_message(stage: str) -> str:
    return _(
        "This project already has a plan for the %(stage)s stage. Change that plan instead."
    ) % {"stage": Stage(stage).label}


def _stage_taken(*, project: Project, stage: str, plan: EngagementPlan | None) -> bool:
    """Whether another plan of ``project`` has ``stage``."""
    others = EngagementPlan.objects.filter(project=project, stage=stage)
    if plan is not None:
        others = others.exclude(pk=plan.pk)
    return others.exists()


def plan_problems(
    *, project: Project, fields: dict[str, Any], plan: EngagementPlan | None = None
) -> dict[str, str]:
    """Everything that stops this plan from being saved, by field; empty when it may be.
    ``plan`` is the plan being changed (None for a new one)."""
    problems: dict[str, str] = {}
    if fields["stage"] not in Stage.values:
        problems["stage"] = _("Choose a stage from the list.")
    elif _stage_taken(project=project, stage=fields["stage"], plan=plan):
        problems["stage"] = stage_taken_message(fields["stage"])
    if fields["method"] not in EngagementMethod.values:
        problems["method"] = _("Choose a method from the list.")
    starts_on: datetime.date | None = fields["starts_on"]
    ends_on: datetime.date | None = fields["ends_on"]
    for name in ("starts_on", "ends_on"):
        if fields[name] is None:
            problems[name] = _("Enter a date.")
        elif problem := plan_date_problem(fields[name]):
            problems[name] = problem
    if starts_on and ends_on and ends_on < starts_on and "ends_on" not in problems:
        problems["ends_on"] = _("The planned end cannot come before the planned start.")
    if fields["currency"] not in CURRENCY_CODES:
        problems["currency"] = _("Choose a currency from the list.")
    elif problem := budget_problem(fields["budget"], fields["currency"]):
        problems["budget"] = problem
    if not fields["lead"]:
        problems["lead"] = _("Say who leads: a role or a partner organisation.")
    elif len(fields["lead"]) > LEAD_MAX_CHARS:
        problems["lead"] = _("Keep it under %(limit)s characters.") % {
            "limit": format_number(LEAD_MAX_CHARS)
        }
    return problems


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    if set(fields) != set(ENGAGEMENT_PLAN_FIELDS):
        raise TypeError("engagement plan writes take every field of ENGAGEMENT_PLAN_FIELDS")
    fields = dict(fields)
    fields["lead"] = " ".join(str(fields["lead"] or "").split())
    fields["currency"] = str(fields["currency"] or "").strip().upper()
    budget = fields["budget"]
    fields["budget"] = None if budget is None else Decimal(budget)
    fields["survivor_led"] = bool(fields["survivor_led"])
    return fields


def _locked(project: Project) -> Project:
    """The project's row, held until the transaction ends: plans for it are written one at a
    time, so the second of two at the same moment sees the first."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _current(plan: EngagementPlan) -> EngagementPlan:
    """The plan as saved now; refused when someone removed it meanwhile."""
    current = EngagementPlan.objects.filter(pk=plan.pk).first()
    if current is None:
        raise PlanError({"__all__": _("This plan was removed meanwhile. Nothing was saved.")})
    return current


@transaction.atomic
def engagement_plan_create(*, actor: User, project: Project, **fields: Any) -> EngagementPlan:
    """Plan survivor input for one stage of ``project`` (``fields``: every name in
    ``ENGAGEMENT_PLAN_FIELDS``). Refused whole (``PlanError``) when ``plan_problems`` finds
    anything, including a plan the stage already has."""
    project = _locked(project)
    fields = _normalised(fields)
    if problems := plan_problems(project=project, fields=fields):
        raise PlanError(problems)
    try:
        # A savepoint: where rows are not locked (SQLite), the constraint catches the race.
        with transaction.atomic():
            plan = EngagementPlan.objects.create(project=project, created_by=actor, **fields)
    except IntegrityError:
        raise PlanError({"stage": stage_taken_message(fields["stage"])}) from None
    change_record(
        actor=actor,
        project=project,
        consultation=None,
        kind=ChangeKind.ADDED,
        subject=project.title,
        # What it says; who leads is free text, and keeps no value (``HISTORY_VALUES``).
        diff={name: (None, value) for name, value in fields.items() if name in HISTORY_VALUES},
        plan_stage=plan.stage,
    )
    audit_record(actor=actor, verb="engagement_plan.create", target=plan, project=str(project.pk))
    return plan


@transaction.atomic
def engagement_plan_update(
    *, actor: User, plan: EngagementPlan, **fields: Any
) -> EngagementPlan | None:
    """Change a plan, its stage included (to a stage with no plan yet). Refused whole when
    ``plan_problems`` finds anything; returns None when nothing differed (a form sent twice)."""
    project = _locked(plan.project)
    plan = _current(plan)
    fields = _normalised(fields)
    if problems := plan_problems(project=project, fields=fields, plan=plan):
        raise PlanError(problems)
    diff = {
        name: (getattr(plan, name), value)
        for name, value in fields.items()
        if not _same(getattr(plan, name), value)
    }
    if not diff:
        return None
    for name, (_old, value) in diff.items():
        setattr(plan, name, value)
    try:
        with transaction.atomic():
            plan.save(update_fields=list(diff))
    except IntegrityError:
        raise PlanError({"stage": stage_taken_message(fields["stage"])}) from None
    change_record(
        actor=actor,
        project=project,
        consultation=None,
        kind=ChangeKind.EDITED,
        subject=project.title,
        diff=diff,
        plan_stage=plan.stage,
    )
    audit_record(actor=actor, verb="engagement_plan.update", target=plan, fields=sorted(diff))
    return plan


@transaction.atomic
def engagement_plan_delete(*, actor: User, plan: EngagementPlan) -> None:
    """Remove a plan. The project's history keeps that it existed, for which stage, and who
    removed it; the consultations made for the stage stay."""
    project = _locked(plan.project)
    plan = _current(plan)
    change_record(
        actor=actor,
        project=project,
        consultation=None,
        kind=ChangeKind.DELETED,
        subject=project.title,
        diff={},
        plan_stage=plan.stage,
    )
    audit_record(actor=actor, verb="engagement_plan.delete", target=plan, project=str(project.pk))
    plan.delete()
