from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.accountability.enums import DECISIONS, Outcome
from seat.core.models import PublicModel

# A reason per question is a sentence or two; the whole response has room for more.
QUESTION_REASON_MAX_CHARS = 2000


class Response(PublicModel):
    """What became of one contribution, and why, told to the person who gave it."""

    contribution = models.OneToOneField(
        "consultations.Contribution", on_delete=models.CASCADE, related_name="response"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=4000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared with the contributor at"), null=True, blank=True)
    # For input given through a partner: when its facilitator told the person, in her language.
    relayed_at = models.DateTimeField(_("told to the person at"), null=True, blank=True)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def is_decided(self) -> bool:
        return self.outcome in DECISIONS


class QuestionResponse(PublicModel):
    """What became of her answer to one question, where staff answer it apart from the rest
    (a question's answer adopted while the rest was not, say). Optional; shown to her beside
    the answer it is about."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="per_question")
    question = models.ForeignKey(
        "consultations.Question", on_delete=models.CASCADE, related_name="responses"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=QUESTION_REASON_MAX_CHARS)

    class Meta:
        ordering = ["question__position"]
        verbose_name = _("response to one question")
        verbose_name_plural = _("responses to one question")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_response_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


# Outcome reports (issue 12): what a consultation heard and did, told to the people who took
# part. Each of the four parts is at most this long, so that the reader's page, with all four
# in Bengali, fits the first round trip (tests/test_outcome_reports.py, page weights).
REPORT_PART_MAX_CHARS = 1000
# The parts of a report and of each translation, in the order they are read.
REPORT_PARTS = ("heard", "changed", "unchanged", "next_steps")


class OutcomeReport(PublicModel):
    """What an organisation heard in a consultation, what changed, what did not and why, and
    what happens next: written by staff for the people who took part, in one language
    (``language``), with translations into others (``OutcomeReportTranslation``).

    Sent once (``sent_at``); from then on its text and its translations are fixed (services
    refuse edits): what each person received is what the delivery row says she received. To say
    more, staff write and send a new report on the same consultation. A language not translated
    yet may still be added after sending: readers who got the original then find it in theirs.
    """

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="outcome_reports"
    )
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES)
    heard = models.TextField(_("what we heard"), max_length=REPORT_PART_MAX_CHARS)
    changed = models.TextField(_("what changed"), max_length=REPORT_PART_MAX_CHARS)
    unchanged = models.TextField(
        _("what did not change, and why"), max_length=REPORT_PART_MAX_CHARS
    )
    next_steps = models.TextField(_("what happens next"), max_length=REPORT_PART_MAX_CHARS)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("first sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")

    def __str__(self) -> str:
        return f"{self.consultation_id} · {self.created_at:%Y-%m-%d}"


class OutcomeReportTranslation(PublicModel):
    """A report's four parts in one more of the site's languages, entered by staff."""

    report = models.ForeignKey(OutcomeReport, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    heard = models.TextField(_("what we heard"), max_length=REPORT_PART_MAX_CHARS)
    changed = models.TextField(_("what changed"), max_length=REPORT_PART_MAX_CHARS)
    unchanged = models.TextField(
        _("what did not change, and why"), max_length=REPORT_PART_MAX_CHARS
    )
    next_steps = models.TextField(_("what happens next"), max_length=REPORT_PART_MAX_CHARS)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("report translation")
        verbose_name_plural = _("report translations")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language"], name="one_report_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} [{self.language}]"


class OutcomeDelivery(PublicModel):
    """One report delivered to one recipient, once: an expert who gave input (``recipient``,
    her account), or a partner whose members gave input through it (``partner``: its
    facilitators read it to them). ``contributions`` are the input it answers; a contribution
    added after the first send joins the delivery of a recipient who already had the report,
    without a second message.

    ``language`` is the language of the text chosen for her when it was sent; ``fell_back``
    says it was the original because no translation into ``wanted_language`` (hers) existed.
    """

    report = models.ForeignKey(OutcomeReport, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_deliveries",
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_deliveries",
    )
    contributions = models.ManyToManyField(
        "consultations.Contribution", related_name="outcome_deliveries"
    )
    language = models.CharField(_("language sent"), max_length=10)
    wanted_language = models.CharField(_("reader's language"), max_length=10)
    fell_back = models.BooleanField(_("sent in the original language"), default=False)
    sent_at = models.DateTimeField(_("sent at"))
    read_at = models.DateTimeField(_("first read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("outcome report delivery")
        verbose_name_plural = _("outcome report deliveries")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(recipient__isnull=False, partner__isnull=True)
                    | models.Q(recipient__isnull=True, partner__isnull=False)
                ),
                name="outcome_delivery_to_a_person_or_a_partner",
            ),
            models.UniqueConstraint(
                fields=["report", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="one_outcome_delivery_per_person",
            ),
            models.UniqueConstraint(
                fields=["report", "partner"],
                condition=models.Q(partner__isnull=False),
                name="one_outcome_delivery_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.recipient_id or self.partner_id}"
