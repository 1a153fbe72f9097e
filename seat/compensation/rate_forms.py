"""Rate card forms: validation and normalisation only (compensation.rates decides and stores)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seat.compensation.enums import CURRENCIES, RateRole, RateUnit
from seat.compensation.rates import rates_problems

_NUMBER = _("Write the rate in numbers.")


def _rate_field(label: Any, help_text: Any) -> forms.DecimalField:
    # No size validators: seat.core.bounds says the limit in words, for the chosen currency.
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        error_messages={"invalid": _NUMBER, "required": _NUMBER},
        widget=forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"}),
    )


class RatesForm(forms.Form):
    """The two rates of a card (changing a card: its role, unit and currency stay)."""

    survivor_rate = _rate_field(
        _("Survivors are paid"), _("What you pay a survivor for this work, per unit.")
    )
    peer_rate = _rate_field(
        _("Other consultants are paid"),
        _("What you pay a consultant without lived experience for the same work, per unit."),
    )

    def __init__(self, *args: Any, currency: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The card's currency when its rates change; a new card's comes with the form.
        self.currency_code = currency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        currency = data.get("currency", self.currency_code)
        survivor: Decimal | None = data.get("survivor_rate")
        peer: Decimal | None = data.get("peer_rate")
        if "survivor_rate" in self.errors or "peer_rate" in self.errors:
            return data
        for field, problem in rates_problems(
            survivor_rate=survivor, peer_rate=peer, currency=currency
        ).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, problem)
        return data


class RateCardForm(RatesForm):
    """A new card: role, unit, currency and the two rates."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=RateRole.choices,
        error_messages={"invalid_choice": _("Choose a role from the list.")},
    )
    unit = forms.ChoiceField(
        label=_("Unit of pay"),
        choices=RateUnit.choices,
        error_messages={"invalid_choice": _("Choose per hour, per day or a flat fee.")},
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=CURRENCIES,
        error_messages={"invalid_choice": _("Choose a currency from the list.")},
    )

    field_order = ["role", "unit", "currency", "survivor_rate", "peer_rate"]

    def __init__(self, *args: Any, default_currency: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if default_currency and not self.is_bound:
            self.fields["currency"].initial = default_currency
