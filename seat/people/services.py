from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from seat.accounts.models import Organisation, User
from seat.core.privacy.audit import audit_record
from seat.people.enums import CONSENT_TEXT_VERSION, ConsentChannel
from seat.people.models import ConsentRecord, ExpertIdentity, ExpertProfile
from seat.people.rules import can_read_identity


@transaction.atomic
def expert_create(
    *,
    user: User | None,
    pseudonym: str,
    languages: str = "",
    expertise: str = "",
    represented_by: Organisation | None = None,
    identity: dict[str, str] | None = None,
) -> ExpertProfile:
    expert = ExpertProfile.objects.create(
        user=user,
        pseudonym=pseudonym,
        languages=languages,
        expertise=expertise,
        represented_by=represented_by,
    )
    ExpertIdentity.objects.create(profile=expert, **(identity or {}))
    audit_record(actor=user, verb="expert.create", target=expert)
    return expert


def _consent_record(
    *, actor: Any, expert: ExpertProfile, purpose: str, given: bool, channel: str
) -> ConsentRecord:
    witness = actor if channel == ConsentChannel.VERBAL else None
    record = ConsentRecord.objects.create(
        expert=expert,
        purpose=purpose,
        given=given,
        text_version=CONSENT_TEXT_VERSION,
        channel=channel,
        witness=witness,
    )
    audit_record(
        actor=actor,
        verb="consent.grant" if given else "consent.withdraw",
        target=expert,
        purpose=purpose,
        channel=channel,
    )
    return record


@transaction.atomic
def consent_grant(
    *, actor: Any, expert: ExpertProfile, purpose: str, channel: str = ConsentChannel.WEB
) -> ConsentRecord:
    return _consent_record(actor=actor, expert=expert, purpose=purpose, given=True, channel=channel)


@transaction.atomic
def consent_withdraw(
    *, actor: Any, expert: ExpertProfile, purpose: str, channel: str = ConsentChannel.WEB
) -> ConsentRecord:
    return _consent_record(
        actor=actor, expert=expert, purpose=purpose, given=False, channel=channel
    )


@transaction.atomic
def identity_read(*, actor: Any, expert: ExpertProfile) -> ExpertIdentity:
    """The one way to read identifying data: checks the reader, then logs the read."""
    if not can_read_identity(actor, expert):
        raise PermissionDenied
    identity, _created = ExpertIdentity.objects.get_or_create(profile=expert)
    audit_record(actor=actor, verb="identity.read", target=expert)
    return identity


@transaction.atomic
def identity_update(*, actor: Any, expert: ExpertProfile, **fields: str) -> ExpertIdentity:
    if not can_read_identity(actor, expert):
        raise PermissionDenied
    identity, _created = ExpertIdentity.objects.get_or_create(profile=expert)
    for name, value in fields.items():
        setattr(identity, name, value)
    identity.save()
    audit_record(actor=actor, verb="identity.update", target=expert, fields=sorted(fields))
    return identity
