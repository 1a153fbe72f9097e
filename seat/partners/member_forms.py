"""Forms of the facilitator's members pages: a profile kept for a member without a device, and
consent she said aloud. Validation only; the services in ``members.py`` do the rest."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.core.languages import PARTICIPANT_LANGUAGES
from seat.core.money import PayMethod
from seat.core.once import OnceFormMixin
from seat.language.forms import TerminologyCheckedFormMixin
from seat.partners.members import GIVEN, SAID_ALOUD_CHANNELS, WITHDRAWN
from seat.people.enums import ConsentChannel, ConsentPurpose, MeetingPreference

NOT_SAID = pgettext_lazy("preference", "Not said yet")


def meeting_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Prefers to take part"),
        choices=[("", NOT_SAID), *MeetingPreference.choices],
        required=False,
        widget=forms.RadioSelect,
    )


def pay_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Prefers to be paid by"),
        choices=[("", NOT_SAID), *PayMethod.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class MemberProfileForm(TerminologyCheckedFormMixin, forms.Form):
    """A member's profile as her collective keeps it. Nothing that identifies her: no legal
    name, phone or address."""

    terminology_fields = ("expertise",)

    pseudonym = forms.CharField(
        label=_("Her chosen name"),
        max_length=60,
        help_text=_("The name she wants to be known by. Not her legal name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages she speaks"),
        # Each named in itself, marked with its language for screen readers.
        choices=[
            (code, format_html('<span lang="{}">{}</span>', code, name))
            for code, name in PARTICIPANT_LANGUAGES
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language she speaks.")},
    )
    expertise = forms.CharField(
        label=_("Areas of expertise (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "What she knows and can advise on, for example recruitment fees or returning home. "
            "Never write what happened to her: Seat never asks for anyone's story."
        ),
    )
    meeting_preference = meeting_field()
    pay_preference = pay_field()


class MemberNewForm(OnceFormMixin, MemberProfileForm):
    """The same form, acted on once however many times it arrives (a double tap)."""


ANSWERS = [
    ("", pgettext_lazy("consent said aloud", "Not asked this time")),
    (GIVEN, pgettext_lazy("consent said aloud", "She said yes")),
    (WITHDRAWN, pgettext_lazy("consent said aloud", "She said no, or took it back")),
]


class ConsentSaidForm(OnceFormMixin, forms.Form):
    """What a member said to the wording read to her: per purpose, how, in which language, and
    when (in UTC, as Seat shows times)."""

    channel = forms.ChoiceField(
        label=_("How she said it"),
        choices=[(c, ConsentChannel(c).label) for c in SAID_ALOUD_CHANNELS],
        initial=ConsentChannel.VERBAL,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language you read it in"), choices=PARTICIPANT_LANGUAGES)
    said_on = forms.DateField(
        label=_("Day she said it"), widget=forms.DateInput(attrs={"type": "date"})
    )
    said_time = forms.TimeField(
        label=_("Time she said it (UTC)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        now = timezone.now().astimezone(datetime.UTC)
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("said_on", now.date())
        initial.setdefault("said_time", now.time().replace(second=0, microsecond=0))
        super().__init__(*args, **kwargs)
        # One choice per purpose, first in the form, in the order the wording is read.
        purposes = {
            f"purpose_{value}": forms.ChoiceField(
                label=label, choices=ANSWERS, required=False, widget=forms.RadioSelect
            )
            for value, label in ConsentPurpose.choices
        }
        self.fields = {**purposes, **self.fields}
        self.fields["said_time"].help_text = _("It is now %(time)s UTC.") % {
            "time": now.strftime("%H:%M")
        }

    def answers(self) -> dict[str, str]:
        return {
            purpose: self.cleaned_data.get(f"purpose_{purpose}") or ""
            for purpose in ConsentPurpose.values
        }

    def said_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.cleaned_data["said_on"], self.cleaned_data["said_time"], tzinfo=datetime.UTC
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(self.answers().values()):
            raise forms.ValidationError(_("Choose what she said for at least one purpose."))
        return data
