"""Who a person can ask for help: a name or role, a number to tap and call, and its hours.

A consultation may name its own contact; otherwise the site's (``SEAT_SUPPORT_NAME``,
``SEAT_SUPPORT_PHONE``, ``SEAT_SUPPORT_HOURS``) applies, and the login lockout page names the
site's. With neither, pages say there is no support line rather than invent one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from seat.core.phone import phone_dial, phone_problem


@dataclass(frozen=True)
class SupportContact:
    name: str
    phone: str  # as stored and shown ("+880 1711 000000"), or "" for none
    hours: str

    @property
    def tel(self) -> str:
        """The ``href`` that calls the number from a phone."""
        return f"tel:{phone_dial(self.phone)}" if self.phone else ""


def support_contact(*, name: str = "", phone: str = "", hours: str = "") -> SupportContact | None:
    """A contact from its parts; None when it names no one and gives no number."""
    name, phone, hours = name.strip(), phone.strip(), hours.strip()
    if not name and not phone:
        return None
    return SupportContact(name=name, phone=phone, hours=hours)


def site_support() -> SupportContact | None:
    """The site's own support contact, from settings (checked at start-up); None if unset."""
    return support_contact(
        name=settings.SEAT_SUPPORT_NAME,
        phone=settings.SEAT_SUPPORT_PHONE,
        hours=settings.SEAT_SUPPORT_HOURS,
    )


def support_problem(*, phone: str, hours: str) -> tuple[str, str] | None:
    """What is wrong with a support contact's number and hours, as (field, message); None if fine.

    A number must be diallable, and say when someone answers: a survivor who calls at night
    and hears nothing is worse off than one told the hours.
    """
    phone, hours = phone.strip(), hours.strip()
    if phone and (problem := phone_problem(phone)):
        return "support_phone", problem
    if phone and not hours:
        return "support_hours", _(
            "Say when the phone is answered, so nobody calls when no one is there."
        )
    if hours and not phone:
        return "support_phone", _("Give the phone number these hours are for.")
    return None
