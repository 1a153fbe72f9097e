from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from seat.compensation.enums import CURRENCIES, EXPENSE_FIELDS, ExpenseKind, LineUnit
from seat.compensation.models import PaymentLine
from seat.compensation.selectors import due_date_problem, payment_due_by
from seat.compensation.services import HAND_RECORDED_WORK, amounts_problem, reference_problem
from seat.consultations.models import Contribution
from seat.core.bounds import date_problem, money_problem, payment_total_problem
from seat.core.formats import format_day, format_number
from seat.core.money import PayMethod


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


# A receipt is a bank's or mobile-money service's slip: a PDF or a photo of it. 5 MB holds a
# phone photo; anything larger is refused before it is kept.
RECEIPT_MAX_BYTES = 5 * 1024 * 1024
# Each allowed kind, by the first bytes every such file starts with: the name a browser sends
# proves nothing, so a renamed script or page is refused.
RECEIPT_KINDS = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
}
RECEIPT_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def receipt_kind(name: str | None) -> str | None:
    """The kind of receipt a stored file name says (pdf, png, jpg), None if none of them."""
    suffix = name.rsplit(".", 1)[-1].lower() if name and "." in name else ""
    suffix = "jpg" if suffix == "jpeg" else suffix
    return suffix if suffix in RECEIPT_KINDS else None


class ReceiptField(forms.FileField):
    """An optional receipt: PDF, JPG or PNG, at most 5 MB, its content matching its kind. Kept
    under a new random name: the name it came with may carry her name or an account number."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload:
            return None
        kind = receipt_kind(upload.name or "")
        if kind is None:
            raise forms.ValidationError(
                _("The receipt must be a PDF, JPG or PNG file."), code="receipt_type"
            )
        if upload.size is not None and upload.size > RECEIPT_MAX_BYTES:
            raise forms.ValidationError(
                _("The receipt is larger than 5 MB. Send a smaller photo or PDF."),
                code="receipt_size",
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(RECEIPT_KINDS[kind]):
            raise forms.ValidationError(
                _("This file is not the PDF, JPG or PNG its name says. Choose the receipt again."),
                code="receipt_content",
            )
        upload.name = f"{uuid.uuid4().hex}.{kind}"
        return upload


# No way is chosen for the person: a slip on a list of payments must not mark them "cash".
METHOD_CHOICES = [("", pgettext_lazy("how paid", "Choose how it was paid")), *PayMethod.choices]


class PayForm(forms.Form):
    """Marking one approved payment paid: how, its reference, the day, and a receipt if any."""

    method = forms.ChoiceField(
        label=pgettext_lazy("payment", "Paid by"),
        choices=METHOD_CHOICES,
        error_messages={"required": _("Choose how it was paid.")},
    )
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        required=False,
        help_text=_("The reference of the transfer. Not needed for cash handed over in person."),
    )
    paid_on = forms.DateField(
        label=_("Paid on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )
    receipt = ReceiptField(
        label=_("Receipt (optional)"),
        required=False,
        help_text=_("A PDF, JPG or PNG file, at most 5 MB. Only those who pay can open it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        if method and (
            problem := reference_problem(method=method, reference=data.get("reference", ""))
        ):
            self.add_error("reference", problem)
        paid_on = data.get("paid_on")
        if paid_on is not None:
            if paid_on > timezone.localdate():
                self.add_error(
                    "paid_on", _("A payment cannot be marked paid on a day still to come.")
                )
            elif problem := date_problem(paid_on):
                self.add_error("paid_on", problem)
        return data


class ReasonForm(forms.Form):
    """Why a payment is cancelled, or why its last step is taken back: kept in its history."""

    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why: it stays in the payment's history."))
        return reason


class BulkPayForm(forms.Form):
    """Several approved payments marked paid with one transfer's reference."""

    payments = forms.MultipleChoiceField(
        label=_("Payments"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    method = forms.ChoiceField(
        label=pgettext_lazy("payment", "Paid by"),
        choices=METHOD_CHOICES,
        error_messages={"required": _("Choose how it was paid.")},
    )
    reference = forms.CharField(label=_("Payment reference"), max_length=100, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every approved line the viewer's organisations hold: a line that cannot be paid by
        # this person is refused by the service with its reason, not silently left out.
        self.fields["payments"].choices = choices  # type: ignore[attr-defined]
        self.fields["payments"].error_messages["required"] = _(
            "Tick at least one payment to mark paid."
        )
        self.fields["payments"].error_messages["invalid_choice"] = _(
            "One of the ticked payments is no longer waiting to be paid. Nothing was marked; "
            "look at the list again."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        if method and (
            problem := reference_problem(method=method, reference=data.get("reference", ""))
        ):
            self.add_error("reference", problem)
        return data


# The longest period one history page or export covers: a year, so one file stays small
# enough to open and a typing slip in a year does not read the whole ledger.
PERIOD_MAX_DAYS = 366


class PeriodForm(forms.Form):
    """A period of days paid, both days included, as the URL names it:
    ?from=YYYY-MM-DD&to=YYYY-MM-DD (fields named as the URL's words, which Python keeps)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"from": pgettext_lazy("period", "From"), "to": pgettext_lazy("period", "To")}
        for name, label in labels.items():
            self.fields[name] = forms.DateField(
                label=label,
                input_formats=["%Y-%m-%d"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={
                    "invalid": _("Enter a day as year-month-day, for example 2026-03-31."),
                    "required": _("Enter the first and the last day."),
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end:
            if start > end:
                self.add_error("to", _("The last day comes before the first day."))
            elif (end - start).days + 1 > PERIOD_MAX_DAYS:
                self.add_error(
                    "to",
                    _("Choose at most %(days)s days at a time.")
                    % {"days": format_number(PERIOD_MAX_DAYS)},
                )
        return data

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day, once the form is valid."""
        return self.cleaned_data["from"], self.cleaned_data["to"]


def this_month() -> tuple[datetime.date, datetime.date]:
    """The period a history page starts with: from the first of this month to today."""
    today = timezone.localdate()
    return today.replace(day=1), today


class WorkPaymentForm(forms.Form):
    """What she is owed for a meeting, council work or other paid work, recorded by staff: who,
    what and when, then the amounts as every line has them (units × rate, expenses by kind)."""

    expert = forms.ChoiceField(label=_("Who did the work"), choices=())
    work = forms.ChoiceField(
        label=_("What the payment is for"),
        choices=[(kind.value, kind.label) for kind in HAND_RECORDED_WORK],
    )
    description = forms.CharField(
        label=_("The work, in a few words"),
        max_length=200,
        help_text=_("For example: planning meeting for the complaints line. Never her story."),
    )
    work_on = forms.DateField(
        label=_("Day of the work"), widget=forms.DateInput(attrs={"type": "date"})
    )
    units = forms.DecimalField(label=_("units"), max_digits=6, decimal_places=2)
    unit = forms.ChoiceField(label=_("unit"), choices=LineUnit.choices)
    rate = forms.DecimalField(label=_("rate"), max_digits=10, decimal_places=2)
    currency = forms.ChoiceField(label=_("currency"), choices=CURRENCIES)

    def __init__(self, *args: Any, experts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a person")),
            *experts,
        ]
        self.fields["expert"].error_messages["invalid_choice"] = _(
            "Choose one of the people who work with you."
        )
        for kind, name in EXPENSE_FIELDS.items():
            self.fields[name] = forms.DecimalField(
                label=ExpenseKind(kind).label,
                max_digits=10,
                decimal_places=2,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in EXPENSE_FIELDS.values():
            if name in data and data[name] is None:
                data[name] = Decimal(0)
        work_on = data.get("work_on")
        if work_on is not None:
            if work_on > timezone.localdate():
                self.add_error("work_on", _("Record pay once the work is done, not before."))
            elif problem := date_problem(work_on):
                self.add_error("work_on", problem)
        if not self.errors:
            expenses = {name: data[name] for name in EXPENSE_FIELDS.values()}
            if problem := amounts_problem(
                units=data["units"], rate=data["rate"], expenses=expenses, currency=data["currency"]
            ):
                self.add_error(None, problem)
        return data


def period_form(
    query: Any, default: Callable[[], tuple[datetime.date, datetime.date]] = this_month
) -> PeriodForm:
    """The period an address asks for (``?from=&to=``); ``default()`` when it asks for none."""
    if "from" in query or "to" in query:
        return PeriodForm(query)
    start, end = default()
    return PeriodForm({"from": start.isoformat(), "to": end.isoformat()})


def period_problems(form: PeriodForm) -> list[str]:
    """Why the period cannot be used, each reason once, for a file's or the API's answer."""
    return [str(error) for errors in form.errors.values() for error in errors]
