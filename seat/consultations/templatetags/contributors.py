"""``{% load contributors %}``, then ``{{ contribution.members_count|for_members }}``: how every
page names a collective's contribution ("collective, for 3 members"), never who they are."""

from __future__ import annotations

from django import template

from seat.consultations.selectors import for_members as for_members_text

register = template.Library()


@register.filter
def for_members(count: int | None) -> str:
    return for_members_text(count)
