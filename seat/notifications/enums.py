"""The events Seat tells people about, the channels it uses, and how a delivery went.

Every part of Seat that tells someone something names its event here first: ``notify`` refuses
any other, and ``texts.py`` says what the inbox shows for each.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Event(models.TextChoices):
    # To an expert
    INVITATION_SENT = "invitation.sent", _("New invitation")
    DEADLINE_REMINDER = "invitation.reminder", _("Reminder")
    RESPONSE_RECORDED = "response.recorded", _("What happened to your input")
    PAYMENT_APPROVED = "payment.approved", pgettext_lazy("payment", "Payment approved")
    PAYMENT_PAID = "payment.paid", pgettext_lazy("payment", "Payment made")
    PAYMENT_CANCELLED = "payment.cancelled", pgettext_lazy("payment", "Payment cancelled")
    CONSULTATION_CHANGED = "consultation.changed", _("A consultation changed")
    CONSULTATION_CLOSED = "consultation.closed", _("A consultation closed")
    CONSULTATION_CANCELLED = "consultation.cancelled", _("A consultation was cancelled")
    ADVISOR_ASKED = "advisor.asked", _("Asked for your advice")
    APPLICATION_CHANGED = "application.changed", _("Your application")
    OUTCOME_REPORT_SENT = "outcome.report.sent", _("What came of a consultation")
    COUNCIL_RESPONSE = "council.response", _("An answer to your council")
    # To anyone whose password was changed with a reset code: the e-mail or text message reaches
    # the person's own address even when someone else chose the new password.
    PASSWORD_RESET = "password.reset", _("Your password was changed")
    # To someone whose account nobody has used for 11 months (seat.rights.retention): the
    # e-mail or text message that a message waits is what makes her log in, which keeps it.
    ACCOUNT_IDLE = "account.idle", _("Your account was about to be deleted")
    # To members of an organisation
    PAYMENT_RECORDED = "payment.recorded", pgettext_lazy("payment", "Payment to approve")
    # One message for all the lines a file of trainings recorded, not one per line.
    PAYMENTS_IMPORTED = "payments.imported", pgettext_lazy("payment", "Payments to approve")
    STAFF_INVITATION = "staff.invitation", _("Invitation to join an organisation")
    # To the facilitators of a partner (a survivor-led organisation), for its members
    PARTNER_PAYMENT_PAID = "partner.payment.paid", _("Pay to pass on to members")
    PARTNER_RESPONSE_RECORDED = "partner.response.recorded", _("A response to tell members")
    PARTNER_OUTCOME_REPORT_SENT = "partner.outcome.report.sent", _("A report to read to members")
    # To the facilitators and admins of a survivor-led organisation or collective
    PARTNER_REQUEST = "partner.request", _("A request to bring a consultation to your members")


class Channel(models.TextChoices):
    """The inbox is always on and needs no delivery row: the notification is the inbox entry."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
