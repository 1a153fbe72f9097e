from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.core.money import PayMethod
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
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    payment_details = forms.CharField(
        label=_("How you would like to be paid"),
        help_text=_("For example a mobile money number or a bank account."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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
