from __future__ import annotations

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
