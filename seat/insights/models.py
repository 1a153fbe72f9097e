"""Materialised summaries the metrics read instead of passing over every contribution.

One row of counts per consultation (``ConsultationFigures``) and a histogram of the days its
input waited for an answer (``AnswerDelay``), so an organisation with 100,000 contributions is
measured over its few thousand consultations, and medians stay exact (a histogram keeps every
value; a stored median could not be combined across consultations).

They are caches, never the truth: ``summaries.py`` rebuilds a consultation's rows from its
contributions and answers whenever they may have changed (``StaleConsultation``) or are missing.
"""

from __future__ import annotations

from django.db import models


class CopiedFromConsultation(models.Model):
    """What a summary row copies from its consultation, so a period's consultations are found in
    the summary's own index without scanning every consultation (a change to the consultation
    marks it stale, and the copy is made again)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey("consultations.Project", on_delete=models.CASCADE, related_name="+")
    opens_on = models.DateField()
    published = models.BooleanField()

    class Meta:
        abstract = True


class ConsultationFigures(CopiedFromConsultation):
    """Counts over one consultation's input. What depends on today (whether the consultation
    has closed) or on the consultation itself (pay, stage, influence) is read from the
    consultation when measuring, so nothing here goes stale with time."""

    consultation = models.OneToOneField(
        "consultations.Consultation",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="insights_figures",
    )
    contributions = models.PositiveIntegerField()
    # People who spoke through a collective (its stated number), not in their own name.
    collective_members = models.PositiveIntegerField()
    from_collectives = models.PositiveIntegerField()
    # Input with an answer shared with the person; of those, decided, and adopted in part or whole.
    shared = models.PositiveIntegerField()
    decided = models.PositiveIntegerField()
    adopted = models.PositiveIntegerField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "opens_on"], name="figures_by_organisation"),
            models.Index(fields=["opens_on"], name="figures_by_day"),
        ]

    def __str__(self) -> str:
        return f"figures of {self.consultation_id}"


class AnswerDelay(CopiedFromConsultation):
    """How many of a consultation's answered contributions waited ``days`` calendar days from
    the day of the input to the day the answer was shared."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="+"
    )
    days = models.IntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "days"], name="one_delay_row_per_day")
        ]
        indexes = [
            models.Index(
                fields=["organisation", "opens_on"],
                include=["days", "count"],
                name="delays_by_organisation",
            ),
            models.Index(fields=["opens_on"], include=["days", "count"], name="delays_by_day"),
        ]

    def __str__(self) -> str:
        return f"{self.count} answered after {self.days} days"


class StaleConsultation(models.Model):
    """A consultation that is new, or whose input, answers or dates changed since its figures
    were computed. Written
    after the change commits, removed just before the figures are computed again, so a change
    that lands while they are being computed leaves its mark for the next reader."""

    consultation_id = models.UUIDField(primary_key=True)
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"stale {self.consultation_id}"
