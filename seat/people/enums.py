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
    SMS = "sms", _("Given by the person by text message (SMS)")


class MeetingPreference(models.TextChoices):
    """How a member prefers to hear of and take part in consultations (her partner reads it)."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone call")
    ONLINE = "online", _("Online, in Seat")


# Bump when the wording a person agrees to changes; each record keeps the version it was given under.
CONSENT_TEXT_VERSION = "2026-11"


# What each purpose means, in words a facilitator reads aloud after its wording (she hears it in
# her language: partners' consent page). It says what Seat does with her answer, nothing more.
_CONSENT_EXPLANATIONS = {
    ConsentPurpose.PARTICIPATE: _(
        "The organisation that asked may read what you say and use it in its work. If you say "
        "no, or take it back later, it can no longer read it."
    ),
    ConsentPurpose.QUOTE_ANONYMOUSLY: _(
        "Your own words may be repeated, without any name, when you also chose that as you "
        "gave them."
    ),
    ConsentPurpose.QUOTE_PSEUDONYM: _(
        "Your own words may be repeated under the name you chose, never your real name, when "
        "you also chose that as you gave them."
    ),
    ConsentPurpose.MEDIA: _(
        "Whether your words may be shared with journalists or the media. Your real name is "
        "never shared."
    ),
    ConsentPurpose.RESEARCH: _(
        "Whether your input may be used in research, for example a study of what helps people. "
        "Your real name is never part of it."
    ),
}


def consent_explanation(purpose: str) -> str:
    """What ``purpose`` means, in the active language."""
    return str(_CONSENT_EXPLANATIONS[ConsentPurpose(purpose)])


CONSENT_INTRO = _(
    "I will read you what may be done with what you say. For each, you can say yes or no. You "
    "can change your mind at any time: tell us, and your new answer applies from then on."
)


# Diversity self-identification (people.diversity): every answer optional, "prefer not to say"
# is no answer at all. Organisations see only totals (insights.diversity), never one person's.


class Exploitation(models.TextChoices):
    """The form of exploitation, as a category only: Seat never asks what happened."""

    SEX = "sex", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    BOTH = "both", _("Both")
    OTHER = "other", _("Another form")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("In my own words")


class AgeBand(models.TextChoices):
    FROM_18_TO_24 = "18_24", _("18 to 24")
    FROM_25_TO_34 = "25_34", _("25 to 34")
    FROM_35_TO_44 = "35_44", _("35 to 44")
    FROM_45_TO_54 = "45_54", _("45 to 54")
    FROM_55 = "55_plus", _("55 or older")


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", _("Heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Attracted to more than one gender")
    SELF_DESCRIBED = "self_described", _("In my own words")


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


# The one code every "in my own words" answer is counted under: her words are never counted.
SELF_DESCRIBED = "self_described"

# Small-cell rules shared by her page ("who sees what") and the totals (insights.diversity):
# a count is shown only when at least DIVERSITY_MIN_CELL people are in it, rounded to a
# multiple of DIVERSITY_ROUND_TO, and only for groups of at least DIVERSITY_MIN_PEOPLE people.
DIVERSITY_MIN_CELL = 5
DIVERSITY_ROUND_TO = 5
DIVERSITY_MIN_PEOPLE = 10
