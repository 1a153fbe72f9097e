from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seat.core.phone import PhoneInput, phone_normalise, phone_problem


class ContactChoiceForm(forms.Form):
    by_email = forms.BooleanField(label=_("Also tell me by e-mail"), required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    by_sms = forms.BooleanField(label=_("Also tell me by text message (SMS)"), required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        widget=PhoneInput(),
        help_text=_("With the country code, for example +880 1711 000000."),
    )

    def clean_phone(self) -> str:
        """A number a text message can reach: the international form (seat/core/phone.py)."""
        phone = str(self.cleaned_data.get("phone") or "")
        problem = phone_problem(phone)
        if problem:
            raise forms.ValidationError(problem)
        return phone_normalise(phone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the e-mail address to use, or untick e-mail."))
        if data.get("by_sms") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter the phone number to use, or untick text messages."))
        return data


class InboxActionForm(forms.Form):
    """One button of the inbox: open a message, mark one read, or mark all read."""

    open = forms.UUIDField(required=False)
    read = forms.UUIDField(required=False)
    all = forms.BooleanField(required=False)
