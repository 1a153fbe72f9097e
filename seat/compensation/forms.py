from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seat.compensation.models import PaymentLine
from seat.core.bounds import date_problem, money_problem, payment_total_problem


class PaymentForm(forms.ModelForm):
    class Meta:
        model = PaymentLine
        fields = ["units", "unit", "rate", "expenses", "currency", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("rate", "expenses"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("This cannot be negative."))
        if data.get("units") is not None and data["units"] <= 0:
            self.add_error("units", _("Enter how many hours, days or sessions, more than zero."))
        currency = data.get("currency", "")
        for name in ("rate", "expenses"):
            if name not in self.errors and (problem := money_problem(data.get(name), currency)):
                self.add_error(name, problem)
        if not self.errors:
            total = data["units"] * data["rate"] + data["expenses"]
            if problem := payment_total_problem(total, currency):
                self.add_error(None, problem)
        if problem := date_problem(data.get("due_on")):
            self.add_error("due_on", problem)
        return data
