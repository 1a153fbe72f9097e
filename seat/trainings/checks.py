"""What makes a training session recordable, shared by the form and the CSV import, so the two
refuse the same things with the same words. Amounts are checked by compensation's own rule
(``compensation.services.amounts_problem``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from seat.core.bounds import date_problem
from seat.core.formats import format_number
from seat.trainings.models import PARTICIPANTS_MAX

# The payment line's units column holds four digits before the point and two after.
UNITS_MAX = Decimal("9999.99")


def delivered_on_problem(day: datetime.date) -> str | None:
    """A session is recorded once it has been delivered, and no more than a year ago."""
    if day > timezone.localdate():
        return _("This day has not come yet: record a session once it has been delivered.")
    return date_problem(day)


def units_problem(units: Decimal) -> str | None:
    if not units.is_finite() or units <= 0:
        return _("Enter how many hours, days or sessions, more than zero.")
    if units > UNITS_MAX:
        return _("Enter at most %(max)s hours, days or sessions.") % {
            "max": format_number(UNITS_MAX)
        }
    if units != units.quantize(Decimal("0.01")):
        return _("Write the hours, days or sessions with at most 2 digits after the point.")
    return None


def participants_problem(count: int) -> str | None:
    if not 1 <= count <= PARTICIPANTS_MAX:
        return _("Write how many people took part: a whole number from 1 to %(max)s.") % {
            "max": format_number(PARTICIPANTS_MAX)
        }
    return None


def rating_problem(rating: int | None) -> str | None:
    if rating is not None and not 1 <= rating <= 5:
        return _("Write the rating as a whole number from 1 to 5, or leave it empty.")
    return None


def length_problem(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return _("Keep it to %(max)s characters (now %(count)s).") % {
            "max": format_number(limit),
            "count": format_number(len(text)),
        }
    return None
