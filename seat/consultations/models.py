from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.accounts.models import Organisation
from seat.consultations.enums import (
    PARTICIPANT_LANGUAGES,
    Attribution,
    ChangeKind,
    ConsultationStatus,
    ContributionChannel,
    EngagementMethod,
    Influence,
    InvitationStatus,
    MaterialState,
    PayMethod,
    PayUnit,
    Stage,
)

# How long its text may be: every page she reads it on fits the first round trip (limits.py).
from seat.consultations.limits import (
    CONTENT_NOTE_MAX_CHARS,
    PLAIN_SUMMARY_MAX_CHARS,
    PURPOSE_MAX_CHARS,
    QUESTION_MAX_CHARS,
    TITLE_MAX_CHARS,
)
from seat.core.bounds import PAY_WITHIN_DAYS_DEFAULT, PAY_WITHIN_DAYS_MAX, PAY_WITHIN_DAYS_MIN
from seat.core.models import PublicModel
from seat.core.money import pay_total
from seat.core.phone import phone_problem
from seat.core.privacy.crypto import EncryptedTextField
from seat.core.support import SupportContact, site_support, support_contact
from seat.people.models import ExpertProfile


def validate_phone(value: str) -> None:
    if problem := phone_problem(value):
        raise ValidationError(problem, code="phone")


# The longest cancellation message: a few sentences, read on a small phone.
CANCEL_MESSAGE_MAX_CHARS = 1000


class Project(PublicModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    stage = models.CharField(_("current stage"), max_length=20, choices=Stage.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title


# What staff set on an engagement plan, in the order the form shows it; the services and the
# history take these and nothing else.
ENGAGEMENT_PLAN_FIELDS = (
    "stage",
    "method",
    "starts_on",
    "ends_on",
    "budget",
    "currency",
    "lead",
    "survivor_led",
)


class EngagementPlan(PublicModel):
    """How a project means to hear survivors at one of its stages: by what method, when, with
    what budget and who leads. One per project and stage; what actually happened at the stage
    is the consultations made for it (``Consultation.stage``), so the project page and the
    stage-coverage metric compare the two."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="engagement_plans")
    stage = models.CharField(_("project stage"), max_length=20, choices=Stage.choices)
    method = models.CharField(
        _("how survivors give input"), max_length=20, choices=EngagementMethod.choices
    )
    starts_on = models.DateField(_("planned start"))
    ends_on = models.DateField(_("planned end"))
    # The whole stage's budget for survivor input (pay, costs, interpretation), in one currency.
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    # A role or a partner organisation ("Amar Kantha Survivor Collective", "our programme
    # officer"): never a survivor's name or contact details, and the history keeps no value.
    lead = models.CharField(_("who leads"), max_length=200)
    survivor_led = models.BooleanField(
        _("led by survivors or a survivor-led organisation"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("engagement plan")
        verbose_name_plural = _("engagement plans")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="one_plan_per_stage"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="plan_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()}"


# What staff set on a consultation, in the order the form shows it: the create and edit form
# and a correction (corrections.py) take these, and nothing else.
CONSULTATION_EDITABLE_FIELDS = (
    "title",
    "purpose",
    "plain_summary",
    "content_note",
    "stage",
    "material_state",
    "influence",
    "opens_on",
    "deadline",
    "expected_hours",
    "pay_rate",
    "pay_unit",
    "currency",
    "pay_within_days",
    "pay_method",
    "expenses_covered",
    "expenses_how",
    "languages",
    "text_language",
    "interpretation",
    "support_name",
    "support_phone",
    "support_hours",
)


class Consultation(PublicModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(_("title"), max_length=TITLE_MAX_CHARS)
    purpose = models.TextField(
        _("what it is for and what will change"), max_length=PURPOSE_MAX_CHARS
    )
    # The consultation in a few everyday words, for people who read little: shown first on her
    # pages and read aloud (portal.audio). Optional; the purpose stands in when it is empty.
    plain_summary = models.TextField(
        _("plain-language summary"), blank=True, max_length=PLAIN_SUMMARY_MAX_CHARS
    )
    # Read before the questions when they touch on distressing topics (DESIGN.md, UI principles):
    # plain text, shown on the invitation and above the questions, never as HTML.
    content_note = models.TextField(
        _("content note"), blank=True, max_length=CONTENT_NOTE_MAX_CHARS
    )
    stage = models.CharField(_("project stage"), max_length=20, choices=Stage.choices)
    material_state = models.CharField(
        _("how finished the work is"), max_length=20, choices=MaterialState.choices
    )
    influence = models.CharField(
        _("how much influence people will have"), max_length=20, choices=Influence.choices
    )
    opens_on = models.DateField(_("invitations go out on"))
    deadline = models.DateField(_("last day to take part"))
    expected_hours = models.DecimalField(_("expected hours"), max_digits=5, decimal_places=1)
    pay_rate = models.DecimalField(
        _("pay rate"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    pay_unit = models.CharField(_("pay unit"), max_length=10, choices=PayUnit.choices, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    expenses_covered = models.BooleanField(_("travel, data and childcare costs are covered"))
    # What survivors are told before accepting, and what Seat then holds the organisation to: a
    # payment line is due this many days after the input is sent (compensation.selectors).
    pay_within_days = models.PositiveSmallIntegerField(
        _("paid within how many days of sending input"), default=PAY_WITHIN_DAYS_DEFAULT
    )
    pay_method = models.CharField(
        _("how people are paid"), max_length=20, choices=PayMethod.choices, blank=True
    )
    expenses_how = models.CharField(_("how to get costs paid back"), max_length=500, blank=True)
    languages = models.CharField(_("languages offered"), max_length=100)
    # The language the title, purpose, content note and questions are written in; the other
    # languages offered get theirs from translations (ConsultationTranslation).
    text_language = models.CharField(
        _("written in"), max_length=10, choices=PARTICIPANT_LANGUAGES, default="en"
    )
    interpretation = models.BooleanField(_("interpretation is provided"), default=False)
    # Who a survivor can ask for help with this consultation (seat.core.support); when it names
    # no one, the site's contact applies. The phone is stored as read, in international form.
    support_name = models.CharField(_("who to ask for help"), max_length=300, blank=True)
    support_phone = models.CharField(
        _("support phone number"), max_length=32, blank=True, validators=[validate_phone]
    )
    support_hours = models.CharField(_("when the phone is answered"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    # What the organisation told the people invited when it cancelled: plain text, shown to them
    # on the invitation page and in their inbox, never as HTML.
    cancel_message = models.TextField(
        _("message to the people invited"), blank=True, max_length=CANCEL_MESSAGE_MAX_CHARS
    )

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(pay_rate__isnull=True) | models.Q(pay_rate__gte=0),
                name="pay_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    pay_within_days__gte=PAY_WITHIN_DAYS_MIN,
                    pay_within_days__lte=PAY_WITHIN_DAYS_MAX,
                ),
                name="pay_within_days_in_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.project.organisation

    @property
    def is_paid(self) -> bool:
        return bool(self.pay_rate and self.pay_rate > 0)

    @property
    def short_notice(self) -> bool:
        """Fewer days between invitations and the last day than the organisation's minimum lead
        time. Only a warning for staff: issue 9's quality check decides what it blocks."""
        lead = (self.deadline - self.opens_on).days
        return lead < self.project.organisation.min_lead_days

    @property
    def response_due_on(self) -> datetime.date:
        """The day by which each contribution is to be answered: the organisation's response
        target counted from the last day to take part (not from when the input was sent), read
        now, so a changed target moves the date on every page."""
        return self.deadline + datetime.timedelta(days=self.project.organisation.response_days)

    @property
    def pay_units(self) -> Decimal:
        """How many units of pay the expected time makes: its hours for an hourly rate, one
        day or one session otherwise. The first payment line starts from the same figure."""
        return self.expected_hours if self.pay_unit == PayUnit.HOUR else Decimal(1)

    @property
    def expected_pay(self) -> Decimal | None:
        """The total promised for the expected time, by the rule payment lines use; None when
        the consultation is not paid."""
        if not self.is_paid or self.pay_rate is None:
            return None
        return pay_total(units=self.pay_units, rate=self.pay_rate)

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def support_lang(self) -> str:
        """The language its own support contact is written in (its text's); "" for the site's."""
        own = self.support_name or self.support_phone or self.support_hours
        return self.text_language if own else ""

    @property
    def support(self) -> SupportContact | None:
        """Who to ask for help: this consultation's contact, else the site's, else nobody."""
        own = support_contact(
            name=self.support_name, phone=self.support_phone, hours=self.support_hours
        )
        return own or site_support()


class ConsultationTranslation(PublicModel):
    """A consultation's text (title, purpose, content note and questions) in one more of the
    languages it is offered in, entered by staff. ``source_digest`` is the digest of the text it
    translates (translations.source_digest): once that text changes, the translation is out of
    date and readers get the original with a notice, never a translation of something else."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=10, choices=PARTICIPANT_LANGUAGES)
    title = models.CharField(_("title"), max_length=TITLE_MAX_CHARS)
    purpose = models.TextField(
        _("what it is for and what will change"), max_length=PURPOSE_MAX_CHARS
    )
    plain_summary = models.TextField(
        _("plain-language summary"), blank=True, max_length=PLAIN_SUMMARY_MAX_CHARS
    )
    content_note = models.TextField(
        _("content note"), blank=True, max_length=CONTENT_NOTE_MAX_CHARS
    )
    # One per question, in the questions' order.
    questions = models.JSONField(_("questions"), default=list)
    source_digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} [{self.language}]"


class Question(PublicModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("question"), max_length=QUESTION_MAX_CHARS)

    class Meta:
        ordering = ["position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="one_question_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Change(PublicModel):
    """One correction to a project, one of its consultations or engagement plans: who made it, when, and each
    changed field's value before and after (``fields``: name → [old, new], as text).

    Written by the service that makes the change, in its transaction. Values are kept only for
    fields that name nobody and hold no long text (``services.HISTORY_VALUES``); for the others
    (the support contact's name and phone, the purpose, the questions) the history says that
    they changed, with both values ``None``. A deleted consultation leaves a row on its project
    (``consultation`` empty, ``subject`` its title).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("what was done"), max_length=10, choices=ChangeKind.choices)
    subject = models.CharField(_("changed item"), max_length=200)
    # Set when the change was to the project's engagement plan for this stage: the history
    # names the plan by its stage in the reader's language, not by ``subject``.
    plan_stage = models.CharField(
        _("plan for the stage"), max_length=20, choices=Stage.choices, blank=True
    )
    fields = models.JSONField(_("changed fields"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.subject} · {self.kind}"


class Invitation(PublicModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="invitations")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # When it reached the person: the consultation is open and its "invitations go out on" day
    # has come. Until then she does not see it, and nothing about it reaches her.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set when a partner (a survivor-led organisation) forwarded it to one of its members: the
    # host then sees her pseudonym and counts only, and her pay and answers flow through it.
    via = models.ForeignKey(
        "partners.PartnerRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("forwarded by a partner"),
    )
    # Set when the partner's facilitator recorded her answer for her, in person.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answer recorded by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "expert"], name="one_invitation_per_expert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} → {self.expert}"


class Contribution(PublicModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="contributions"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="contribution"
    )
    # One person's input, or (expert empty) a collective's one contribution in the name of
    # ``members_count`` of its members, never saying who.
    expert = models.ForeignKey(
        ExpertProfile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    collective = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_contributions",
        verbose_name=_("given by the collective"),
    )
    members_count = models.PositiveSmallIntegerField(
        _("members who took part"), null=True, blank=True
    )
    # The in-person session it was written down at, when it was.
    capture = models.ForeignKey(
        "partners.Capture",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    channel = models.CharField(_("channel"), max_length=12, choices=ContributionChannel.choices)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written down by"),
    )
    attribution = models.CharField(
        _("how it may be quoted"), max_length=12, choices=Attribution.choices
    )
    # The form carries a random key; a resubmitted form (double click, retry on a bad
    # connection) finds the first contribution instead of making a second.
    idempotency_key = models.UUIDField(unique=True)
    # When Seat deleted its answers at the end of their retention period (seat.rights.retention):
    # the row stays, without words, for the counts and the payment line that name it; her page
    # and the organisation's say the words were deleted, and when.
    words_deleted_at = models.DateTimeField(_("words deleted on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(expert__isnull=False, collective__isnull=True, members_count=None)
                    | models.Q(expert__isnull=True, collective__isnull=False, members_count__gte=1)
                ),
                name="contribution_from_a_person_or_a_collective",
            ),
            models.UniqueConstraint(
                fields=["capture", "expert"],
                condition=models.Q(capture__isnull=False),
                name="one_contribution_per_participant_per_capture",
            ),
            # A collective speaks once per consultation, in the name of all who took part.
            models.UniqueConstraint(
                fields=["consultation", "collective"],
                condition=models.Q(collective__isnull=False),
                name="one_contribution_per_collective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation} · {self.created_at:%Y-%m-%d}"


# The longest answer Seat keeps, in characters. Forms show it before she types, and longer text is
# refused with what she wrote kept in the form: never cut (browsers cut a paste silently at a
# textarea's maxlength, so the forms do not set one).
ANSWER_MAX_CHARS = 5000


class Answer(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), max_length=ANSWER_MAX_CHARS)

    class Meta:
        ordering = ["question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), ANSWER_MAX_CHARS),
                name="answer_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class KeptAnswer(PublicModel):
    """What someone typed for an invitation and sent after the idle logout had ended her session.

    Kept encrypted, for the invitation's own expert only, for a few hours: she finds it waiting in
    the form after logging in again. Sending the form, or the end of its lifetime, deletes it.
    """

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="kept_answer"
    )
    # A JSON object of the form's fields (answers by field name, the quoting choice, the form's
    # idempotency key), as a Fernet token.
    fields = EncryptedTextField(_("what was typed"))
    expires_at = models.DateTimeField(_("deleted at"))

    class Meta:
        verbose_name = _("answer kept after a logout")
        verbose_name_plural = _("answers kept after a logout")

    def __str__(self) -> str:
        return str(self.pk)


class ConsultationCheck(PublicModel):
    """The quality check (``quality.check_consultation``) as it was run when a consultation was
    published or corrected: its findings, score and the values it read, kept with the version
    people were invited to. ``override_reason`` is the organisation admin's reason for
    publishing despite blockers (counted by ``selectors.check_overrides_count``)."""

    class Trigger(models.TextChoices):
        PUBLISH = "publish", pgettext_lazy("quality check run on", "Opened")
        CORRECTION = "correction", pgettext_lazy("quality check run on", "Corrected")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="checks")
    trigger = models.CharField(_("run when"), max_length=12, choices=Trigger.choices)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score"))
    # [{"code", "severity", "message", "field"}], in the order the check gives them.
    findings = models.JSONField(_("findings"), default=list)
    # The values the check read (quality.Draft as JSON), so the result can be understood later.
    checked_fields = models.JSONField(_("what was checked"), default=dict)
    blockers = models.PositiveSmallIntegerField(_("blockers"), default=0)
    override_reason = models.TextField(_("reason to open despite blockers"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("quality check")
        verbose_name_plural = _("quality checks")

    def __str__(self) -> str:
        return f"{self.consultation} · {self.score}"
