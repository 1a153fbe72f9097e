"""Taking part by text message: who does (found by a blind index of the number, never the
number itself), one conversation per invitation, and a log of messages in and out that holds
ids and outcomes, never a number or a message's text."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.consultations.models import Invitation
from seat.core.models import PublicModel
from seat.core.privacy.crypto import EncryptedTextField
from seat.people.models import ExpertProfile
from seat.sms.enums import OutboundStatus, Step


class SmsContact(PublicModel):
    """An expert who takes part by text message.

    Her number lives in one place, her private details (``people.ExpertIdentity.phone``,
    encrypted); here only its keyed digest (``seat.sms.phone.phone_index``), so an incoming
    message finds her without any number being stored or compared in clear.
    """

    expert = models.OneToOneField(
        ExpertProfile, on_delete=models.CASCADE, related_name="sms_contact"
    )
    # None once another person proved she holds this number (``services.sms_contact_confirm``):
    # nothing reaches this one any more until she confirms a number again.
    phone_index = models.CharField(max_length=64, unique=True, null=True, blank=True)
    language = models.CharField(_("language of her messages"), max_length=12)
    # She replied STOP: nothing is sent until she replies START.
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message participant")
        verbose_name_plural = _("text message participants")

    def __str__(self) -> str:
        return str(self.pk)


class SmsThread(PublicModel):
    """The conversation about one invitation. ``ref`` is the short neutral code every message
    about it carries instead of a title; ``answers`` holds what she has written so far,
    encrypted, until her contribution is saved through the consultations service."""

    contact = models.ForeignKey(SmsContact, on_delete=models.CASCADE, related_name="threads")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="sms_thread"
    )
    ref = models.CharField(_("reference"), max_length=8)
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.INVITED)
    question = models.PositiveSmallIntegerField(default=0)
    attribution = models.CharField(max_length=12, blank=True)
    answers = EncryptedTextField(blank=True, default="")
    # When the last part of her last answer arrived, and whether it filled a whole part of a
    # long message the carrier split: a part that follows soon after is joined to that answer
    # instead of answering the next question (``services._joins``).
    last_part_at = models.DateTimeField(null=True, blank=True)
    last_part_full = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("text message conversation")
        verbose_name_plural = _("text message conversations")
        constraints = [
            models.UniqueConstraint(fields=["contact", "ref"], name="one_sms_ref_per_contact")
        ]

    def __str__(self) -> str:
        return self.ref


class SmsClaim(PublicModel):
    """A number she gave on her page, waiting for her to prove she holds it: the code sent to
    it (kept only as a keyed digest) and how many codes and tries she has used. The number is
    kept encrypted, and only until she confirms it or the claim is replaced."""

    expert = models.OneToOneField(ExpertProfile, on_delete=models.CASCADE, related_name="sms_claim")
    phone = EncryptedTextField()
    phone_index = models.CharField(max_length=64, db_index=True)
    language = models.CharField(max_length=12)
    code_digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    # Codes asked for since ``window_start`` (at most ``services.CODES_PER_HOUR``).
    sends = models.PositiveSmallIntegerField(default=0)
    window_start = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.pk)


class SmsInbound(PublicModel):
    """One message received, by the provider's id: the same message delivered twice is
    handled once. Neither the number nor the text is kept."""

    provider = models.CharField(max_length=20)
    message_id = models.CharField(max_length=64)
    contact = models.ForeignKey(
        SmsContact, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    # What it did, as a short code (``accepted``, ``answer``, ``unknown_sender``…).
    outcome = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "message_id"], name="one_inbound_per_provider_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.outcome}"


class SmsOutbound(PublicModel):
    """One message sent, once per ``key`` and person (the notification or the incoming message
    it answers). Its text is kept encrypted only until it has gone (to try again after a
    provider's failure), then emptied; a reply to a number Seat does not know keeps nothing."""

    contact = models.ForeignKey(
        SmsContact, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound"
    )
    key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=OutboundStatus.choices, blank=True)
    body = EncryptedTextField(blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.key} {self.status}"
