from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from seat.compensation.enums import EXPENSE_FIELDS
from seat.compensation.models import PaymentLine
from seat.compensation.selectors import due_date_problem, payment_due_by
from seat.consultations.models import Contribution
from seat.core.bounds import money_problem, payment_total_problem
from seat.core.formats import format_day, format_number


class PaymentForm(forms.ModelForm):
    class Meta:
        model = PaymentLine
        fields = [
            "units",
            "unit",
            "rate",
            *EXPENSE_FIELDS.values(),
            "currency",
            "due_on",
        ]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, contribution: Contribution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        for name in EXPENSE_FIELDS.values():
            # Most work has no expenses: an empty box is none.
            self.fields[name].required = False
        days = contribution.consultation.pay_within_days
        self.fields["due_on"].help_text = ngettext(
            "The consultation promised payment within %(days)s day of sending the input: "
            "by %(date)s at the latest.",
            "The consultation promised payment within %(days)s days of sending the input: "
            "by %(date)s at the latest.",
            days,
        ) % {
            "days": format_number(days),
            "date": format_day(payment_due_by(contribution=contribution)),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in EXPENSE_FIELDS.values():
            if name in data and data[name] is None:
                data[name] = Decimal(0)
        money_fields = ("rate", *EXPENSE_FIELDS.values())
        for name in money_fields:
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("This cannot be negative."))
        if data.get("units") is not None and data["units"] <= 0:
            self.add_error("units", _("Enter how many hours, days or sessions, more than zero."))
        currency = data.get("currency", "")
        for name in money_fields:
            if name not in self.errors and (problem := money_problem(data.get(name), currency)):
                self.add_error(name, problem)
        if not self.errors:
            expenses = sum(data[name] for name in EXPENSE_FIELDS.values())
            total = data["units"] * data["rate"] + expenses
            if problem := payment_total_problem(total, currency):
                self.add_error(None, problem)
        if "due_on" in data and (
            problem := due_date_problem(due_on=data["due_on"], contribution=self.contribution)
        ):
            self.add_error("due_on", problem)
        return data
