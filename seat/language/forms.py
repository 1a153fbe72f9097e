"""The inline check: one reusable piece for every form where staff write to or about survivors.

A form lists the fields to check::

    class ConsultationForm(TerminologyCheckedFormMixin, forms.ModelForm):
        terminology_fields = ("title", "purpose", "questions")

Each listed field then renders (through ``_form.html``) a findings area under the widget: filled
by the server whenever the form is shown with text in it (a re-render after an error, an edit
page), and refreshed as the author types by ``seat/terminology.js`` through the API. Findings are
warnings only: they never make a form invalid.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import get_language

from seat.language.engine import Finding, checker_for
from seat.language.lexicon import available_languages


def fallback_language() -> str:
    """The UI language when it has a lexicon (for ``auto`` on short texts), else English."""
    code = (get_language() or "en").split("-")[0]
    return code if code in available_languages() else "en"


def check_field_text(text: str, lang: str = "auto") -> list[Finding]:
    """Findings for one field's text; ``auto`` guesses the language, falling back to the UI's."""
    if not text or not text.strip():
        return []
    return checker_for(lang, text, fallback_language()).check(text)


class TerminologyBoundField(BoundField):
    @property
    def terminology_checked(self) -> bool:
        return self.name in getattr(self.form, "terminology_fields", ())

    @property
    def terminology_id(self) -> str:
        return f"{self.auto_id}_terminology" if self.auto_id else ""

    @property
    def terminology_findings(self) -> list[Finding]:
        findings: dict[str, list[Finding]] = getattr(self.form, "terminology_findings", {})
        return findings.get(self.name, [])

    @property
    def terminology_multiline(self) -> bool:
        value = self.value()
        return isinstance(value, str) and "\n" in value.strip()

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.terminology_checked and self.terminology_id:
            attrs["data-terminology-lang"] = getattr(self.form, "terminology_lang", "auto")
            attrs["data-terminology-target"] = self.terminology_id
            described = str(attrs.get("aria-describedby") or "")
            attrs["aria-describedby"] = " ".join(filter(None, [described, self.terminology_id]))
        return attrs


class TerminologyCheckedFormMixin:
    """Adds non-blocking terminology findings to the fields named in ``terminology_fields``."""

    terminology_fields: Iterable[str] = ()
    terminology_lang: str = "auto"
    bound_field_class: type[BoundField] | None = TerminologyBoundField

    @cached_property
    def terminology_findings(self) -> dict[str, list[Finding]]:
        form: forms.BaseForm = self  # type: ignore[assignment]
        results: dict[str, list[Finding]] = {}
        for name in self.terminology_fields:
            value = form[name].value()
            text = value if isinstance(value, str) else "\n".join(map(str, value or []))
            found = check_field_text(text, self.terminology_lang)
            if found:
                results[name] = found
        return results
