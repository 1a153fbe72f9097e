"""{% form_draft "name" %} inside a staff form: keep what is typed there across the quick exit."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from seat.accounts.drafts import ticket_sign
from seat.accounts.rules import may_keep_form_drafts
from seat.accounts.selectors import form_drafts_pending

register = template.Library()


@register.simple_tag(takes_context=True)
def form_draft(context: Any, name: str) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not may_keep_form_drafts(user):
        return ""
    kept = next(
        (d for d in form_drafts_pending(user=user, path=request.path) if d.form == name), None
    )
    return render_to_string(
        "accounts/_form_draft.html",
        {
            "ticket": ticket_sign(user=user, path=request.path, form=name),
            "kept": kept,
        },
        request=request,
    )
