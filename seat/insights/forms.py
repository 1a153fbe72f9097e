"""The period and scope a page, an export or the API measures, read from the query string
(``?start=2026-01-01&end=2026-06-30&project=<id>&consultation=<id>``)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from seat.insights.metrics import Period

# Seat holds nothing older; an earlier year is a typing slip, not a period to measure.
EARLIEST = datetime.date(2000, 1, 1)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: 12 months before the end."),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    project = forms.UUIDField(required=False, widget=forms.HiddenInput)
    consultation = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end = data.get("end") or timezone.localdate()
        # Checked before the default start is worked out: 12 months before the year 1 is no
        # date at all (a ValueError, so a 500).
        start = data.get("start") or (
            end if end < EARLIEST else Period.last_months(12, today=end).start
        )
        if start < EARLIEST or end < EARLIEST:
            raise forms.ValidationError(
                _("Choose a period after %(year)s.") % {"year": EARLIEST.year}, code="too_early"
            )
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts."), code="backwards")
        if start > timezone.localdate():
            # Nothing has happened in it yet: a verdict on it would be read as a real one.
            raise forms.ValidationError(
                _("The period starts after today: there is nothing to measure in it yet."),
                code="future",
            )
        latest = datetime.date(timezone.localdate().year + 1, 12, 31)
        if end > latest:
            raise forms.ValidationError(
                _("Choose a period that ends by %(day)s.") % {"day": date_format(latest)},
                code="too_late",
            )
        data["period"] = Period(start=start, end=end)
        return data


def period_form(query: Any) -> PeriodForm:
    """A bound form for the query string; an empty query string means the default period."""
    return PeriodForm(query or {})
