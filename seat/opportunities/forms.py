from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.compensation.enums import CURRENCIES
from seat.core.bounds import money_problem
from seat.core.languages import PARTICIPANT_LANGUAGES
from seat.opportunities.enums import OpportunityKind, PayUnit
from seat.opportunities.models import DESCRIPTION_MAX, NOTE_MAX, PLACE_MAX, TITLE_MAX
from seat.opportunities.selectors import REMOTE
from seat.opportunities.services import OpportunityInput

ANY: list[tuple[str, Any]] = [("", pgettext_lazy("filter choice", "Any"))]


class FilterForm(forms.Form):
    """The expert's filters: a GET form of lists, so nothing needs typing but a number."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=ANY + list(OpportunityKind.choices)
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[*ANY, *PARTICIPANT_LANGUAGES]
    )
    place = forms.ChoiceField(label=_("Place"), required=False)
    min_pay = forms.DecimalField(
        label=_("Pays at least"), required=False, min_value=0, max_digits=12, decimal_places=3
    )
    currency = forms.ChoiceField(label=_("Currency"), required=False, choices=[*ANY, *CURRENCIES])
    unit = forms.ChoiceField(
        label=pgettext_lazy("pay filter", "Paid"),
        required=False,
        choices=ANY + list(PayUnit.choices),
    )

    def __init__(self, *args: Any, places: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [  # type: ignore[attr-defined]
            *ANY,
            (REMOTE, pgettext_lazy("place", "Remote")),
            *((p, p) for p in places),
        ]
        self.fields["min_pay"].help_text = _(
            "Pay is compared only within one currency: choose the currency too. Opportunities "
            "paid in other currencies are then not shown."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("min_pay") is not None and not data.get("currency"):
            self.add_error("currency", _("Choose the currency the amount is in."))
        return data

    def chosen(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "language": data["language"],
            "place": data["place"],
            "kind": data["kind"],
            "min_pay": data["min_pay"],
            "currency": data["currency"],
            "unit": data["unit"],
        }


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("A short note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "You may say what you can do, or when you can start. You never need to say what "
            "happened to you, and no organisation may ask you to."
        ),
    )


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("What it is, in plain words"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What the person does, for how long, and what she needs. Never ask what happened to her."
        ),
    )
    pay_amount = forms.DecimalField(
        label=_("What it pays"),
        required=False,
        max_digits=12,
        decimal_places=3,
        help_text=_("Required for every kind except training."),
    )
    pay_currency = forms.ChoiceField(
        label=_("Currency"), choices=[*ANY, *CURRENCIES], required=False
    )
    pay_unit = forms.ChoiceField(
        label=pgettext_lazy("pay field", "Paid"),
        choices=ANY + list(PayUnit.choices),
        required=False,
    )
    costs_covered = forms.BooleanField(
        label=_("Training only: the costs of taking part (travel, data, childcare) are covered"),
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages it works in"),
        choices=PARTICIPANT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(
        label=_("Place: city or district"),
        required=False,
        max_length=PLACE_MAX,
        help_text=_("Never an address."),
    )
    remote = forms.BooleanField(label=_("Remote: it can be done from anywhere"), required=False)
    leadership = forms.BooleanField(
        label=_("A leadership role (board, management, council chair and the like)"),
        required=False,
    )
    closes_on = forms.DateField(
        label=_("Closing day"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_closes_on(self) -> Any:
        day = self.cleaned_data["closes_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The closing day cannot be in the past."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount: Decimal | None = data.get("pay_amount")
        currency = data.get("pay_currency", "")
        if amount is not None:
            if not currency:
                self.add_error("pay_currency", _("Choose a currency from the list."))
            elif problem := money_problem(amount, currency):
                self.add_error("pay_amount", problem)
            elif amount <= 0:
                self.add_error("pay_amount", _("The pay must be more than zero."))
            if not data.get("pay_unit"):
                self.add_error(
                    "pay_unit", _("Say whether it pays per hour, day, month or in total.")
                )
        elif data.get("kind") and data.get("kind") != OpportunityKind.TRAINING:
            self.add_error("pay_amount", _("Say what it pays: an amount, a currency and per what."))
        if not data.get("remote") and not (data.get("place") or "").strip():
            self.add_error("place", _("Name a city or district, or say the work is remote."))
        return data

    def to_input(self) -> OpportunityInput:
        data = self.cleaned_data
        return OpportunityInput(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            pay_amount=data["pay_amount"],
            pay_currency=data["pay_currency"],
            pay_unit=data["pay_unit"],
            costs_covered=data["costs_covered"],
            languages=list(data["languages"]),
            place=data["place"],
            remote=data["remote"],
            leadership=data["leadership"],
            closes_on=data["closes_on"],
        )


def initial_from(opportunity: Any) -> dict[str, Any]:
    return {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "pay_amount": opportunity.pay_amount,
        "pay_currency": opportunity.pay_currency,
        "pay_unit": opportunity.pay_unit,
        "costs_covered": opportunity.costs_covered,
        "languages": opportunity.language_codes,
        "place": opportunity.place,
        "remote": opportunity.remote,
        "leadership": opportunity.leadership,
        "closes_on": opportunity.closes_on,
    }


class HiresForm(forms.Form):
    paid_roles = forms.IntegerField(
        label=_("Survivors in paid roles, hired outside Seat"), min_value=0, max_value=100_000
    )
    leadership_roles = forms.IntegerField(
        label=_("Survivors in leadership roles, hired outside Seat"), min_value=0, max_value=100_000
    )
    counted_on = forms.DateField(
        label=_("Counted on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_counted_on(self) -> Any:
        day = self.cleaned_data["counted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The day counted cannot be in the future."))
        return day
