"""Phone numbers a person can tap to call, from anywhere: the international form, checked and tidied.

Seat stores a number as it will be read ("+880 1711 000000": a leading +, the digits in the
groups the person typed, one space between groups) and dials it as E.164 ("tel:+8801711000000").
What is checked is what makes a number diallable from any phone: the country code (a leading +
or 00; it never starts with 0), 7 to 15 digits in all (E.164's maximum), and nothing but digits
and the usual separators. A national trunk prefix written "(0)", as in "+44 (0)20 7946 0000", is
dropped: dialled after the country code it would reach no one.

The numbering plan of each country is not checked: that needs Google's libphonenumber data
(the ``phonenumbers`` package, several megabytes updated monthly) for one field.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.core.formats import format_number

MIN_DIGITS = 7
MAX_DIGITS = 15

# Spaces of every width, hyphens and dashes, dots, slashes, brackets: how people group digits.
_SEPARATORS = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\-\u2010-\u2015\u2212./()\[\]]+")
_TRUNK_ZERO = re.compile(r"\(\s*0\s*\)")


class PhoneError(ValueError):
    """A number that cannot be dialled; ``code`` says why (see ``phone_problem``)."""

    def __init__(self, code: str, digits: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.digits = digits


def _ascii_digits(text: str) -> str:
    """Digits of any script (১, ٣, ४) as 0-9, so a number typed on a Bengali keyboard counts."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def phone_normalise(text: str) -> str:
    """The number as Seat stores and shows it ("+880 1711 000000"), or ``PhoneError``.

    An empty text stays empty: no number given.
    """
    text = _ascii_digits(text.strip())
    if not text:
        return ""
    text = _TRUNK_ZERO.sub(" ", text)
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("00"):
        text = text[2:]
    else:
        raise PhoneError("country")
    groups = [group for group in _SEPARATORS.split(text) if group]
    if not groups or not all(group.isascii() and group.isdigit() for group in groups):
        raise PhoneError("characters")
    digits = "".join(groups)
    if digits.startswith("0"):
        raise PhoneError("country")
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise PhoneError("length", len(digits))
    return "+" + " ".join(groups)


def phone_dial(number: str) -> str:
    """The E.164 form of a stored number, for a ``tel:`` link: "+8801711000000"."""
    return "+" + "".join(c for c in number if c.isdigit())


def phone_problem(text: str) -> str | None:
    """Why ``text`` cannot be dialled, in words for the person who typed it; None if it can."""
    try:
        phone_normalise(text)
    except PhoneError as error:
        if error.code == "country":
            return _(
                "Write the number with its country code, starting with +, "
                "for example +880 1711 000000."
            )
        if error.code == "characters":
            return _("Use only digits, spaces and dashes after the +.")
        return ngettext(
            "A phone number with its country code has %(min)s to %(max)s digits; "
            "this one has %(count)s digit.",
            "A phone number with its country code has %(min)s to %(max)s digits; "
            "this one has %(count)s digits.",
            error.digits,
        ) % {
            "min": format_number(MIN_DIGITS),
            "max": format_number(MAX_DIGITS),
            "count": format_number(error.digits),
        }
    return None


class PhoneInput(forms.TextInput):
    """A phone number's box: the phone keypad (``type=tel``, ``inputmode=tel``), and left to right
    on an Arabic page too, so the + stays in front of the digits as she types them.

    ``own`` says the number is the person's own: the browser may then offer to fill it in.
    A number for someone else (a consultation's support line) turns that off.
    """

    input_type = "tel"

    def __init__(self, attrs: dict[str, str] | None = None, *, own: bool = True) -> None:
        base = {"dir": "ltr", "inputmode": "tel", "autocomplete": "tel" if own else "off"}
        super().__init__({**base, **(attrs or {})})
