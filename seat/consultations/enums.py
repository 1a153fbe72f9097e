from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The languages survivors read live in core: the people app names an expert's languages too.
from seat.core.languages import LANGUAGE_NAMES as LANGUAGE_NAMES
from seat.core.languages import PARTICIPANT_LANGUAGES as PARTICIPANT_LANGUAGES
from seat.core.money import PayMethod as PayMethod


class Stage(models.TextChoices):
    DESIGN = "design", pgettext_lazy("project stage", "Design")
    IMPLEMENTATION = "implementation", pgettext_lazy("project stage", "Implementation")
    EVALUATION = "evaluation", pgettext_lazy("project stage", "Evaluation")


class EngagementMethod(models.TextChoices):
    """How a project plans to hear survivors at a stage. The first six are the formats a
    consultation can take (issue 9's API ``format``); an advisory council is standing input
    rather than a single call."""

    WRITTEN = "written", pgettext_lazy("engagement method", "Written input")
    ONLINE_MEETING = "online_meeting", pgettext_lazy("engagement method", "Online meeting")
    IN_PERSON = "in_person", pgettext_lazy("engagement method", "Meeting in person")
    FOCUS_GROUP = "focus_group", pgettext_lazy("engagement method", "Focus group")
    SURVEY = "survey", pgettext_lazy("engagement method", "Survey")
    VOICE = "voice", pgettext_lazy("engagement method", "Voice messages or phone calls")
    ADVISORY_COUNCIL = (
        "advisory_council",
        pgettext_lazy("engagement method", "Survivor advisory council"),
    )


class MaterialState(models.TextChoices):
    CONCEPT = "concept", _("An idea or concept")
    EARLY_DRAFT = "early_draft", _("An early draft")
    NEAR_FINAL = "near_final", _("Nearly final")
    FINAL = "final", _("Final")


class Influence(models.TextChoices):
    INFORM = "inform", pgettext_lazy("influence level", "Inform")
    CONSULT = "consult", pgettext_lazy("influence level", "Consult")
    INVOLVE = "involve", pgettext_lazy("influence level", "Involve")
    COLLABORATE = "collaborate", pgettext_lazy("influence level", "Collaborate")
    EMPOWER = "empower", pgettext_lazy("influence level", "Empower")


class PayUnit(models.TextChoices):
    HOUR = "hour", pgettext_lazy("pay unit", "per hour")
    DAY = "day", pgettext_lazy("pay unit", "per day")
    SESSION = "session", pgettext_lazy("pay unit", "per session")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation status", "Draft")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CLOSED = "closed", pgettext_lazy("consultation status", "Closed")
    # Stopped before its last day, with a message to the people invited (services.consultation_cancel).
    CANCELLED = "cancelled", pgettext_lazy("consultation status", "Cancelled")


class ChangeKind(models.TextChoices):
    """What a correction did, as the history on the staff pages names it."""

    ADDED = "added", pgettext_lazy("change kind", "Added")
    EDITED = "edited", pgettext_lazy("change kind", "Changed")
    CANCELLED = "cancelled", pgettext_lazy("change kind", "Cancelled")
    DELETED = "deleted", pgettext_lazy("change kind", "Deleted")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation status", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation status", "Declined")


class ContributionChannel(models.TextChoices):
    WEB = "web", _("Online, by the person")
    FACILITATOR = "facilitator", _("In person, written down by a facilitator")
    COLLECTIVE = "collective", _("From a collective, in the name of its members")
    SMS = "sms", _("By text message (SMS), by the person")


class Attribution(models.TextChoices):
    NOT_QUOTED = "not_quoted", _("Use my input, but do not quote my words")
    ANONYMOUS = "anonymous", _("You may quote my words without any name")
    PSEUDONYM = "pseudonym", _("You may quote my words under my chosen name")
