"""Template helpers of the terminology checker: labels for severities and the findings panel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from seat.language.engine import Finding
from seat.language.forms import check_field_text

register = template.Library()

SEVERITY_LABELS = {
    "error": _("Avoid"),
    "warning": _("Reconsider"),
    "suggestion": _("Consider"),
}


@register.filter
def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


@dataclass(frozen=True)
class FieldReport:
    label: str
    findings: list[Finding]
    multiline: bool


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return "\n".join(str(getattr(item, "text", item)) for item in value)
    return "" if value is None else str(value)


@register.inclusion_tag("language/_panel.html")
def terminology_panel(*labels_and_texts: Any) -> dict[str, Any]:
    """Findings in saved text, as a warning panel: ``{% terminology_panel _("Title") obj.title … %}``.

    Arguments alternate a label and a text; a text may be a list (of strings, or of objects with
    ``.text``), checked as one line per item so that findings name the line (the question).
    """
    reports = []
    pairs = zip(labels_and_texts[::2], labels_and_texts[1::2], strict=False)
    for label, value in pairs:
        text = _as_text(value)
        findings = check_field_text(text)
        if findings:
            reports.append(FieldReport(str(label), findings, "\n" in text.strip()))
    return {"reports": reports}
