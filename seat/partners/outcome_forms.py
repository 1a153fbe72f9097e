"""Forms of the outcomes part of a partner's workspace: the collective's contribution, and
saying that pay was passed on."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seat.consultations.enums import Attribution
from seat.consultations.forms import AnswerField
from seat.partners.collective import MEMBERS_MAX, members_count_message


class CollectiveContributionForm(forms.Form):
    members_count = forms.IntegerField(
        label=_("How many members took part?"),
        help_text=_("A number only. Seat never asks who they are, and the host never learns it."),
        min_value=1,
        max_value=MEMBERS_MAX,
    )
    attribution = forms.ChoiceField(
        label=_("May the host quote these words?"),
        choices=[
            (Attribution.PSEUDONYM, _("Yes, in the collective's name")),
            (Attribution.NOT_QUOTED, _("No: use the input, but do not quote it")),
        ],
        initial=Attribution.NOT_QUOTED,
        widget=forms.RadioSelect,
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, questions: list[tuple[Any, str]], **kwargs: Any) -> None:
        """``questions``: (question id, its text in the reader's language), in order."""
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.question_fields = []
        for pk, text in questions:
            name = f"q_{pk}"
            self.fields[name] = AnswerField(label=text)
            self.question_fields.append((name, str(pk)))
        self.order_fields(
            ["members_count", *(name for name, _pk in self.question_fields), "attribution"]
        )
        self.fields["members_count"].error_messages["min_value"] = members_count_message()
        self.fields["members_count"].error_messages["max_value"] = members_count_message()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(name in self.errors for name, _pk in self.question_fields):
            return data
        if not any((data.get(name) or "").strip() for name, _pk in self.question_fields):
            raise forms.ValidationError(
                _("Answer at least one question. You may skip any of the others.")
            )
        return data

    def answers(self) -> dict[str, str]:
        return {pk: self.cleaned_data.get(name, "") for name, pk in self.question_fields}


class PassOnForm(forms.Form):
    """For a line shared per member, the facilitator confirms how many members had their share;
    for any other line, the form is just the button."""

    members_count = forms.IntegerField(
        label=_("Members who have had their share"), min_value=1, required=False
    )
