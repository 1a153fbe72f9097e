from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Perspective(models.TextChoices):
    STAFF = "staff", pgettext_lazy("assessment perspective", "Staff")
    SURVIVOR = "survivor", pgettext_lazy("assessment perspective", "Survivor advisors")


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("assessment round status", "Open for answers")
    CLOSED = "closed", pgettext_lazy("assessment round status", "Completed")


class AdvisorRequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("advisor request status", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("advisor request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("advisor request status", "Declined")
    WITHDRAWN = (
        "withdrawn",
        pgettext_lazy("advisor request status", "Withdrawn by the organisation"),
    )
    ENDED = "ended", pgettext_lazy("advisor request status", "Ended")


class ActionStatus(models.TextChoices):
    TODO = "todo", pgettext_lazy("action status", "To do")
    DOING = "doing", pgettext_lazy("action status", "In progress")
    DONE = "done", pgettext_lazy("action status", "Done")


# Levels are 1..4, lowest first; the framework file gives each its descriptor.
LEVELS = [
    (1, pgettext_lazy("maturity level", "Not yet")),
    (2, pgettext_lazy("maturity level", "Emerging")),
    (3, pgettext_lazy("maturity level", "Established")),
    (4, pgettext_lazy("maturity level", "Leading")),
]
LEVEL_LABELS = dict(LEVELS)
MIN_LEVEL, MAX_LEVEL = 1, 4
DONT_KNOW = _("I don't know")
