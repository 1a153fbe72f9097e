"""Named people and organisations for tests, built through the product's own services.

Organisation A is where the work happens; organisation B exists so every test can check that
nothing of A leaks to it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import Organisation, User
from seat.accounts.services import membership_grant, user_create
from seat.consultations import services as loop
from seat.consultations.enums import (
    Attribution,
    Influence,
    MaterialState,
    PayMethod,
    PayUnit,
    Stage,
)
from seat.consultations.models import (
    Consultation,
    Contribution,
    EngagementPlan,
    Invitation,
    Project,
)
from seat.consultations.translations import translation_save
from seat.people.models import ExpertProfile
from seat.people.services import expert_create

PASSWORD = "correct-horse-battery-staple"


def make_org(name: str, kind: str = OrganisationKind.NGO) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, default_currency="USD")


def make_member(username: str, organisation: Organisation, role: str) -> User:
    user = user_create(username=username, password=PASSWORD, display_name=username)
    membership_grant(actor=None, user=user, organisation=organisation, role=role)
    return user


def make_expert(
    username: str, pseudonym: str, identity: dict[str, str] | None = None
) -> ExpertProfile:
    return expert_create(
        user=user_create(username=username, password=PASSWORD),
        pseudonym=pseudonym,
        languages="en,bn",
        expertise="Labour recruitment",
        identity=identity,
    )


def make_link(actor: User, expert: ExpertProfile, organisation: Organisation) -> None:
    """Bring an expert in as the product does: someone at the organisation makes a joining
    code and she enters it on her own page. Nothing changes if she already works with it."""
    from seat.core.onetime import code_digest
    from seat.people.selectors import expert_is_linked
    from seat.people.services import expert_link_add, join_code_create

    if expert_is_linked(expert=expert, organisation=organisation):
        return
    _code, shown = join_code_create(actor=actor, organisation=organisation)
    expert_link_add(actor=expert.user, expert=expert, digest=code_digest(shown))  # type: ignore[arg-type]


def make_advisor(user: User, organisation: Organisation) -> User:
    """Make ``user`` (an expert) a survivor advisor of ``organisation`` as the product does: a
    manager of the organisation asks, and she says yes."""
    from seat.accounts.models import Membership
    from seat.assessment import services as assessment

    manager = (
        Membership.objects.filter(organisation=organisation, role__in=[Role.ADMIN, Role.STAFF])
        .select_related("user")
        .first()
    )
    if manager is None:
        manager_user = make_member(f"manager-{uuid.uuid4().hex[:8]}", organisation, Role.STAFF)
    else:
        manager_user = manager.user
    make_link(manager_user, user.expert_profile, organisation)
    asked = assessment.advisor_ask(
        actor=manager_user, organisation=organisation, expert=user.expert_profile
    )
    assessment.advisor_request_answer(actor=user, request=asked, accept=True)
    return user


def make_project(
    actor: User, organisation: Organisation, title: str = "Safer recruitment"
) -> Project:
    return loop.project_create(
        actor=actor, organisation=organisation, title=title, summary="", stage=Stage.DESIGN
    )


# What a test admin writes to open a consultation that the quality check blocks.
OVERRIDE_REASON = "Opened despite the check on purpose, for this test."


def make_consultation(
    actor: User,
    project: Project,
    *,
    publish: bool = True,
    override_by: User | None = None,
    **overrides: Any,
) -> Consultation:
    """A consultation that passes the quality check unless ``overrides`` say otherwise; one
    that does not pass opens only with ``override_by`` (an admin of the organisation)."""
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "title": "What should the sessions cover?",
        "purpose": "Your advice decides the topics.",
        "plain_summary": "We ask what the training should teach. You are paid for your time.",
        "stage": Stage.DESIGN,
        "material_state": MaterialState.CONCEPT,
        "influence": Influence.COLLABORATE,
        "opens_on": today,
        "deadline": today + datetime.timedelta(days=21),
        "expected_hours": Decimal("2.0"),
        "pay_rate": Decimal("25.00"),
        "pay_unit": PayUnit.HOUR,
        "currency": "USD",
        "expenses_covered": True,
        "expenses_how": "Keep your tickets and receipts; we pay them back in cash on the day.",
        "pay_within_days": 30,
        "pay_method": PayMethod.MOBILE_MONEY,
        "languages": "en,bn",
        "interpretation": True,
        "support_name": "Asha, our survivor-support worker",
        "support_phone": "+880 1711 000000",
        "support_hours": "Mon–Fri 9:00–17:00 Dhaka time",
        "questions": ["Which warning signs matter most?", "Who should run the sessions?"],
    }
    fields.update(overrides)
    consultation = loop.consultation_create(actor=actor, project=project, **fields)
    # Its text in each other language it offers, as staff enter it (marked, so tests can tell).
    # Cut to the limits, so a text written at its longest still gets its translations.
    from seat.consultations.limits import LIMITS, QUESTION_MAX_CHARS

    for language in consultation.language_codes:
        if language != consultation.text_language:
            marked = {
                name: getattr(consultation, name) and f"[{language}] {getattr(consultation, name)}"
                for name in LIMITS
            }
            translation_save(
                actor=actor,
                consultation=consultation,
                language=language,
                **{name: text[: LIMITS[name]] for name, text in marked.items()},
                questions=[
                    f"[{language}] {q.text}"[:QUESTION_MAX_CHARS]
                    for q in consultation.questions.all()
                ],
            )
    if publish and override_by is not None:
        loop.consultation_publish(
            actor=override_by, consultation=consultation, override_reason=OVERRIDE_REASON
        )
    elif publish:
        loop.consultation_publish(actor=actor, consultation=consultation)
    return consultation


def make_plan(actor: User, project: Project, stage: str, **overrides: Any) -> EngagementPlan:
    """An engagement plan for ``stage`` of ``project``, made through the service."""
    from seat.consultations.plans import engagement_plan_create

    today = timezone.localdate()
    fields: dict[str, Any] = {
        "stage": stage,
        "method": "focus_group",
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=60),
        "budget": Decimal("1500.00"),
        "currency": project.organisation.default_currency,
        "lead": "Programme officer with a survivor-led partner",
        "survivor_led": False,
    }
    fields.update(overrides)
    return engagement_plan_create(actor=actor, project=project, **fields)


def make_invitation(
    actor: User, consultation: Consultation, expert: ExpertProfile, *, accept: bool = False
) -> Invitation:
    make_link(actor, expert, consultation.project.organisation)
    (invitation,) = loop.invitations_send(actor=actor, consultation=consultation, experts=[expert])
    if accept:
        invitation = loop.invitation_answer(actor=expert.user, invitation=invitation, accept=True)  # type: ignore[arg-type]
    return invitation


def make_contribution(
    invitation: Invitation,
    *,
    text: str = "Explain the fees agents may legally charge.",
    attribution: str = Attribution.PSEUDONYM,
) -> Contribution:
    question = invitation.consultation.questions.first()
    return loop.contribution_submit(
        actor=invitation.expert.user,  # type: ignore[arg-type]
        invitation=invitation,
        answers={str(question.pk): text},  # type: ignore[union-attr]
        attribution=attribution,
        idempotency_key=uuid.uuid4(),
    )


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    admin_a: User
    staff_a: User
    finance_a: User
    viewer_a: User
    staff_b: User
    expert: ExpertProfile
    other_expert: ExpertProfile
    project: Project
    consultation: Consultation
    invitation: Invitation
    contribution: Contribution
    project_b: Project
    consultation_b: Consultation
    contribution_b: Contribution


def make_world() -> World:
    org_a = make_org("Organisation A")
    org_b = make_org("Organisation B")
    admin_a = make_member("admin-a", org_a, Role.ADMIN)
    staff_a = make_member("staff-a", org_a, Role.STAFF)
    finance_a = make_member("finance-a", org_a, Role.FINANCE)
    viewer_a = make_member("viewer-a", org_a, Role.VIEWER)
    staff_b = make_member("staff-b", org_b, Role.STAFF)
    expert = make_expert(
        "expert",
        "Tara",
        identity={"legal_name": "Tahmina Secret Name", "phone": "+880 1711 999 111"},
    )
    other_expert = make_expert("other-expert", "Rosa")
    # Each works with one organisation: Tara with A, Rosa with B.
    make_link(staff_a, expert, org_a)
    make_link(staff_b, other_expert, org_b)
    project = make_project(staff_a, org_a)
    consultation = make_consultation(staff_a, project)
    invitation = make_invitation(staff_a, consultation, expert, accept=True)
    contribution = make_contribution(invitation)
    project_b = make_project(staff_b, org_b, "B's project")
    consultation_b = make_consultation(staff_b, project_b, title="B's consultation")
    invitation_b = make_invitation(staff_b, consultation_b, other_expert, accept=True)
    contribution_b = make_contribution(invitation_b, text="B's private input")
    return World(
        org_a,
        org_b,
        admin_a,
        staff_a,
        finance_a,
        viewer_a,
        staff_b,
        expert,
        other_expert,
        project,
        consultation,
        invitation,
        contribution,
        project_b,
        consultation_b,
        contribution_b,
    )


@dataclass
class Partners:
    """A collective that partners with organisation A, and one that does not.

    The collective keeps a profile for Mina, who has no phone (no login); Nadia has an account
    and works with the collective only. ``request`` is A's accepted request to the collective.
    """

    collective: Organisation
    facilitator: User
    device_less: ExpertProfile
    member: ExpertProfile
    request: Any
    other_collective: Organisation
    other_facilitator: User
    other_member: ExpertProfile


def make_partners(world: World) -> Partners:
    from seat.partners.services import partner_request_create, partner_request_decide
    from seat.people.services import expert_link_record

    collective = make_org("Collective C", OrganisationKind.COLLECTIVE)
    facilitator = make_member("facilitator-c", collective, Role.FACILITATOR)
    device_less = expert_create(
        user=None, pseudonym="Mina", languages="bn", represented_by=collective
    )
    expert_link_record(actor=facilitator, expert=device_less, organisation=collective)
    member = expert_create(
        user=user_create(username="member-nadia", password=PASSWORD),
        pseudonym="Nadia",
        languages="bn,en",
        represented_by=collective,
    )
    make_link(facilitator, member, collective)
    other_collective = make_org("Collective D", OrganisationKind.SURVIVOR_LED)
    other_facilitator = make_member("facilitator-d", other_collective, Role.FACILITATOR)
    other_member = expert_create(
        user=user_create(username="member-d", password=PASSWORD),
        pseudonym="Laila",
        languages="bn",
        represented_by=other_collective,
    )
    make_link(other_facilitator, other_member, other_collective)
    request = partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=collective
    )
    request = partner_request_decide(actor=facilitator, request=request, accept=True)
    return Partners(
        collective,
        facilitator,
        device_less,
        member,
        request,
        other_collective,
        other_facilitator,
        other_member,
    )


def verify_second_factor(client: Any, user: User) -> None:
    """Log ``user`` in with a confirmed TOTP device, as if they had typed a valid code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
