"""Template helpers for forms rendered by ``_form.html``."""

from __future__ import annotations

import re
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A form of one or two fields (logging in) shows its errors on one screen; a longer one (an
# answer form with its questions, a consultation with more than twenty fields) lists them at the
# top, where the page opens after sending, so a person on a small phone learns at once that
# something further down needs fixing, and can jump to it.
SUMMARY_FROM_FIELDS = 3

# An example number in help or error text ("for example +880 1711 000000"), in any script's digits.
_PHONE_IN_TEXT = re.compile(r"\+\d[\d \u00a0-]*\d")


@register.filter
def fields_to_fix(form: forms.BaseForm) -> list[BoundField]:
    """The visible fields with errors, in page order, when the form is long enough to need a
    summary of them; otherwise nothing."""
    fields = form.visible_fields()
    if len(fields) < SUMMARY_FROM_FIELDS:
        return []
    return [field for field in fields if field.errors]


@register.filter
def field_anchor(form: forms.BaseForm, name: str) -> str:
    """The id a link to field ``name`` jumps to: its input, or the first choice of a group of
    checkboxes or radio buttons (the group itself has no id to land on); "" when ``form`` shows
    no such field."""
    if name not in form.fields or form.fields[name].widget.is_hidden:
        return ""
    field = form[name]
    return field.id_for_label or f"{field.auto_id}_0"


@register.filter
def phones_ltr(value: Any) -> SafeString:
    """``value`` escaped, each phone number in it isolated left to right (``<bdi dir="ltr">``), so
    in an Arabic sentence the + stays in front of "+880 1711 000000" and the groups keep their
    order. The translated sentence around it, and its msgid, stay as they are."""
    text = conditional_escape(value)
    isolated = _PHONE_IN_TEXT.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', text)
    return mark_safe(isolated)  # noqa: S308 - text escaped, the match only digits, + and spaces
