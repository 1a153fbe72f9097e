from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.enums import SecurityNoticeKind
from seat.accounts.models import Membership, Organisation, SecurityNotice, User
from seat.accounts.rules import may_add_second_factor
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
