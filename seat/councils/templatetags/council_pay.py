"""``{% council_meeting_of payment as meeting_id %}``: the council meeting a member's payment
line pays her for, so her home page links the pay to the meeting she may open. One query a
page, however many lines, and only when a council line is shown."""

from __future__ import annotations

from typing import Any

from django import template

from seat.councils.models import Attendance

register = template.Library()


@register.simple_tag(takes_context=True)
def council_meeting_of(context: Any, payment: Any) -> Any:
    cache = context.render_context
    if "council_meetings" not in cache:
        user = getattr(context.get("request"), "user", None)
        cache["council_meetings"] = (
            dict(
                Attendance.objects.filter(
                    term__expert__user=user, payment__isnull=False
                ).values_list("payment_id", "meeting_id")
            )
            if user is not None and user.is_authenticated
            else {}
        )
    return cache["council_meetings"].get(payment.pk)
