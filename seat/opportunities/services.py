"""Posting opportunities, applying, and moving applications: the only writes of this app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import Organisation, User
from seat.compensation.enums import CURRENCY_CODES
from seat.core.bounds import money_problem
from seat.core.languages import LANGUAGE_NAMES
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.opportunities.enums import (
    EXPERT_MOVES,
    ORGANISATION_MOVES,
    ApplicationStatus,
    OpportunityKind,
    OpportunityStatus,
    PayUnit,
)
from seat.opportunities.models import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    PLACE_MAX,
    TITLE_MAX,
    Application,
    ApplicationEvent,
    HiresOutsideSeat,
    Opportunity,
)
from seat.opportunities.rules import can_manage_opportunities
from seat.people.models import ExpertProfile


class OpportunityError(Exception):
    """A step that cannot happen; the message is safe to show."""


@dataclass(frozen=True)
class OpportunityInput:
    kind: str
    title: str
    description: str
    pay_amount: Decimal | None
    pay_currency: str
    pay_unit: str
    costs_covered: bool
    languages: list[str]
    place: str
    remote: bool
    leadership: bool
    closes_on: datetime.date


def opportunity_problem(data: OpportunityInput) -> str | None:
    """Why this cannot be posted; None if it can. Forms check the same, field by field."""
    if data.kind not in OpportunityKind.values:
        return _("Choose a kind of opportunity from the list.")
    if not data.title.strip() or len(data.title) > TITLE_MAX:
        return _("Give it a title of at most %(max)s characters.") % {"max": TITLE_MAX}
    if not data.description.strip() or len(data.description) > DESCRIPTION_MAX:
        return _("Say in plain words what it is, in at most %(max)s characters.") % {
            "max": DESCRIPTION_MAX
        }
    if not data.languages or any(code not in LANGUAGE_NAMES for code in data.languages):
        return _("Choose languages from the list.")
    if not data.remote and not data.place.strip():
        return _("Name a city or district, or say the work is remote.")
    if len(data.place) > PLACE_MAX:
        return _("Name a city or district in at most %(max)s characters.") % {"max": PLACE_MAX}
    if data.closes_on < timezone.localdate():
        return _("The closing day cannot be in the past.")
    return pay_problem(data)


def pay_problem(data: OpportunityInput) -> str | None:
    """Every kind but training says what it pays, in a currency Seat knows, within its units."""
    if data.pay_amount is None:
        if data.kind != OpportunityKind.TRAINING:
            return _("Say what it pays: an amount, a currency and per what.")
        return None
    if data.pay_currency not in CURRENCY_CODES:
        return _("Choose a currency from the list.")
    if data.pay_unit not in PayUnit.values:
        return _("Say whether it pays per hour, day, month or in total.")
    if problem := money_problem(data.pay_amount, data.pay_currency):
        return problem
    if data.pay_amount <= 0:
        return _("The pay must be more than zero.")
    return None


def _fields(data: OpportunityInput) -> dict[str, Any]:
    paid = data.pay_amount is not None
    return {
        "kind": data.kind,
        "title": " ".join(data.title.split()),
        "description": data.description.strip(),
        "pay_amount": data.pay_amount,
        "pay_currency": data.pay_currency if paid else "",
        "pay_unit": data.pay_unit if paid else "",
        # Only training may instead say its costs are covered.
        "costs_covered": data.costs_covered and data.kind == OpportunityKind.TRAINING,
        "languages": ",".join(data.languages),
        "place": "" if data.remote else " ".join(data.place.split()),
        "remote": data.remote,
        "leadership": data.leadership,
        "closes_on": data.closes_on,
    }


def _check_manager(actor: User, organisation: Organisation) -> None:
    if not can_manage_opportunities(actor, organisation):
        raise OpportunityError(_("Only the organisation's admins and staff may do this."))


def opportunity_create(
    *, actor: User, organisation: Organisation, data: OpportunityInput, publish: bool = False
) -> Opportunity:
    """Post an opportunity as a draft, or open at once (``publish``)."""
    _check_manager(actor, organisation)
    if problem := opportunity_problem(data):
        raise OpportunityError(problem)
    with transaction.atomic():
        opportunity = Opportunity.objects.create(
            organisation=organisation,
            created_by=actor,
            status=OpportunityStatus.OPEN if publish else OpportunityStatus.DRAFT,
            **_fields(data),
        )
        audit_record(actor=actor, verb="opportunity.created", target=opportunity)
    return opportunity


# What an offer is made on: once someone is offered the opportunity, these stay as they were.
PAY_TERMS = ("pay_amount", "pay_currency", "pay_unit", "costs_covered")


def opportunity_update(
    *, actor: User, opportunity: Opportunity, data: OpportunityInput
) -> Opportunity:
    """Change a draft or open opportunity; a closed one stays as it was when it closed."""
    _check_manager(actor, opportunity.organisation)
    if opportunity.status == OpportunityStatus.CLOSED:
        raise OpportunityError(_("This opportunity is closed; it cannot be changed."))
    if problem := opportunity_problem(data):
        raise OpportunityError(problem)
    with transaction.atomic():
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        fields = _fields(data)
        # An offer was made on these terms: its pay cannot change under the person offered.
        offered = opportunity.applications.filter(
            status__in=[ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED]
        ).exists()
        if offered and any(
            fields[name] != getattr(opportunity, name) for name in PAY_TERMS if name in fields
        ):
            raise OpportunityError(
                _(
                    "Someone has been offered this, or has accepted it, on its pay as it is: "
                    "the pay cannot change now. Nothing was saved."
                )
            )
        for name, value in fields.items():
            setattr(opportunity, name, value)
        opportunity.save()
        audit_record(actor=actor, verb="opportunity.changed", target=opportunity)
    return opportunity


def opportunity_open(*, actor: User, opportunity: Opportunity) -> Opportunity:
    _check_manager(actor, opportunity.organisation)
    if opportunity.status != OpportunityStatus.DRAFT:
        raise OpportunityError(_("Only a draft can be opened."))
    if opportunity.closes_on < timezone.localdate():
        raise OpportunityError(_("The closing day has passed: change it before opening."))
    opportunity.status = OpportunityStatus.OPEN
    opportunity.save(update_fields=["status"])
    audit_record(actor=actor, verb="opportunity.opened", target=opportunity)
    return opportunity


def opportunity_close(*, actor: User, opportunity: Opportunity) -> Opportunity:
    _check_manager(actor, opportunity.organisation)
    if opportunity.status != OpportunityStatus.OPEN:
        raise OpportunityError(_("Only an open opportunity can be closed."))
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.save(update_fields=["status"])
    audit_record(actor=actor, verb="opportunity.closed", target=opportunity)
    return opportunity


def takes_applications(opportunity: Opportunity) -> bool:
    return (
        opportunity.status == OpportunityStatus.OPEN
        and opportunity.closes_on >= timezone.localdate()
    )


def application_submit(
    *, expert: ExpertProfile, opportunity: Opportunity, note: str = ""
) -> tuple[Application, bool]:
    """Apply; returns (the application, whether it is new). A second apply changes nothing."""
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise OpportunityError(
            _("Keep the note to at most %(max)s characters.") % {"max": NOTE_MAX}
        )
    existing = Application.objects.filter(opportunity=opportunity, expert=expert).first()
    if existing is not None:
        return existing, False
    if not takes_applications(opportunity):
        raise OpportunityError(_("This opportunity is not taking applications."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                opportunity=opportunity, expert=expert, note=note
            )
            ApplicationEvent.objects.create(
                application=application, status=ApplicationStatus.RECEIVED, actor=expert.user
            )
    except IntegrityError:
        # The same apply sent twice at once: the first one made it.
        return Application.objects.get(opportunity=opportunity, expert=expert), False
    return application, True


def application_move(*, actor: User, application: Application, to: str) -> Application:
    """Move an application on: the organisation's admins and staff along ORGANISATION_MOVES,
    the applicant herself along EXPERT_MOVES. Each step is kept with its time; each step the
    organisation takes is told to her in her inbox (in her language, when she reads it)."""
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        own = current.expert.user_id is not None and current.expert.user_id == actor.pk
        organisation = application.opportunity.organisation
        if own:
            allowed = EXPERT_MOVES.get(current.status, ())
        elif can_manage_opportunities(actor, organisation):
            allowed = ORGANISATION_MOVES.get(current.status, ())
        else:
            raise OpportunityError(_("Only the organisation's admins and staff may do this."))
        if to not in allowed:
            raise OpportunityError(
                _("An application that is “%(now)s” cannot become “%(to)s”.")
                % {
                    "now": current.get_status_display(),
                    "to": ApplicationStatus(to).label if to in ApplicationStatus.values else to,
                }
            )
        current.status = to
        current.save(update_fields=["status", "changed_at"])
        ApplicationEvent.objects.create(application=current, status=to, actor=actor)
        if not own:
            notify(
                event=Event.APPLICATION_CHANGED,
                recipients=[current.expert.user],
                key=f"application.{to}:{current.pk}",
                url=reverse("opportunities:mine"),
                context={
                    "organisation": organisation.name,
                    "title": application.opportunity.title,
                    "status": to,
                },
            )
    return current


def hires_outside_record(
    *,
    actor: User,
    organisation: Organisation,
    paid_roles: int,
    leadership_roles: int,
    counted_on: datetime.date,
) -> HiresOutsideSeat:
    _check_manager(actor, organisation)
    if paid_roles < 0 or leadership_roles < 0:
        raise OpportunityError(_("Enter whole numbers, zero or more."))
    if counted_on > timezone.localdate():
        raise OpportunityError(_("The day counted cannot be in the future."))
    return HiresOutsideSeat.objects.create(
        organisation=organisation,
        paid_roles=paid_roles,
        leadership_roles=leadership_roles,
        counted_on=counted_on,
        recorded_by=actor,
    )
