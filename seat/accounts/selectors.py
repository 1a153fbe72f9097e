from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from seat.accounts.drafts import DRAFT_DAYS
from seat.accounts.models import FormDraft, Organisation, SecurityNotice
from seat.accounts.rules import may_keep_form_drafts


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
