from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerRequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("partner request status", "Waiting for the partner")
    ACCEPTED = "accepted", pgettext_lazy("partner request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("partner request status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("partner request status", "Withdrawn by the host")


class CollectivePay(models.TextChoices):
    """How pay for a collective's one contribution reaches people (the host chooses when asking)."""

    TO_COLLECTIVE = "to_collective", _("To the collective, for its work with its members")
    PER_MEMBER = "per_member", _("To each member who took part, through the collective")


class SessionKind(models.TextChoices):
    FOCUS_GROUP = "focus_group", pgettext_lazy("in-person session", "Focus group")
    VILLAGE_MEETING = "village_meeting", pgettext_lazy("in-person session", "Village meeting")
    ONE_TO_ONE = "one_to_one", pgettext_lazy("in-person session", "Meeting one to one")
    PHONE_CALL = "phone_call", pgettext_lazy("in-person session", "Phone call")
