"""Kinds of opportunity, how pay is counted, and where an opportunity and an application stand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class OpportunityKind(models.TextChoices):
    STAFF = "staff", pgettext_lazy("opportunity kind", "Paid staff role")
    CONSULTANT = "consultant", pgettext_lazy("opportunity kind", "Consultant")
    TRAINER = "trainer", pgettext_lazy("opportunity kind", "Trainer")
    TRAINING = "training", pgettext_lazy("opportunity kind", "Training")
    GRANT = "grant", pgettext_lazy("opportunity kind", "Small grant or business support")


# The kinds that are paid work: someone accepted for one of these is in a paid role.
PAID_ROLE_KINDS = frozenset(
    {OpportunityKind.STAFF, OpportunityKind.CONSULTANT, OpportunityKind.TRAINER}
)


class PayUnit(models.TextChoices):
    HOUR = "hour", pgettext_lazy("pay unit", "per hour")
    DAY = "day", pgettext_lazy("pay unit", "per day")
    MONTH = "month", pgettext_lazy("pay unit", "per month")
    FLAT = "flat", pgettext_lazy("pay unit", "in total")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("opportunity status", "Draft")
    OPEN = "open", pgettext_lazy("opportunity status", "Open")
    CLOSED = "closed", pgettext_lazy("opportunity status", "Closed")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("application status", "Received")
    SHORTLISTED = "shortlisted", pgettext_lazy("application status", "Shortlisted")
    OFFERED = "offered", pgettext_lazy("application status", "Offered")
    ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted (hired)")
    NOT_SELECTED = "not_selected", pgettext_lazy("application status", "Not selected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


S = ApplicationStatus
# Where the organisation may move an application from each status. Accepted, not selected and
# withdrawn are final: nothing moves an application back.
ORGANISATION_MOVES: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.SHORTLISTED, S.OFFERED, S.NOT_SELECTED),
    S.SHORTLISTED: (S.OFFERED, S.NOT_SELECTED),
    S.OFFERED: (S.ACCEPTED, S.NOT_SELECTED),
}
# She may withdraw while nothing is decided, and say yes to an offer herself.
EXPERT_MOVES: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.WITHDRAWN,),
    S.SHORTLISTED: (S.WITHDRAWN,),
    S.OFFERED: (S.ACCEPTED, S.WITHDRAWN),
}
