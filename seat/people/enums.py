from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    PARTICIPATE = "participate", _("Take part and have my input used")
    QUOTE_ANONYMOUSLY = "quote_anonymously", _("Quote my words without any name")
    QUOTE_PSEUDONYM = "quote_pseudonym", _("Quote my words under my chosen name")
    MEDIA = "media", _("Share my words with journalists or the media")
    RESEARCH = "research", _("Use my input in research")


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Given online by the person")
    VERBAL = "verbal", _("Said aloud, witnessed by a facilitator")
    PHONE = "phone", _("Said on a phone call, witnessed by a facilitator")


class MeetingPreference(models.TextChoices):
    """How a member prefers to hear of and take part in consultations (her partner reads it)."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone call")
    ONLINE = "online", _("Online, in Seat")


# Bump when the wording a person agrees to changes; each record keeps the version it was given under.
CONSENT_TEXT_VERSION = "2026-11"
