from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import Organisation
from seat.compensation.models import PaymentLine
from seat.core.models import PublicModel
from seat.people.models import ExpertProfile
from seat.trainings.enums import ImportStatus

PARTICIPANTS_MAX = 10_000
AUDIENCE_MAX = 120
PLACE_MAX = 100
FEEDBACK_MAX = 300


class TrainingSession(PublicModel):
    """One session a survivor trainer delivered for an organisation to an audience (a police
    station, a school, a labour office), and what she is paid for it.

    The same session is recorded once: ``key`` is the digest of its natural key (trainer, day,
    audience, place; audience and place compared without case or extra spaces), unique within
    the organisation, so a file imported twice or a form sent twice records nothing new."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="training_sessions"
    )
    trainer = models.ForeignKey(
        ExpertProfile, on_delete=models.PROTECT, related_name="training_sessions"
    )
    audience = models.CharField(_("audience"), max_length=AUDIENCE_MAX)
    delivered_on = models.DateField(_("delivered on"))
    # A town or district, never an address: where she trains can say where she lives.
    place = models.CharField(_("place"), max_length=PLACE_MAX)
    participants = models.PositiveIntegerField(_("participants"))
    # What the audience said of the session; never anything about the trainer's own life.
    feedback = models.CharField(_("feedback"), max_length=FEEDBACK_MAX, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    payment = models.OneToOneField(
        PaymentLine, on_delete=models.PROTECT, related_name="training_session"
    )
    key = models.CharField(max_length=64, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-delivered_on", "-created_at"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_training_session"),
            models.CheckConstraint(
                condition=models.Q(participants__gte=1)
                & models.Q(participants__lte=PARTICIPANTS_MAX),
                name="training_participants_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | (models.Q(rating__gte=1) & models.Q(rating__lte=5)),
                name="training_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-delivered_on"])]

    def __str__(self) -> str:
        return f"{self.delivered_on:%Y-%m-%d} {self.audience}"


class TrainingImport(PublicModel):
    """One CSV file of sessions uploaded, and what became of each row: saved, already recorded
    (the same session was in Seat before), or rejected with the reasons, so the person who
    uploaded it can fix those rows and upload them again."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="training_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # SHA-256 of the file: the same file uploaded again is recognised and said so.
    digest = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    # The file's text until its rows are written, then emptied: Seat keeps what became of each
    # row, not the file.
    text = models.TextField(blank=True)
    # Rows are written in chunks; a run that stopped resumes at the first row not yet written.
    next_index = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    header = models.JSONField(default=list)
    rows = models.PositiveIntegerField(default=0)
    saved = models.PositiveIntegerField(default=0)
    already = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # [[row number, session id], ...]
    saved_rows = models.JSONField(default=list)
    already_rows = models.JSONField(default=list)
    # [{"row": n, "problems": [text, ...], "cells": [as uploaded, in header order]}, ...]; the
    # problems are written in the language of the person who uploaded the file.
    rejected_rows = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("training sessions import")
        verbose_name_plural = _("training sessions imports")

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.created_at:%Y-%m-%d %H:%M}"
