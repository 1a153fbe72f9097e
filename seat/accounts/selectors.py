from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.drafts import DRAFT_DAYS
from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import (
    FormDraft,
    MemberInvitation,
    Membership,
    Organisation,
    SecurityNotice,
)
from seat.accounts.rules import can_manage_members, is_member, may_keep_form_drafts, roles_of
from seat.accounts.services import SETTINGS_LABELS
from seat.core.models import AuditEvent
from seat.core.privacy.audit_verbs import verb_label


def organisations_for_user(*, user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def security_notices_pending(*, user: Any) -> list[SecurityNotice]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(SecurityNotice.objects.filter(user=user, dismissed_at__isnull=True))


def form_drafts_pending(*, user: Any, path: str | None = None) -> list[FormDraft]:
    """The person's drafts from a quick exit that are still offered (of one page, if given).

    Only people who may keep drafts can have any, so the others' pages (every survivor's) ask
    the database nothing: their roles are read once per request anyway."""
    if not getattr(user, "is_authenticated", False) or not may_keep_form_drafts(user):
        return []
    since = timezone.now() - datetime.timedelta(days=DRAFT_DAYS)
    drafts = FormDraft.objects.filter(user=user, created_at__gt=since)
    if path is not None:
        drafts = drafts.filter(path=path)
    return list(drafts)


def organisation_get_for_admin(*, user: Any, organisation_id: Any) -> Organisation:
    """The organisation, for one of its admins: 404 to anyone outside it (its existence is not
    theirs to learn), 403 to its members in other roles."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not is_member(user, organisation):
        raise Http404
    if not can_manage_members(user, organisation):
        raise PermissionDenied
    return organisation


def organisations_run_by(*, user: Any) -> list[Organisation]:
    """The organisations ``user`` is an admin of."""
    admin_of = [pk for pk, role in roles_of(user).items() if role == Role.ADMIN]
    return list(Organisation.objects.filter(pk__in=admin_of).order_by("name"))


def members_of(*, organisation: Organisation) -> list[Membership]:
    """Its members and their roles: admins first, then by username."""
    order = {role: position for position, role in enumerate(Role.values)}
    members = Membership.objects.filter(organisation=organisation).select_related("user")
    return sorted(members, key=lambda m: (order.get(m.role, len(order)), m.user.username.lower()))


def member_get(*, organisation: Organisation, membership_id: Any) -> Membership:
    """One membership of ``organisation``: 404 for any other organisation's."""
    membership = (
        Membership.objects.filter(pk=membership_id, organisation=organisation)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def invitations_pending(*, organisation: Organisation) -> list[MemberInvitation]:
    """Joining links not yet used, cancelled or expired (never the codes: Seat has none);
    those their addressee declined among them, until they would have expired, so the admins
    see the answer (``declined_at``)."""
    return list(
        MemberInvitation.objects.filter(
            organisation=organisation,
            for_user__isnull=True,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("created_by")
        .order_by("expires_at")
    )


def invitation_addressed_get(*, user: Any, invitation_id: Any) -> MemberInvitation:
    """An invitation an admin addressed to ``user`` by username, whatever its state; 404 for
    anyone else, so nobody learns of another person's invitations."""
    invitation = (
        MemberInvitation.objects.select_related("organisation")
        .filter(pk=invitation_id, addressed_to=user)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if invitation is None:
        raise Http404
    return invitation


def invitation_get(*, organisation: Organisation, invitation_id: Any) -> MemberInvitation:
    invitation = MemberInvitation.objects.filter(
        pk=invitation_id, organisation=organisation, for_user__isnull=True
    ).first()
    if invitation is None:
        raise Http404
    return invitation


@dataclass(frozen=True)
class SettingsChange:
    at: datetime.datetime
    by: str
    # One line per changed setting: its label and, except for the name, what it is now.
    changes: list[str]


def _setting_shown(field: str, value: Any) -> str:
    from seat.core.countries import country_name
    from seat.core.formats import format_number

    if field == "kind":
        return str(OrganisationKind(value).label) if value in OrganisationKind.values else value
    if field == "country":
        return country_name(value) if value else str(_("Not chosen"))
    if field == "languages":
        names = dict(settings.LANGUAGES)
        return ", ".join(names.get(code, code) for code in str(value).split(",") if code)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, int):
        return format_number(value)
    if value in ("", None):
        return str(_("Not chosen"))
    return str(value)


def organisation_settings_history(
    *, organisation: Organisation, limit: int = 10
) -> list[SettingsChange]:
    """The latest changes to the organisation's settings, newest first, from the audit log
    (one query): who made each, when, and what it changed."""
    events = AuditEvent.objects.filter(
        verb="organisation.settings_change",
        object_type=Organisation._meta.label_lower,
        object_id=str(organisation.pk),
    ).select_related("actor")[:limit]
    history = []
    for event in events:
        values = event.detail.get("values", {})
        lines = []
        for field in event.detail.get("fields", []):
            if field not in SETTINGS_LABELS:
                continue
            label = str(SETTINGS_LABELS[field])
            lines.append(
                f"{label}: {_setting_shown(field, values[field])}" if field in values else label
            )
        who = event.actor.username if event.actor else str(_("the people who run Seat"))
        history.append(SettingsChange(at=event.at, by=who, changes=lines))
    return history


@dataclass(frozen=True)
class AuditLine:
    at: Any
    who: str
    verb: str  # the code, for machines and tests
    what: str
    what_done: str  # the verb in words, for people (seat/core/privacy/audit_verbs.py)


AUDIT_PAGE_SIZE = 50


def organisation_audit_page(
    *, organisation: Organisation, page: Any
) -> tuple[Page, list[AuditLine]]:
    """One page of the organisation's audit log, newest first: who did what and when, never
    the event's detail. Only its staff are named; anyone else (a former member, another
    organisation, the operator) is "someone else"; survivors' own events are not listed."""
    members = set(
        Membership.objects.filter(organisation=organisation)
        .exclude(role=Role.ADVISOR)
        .values_list("user_id", flat=True)
    )
    # A survivor's own doings (her input sent, her consent) are left out altogether, not only
    # unnamed: their minute, beside the input list, could tell whose unnamed input is whose.
    events = (
        AuditEvent.objects.filter(organisation_id=organisation.pk)
        .filter(
            Q(actor__isnull=True) | Q(actor_id__in=members) | Q(actor__expert_profile__isnull=True)
        )
        .select_related("actor")
    )
    shown = Paginator(events, AUDIT_PAGE_SIZE).get_page(page)
    lines = []
    for event in shown:
        if event.actor is None:
            who = _("Seat")
        elif event.actor_id in members:
            who = str(event.actor)
        else:
            who = _("Someone else")
        try:
            what = str(apps.get_model(event.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            what = event.object_type
        lines.append(
            AuditLine(
                at=event.at, who=who, verb=event.verb, what=what, what_done=verb_label(event.verb)
            )
        )
    return shown, lines
