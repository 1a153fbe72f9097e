"""Recovery codes: ten one-use codes that pass the second step when the authenticator is lost.

Kept with django-otp's static device (``otp_static``), which stores each token as given and
compares it as given. Seat gives it a keyed digest of each code instead (HMAC-SHA256 with the
site's secret key, cut to the 16 characters its column holds), so the codes themselves are shown
once and stored nowhere: a copy of the database cannot be used to log in.

A static device lets a session pass the step (it is verified); it never counts as being
enrolled: that takes a confirmed authenticator (rules.has_second_factor).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from seat.accounts.models import User
from seat.accounts.rules import has_second_factor
from seat.core.onetime import code_looks_valid, code_normalise, code_shown, keyed_digest
from seat.core.privacy.audit import audit_record

RECOVERY_CODES = 10
# Ten letters from the 31 without look-alikes: about 50 bits each, against a throttled form.
RECOVERY_CODE_LENGTH = 10
DEVICE_NAME = "recovery codes"


def recovery_code_digest(code: str) -> str:
    """What is stored for a code: a keyed digest, as long as otp_static's column allows."""
    return keyed_digest(code_normalise(code), label="recovery:")[:16]


def recovery_code_looks_valid(typed: str) -> bool:
    return code_looks_valid(typed, RECOVERY_CODE_LENGTH)


@transaction.atomic
def recovery_codes_make(*, user: User) -> list[str]:
    """Ten new codes, to show once; any earlier ones stop working. Only for an account with a
    confirmed authenticator: codes stand in for it, they do not replace it."""
    if not has_second_factor(user):
        raise PermissionDenied
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [code_shown(RECOVERY_CODE_LENGTH) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(code)) for code in codes
    )
    audit_record(actor=user, verb="recovery_codes.make", target=user, count=len(codes))
    return codes


def recovery_codes_left(*, user: User) -> int | None:
    """How many unused codes the account has; None when it never made any."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    return device.token_set.count()


@transaction.atomic
def recovery_code_use(*, user: User, typed: str) -> StaticDevice | None:
    """The account's recovery device when ``typed`` is one of its unused codes, which is used up
    (each works once, even for two requests racing with it); None otherwise. Failures slow the
    device down (django-otp's throttling) as they do for the authenticator."""
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not has_second_factor(user):
        return None
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return None
    used = 0
    if recovery_code_looks_valid(typed):
        used, _by_model = StaticToken.objects.filter(
            device=device, token=recovery_code_digest(typed)
        ).delete()
    if not used:
        device.throttle_increment()
        return None
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    audit_record(actor=user, verb="recovery_code.use", target=user, left=device.token_set.count())
    return device
