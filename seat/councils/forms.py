"""Input for the council pages: validation only; the services decide and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.compensation.enums import CURRENCIES, LineUnit
from seat.core.formats import format_day
from seat.councils.enums import Decision, TermRole
from seat.councils.models import (
    AGENDA_MAX,
    MANDATE_MAX,
    MINUTES_MAX,
    NAME_MAX,
    NOTE_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Council,
    Meeting,
    Term,
)
from seat.councils.services import Pay
from seat.people.models import ExpertProfile

NONE: list[tuple[str, Any]] = [("", "—")]


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class CouncilForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    mandate = forms.CharField(
        label=_("Mandate: what the council is for"),
        max_length=MANDATE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    pay_rate = forms.DecimalField(
        label=_("Pay for each member present at a meeting"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("Leave empty only if meetings are not paid."),
    )
    pay_units = forms.DecimalField(
        label=_("Units a meeting counts"),
        required=False,
        max_digits=6,
        decimal_places=2,
        initial=Decimal(1),
        help_text=_("For example 3 when it is paid per hour and a meeting lasts three hours."),
    )
    pay_unit = forms.ChoiceField(
        label=pgettext_lazy("pay field", "Paid"),
        choices=NONE + list(LineUnit.choices),
        required=False,
    )
    pay_currency = forms.ChoiceField(
        label=_("Currency"), choices=NONE + list(CURRENCIES), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pay_rate") is not None:
            for name in ("pay_units", "pay_unit", "pay_currency"):
                if not data.get(name):
                    self.add_error(name, _("Say this too, or leave the pay empty."))
        return data

    def to_pay(self) -> Pay | None:
        data = self.cleaned_data
        if data.get("pay_rate") is None:
            return None
        return Pay(
            rate=data["pay_rate"],
            units=data["pay_units"],
            unit=data["pay_unit"],
            currency=data["pay_currency"],
        )


def council_initial(council: Council) -> dict[str, Any]:
    return {
        "name": council.name,
        "mandate": council.mandate,
        "pay_rate": council.pay_rate,
        "pay_units": council.pay_units,
        "pay_unit": council.pay_unit,
        "pay_currency": council.pay_currency,
    }


class ExpertChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pseudonym)


class TermForm(forms.Form):
    expert = ExpertChoice(
        label=_("Member"),
        queryset=ExpertProfile.objects.none(),
        help_text=_("Survivor experts who work with your organisation, by their chosen names."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=TermRole.choices)
    starts_on = _date(_("Term starts on"))
    ends_on = _date(_("Term ends on"))

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts  # type: ignore[attr-defined]


class RenewForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=TermRole.choices)
    ends_on = _date(_("The new term ends on"))


class MeetingForm(forms.Form):
    held_on = _date(_("Day of the meeting"))
    place = forms.CharField(
        label=_("Place"), max_length=PLACE_MAX, help_text=_("A city, or online. Never an address.")
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=AGENDA_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Who was there"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members whose term covers the day. Those not ticked are recorded absent."),
    )

    def __init__(self, *args: Any, terms: list[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms = {str(term.pk): term for term in terms}
        self.fields["present"].choices = [  # type: ignore[attr-defined]
            (key, term.expert.pseudonym) for key, term in self.terms.items()
        ]

    def chosen(self) -> list[Term]:
        return [self.terms[key] for key in self.cleaned_data["present"]]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=MINUTES_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was discussed and agreed. Members are named by their chosen names."),
    )


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Recommendation"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    submitted_on = _date(_("Submitted to the host on"))
    meeting = forms.ModelChoiceField(
        label=_("Agreed at the meeting of"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args: Any, meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meetings is None:
            del self.fields["submitted_on"]
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
            self.fields["meeting"].label_from_instance = (  # type: ignore[attr-defined]
                lambda m: f"{format_day(m.held_on)} · {m.place}"
            )


class ResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The host's decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("The host's response"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    responded_on = _date(_("Responded on"))


class ImplementedForm(forms.Form):
    on = _date(_("Implemented on"))
    note = forms.CharField(label=_("What was done"), required=False, max_length=NOTE_MAX)


class DissentForm(forms.Form):
    """The secretariat records a view without naming anyone: only a member puts her own name to
    a dissenting view, from her own page."""

    text = forms.CharField(
        label=_("The dissenting view"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "It is shown as said by one or more members, without names. A member who wants her "
            "name on it adds the view herself, from her own page."
        ),
    )


class MyDissentForm(forms.Form):
    """A member's own dissenting view, named or not, as she chooses."""

    text = forms.CharField(
        label=_("Your dissenting view"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("It is kept beside the recommendation and is never changed or deleted."),
    )
    named = forms.ChoiceField(
        label=_("Show it"),
        choices=[
            ("yes", _("With my chosen name")),
            ("no", _("Without my name")),
        ],
        widget=forms.RadioSelect,
    )
