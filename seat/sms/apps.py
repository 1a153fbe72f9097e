from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "seat.sms"
    label = "sms"
    verbose_name = _("Taking part by text message")

    def ready(self) -> None:
        from seat.notifications.services import notify_relay_register
        from seat.sms.services import sms_relay_notifications

        notify_relay_register(sms_relay_notifications)
