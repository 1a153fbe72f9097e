from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.models import Membership, Organisation, User
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
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(actor=user, verb="two_factor.enrol", target=user)
    return True


@transaction.atomic
def membership_end(*, actor: User | None, membership: Membership) -> None:
    audit_record(actor=actor, verb="membership.end", target=membership, role=membership.role)
    membership.delete()
