"""Her copy of her data, and erasing her account: each with its audit row."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from seat.accounts.models import FormDraft, Membership, SecurityNotice
from seat.accounts.sessions import user_sessions_end_all
from seat.api.models import ApiToken
from seat.consultations.models import Answer, Contribution, KeptAnswer
from seat.core.models import AuditEvent
from seat.core.privacy.audit import audit_record
from seat.notifications.models import ContactChoice, Notification
from seat.opportunities.models import Application
from seat.people.models import (
    ConsentRecord,
    DiversitySelfId,
    ExpertIdentity,
    ExpertLink,
    ExpertProfile,
    ResetCode,
)
from seat.people.selectors import consent_state
from seat.rights.selectors import kept_after_erasure
from seat.sms.models import SmsClaim, SmsContact

ERASE_VERB = "account.erase"
ERASED_PREFIX = "erased-"


def my_data_download_record(*, actor: Any, expert: ExpertProfile, kind: str) -> None:
    """She downloaded her copy (``kind``: json or pdf)."""
    audit_record(actor=actor, verb="my_data.download", target=expert, format=kind)


@dataclass(frozen=True)
class Erasure:
    pseudonym: str
    contributions_kept: int
    contributions_deleted: int
    contributions_emptied: int
    already_erased: bool = False


def _end_sessions(user: Any) -> None:
    """Every login she has, on every device, ends now. A session older than Seat's record of
    sessions has no row: her unusable password ends it at its next request (Django checks each
    session against the password hash), so nothing signed in as her is left either way."""
    user_sessions_end_all(user=user)


def account_erase(*, actor: Any, expert: ExpertProfile) -> Erasure:
    """She erases her account. Her identifying data is destroyed, her contributions are kept
    only as her consent allows, her payments stay for the paying organisations' accounts under
    an opaque pseudonym, and she can no longer log in. Idempotent: a second call changes
    nothing and records nothing."""
    if expert.user is None or actor != expert.user:
        raise PermissionDenied
    return _erase(actor=actor, expert=expert)


def account_erase_idle(*, expert: ExpertProfile) -> Erasure:
    """The retention schedule erases an account nobody has used for its period, exactly as she
    could herself (seat.rights.retention decides when); the audit row names no actor."""
    if expert.user is None:
        raise PermissionDenied
    return _erase(actor=None, expert=expert, reason="idle")


@transaction.atomic
def _erase(*, actor: Any, expert: ExpertProfile, reason: str = "") -> Erasure:
    user = expert.user
    if user is None:  # both callers refuse a profile without an account already
        raise PermissionDenied
    expert = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    # Its audit event says so; once that is past its retention period, the account itself does
    # (no living account is inactive with an unusable password and an erased-… username).
    done = AuditEvent.objects.filter(
        verb=ERASE_VERB, object_type=expert._meta.label_lower, object_id=str(expert.pk)
    ).exists() or (
        not user.is_active
        and not user.has_usable_password()
        and user.username.startswith(ERASED_PREFIX)
    )
    if done:
        return Erasure(expert.pseudonym, 0, 0, 0, already_erased=True)

    consent = consent_state(expert=expert)
    kept = deleted = emptied = 0
    for contribution in Contribution.objects.filter(expert=expert).select_related("payment"):
        if kept_after_erasure(contribution, consent):
            kept += 1
            continue
        Answer.objects.filter(contribution=contribution).delete()
        if getattr(contribution, "payment", None) is not None:
            # A payment line names the input it paid for (PROTECT): the row stays, empty.
            emptied += 1
        else:
            contribution.delete()
            deleted += 1
    KeptAnswer.objects.filter(invitation__expert=expert).delete()
    # An application stays for the count of survivors in paid roles (PROTECT); her note, her
    # own words to the organisation, goes.
    Application.objects.filter(expert=expert).update(note="")

    if not kept:
        # Consent governs her kept contributions; with none kept, her ledger has nothing left to
        # govern and goes too.
        ConsentRecord.objects.filter(expert=expert).delete()
    ExpertIdentity.objects.filter(profile=expert).delete()
    DiversitySelfId.objects.filter(profile=expert).delete()
    SmsContact.objects.filter(expert=expert).delete()
    SmsClaim.objects.filter(expert=expert).delete()
    ResetCode.objects.filter(expert=expert).delete()
    ExpertLink.objects.filter(expert=expert).delete()

    pseudonym = f"{ERASED_PREFIX}{secrets.token_hex(6)}"
    expert.pseudonym = pseudonym
    expert.languages = ""
    expert.expertise = ""
    expert.meeting_preference = ""
    expert.pay_preference = ""
    expert.represented_by = None
    expert.save()

    for model in (Membership, ContactChoice, ApiToken, SecurityNotice, FormDraft):
        model._default_manager.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    user.username = pseudonym
    user.display_name = ""
    user.language = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    _end_sessions(user)

    audit_record(
        actor=actor,
        verb=ERASE_VERB,
        target=expert,
        contributions_kept=kept,
        contributions_deleted=deleted,
        contributions_emptied=emptied,
        **({"reason": reason} if reason else {}),
    )
    return Erasure(pseudonym, kept, deleted, emptied)
