from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """Where a conversation about one invitation stands: what her next message answers."""

    INVITED = "invited", _("waiting for yes or no")
    CONSENT = "consent", _("waiting for her choice about quoting")
    QUESTIONS = "questions", _("answering the questions")
    DONE = "done", _("input saved")
    DECLINED = "declined", _("said no")
    CLOSED = "closed", _("closed")


# Steps whose next message from her moves the conversation on.
OPEN_STEPS = (Step.INVITED, Step.CONSENT, Step.QUESTIONS)


class OutboundStatus(models.TextChoices):
    PENDING = "", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
