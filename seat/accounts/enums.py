from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("Non-governmental organisation")
    BUSINESS = "business", _("Business")
    SURVIVOR_LED = "survivor_led", _("Survivor-led organisation")
    COLLECTIVE = "collective", _("Collective")
    FUNDER = "funder", _("Funder")
    RESEARCH = "research", _("Research institution")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Staff")
    FACILITATOR = "facilitator", _("Facilitator")
    FINANCE = "finance", _("Finance")
    VIEWER = "viewer", _("Viewer")
    # A person with lived experience who advises this organisation (for example in its
    # self-assessment); their answers are their own.
    ADVISOR = "advisor", _("Survivor advisor")


class SecurityNoticeKind(models.TextChoices):
    DEVICE_ADDED = "device_added", _("An authenticator app was added")
