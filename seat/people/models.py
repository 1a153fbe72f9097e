from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import Organisation
from seat.core.languages import language_names
from seat.core.models import PublicModel
from seat.core.money import PayMethod
from seat.core.privacy.crypto import EncryptedTextField
from seat.people.enums import ConsentChannel, ConsentPurpose, MeetingPreference


class ExpertProfile(PublicModel):
    """A person with lived experience, known to Seat by the name they chose.

    It holds expertise, languages and preferences, never a story of what happened to them.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
        help_text=_("Empty when a facilitator keeps the profile for someone without a device."),
    )
    pseudonym = models.CharField(_("chosen name"), max_length=60)
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("Language codes, comma-separated.")
    )
    expertise = models.CharField(_("areas of expertise"), max_length=300, blank=True)
    meeting_preference = models.CharField(
        _("prefers to take part"), max_length=10, choices=MeetingPreference.choices, blank=True
    )
    pay_preference = models.CharField(
        _("prefers to be paid by"), max_length=20, choices=PayMethod.choices, blank=True
    )
    represented_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented_experts",
        verbose_name=_("survivor-led organisation"),
    )
    # Her account exists only so that text messages reach her (``sms.services``): it has no
    # usable password, nobody logs in to it, and the organisation that represents her keeps her
    # profile as it did before she had one (``kept``).
    sms_only = models.BooleanField(_("account for text messages only"), default=False)

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def kept(self) -> bool:
        """The organisation that represents her keeps this profile for her: she has no login of
        her own (no account, or one for text messages only), so its facilitators change her
        details and preferences, and nothing expects her to read a page in Seat."""
        return self.user_id is None or self.sms_only

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def language_names(self) -> list[tuple[str | None, str]]:
        """(lang, name) for each of her languages, named in itself (core.languages)."""
        return language_names(self.language_codes)


class ExpertIdentity(models.Model):
    """Identifying details, all optional and all encrypted at rest.

    Read only through ``people.services.identity_read``, which checks who is asking and writes
    an audit event.
    """

    profile = models.OneToOneField(
        ExpertProfile, primary_key=True, on_delete=models.CASCADE, related_name="identity"
    )
    legal_name = EncryptedTextField(_("legal name"), blank=True)
    email = EncryptedTextField(_("e-mail address"), blank=True)
    phone = EncryptedTextField(_("phone number"), blank=True)
    payment_details = EncryptedTextField(_("payment details"), blank=True)
    # Where finance sends her money: entered by her (or a facilitator she asked), read by the
    # paying organisation's finance people only, each read audited (people.services.identity_read).
    bank_account = EncryptedTextField(_("bank account"), blank=True, default="")
    mobile_money_number = EncryptedTextField(_("mobile money number"), blank=True, default="")

    class Meta:
        verbose_name = _("expert identity")
        verbose_name_plural = _("expert identities")

    def __str__(self) -> str:
        return str(_("Identity (encrypted)"))


class ConsentRecord(PublicModel):
    """One entry in a person's consent ledger. Never edited: a change is a new record."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("given"))
    text_version = models.CharField(_("wording version"), max_length=20)
    channel = models.CharField(_("channel"), max_length=10, choices=ConsentChannel.choices)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("witnessed by"),
    )
    # The language the wording was read aloud in (verbal and phone consent), and when she said
    # it: a facilitator may write it down later, after a session without a connection.
    language = models.CharField(_("read aloud in"), max_length=12, blank=True)
    given_at = models.DateTimeField(_("said at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["expert", "purpose", "-created_at"])]

    @property
    def language_name(self) -> tuple[str | None, str]:
        """(lang, own name) of the language the wording was read in; ("", "") for none."""
        return language_names([self.language])[0] if self.language else ("", "")

    def __str__(self) -> str:
        state = _("given") if self.given else _("withdrawn")
        return f"{self.get_purpose_display()}: {state}"


class JoinCode(PublicModel):
    """A one-time code that lets one person join Seat as an expert who works with
    ``organisation``, or add that organisation to her existing account.

    Only the keyed digest is kept (``seat.core.onetime``); the code itself is shown once, to the
    member of the organisation who made it. Nothing here says who the code is for: staff never
    type the person's name, and there is no free-text note that could.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_codes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("made by"),
    )
    code_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The random key of the form that made it: the same form arriving twice (a double tap)
    # replaces the first code instead of leaving two live ones.
    form_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("joining code")
        verbose_name_plural = _("joining codes")

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def state(self) -> str:
        """used, withdrawn, expired or waiting."""
        from django.utils import timezone

        if self.used_at is not None:
            return "used"
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "waiting"


class ExpertLink(PublicModel):
    """An expert works with an organisation. She may have several; each organisation sees only
    its own link (selectors take the organisation)."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="links")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="expert_links"
    )
    join_code = models.OneToOneField(
        JoinCode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="link",
        help_text=_("Empty for links made before joining codes existed."),
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("link to an organisation")
        verbose_name_plural = _("links to organisations")
        constraints = [
            models.UniqueConstraint(fields=["expert", "organisation"], name="one_link_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.expert_id} · {self.organisation_id}"


class ResetCode(PublicModel):
    """A one-time code that lets one expert choose a new password, made by a member of an
    organisation she works with. Stored as a keyed digest, like joining codes."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="reset_codes")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reset_codes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("password reset code")
        verbose_name_plural = _("password reset codes")

    def __str__(self) -> str:
        return f"{self.expert_id} {self.created_at:%Y-%m-%d %H:%M}"


class DiversitySelfId(models.Model):
    """How she describes herself, if she chooses to: every answer optional and encrypted.

    Each answer is kept twice: the category (and her own words, where she chose "in my own
    words") encrypted, read only by her through ``people.diversity.diversity_read``; and a keyed
    digest of the category alone (``*_index``, a blind index, ``people.diversity.blind_index``)
    so the database can count people per category (``insights.diversity``) without holding any
    category in clear. Empty means no answer ("prefer not to say")."""

    profile = models.OneToOneField(
        ExpertProfile, primary_key=True, on_delete=models.CASCADE, related_name="diversity"
    )
    exploitation = EncryptedTextField(_("form of exploitation"), blank=True, default="")
    exploitation_index = models.CharField(max_length=64, blank=True, default="")
    gender = EncryptedTextField(_("gender"), blank=True, default="")
    gender_words = EncryptedTextField(_("gender, in her own words"), blank=True, default="")
    gender_index = models.CharField(max_length=64, blank=True, default="")
    age_band = EncryptedTextField(_("age"), blank=True, default="")
    age_band_index = models.CharField(max_length=64, blank=True, default="")
    origin = EncryptedTextField(_("national origin"), blank=True, default="")
    origin_index = models.CharField(max_length=64, blank=True, default="")
    orientation = EncryptedTextField(_("sexual orientation"), blank=True, default="")
    orientation_words = EncryptedTextField(
        _("sexual orientation, in her own words"), blank=True, default=""
    )
    orientation_index = models.CharField(max_length=64, blank=True, default="")
    disability = EncryptedTextField(_("disability"), blank=True, default="")
    disability_index = models.CharField(max_length=64, blank=True, default="")
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("diversity self-identification")
        verbose_name_plural = _("diversity self-identifications")

    def __str__(self) -> str:
        return str(_("About her (encrypted)"))
