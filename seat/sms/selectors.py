from __future__ import annotations

from typing import Any

from seat.people.models import ExpertProfile
from seat.sms.models import SmsContact, SmsThread


def sms_contact_of(*, expert: ExpertProfile) -> SmsContact | None:
    """Whether she takes part by text message (for her own pages: never shows the number)."""
    return SmsContact.objects.filter(expert=expert).first()


def sms_thread_for(*, expert: ExpertProfile, invitation_id: Any) -> SmsThread | None:
    """The conversation about one of her invitations, if there is one."""
    return SmsThread.objects.filter(contact__expert=expert, invitation_id=invitation_id).first()
