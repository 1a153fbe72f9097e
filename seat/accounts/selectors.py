from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from seat.accounts.models import Organisation, SecurityNotice


def organisations_for_user(*, user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def security_notices_pending(*, user: Any) -> list[SecurityNotice]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(SecurityNotice.objects.filter(user=user, dismissed_at__isnull=True))
