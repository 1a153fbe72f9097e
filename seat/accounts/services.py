from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.drafts import DRAFT_DAYS, MAX_CHARACTERS, MAX_FIELDS, Ticket
from seat.accounts.enums import SecurityNoticeKind
from seat.accounts.models import FormDraft, Membership, Organisation, SecurityNotice, User
from seat.accounts.rules import may_add_second_factor, may_keep_form_drafts
from seat.core.privacy.audit import audit_record


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    audit_record(actor=actor, verb="membership.grant", target=membership, role=role)
    return membership


def user_create(*, username: str, password: str | None, display_name: str = "") -> User:
    return User.objects.create_user(username=username, password=password, display_name=display_name)


def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created once so a reload keeps the same secret."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


@transaction.atomic
def totp_device_confirm(
    *, user: User, device: TOTPDevice, token: str, session_verified: bool
) -> bool:
    """Confirm ``device`` with a code from it. Refused (PermissionDenied) when the account
    already has a confirmed device and the session has not been verified with one of them.
    The owner is told through a security notice, whoever added the device."""
    if device.user_id != user.pk or not may_add_second_factor(
        user, session_verified=session_verified
    ):
        raise PermissionDenied
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(actor=user, verb="two_factor.enrol", target=user)
    security_notice_record(user=user, kind=SecurityNoticeKind.DEVICE_ADDED)
    return True


def security_notice_record(*, user: User, kind: str) -> SecurityNotice:
    # Seat keeps no e-mail address on a login (see docs/PRIVACY.md), so the notice is shown on
    # the owner's pages rather than sent.
    notice = SecurityNotice.objects.create(user=user, kind=kind)
    audit_record(actor=user, verb="security_notice.record", target=notice, kind=kind)
    return notice


@transaction.atomic
def security_notice_dismiss(*, user: User, notice: SecurityNotice) -> None:
    if notice.user_id != user.pk:
        raise PermissionDenied
    if notice.dismissed_at is None:
        notice.dismissed_at = timezone.now()
        notice.save(update_fields=["dismissed_at"])
        audit_record(actor=user, verb="security_notice.dismiss", target=notice)


@transaction.atomic
def membership_end(*, actor: User | None, membership: Membership) -> None:
    audit_record(actor=actor, verb="membership.end", target=membership, role=membership.role)
    membership.delete()


class DraftRefused(Exception):
    """The draft cannot be kept (who, or how much); the page has already gone, so nobody hears."""


@transaction.atomic
def form_draft_keep(*, ticket: Ticket, fields: list[tuple[str, str]]) -> FormDraft:
    """Keep what was typed into one form when the quick exit left its page, replacing any older
    draft of the same form. No audit event: the words are the person's own, kept for them."""
    user = User.objects.filter(pk=ticket.user_id, is_active=True).first()
    if user is None or not may_keep_form_drafts(user):
        raise DraftRefused("not for this person")
    if len(fields) > MAX_FIELDS or sum(len(k) + len(v) for k, v in fields) > MAX_CHARACTERS:
        raise DraftRefused("too large")
    # Throw away what is too old to be offered, while we are here.
    FormDraft.objects.filter(
        user=user, created_at__lte=timezone.now() - datetime.timedelta(days=DRAFT_DAYS)
    ).delete()
    FormDraft.objects.filter(user=user, path=ticket.path, form=ticket.form).delete()
    return FormDraft.objects.create(
        user=user, path=ticket.path, form=ticket.form, fields=json.dumps(fields)
    )


def form_draft_discard(*, user: User, path: str, form: str | None = None) -> None:
    """Forget drafts of a page (one form, or all of them): used, or not wanted."""
    drafts = FormDraft.objects.filter(user=user, path=path)
    if form is not None:
        drafts = drafts.filter(form=form)
    drafts.delete()


def user_language_set(*, user: User, language: str) -> None:
    """Remember the language a person chose, for every device they log in on."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
