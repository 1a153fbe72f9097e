"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from seat.core.models import AuditEvent


def audit_record(
    *, actor: Any, verb: str, target: models.Model | type[models.Model], **detail: Any
) -> AuditEvent:
    """Record that ``actor`` did ``verb`` to ``target``. ``detail`` must hold ids, never free text.

    ``target`` is a row, or a model for what was done to many of its rows (``detail`` says which)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=target._meta.label_lower,
        object_id=str(target.pk) if isinstance(target, models.Model) else "",
        detail=detail,
    )
