"""Forms for outcome reports; the services check everything again (reports.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

PART_FIELDS = {
    "heard": (
        _("What we heard"),
        _(
            "The main things people told you, in plain words. No names, no quotes that could show who said them."
        ),
    ),
    "changed": (
        _("What changed because of it"),
        _("What you did, or decided to do, because of what people said."),
    ),
    "unchanged": (
        _("What did not change, and why"),
        _("Be honest: say what you could not do and the reason."),
    ),
    "next_steps": (
        _("What happens next"),
        _("What comes next, and when people will hear from you again."),
    ),
}


def _part(name: str) -> forms.CharField:
    label, help_text = PART_FIELDS[name]
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
        # Checked by the service with the count in the message; no maxlength, so a browser
        # never cuts a paste silently.
        error_messages={"required": _("Write this part: the people who took part read all four.")},
    )


class ReportForm(forms.Form):
    language = forms.ChoiceField(label=_("Written in"))
    heard = _part("heard")
    changed = _part("changed")
    unchanged = _part("unchanged")
    next_steps = _part("next_steps")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]
        self.fields["language"].error_messages["invalid_choice"] = _(
            "Seat cannot show a report in this language. Choose one of the languages listed."
        )


class TranslationForm(ReportForm):
    language = forms.ChoiceField(label=_("Language of the translation"))
