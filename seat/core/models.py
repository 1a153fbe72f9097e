"""Core models: the base for opaque ids, and the append-only audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicModel(models.Model):
    """Primary keys are random UUIDs, so nothing in a URL can be counted or guessed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One row per action that matters, written by services in the same transaction.

    It holds ids and a verb, never names or free text, so the log itself is safe to read.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    # The organisation the event happened in, when known (seat.core.privacy.audit): its admins
    # read the log through it. A plain id, not a foreign key: the log outlives what it names,
    # and core does not depend on the accounts app.
    organisation_id = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # An organisation's newest event, read on every insights view to know whether its
            # cached figures still hold (insights.selectors.figures_for).
            models.Index(fields=["organisation_id", "-id"], name="audit_newest_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_type}:{self.object_id}"
