from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.core.money import PayMethod
from seat.core.phone import PhoneInput
from seat.people.enums import ConsentPurpose, MeetingPreference


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices, widget=forms.HiddenInput)
    given = forms.TypedChoiceField(
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )


class IdentityForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone number"), required=False, max_length=40, widget=PhoneInput()
    )
    payment_details = forms.CharField(
        label=_("How you would like to be paid"),
        help_text=_(
            "A note for yourself only. For the organisations to pay you, fill in where to send "
            "your pay, below."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Where her money goes: long enough for a bank's name, branch and account (an IBAN is at most
# 34 characters), and for a mobile-money provider's name and number.
BANK_ACCOUNT_MAX = 200
MOBILE_MONEY_MAX = 40


class PaymentDetailsForm(forms.Form):
    """Where those who pay her send the money; both optional, trimmed, saved encrypted."""

    bank_account = forms.CharField(
        label=_("Bank account"),
        help_text=_("The bank, the branch and the account number, as the bank writes them."),
        required=False,
        max_length=BANK_ACCOUNT_MAX,
    )
    mobile_money_number = forms.CharField(
        label=_("Mobile money number"),
        help_text=_("The service (for example bKash) and your number."),
        required=False,
        max_length=MOBILE_MONEY_MAX,
        # A provider's name and a number: each reads in its own direction, on an Arabic page too.
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def clean_mobile_money_number(self) -> str:
        number = self.cleaned_data["mobile_money_number"]
        if number and sum(c.isdigit() for c in number) < 6:
            raise forms.ValidationError(_("Enter the number, with at least 6 digits."))
        return str(number)


class AdvisorAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Yes, I will advise")), ("decline", _("No, thank you"))],
        widget=forms.RadioSelect,
    )


class PreferencesForm(forms.Form):
    """How she prefers to take part and to be paid; the organisations she works with read it."""

    meeting_preference = forms.ChoiceField(
        label=_("I prefer to take part"),
        choices=[("", pgettext_lazy("preference", "Not said yet")), *MeetingPreference.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    pay_preference = forms.ChoiceField(
        label=_("I prefer to be paid by"),
        choices=[("", pgettext_lazy("preference", "Not said yet")), *PayMethod.choices],
        required=False,
        widget=forms.RadioSelect,
    )
