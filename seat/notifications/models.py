"""The inbox, one delivery row per outside channel, and each person's choice of channels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.core.models import PublicModel
from seat.core.privacy.crypto import EncryptedTextField
from seat.notifications.enums import Channel, DeliveryStatus, Event


class Notification(PublicModel):
    """One message to one person: their inbox entry, and the anchor of its deliveries.

    ``key`` names the event that caused it (for example ``invitation.sent:<invitation id>``); a
    person gets one notification per key, however often the event is replayed. ``context`` holds
    what the inbox shows (names of things and figures the recipient may already see), never
    anything the recipient may not read; it is rendered in the reader's language when shown.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    key = models.CharField(_("event key"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    context = models.JSONField(_("details"), default=dict, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_key")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            # The unread count in every page's menu.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event}"


class Delivery(PublicModel):
    """One notification sent through one outside channel (e-mail, SMS).

    Created in the same transaction as its notification, before anything is sent; the unique
    constraint is what makes "at most once per person, event and channel" hold. A sender claims
    the row with a conditional update (pending or failed → sending) before it sends, so two
    workers, or a retry racing the first try, never both send.
    """

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The kind of failure (an exception's class name or a short code), never an address or text.
    error = models.CharField(_("error"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.status}"


class ContactChoice(models.Model):
    """How a person wants to be told, besides the inbox.

    The addresses here are used only for people without an expert profile (staff, finance…):
    an expert's e-mail address and phone number are the ones in her private details
    (``people.ExpertIdentity``), so there is one copy of each, never two that drift apart.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="contact_choice",
    )
    by_email = models.BooleanField(_("by e-mail"), default=False)
    by_sms = models.BooleanField(_("by text message"), default=False)
    email = EncryptedTextField(_("e-mail address"), blank=True)
    phone = EncryptedTextField(_("phone number"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact choice")
        verbose_name_plural = _("contact choices")

    def __str__(self) -> str:
        return str(_("Contact choice (encrypted)"))

    @property
    def channels(self) -> list[str]:
        return [
            channel
            for channel, chosen in ((Channel.EMAIL, self.by_email), (Channel.SMS, self.by_sms))
            if chosen
        ]
