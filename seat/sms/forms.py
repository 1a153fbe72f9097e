from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from seat.core.phone import PhoneInput


class SmsEnrolForm(forms.Form):
    """Her number and the language of her messages: validation only (the service normalises)."""

    phone = forms.CharField(
        label=_("Your phone number, with its country code"),
        max_length=30,
        widget=PhoneInput(),
        help_text=_("For example +880 1711 000000. Only you see it; organisations never do."),
    )
    language = forms.ChoiceField(label=_("Language of the messages"), choices=settings.LANGUAGES)


class SmsCodeForm(forms.Form):
    """The code sent by text message to the number she gave."""

    code = forms.CharField(
        label=_("The code in the text message"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class MemberSmsForm(SmsEnrolForm):
    """The same, typed by the facilitator of the collective that keeps a member's profile."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Her phone number, with its country code")
        self.fields["phone"].help_text = _(
            "For example +880 1711 000000. Seat sends a code to it; she reads the code to you. "
            "Once it is confirmed, nobody sees the number in Seat, you neither."
        )
        self.fields["language"].label = _("Language of her messages")
