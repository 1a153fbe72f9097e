from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import User
from seat.assessment.enums import LEVEL_LABELS, ActionStatus
from seat.assessment.models import Domain, Rating
from seat.core.bounds import date_problem
from seat.core.once import OnceFormMixin
from seat.people.models import ExpertProfile

DONT_KNOW = "0"


class RoundForm(OnceFormMixin):
    title = forms.CharField(label=_("Name of this round"), max_length=200)


class DomainAnswersForm(forms.Form):
    """One page of the assessment: every indicator of one domain, each one skippable."""

    def __init__(self, *args: Any, domain: Domain, mine: dict[str, Rating], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[str, str]] = []
        self.indicator_keys: list[str] = []
        lang = get_language() or "en"
        for indicator in domain.indicators.all():
            words = indicator.in_language(lang)
            level_name, note_name = f"level_{indicator.key}", f"note_{indicator.key}"
            choices: list[tuple[str, Any]] = [
                (str(n), f"{LEVEL_LABELS[n]}: {descriptor}")
                for n, descriptor in enumerate(words["levels"], start=1)
            ]
            choices.append((DONT_KNOW, _("I don't know")))
            existing = mine.get(indicator.key)
            self.fields[level_name] = forms.ChoiceField(
                label=words["text"],
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=(str(existing.level or DONT_KNOW) if existing else None),
            )
            self.fields[note_name] = forms.CharField(
                label=_("Evidence or example (optional)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.evidence if existing else "",
            )
            self.rows.append((level_name, note_name))
            self.indicator_keys.append(indicator.key)

    def pairs(self) -> list[tuple[Any, Any]]:
        """(level, note) bound fields for each indicator, in order, for the template."""
        return [(self[level], self[note]) for level, note in self.rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for level_name, note_name in self.rows:
            if (data.get(note_name) or "").strip() and not data.get(level_name):
                self.add_error(
                    level_name, _("Choose a level, or “I don't know”, so that your note is saved.")
                )
        return data

    def answers(self) -> dict[str, tuple[int | None, str]]:
        """Only the questions the person answered (a level or "I don't know")."""
        result: dict[str, tuple[int | None, str]] = {}
        for key, (level_name, note_name) in zip(self.indicator_keys, self.rows, strict=True):
            level = self.cleaned_data.get(level_name)
            if level:
                result[key] = (
                    None if level == DONT_KNOW else int(level),
                    self.cleaned_data[note_name],
                )
        return result


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(
        label=pgettext_lazy("action deadline", "Due by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data.get("due_on")
        if problem := date_problem(due_on):
            raise forms.ValidationError(problem)
        return due_on

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = members  # type: ignore[attr-defined]
        owner.label_from_instance = lambda user: user.display_name or user.username  # type: ignore[attr-defined]


class AdvisorForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Survivor expert"), queryset=ExpertProfile.objects.none()
    )

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts  # type: ignore[attr-defined]
