"""Template filters for figures in the reader's language: ``{% load seat_format %}``, then
``{{ hours|number }}``, ``{{ amount|money:currency }}``, ``{{ deadline|day }}``,
``{{ support.phone|phone }}``.
See ``seat.core.formats`` for the conventions."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from seat.core import formats

register = template.Library()


@register.filter
def number(value: Any, places: Any = None) -> str:
    """``{{ n|number }}``, or ``{{ score|number:0 }}`` for a fixed number of decimals."""
    if value is None or value == "":
        return ""
    try:
        return formats.format_number(
            Decimal(str(value)), None if places in (None, "") else int(places)
        )
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def money(amount: Any, currency: str) -> str:
    if amount is None or amount == "":
        return ""
    return formats.format_money(Decimal(str(amount)), str(currency))


@register.filter
def day(value: datetime.date | datetime.datetime | None) -> str:
    return formats.format_day(value) if value else ""


@register.filter
def moment(value: datetime.datetime | None) -> str:
    return formats.format_moment(value) if value else ""


@register.filter
def digits(value: Any) -> str:
    """A code written with digits (a framework version) in the reader's digits."""
    return formats.native_digits(str(value))


@register.filter
def phone(value: str) -> str:
    """A stored phone number ("+880 1711 000000") in the reader's digits, on one line (no-break
    spaces: a number split over two lines is misread) and kept left to right (Unicode isolates)
    so its + stays in front inside a right-to-left sentence."""
    if not value:
        return ""
    return "\u2066" + formats.native_digits(value).replace(" ", "\u00a0") + "\u2069"


@register.filter
def plural_count(value: Any) -> int:
    """A figure as the whole number gettext's plural rules take (``{% blocktranslate count %}``):
    itself when whole, otherwise 2. English, Spanish and Bengali all use their "other" form for
    a fraction ("1.5 hours", "1,5 horas"), and gettext refuses a fraction itself."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return 2
    return int(number) if number == number.to_integral_value() else 2


@register.filter
def text_dir(lang: str | None) -> str:
    """The direction text written in ``lang`` runs: "rtl" for Arabic, otherwise "ltr" (also for a
    code Django does not know), for ``dir`` beside ``lang``, so an English title on an Arabic page
    is laid out left to right and an Arabic one on an English page right to left."""
    from django.utils.translation import get_language_info

    try:
        return "rtl" if get_language_info(str(lang or ""))["bidi"] else "ltr"
    except KeyError:
        return "ltr"


@register.filter
def in_language(value: Any, lang: str | None) -> Any:
    """``value`` (text staff wrote, escaped) marked as written in ``lang``, with its direction,
    when that is not the page's language, so a screen reader reads it with the right voice and
    it is laid out in its own direction; unchanged otherwise."""
    from django.utils.html import format_html
    from django.utils.translation import get_language

    page = (get_language() or "").split("-")[0]
    if not lang or not value or lang == page:
        return value
    return format_html('<span lang="{}" dir="{}">{}</span>', lang, text_dir(lang), value)


@register.filter
def isolate(value: Any) -> Any:
    """``value`` (a name an organisation chose, escaped) in ``<bdi>``, so inside a sentence of
    the other direction it keeps its own ("Dhaka Freedom Network" in Arabic). Usable inside
    ``{% blocktranslate with org=name|isolate %}``: the msgid does not change. Not for a
    ``<title>`` or an attribute, where the markup would show."""
    from django.utils.html import format_html

    return format_html("<bdi>{}</bdi>", value) if value else value
