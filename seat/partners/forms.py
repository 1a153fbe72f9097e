"""Forms for partner requests: validation and normalisation only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import Organisation
from seat.core.languages import LANGUAGE_NAMES, PARTICIPANT_LANGUAGES
from seat.partners.enums import CollectivePay
from seat.people.enums import ConsentChannel
from seat.people.models import ExpertProfile

ACCEPT = "accept"
DECLINE = "decline"


class AskPartnerForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose a partner to ask."),
            "invalid_choice": _("Choose one of the partners listed."),
        },
    )
    collective_pay = forms.ChoiceField(
        label=_("If the partner gives one contribution for its members, who is paid"),
        choices=CollectivePay.choices,
        initial=CollectivePay.PER_MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how pay for a collective contribution is made.")},
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (ACCEPT, _("Yes, we will bring it to our members")),
            (DECLINE, _("No, not this time")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )


def member_label(expert: ExpertProfile) -> str:
    """A member as her partner's facilitator chooses her: chosen name, languages, how she
    prefers to take part, and whether she can answer in Seat herself."""
    languages = ", ".join(LANGUAGE_NAMES.get(code, code) for code in expert.language_codes)
    account = _("has an account") if expert.user_id else _("no device: answers through you")
    parts = [expert.pseudonym, languages, expert.get_meeting_preference_display(), str(account)]
    return " · ".join(str(part) for part in parts if part)


class ForwardForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=_("Members to send it to"),
        queryset=ExpertProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one member."),
            "invalid_choice": _("Choose among your members listed here."),
            "invalid_pk_value": _("Choose among your members listed here."),
        },
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["experts"]
        field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = member_label  # type: ignore[attr-defined]


class AnswerForMemberForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Her answer"),
        choices=[(ACCEPT, _("Yes, she will take part")), (DECLINE, _("No, not this time"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose her answer.")},
    )
    channel = forms.ChoiceField(
        label=_("How she told you"),
        choices=[
            (ConsentChannel.VERBAL, _("In person")),
            (ConsentChannel.PHONE, _("On a phone call")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how she told you.")},
    )
    language = forms.ChoiceField(
        label=_("Language you read the invitation to her in"),
        choices=PARTICIPANT_LANGUAGES,
        error_messages={"required": _("Choose the language you read it in.")},
    )
