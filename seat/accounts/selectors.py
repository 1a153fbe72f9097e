from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from seat.accounts.models import Organisation


def organisations_for_user(*, user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")
