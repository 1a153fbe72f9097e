"""Reads, always scoped to the person asking."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from seat.accounts.models import Organisation
from seat.accounts.rules import ENGAGEMENT_ROLES, can_read_engagement
from seat.consultations.enums import Attribution, ConsultationStatus, InvitationStatus, Stage
from seat.consultations.models import (
    Change,
    Consultation,
    ConsultationCheck,
    Contribution,
    EngagementPlan,
    Invitation,
    KeptAnswer,
    Project,
)
from seat.consultations.rules import can_manage_project, can_read_contributions
from seat.core.formats import format_day, format_number
from seat.people.enums import ConsentPurpose
from seat.people.models import ExpertProfile
from seat.people.selectors import consent_states, experts_linked_to


def projects_for_user(*, user: Any) -> QuerySet[Project]:
    return (
        Project.objects.filter(
            organisation__memberships__user=user,
            organisation__memberships__role__in=ENGAGEMENT_ROLES,
        )
        .select_related("organisation")
        .annotate(consultation_count=Count("consultations", distinct=True))
        .order_by("-created_at")
    )


def project_get_for_user(*, user: Any, project_id: Any, manage: bool = False) -> Project:
    """404 when the project belongs to an organisation the user is not in; 403 for the wrong role."""
    project = Project.objects.select_related("organisation").filter(pk=project_id).first()
    if project is None or not can_read_engagement(user, project.organisation):
        raise Http404
    if manage and not can_manage_project(user, project):
        raise PermissionDenied
    return project


def consultation_get_for_user(
    *, user: Any, consultation_id: Any, manage: bool = False
) -> Consultation:
    consultation = (
        Consultation.objects.select_related("project__organisation")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None or not can_read_engagement(user, consultation.project.organisation):
        raise Http404
    if manage and not can_manage_project(user, consultation.project):
        raise PermissionDenied
    return consultation


def consultations_for_project(*, project: Project) -> QuerySet[Consultation]:
    return project.consultations.annotate(
        invitation_count=Count("invitations", distinct=True),
        contribution_count=Count("contributions", distinct=True),
    ).order_by("deadline")


# Survivor input at each stage: planned and gathered ----------------------------------------------

# A stage's name inside a sentence ("for the evaluation stage"), where English writes it small.
STAGE_IN_SENTENCE: dict[str, Any] = {
    Stage.DESIGN: pgettext_lazy("project stage, inside a sentence", "design"),
    Stage.IMPLEMENTATION: pgettext_lazy("project stage, inside a sentence", "implementation"),
    Stage.EVALUATION: pgettext_lazy("project stage, inside a sentence", "evaluation"),
}


@dataclass(frozen=True)
class StageInput:
    """One stage of a project: its plan, if any, and the consultations made for it.

    Survivors were *asked* at the stage when one of its consultations was opened (a draft asks
    nobody, and a cancelled one still asked); ``contributions`` counts what they sent. The
    stage-coverage metric (DESIGN.md) reads the same facts."""

    stage: str
    plan: EngagementPlan | None
    consultations: list[Consultation]

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def in_sentence(self) -> str:
        return str(STAGE_IN_SENTENCE[self.stage])

    @property
    def asked(self) -> bool:
        return any(c.status != ConsultationStatus.DRAFT for c in self.consultations)

    @property
    def contributions(self) -> int:
        return sum(getattr(c, "contribution_count", 0) for c in self.consultations)

    @property
    def state(self) -> str:
        """``none`` (nothing planned, nobody asked), ``planned`` (a plan, nobody asked yet),
        ``unplanned`` (asked without a plan) or ``planned_and_asked``."""
        if self.plan is None:
            return "unplanned" if self.asked else "none"
        return "planned_and_asked" if self.asked else "planned"


@dataclass(frozen=True)
class ProjectEngagement:
    stages: list[StageInput]
    # The plans' budgets added up per currency, in currency order: never one sum across two.
    budget_totals: list[tuple[str, Decimal]]


def project_engagement(*, project: Project, consultations: list[Consultation]) -> ProjectEngagement:
    """Each stage of ``project``, in the project's order, with its plan and ``consultations``
    (the caller's list from ``consultations_for_project``, so the page reads them once). One
    query, for the plans."""
    plans = {plan.stage: plan for plan in project.engagement_plans.select_related("created_by")}
    totals: dict[str, Decimal] = {}
    for plan in plans.values():
        totals[plan.currency] = totals.get(plan.currency, Decimal(0)) + plan.budget
    return ProjectEngagement(
        stages=[
            StageInput(
                stage=stage,
                plan=plans.get(stage),
                consultations=[c for c in consultations if c.stage == stage],
            )
            for stage in Stage.values
        ],
        budget_totals=sorted(totals.items()),
    )


def engagement_plan_get_for_user(
    *, user: Any, plan_id: Any, manage: bool = False
) -> EngagementPlan:
    """404 when the plan's project belongs to an organisation the user is not in; 403 for the
    wrong role."""
    plan = EngagementPlan.objects.select_related("project__organisation").filter(pk=plan_id).first()
    if plan is None or not can_read_engagement(user, plan.project.organisation):
        raise Http404
    if manage and not can_manage_project(user, plan.project):
        raise PermissionDenied
    return plan


def contribution_get_for_user(*, user: Any, contribution_id: Any) -> Contribution:
    """A contribution as staff may open it: 404 for another organisation and for words given
    without a name that are still kept back (see ``contributions_for_staff``); 403 for roles
    that never read contributions (finance)."""
    contribution = (
        Contribution.objects.select_related(
            "consultation__project__organisation",
            "expert",
            "collective",
            "capture__partner",
            "invitation__via__partner",
        )
        .filter(pk=contribution_id)
        .first()
    )
    if contribution is None or not can_read_engagement(
        user, contribution.consultation.project.organisation
    ):
        raise Http404
    if not can_read_contributions(user, contribution.consultation):
        raise PermissionDenied
    group = contributions_for_staff(consultation=contribution.consultation)
    if contribution.pk not in {v.contribution.pk for v in group.named + group.unnamed}:
        raise Http404
    return contribution


def contributions_for_consultation(*, consultation: Consultation) -> QuerySet[Contribution]:
    return (
        consultation.contributions.select_related("expert", "collective", "response", "payment")
        .prefetch_related("answers__question")
        .order_by("created_at")
    )


def invitations_for_consultation(*, consultation: Consultation) -> QuerySet[Invitation]:
    """The organisation's own invitations. Those a partner forwarded are not among them: the
    host sees them only as counts per partner (partners.selectors.requests_for_consultation)."""
    return (
        consultation.invitations.filter(via__isnull=True)
        .select_related("expert")
        .order_by("created_at")
    )


def experts_open_to_invitation(*, consultation: Consultation) -> QuerySet[ExpertProfile]:
    """Experts who can still be invited: those who work with the consultation's organisation
    (they joined with its code). The directory shows chosen names, languages and expertise."""
    return (
        experts_linked_to(organisation=consultation.project.organisation)
        .exclude(invitations__consultation=consultation)
        .order_by("pseudonym")
    )


# The expert's side ------------------------------------------------------------


def invitations_waiting_for_expert(*, expert: ExpertProfile) -> QuerySet[Invitation]:
    return (
        expert.invitations.filter(
            Q(status=InvitationStatus.PENDING)
            | Q(status=InvitationStatus.ACCEPTED, contribution__isnull=True),
            sent_at__isnull=False,
            consultation__status=ConsultationStatus.OPEN,
            consultation__deadline__gte=timezone.localdate(),
        )
        .select_related("consultation__project__organisation")
        .order_by("consultation__deadline")
    )


def experts_without_offered_language(
    *, consultation: Consultation, experts: list[ExpertProfile]
) -> list[ExpertProfile]:
    """Those who said which languages they read and read none that the consultation is
    offered in (without interpretation, they could not take part)."""
    if consultation.interpretation:
        return []
    offered = set(consultation.language_codes)
    return [
        expert
        for expert in experts
        if expert.language_codes and not offered.intersection(expert.language_codes)
    ]


def invitation_get_for_expert(*, user: Any, invitation_id: Any) -> Invitation:
    invitation = (
        Invitation.objects.select_related(
            "consultation__project__organisation", "expert", "via__partner"
        )
        # Her page reads the questions twice: for its text and for the promises it states.
        .prefetch_related("consultation__questions")
        # Before its day an invitation has not reached her: it does not exist for her yet.
        .filter(pk=invitation_id, expert__user=user, sent_at__isnull=False)
        .first()
    )
    if invitation is None or not getattr(user, "is_authenticated", False):
        raise Http404
    return invitation


def contributions_of_expert(*, expert: ExpertProfile) -> QuerySet[Contribution]:
    return expert.contributions.select_related(
        "consultation__project__organisation", "response", "payment"
    ).order_by("-created_at")


def newest_contributions_of_expert(
    *, expert: ExpertProfile, limit: int
) -> tuple[list[Contribution], int]:
    """Her ``limit`` newest contributions, and how many she gave in all (a window count on the
    same rows: one query, not two)."""
    newest: list[Any] = list(
        contributions_of_expert(expert=expert).annotate(in_all=Window(Count("pk")))[:limit]
    )
    return newest, (int(newest[0].in_all) if newest else 0)


def contribution_get_for_expert(*, user: Any, contribution_id: Any) -> Contribution:
    contribution = (
        Contribution.objects.select_related(
            "consultation__project__organisation", "response", "payment", "expert"
        )
        .filter(pk=contribution_id, expert__user=user)
        .first()
    )
    if contribution is None or not getattr(user, "is_authenticated", False):
        raise Http404
    return contribution


@dataclass(frozen=True)
class ContributionUse:
    """What Seat lets anyone do with one contribution now: the one answer every page shows.

    Two choices decide it, and the stricter wins: the quoting choice made when the input was
    sent (``Contribution.attribution``) and the person's consent ledger read now. Input is used
    only while "take part and have my input used" stands; it is quoted only as the person chose
    when sending it *and* while the same kind of quoting stands in the ledger. A withdrawal
    therefore applies at once to everything sent before; a later "yes" never widens what was
    chosen for a contribution.
    """

    used: bool
    quote_named: bool
    quote_anonymously: bool
    # The ledger purpose that now stops what was chosen for this contribution, if any.
    stopped_by: str | None

    @property
    def state(self) -> str:
        if not self.used:
            return "not_used"
        if self.quote_named:
            return "named"
        if self.quote_anonymously:
            return "anonymous"
        return "not_quoted"

    @property
    def stopped_by_label(self) -> str:
        return str(ConsentPurpose(self.stopped_by).label) if self.stopped_by else ""


_QUOTE_PURPOSE = {
    Attribution.PSEUDONYM: ConsentPurpose.QUOTE_PSEUDONYM,
    Attribution.ANONYMOUS: ConsentPurpose.QUOTE_ANONYMOUSLY,
}


def for_members(count: int | None) -> str:
    """How every page, export and API names a collective's contribution: "collective, for N
    members", never who they are."""
    shown = count or 0
    return ngettext(
        "collective, for %(count)s member", "collective, for %(count)s members", shown
    ) % {"count": format_number(shown)}


def contribution_partner(contribution: Contribution) -> Organisation | None:
    """The partner input came through, if it did: the collective that gave it in its members'
    name, the partner whose facilitator wrote it down in person, or the one that forwarded her
    invitation. Read ``collective``, ``capture__partner`` and ``invitation__via__partner`` with
    the contribution."""
    if contribution.collective_id is not None:
        return contribution.collective
    if contribution.capture_id is not None:
        return contribution.capture.partner  # type: ignore[union-attr]
    invitation = contribution.invitation
    if invitation is not None and invitation.via_id is not None:
        return invitation.via.partner  # type: ignore[union-attr]
    return None


PARTNER_RELATED = ("collective", "capture__partner", "invitation__via__partner")


def contribution_use(*, contribution: Contribution, consent: dict[str, bool]) -> ContributionUse:
    """``consent`` is the person's ledger; a collective's contribution has none: the collective
    gave it in its own name, and it is used and quoted as the collective chose when giving it."""
    if contribution.expert_id is None:
        quoted = contribution.attribution == Attribution.PSEUDONYM
        return ContributionUse(
            used=True, quote_named=quoted, quote_anonymously=quoted, stopped_by=None
        )
    used = consent.get(ConsentPurpose.PARTICIPATE, False)
    purpose = _QUOTE_PURPOSE.get(contribution.attribution)  # type: ignore[call-overload]
    quoted = used and purpose is not None and consent.get(purpose, False)
    named = quoted and contribution.attribution == Attribution.PSEUDONYM
    if not used:
        stopped_by: str | None = ConsentPurpose.PARTICIPATE
    elif purpose is not None and not quoted:
        stopped_by = purpose
    else:
        stopped_by = None
    return ContributionUse(
        used=used, quote_named=named, quote_anonymously=quoted, stopped_by=stopped_by
    )


def contribution_uses(*, contributions: list[Contribution]) -> dict[Any, ContributionUse]:
    """``contribution_use`` for many contributions, with one query for the ledgers."""
    states = _ledgers(contributions)
    return {
        c.pk: contribution_use(contribution=c, consent=states.get(c.expert_id, {}))
        for c in contributions
    }


def _ledgers(contributions: list[Contribution]) -> dict[Any, dict[str, bool]]:
    """The consent ledger of each person among ``contributions``, in one query; a collective's
    contribution has no person and no ledger."""
    return consent_states(
        expert_ids=list({c.expert_id for c in contributions if c.expert_id is not None})
    )


class StaffView:
    """One contribution as an organisation may see it, with consent applied.

    The person's consent ledger is read now, not when they contributed, so a withdrawal
    takes effect everywhere at once.
    """

    def __init__(self, contribution: Contribution, consent: dict[str, bool]) -> None:
        self.contribution = contribution
        use = contribution_use(contribution=contribution, consent=consent)
        self.may_show = use.used
        self.may_quote_named = use.quote_named
        self.may_quote_anonymously = use.quote_anonymously
        self.author_label: Any
        # A collective speaks in its own name, for members it never names.
        self.is_collective = contribution.expert_id is None
        self.for_members = for_members(contribution.members_count) if self.is_collective else ""
        if contribution.expert is None:
            self.author_label = contribution.collective.name  # type: ignore[union-attr]
        elif self.may_quote_named:
            self.author_label = contribution.expert.pseudonym
        else:
            self.author_label = _("Anonymous contributor")

    @property
    def named(self) -> bool:
        """Shown under the chosen name; every other contribution is "without a name". A
        collective's is always shown under its name (its members are never named), whether or
        not it may be quoted."""
        return self.is_collective or self.may_quote_named


def contributions_as_staff_sees(*, contributions: list[Contribution]) -> list[StaffView]:
    states = _ledgers(contributions)
    return [StaffView(c, states.get(c.expert_id, {})) for c in contributions]


@dataclass
class StaffContributions:
    """A consultation's contributions as its organisation may see them.

    ``named`` are shown one by one under the chosen name. Every other contribution is
    "without a name", and nobody in the organisation may link its words to the person: such
    contributions are kept back (``held_back`` counts them) until the consultation is closed
    and at least ``min_group`` of them exist, then shown in an order that says nothing (their
    random ids), without dates. Before closing, a new one appearing beside a newly accepted
    invitation would name its author; in a group smaller than ``min_group``, elimination would.
    """

    named: list[StaffView]
    unnamed: list[StaffView]
    held_back: int
    min_group: int
    # Each contribution is to be answered by this day (Consultation.response_due_on).
    respond_by: datetime.date | None = None
    # Of those kept back, how many have no response (only input answered before it was kept
    # back, when its person withdrew her name or her consent, has one).
    held_back_waiting: int = 0

    @property
    def to_respond(self) -> int:
        """Contributions still waiting for a response, those kept back included: they are
        answered once they can be read."""
        unanswered = sum(
            1
            for view in self.named + self.unnamed
            if getattr(view.contribution, "response", None) is None
        )
        return unanswered + self.held_back

    @property
    def overdue(self) -> int:
        """Contributions shown here, not answered, whose day to respond has passed. Those kept
        back cannot be answered yet, so they are not counted."""
        if self.respond_by is None or timezone.localdate() <= self.respond_by:
            return 0
        return sum(
            1
            for view in self.named + self.unnamed
            if getattr(view.contribution, "response", None) is None
        )


def contributions_for_staff(*, consultation: Consultation) -> StaffContributions:
    views = contributions_as_staff_sees(
        contributions=list(contributions_for_consultation(consultation=consultation))
    )
    return _as_staff_may_see(consultation, views)


def contributions_for_staff_of_many(
    *, consultations: list[Consultation]
) -> dict[Any, StaffContributions]:
    """``contributions_for_staff`` for several consultations at once (consultation id → its
    contributions), by the same rule, in a fixed number of queries."""
    contributions = list(
        Contribution.objects.filter(consultation__in=consultations)
        .select_related("expert", "collective", "response")
        .prefetch_related("answers", "response__per_question")
        .order_by("created_at")
    )
    by_id = {c.pk: c for c in consultations}
    for contribution in contributions:
        contribution.consultation = by_id[contribution.consultation_id]
    views = contributions_as_staff_sees(contributions=contributions)
    grouped: dict[Any, list[StaffView]] = {c.pk: [] for c in consultations}
    for view in views:
        grouped[view.contribution.consultation_id].append(view)
    return {c.pk: _as_staff_may_see(c, grouped[c.pk]) for c in consultations}


def _as_staff_may_see(consultation: Consultation, views: list[StaffView]) -> StaffContributions:
    named = [v for v in views if v.named]
    unnamed = sorted((v for v in views if not v.named), key=lambda v: str(v.contribution.pk))
    min_group = settings.SEAT_MIN_GROUP_SIZE
    released = _unnamed_released(consultation, unnamed=len(unnamed))
    due = consultation.response_due_on
    if released:
        return StaffContributions(named, unnamed, 0, min_group, due)
    waiting = sum(1 for v in unnamed if getattr(v.contribution, "response", None) is None)
    return StaffContributions(named, [], len(unnamed), min_group, due, held_back_waiting=waiting)


def _unnamed_released(consultation: Consultation, *, unnamed: int) -> bool:
    """The one rule for words without a name: staff read them only together, once the
    consultation has ended (a cancelled one takes no more input either: nothing new can appear
    beside them) and at least SEAT_MIN_GROUP_SIZE of them were given."""
    ended = consultation.status in (ConsultationStatus.CLOSED, ConsultationStatus.CANCELLED)
    return ended and unnamed >= settings.SEAT_MIN_GROUP_SIZE


def read_by_organisation_now(
    *, contribution: Contribution, use: ContributionUse | None = None
) -> bool:
    """Whether the organisation can read this contribution now, by the rule its pages follow
    (contributions_for_staff, _as_staff_may_see): named words at once, words without a name
    only as a group, once the consultation has ended.

    Her own page asks it at every visit, so it reads only what the rule needs: whether each
    contribution is named (who gave it, how it is attributed, the ledgers), not every
    contribution's words, payment and response as staff pages do (on a consultation of 60
    contributions that was a third of the page's time). ``use``, her contribution's use when
    the page has it already, saves reading her ledger twice."""
    if contribution.expert_id is None:
        return True  # a collective's is always shown under its name
    if use is None:
        use = contribution_uses(contributions=[contribution])[contribution.pk]
    if use.quote_named:
        return True
    consultation = contribution.consultation
    if not _unnamed_released(consultation, unnamed=settings.SEAT_MIN_GROUP_SIZE):
        return False  # not ended: nothing without a name is read yet, however many
    # Through the related manager each row is given its consultation: its key is read with it.
    given = list(consultation.contributions.only("consultation_id", "expert_id", "attribution"))
    uses = contribution_uses(contributions=given)
    unnamed = [c for c in given if c.expert_id is not None and not uses[c.pk].quote_named]
    return _unnamed_released(consultation, unnamed=len(unnamed))


@dataclass
class PersonToPay:
    """Someone who took part, as the people who pay see them: a chosen name and what is owed.
    For a collective's contribution ``expert`` is None and ``collective`` gives it, for
    ``members_count`` members it never names; it is paid through the collective."""

    expert: ExpertProfile | None
    contribution_to_pay: Contribution | None  # not shown: its id would lead to the words
    payments: list[Any]
    collective: Organisation | None = None
    members_count: int | None = None

    @property
    def label(self) -> str:
        if self.collective is not None:
            return self.collective.name
        assert self.expert is not None
        return self.expert.pseudonym

    @property
    def for_members(self) -> str:
        return for_members(self.members_count) if self.collective is not None else ""

    @property
    def payee_id(self) -> Any:
        """What the payment page's address names: the person, or the collective."""
        return self.collective.pk if self.collective is not None else self.expert.pk  # type: ignore[union-attr]


def people_to_pay(*, consultation: Consultation) -> list[PersonToPay]:
    """Each person who gave input, by chosen name, and each collective that gave input in its
    members' name, with their payment lines: paying never needs anyone's words, and nothing
    here points to which contribution is whose."""
    people: dict[Any, PersonToPay] = {}
    for contribution in consultation.contributions.select_related(
        "expert", "collective", "payment"
    ).order_by("created_at"):
        if contribution.expert is None:
            person = people.setdefault(
                ("collective", contribution.collective_id),
                PersonToPay(
                    None,
                    None,
                    [],
                    collective=contribution.collective,
                    members_count=contribution.members_count,
                ),
            )
        else:
            person = people.setdefault(
                contribution.expert_id, PersonToPay(contribution.expert, None, [])
            )
        payment = getattr(contribution, "payment", None)
        if payment is not None:
            person.payments.append(payment)
        # A line Seat made from the offer waits for someone to confirm its amounts (and add the
        # expenses she claims) as long as it is owed.
        if payment is None or (payment.recorded_by_id is None and payment.status == "owed"):
            person.contribution_to_pay = person.contribution_to_pay or contribution
    return sorted(people.values(), key=lambda p: p.label.casefold())


def contribution_to_pay_for(
    *, consultation: Consultation, expert_id: Any = None, collective_id: Any = None
) -> Contribution | None:
    """The contribution still to be paid for one person (``expert_id``) or one collective
    (``collective_id``) of this consultation; None when there is none."""
    wanted = str(collective_id if collective_id is not None else expert_id)
    for person in people_to_pay(consultation=consultation):
        if (person.collective is not None) == (collective_id is not None) and str(
            person.payee_id
        ) == wanted:
            return person.contribution_to_pay
    return None


def kept_answer_for(*, invitation: Invitation) -> dict[str, str] | None:
    """What its expert typed and sent after being logged out, still within its lifetime.

    The caller has fetched ``invitation`` for the signed-in expert (invitation_get_for_expert)."""
    kept = KeptAnswer.objects.filter(invitation=invitation, expires_at__gt=timezone.now()).first()
    if kept is None or not kept.fields:  # empty: under an encryption key no longer configured
        return None
    fields: dict[str, str] = json.loads(kept.fields)
    return fields


# History of corrections -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChangedField:
    label: str
    # Both None when the history keeps no values for this field (a name, a phone, long text).
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ChangeView:
    change: Change
    actor: str
    fields: list[ChangedField]

    @property
    def subject(self) -> str:
        """What was changed, in the reader's language for an engagement plan."""
        if self.change.plan_stage:
            return str(
                _("Plan for the %(stage)s stage")
                % {"stage": STAGE_IN_SENTENCE[self.change.plan_stage]}
            )
        return self.change.subject


def _field_label(name: str) -> str:
    if name == "questions":
        return str(_("questions"))
    if name == "translation":
        return str(_("translation"))
    for model in (Consultation, Project, EngagementPlan):
        try:
            return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        except Exception:  # noqa: S112 - not a field of this model; try the next
            continue
    return name


def _field_value(name: str, value: object) -> str:
    """A stored value in words for staff, in the current language."""
    from seat.consultations.enums import LANGUAGE_NAMES

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if name in {"opens_on", "deadline", "starts_on", "ends_on"} and isinstance(value, str):
        try:
            return format_day(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    if name in {"pay_rate", "expected_hours", "budget"}:
        try:
            return format_number(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if name == "pay_within_days" and isinstance(value, int):
        return format_number(value)
    if name == "languages" and isinstance(value, str):
        return ", ".join(LANGUAGE_NAMES.get(c, c) for c in value.split(",") if c)
    for model in (Consultation, Project, EngagementPlan):
        try:
            choices = dict(model._meta.get_field(name).choices or [])  # type: ignore[arg-type,union-attr]
        except Exception:  # noqa: S112 - not a field of this model; try the next
            continue
        if value in choices:
            return str(choices[value])
    return str(value)


def _change_views(changes: QuerySet[Change]) -> list[ChangeView]:
    views = []
    for change in changes.select_related("actor"):
        fields = []
        for name, values in (change.fields or {}).items():
            if isinstance(values, list) and len(values) == 2:
                old, new = _field_value(name, values[0]), _field_value(name, values[1])
                fields.append(ChangedField(_field_label(name), old, new))
            else:
                fields.append(ChangedField(_field_label(name), None, None))
        actor = str(change.actor) if change.actor else str(_("someone no longer on Seat"))
        views.append(ChangeView(change, actor, fields))
    return views


def changes_for_project(*, project: Project) -> list[ChangeView]:
    """Every correction to the project and its consultations, newest first. The caller has
    fetched the project for the reader (``project_get_for_user``): anyone who may read it may
    read its history; nobody of another organisation reaches it."""
    return _change_views(Change.objects.filter(project=project).order_by("-created_at"))


def changes_for_consultation(*, consultation: Consultation) -> list[ChangeView]:
    return _change_views(Change.objects.filter(consultation=consultation).order_by("-created_at"))


# The quality check -------------------------------------------------------------------------------


def participant_languages(*, consultation: Consultation | None, organisation: Any) -> list[str]:
    """The languages of the people a consultation is for: those of everyone invited (from
    their profiles), or, before anyone is, the languages the organisation works in."""
    if consultation is not None and consultation.pk:
        codes: list[str] = []
        for languages in ExpertProfile.objects.filter(
            invitations__consultation=consultation
        ).values_list("languages", flat=True):
            codes += [
                c.strip() for c in languages.split(",") if c.strip() and c.strip() not in codes
            ]
        if codes:
            return codes
    return list(organisation.language_codes)


def consultation_draft(
    *,
    values: dict[str, Any],
    questions: list[str],
    organisation: Any,
    consultation: Consultation | None = None,
) -> Any:
    """The quality check's ``Draft`` for a consultation's fields (the form's cleaned values or
    a saved row's), its questions and the languages of the people it is for."""
    from seat.consultations import quality

    rate = values.get("pay_rate")
    languages = values.get("languages") or ""
    offered = languages if isinstance(languages, list) else languages.split(",")
    compensation = (
        quality.Compensation(
            amount=rate,
            currency=values.get("currency") or "",
            unit=values.get("pay_unit") or "",
            expenses_covered=bool(values.get("expenses_covered")),
        )
        if rate is not None and rate > 0
        else None
    )
    support = " ".join(
        str(values.get(name) or "").strip() for name in ("support_name", "support_phone")
    ).strip()
    translated, out_of_date = _translation_state(consultation, values, list(questions))
    return quality.Draft(
        title=values.get("title") or "",
        purpose=values.get("purpose") or "",
        plain_summary=values.get("plain_summary") or "",
        content_note=values.get("content_note") or "",
        questions=tuple(questions),
        material_state=values.get("material_state") or "",
        influence=values.get("influence") or "",
        opens_on=values.get("opens_on"),
        deadline=values.get("deadline"),
        expected_hours=values.get("expected_hours"),
        compensation=compensation,
        expenses_covered=bool(values.get("expenses_covered")),
        languages=tuple(code.strip() for code in offered if code.strip()),
        participant_languages=tuple(
            participant_languages(consultation=consultation, organisation=organisation)
        ),
        interpretation=bool(values.get("interpretation")),
        support_contact=support,
        stage=values.get("stage") or "",
        lang=values.get("text_language") or "",
        translated=translated,
        out_of_date=out_of_date,
        # A draft's invitations go out on opening at the earliest: count its notice from today.
        today=timezone.localdate()
        if consultation is None or consultation.status == ConsultationStatus.DRAFT
        else None,
    )


def _translation_state(
    consultation: Consultation | None, values: dict[str, Any], questions: list[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The languages its text is written in now, and those whose translation translates an
    older text. A form's text that differs from the saved one makes every translation older:
    they translate the saved text."""
    from seat.consultations.translations import CURRENT, ORIGINAL, translation_statuses

    written_in = values.get("text_language") or "en"
    if consultation is None:
        return (written_in,), ()
    statuses = translation_statuses(consultation=consultation)
    if any(
        values.get(name) is not None and values.get(name) != getattr(consultation, name)
        for name in ("title", "purpose", "plain_summary", "content_note", "text_language")
    ) or questions != [q.text for q in consultation.questions.all()]:
        return (written_in,), tuple(s.language for s in statuses if s.translation is not None)
    current = tuple(s.language for s in statuses if s.status in (ORIGINAL, CURRENT))
    stale = tuple(
        s.language for s in statuses if s.status not in (ORIGINAL, CURRENT) and s.translation
    )
    return current or (consultation.text_language,), stale


def consultation_draft_values(*, consultation: Consultation) -> dict[str, Any]:
    """The fields the check reads from a saved consultation, as JSON (kept with each stored
    check). The support contact's name and phone are not kept, only whether there is one."""
    from seat.consultations.corrections import CONSULTATION_FIELDS

    values: dict[str, Any] = {}
    for name in CONSULTATION_FIELDS:
        if name in ("support_name", "support_phone", "support_hours", "expenses_how"):
            continue
        value = getattr(consultation, name)
        values[name] = value if isinstance(value, (str, bool, int, type(None))) else str(value)
    values["has_support_contact"] = bool(consultation.support_name or consultation.support_phone)
    values["questions"] = [q.text for q in consultation.questions.all()]
    return values


def consultation_check(*, consultation: Consultation) -> Any:
    """The quality check of a saved consultation as it stands now."""
    from seat.consultations import quality
    from seat.consultations.corrections import CONSULTATION_FIELDS

    organisation = consultation.project.organisation
    draft = consultation_draft(
        values={name: getattr(consultation, name) for name in CONSULTATION_FIELDS},
        questions=[q.text for q in consultation.questions.all()],
        organisation=organisation,
        consultation=consultation,
    )
    return quality.check_consultation(draft, organisation=organisation)


def latest_check(*, consultation: Consultation) -> ConsultationCheck | None:
    """The check stored when it was last opened or corrected; None for a draft never opened."""
    return consultation.checks.first()


def check_override(*, consultation: Consultation) -> ConsultationCheck | None:
    """The check an admin opened this consultation over, with their reason; None if none."""
    return consultation.checks.exclude(override_reason="").select_related("override_by").first()


def check_overrides_count(*, organisation: Any) -> int:
    """How many times the organisation's admins opened a consultation despite blockers: one of
    the engagement metrics (issue 11), shown on the organisation's settings page."""
    return (
        ConsultationCheck.objects.filter(consultation__project__organisation=organisation)
        .exclude(override_reason="")
        .count()
    )


# What survivors wrote is kept for the life of its project, which ends on the last day of the
# project's last consultation (a project that consults again lives on), plus two years; then
# the retention schedule deletes the words (seat.rights.retention).
WORDS_KEPT_DAYS = 730


def words_kept_until(*, project_id: Any) -> datetime.date | None:
    """The first day Seat may delete what survivors wrote for this project, as things stand. A
    new consultation in the project moves it on."""
    last_day = Consultation.objects.filter(project_id=project_id).aggregate(last=Max("deadline"))[
        "last"
    ]
    if last_day is None:
        return None
    return last_day + datetime.timedelta(days=WORDS_KEPT_DAYS)
