from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_skeleton
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.compensation.enums import CURRENCIES, EXPENSE_FIELDS, ExpenseKind, LineUnit
from seat.compensation.services import amounts_problem
from seat.core.bounds import money_problem
from seat.core.formats import current_locale, format_day, native_digits
from seat.language.forms import TerminologyCheckedFormMixin
from seat.trainings.checks import (
    delivered_on_problem,
    participants_problem,
    units_problem,
)
from seat.trainings.csvfile import MAX_BYTES
from seat.trainings.models import AUDIENCE_MAX, FEEDBACK_MAX, PLACE_MAX
from seat.trainings.selectors import Trainer


def month_name(day: datetime.date) -> str:
    """ "March 2025" in the reader's language and digits."""
    return native_digits(format_skeleton("yMMMM", day, locale=current_locale()))


RATINGS = [("", _("No rating")), *((str(n), str(n)) for n in range(1, 6))]


class TrainingSessionForm(TerminologyCheckedFormMixin, forms.Form):
    """One session a trainer delivered and what she is paid for it."""

    terminology_fields = ("feedback",)

    trainer = forms.ChoiceField(label=_("Trainer"))
    delivered_on = forms.DateField(
        label=_("Day it was delivered"), widget=forms.DateInput(attrs={"type": "date"})
    )
    audience = forms.CharField(
        label=_("Audience"),
        max_length=AUDIENCE_MAX,
        help_text=_("Who the session was for: a police station, a school, a labour office."),
    )
    place = forms.CharField(
        label=pgettext_lazy("where a session was held", "Place"),
        max_length=PLACE_MAX,
        help_text=_("A town or district, never a street address."),
    )
    participants = forms.IntegerField(label=_("People who took part"))
    units = forms.DecimalField(label=_("Hours, days or sessions paid"))
    unit = forms.ChoiceField(label=_("unit"), choices=LineUnit.choices)
    rate = forms.DecimalField(label=_("rate"))
    currency = forms.ChoiceField(label=_("currency"), choices=CURRENCIES)
    expenses_travel = forms.DecimalField(label=ExpenseKind.TRAVEL.label, required=False)
    expenses_data = forms.DecimalField(label=ExpenseKind.DATA.label, required=False)
    expenses_childcare = forms.DecimalField(label=ExpenseKind.CHILDCARE.label, required=False)
    expenses_other = forms.DecimalField(label=ExpenseKind.OTHER.label, required=False)
    feedback = forms.CharField(
        label=_("What the audience said"),
        max_length=FEEDBACK_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A sentence or two about the session, if they gave feedback. Nothing about the "
            "trainer's own life."
        ),
    )
    rating = forms.TypedChoiceField(
        label=_("Their rating, from 1 to 5"),
        choices=RATINGS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, trainers: list[Trainer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trainers = {str(t.expert.pk): t.expert for t in trainers}
        self.fields["trainer"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a trainer")),
            *((str(t.expert.pk), f"{t.expert.pseudonym} ({t.code})") for t in trainers),
        ]
        self.fields["delivered_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["delivered_on"].help_text = _("On or before today (%(today)s).") % {
            "today": format_day(timezone.localdate())
        }

    def clean_trainer(self) -> Any:
        return self.trainers[self.cleaned_data["trainer"]]

    def clean_delivered_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["delivered_on"]
        if problem := delivered_on_problem(day):
            raise forms.ValidationError(problem)
        return day

    def clean_participants(self) -> int:
        count: int = self.cleaned_data["participants"]
        if problem := participants_problem(count):
            raise forms.ValidationError(problem)
        return count

    def clean_units(self) -> Decimal:
        units: Decimal = self.cleaned_data["units"]
        if problem := units_problem(units):
            raise forms.ValidationError(problem)
        return units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in EXPENSE_FIELDS.values():
            if data.get(name) is None and name not in self.errors:
                data[name] = Decimal(0)
        currency = data.get("currency", "")
        money = ("rate", *EXPENSE_FIELDS.values())
        for name in money:
            if name not in self.errors and (problem := money_problem(data.get(name), currency)):
                self.add_error(name, problem)
        if not self.errors and (
            problem := amounts_problem(
                units=data["units"],
                rate=data["rate"],
                expenses={name: data[name] for name in EXPENSE_FIELDS.values()},
                currency=currency,
            )
        ):
            self.add_error(None, problem)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of sessions"),
        help_text=_("UTF-8, at most 1 MB and 5,000 sessions; the first row names the columns."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB. Split it into smaller files and upload each.")
            )
        return bytes(upload.read(MAX_BYTES + 1))


class FilterForm(forms.Form):
    """Which sessions the list shows: of one trainer, of one month."""

    trainer = forms.ChoiceField(label=_("Trainer"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(
        self,
        *args: Any,
        trainers: list[tuple[str, str]],
        months: list[datetime.date],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].choices = [("", _("All trainers")), *trainers]  # type: ignore[attr-defined]
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            ("", _("All months")),
            *((f"{m:%Y-%m}", month_name(m)) for m in months),
        ]

    def chosen(self) -> tuple[str | None, datetime.date | None]:
        """(trainer id, first day of the month) chosen; what is not valid counts as all."""
        if not self.is_valid():
            return None, None
        month = self.cleaned_data["month"]
        return (
            self.cleaned_data["trainer"] or None,
            datetime.date.fromisoformat(f"{month}-01") if month else None,
        )
