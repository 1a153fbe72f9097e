"""Numbers, money and dates in the reader's language, one convention on every page.

CLDR, through Babel, gives each language its grouping (Bengali groups lakhs: ১২,৩৪,৫৬৭),
separators, month names, currency names and date order. Babel does not write native digits, so
this module does: a language whose CLDR default numbering system is not Latin (Bengali's is
``beng``) gets every figure in its own digits, the way its sentences in the catalogs already
write them, and no page mixes ৩০ and 30.
"""

from __future__ import annotations

import copy
import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import (
    UnknownCurrencyError,
    format_currency,
    format_decimal,
    get_currency_precision,
)
from django.conf import settings
from django.utils import timezone, translation

# The digit zero of each CLDR numbering system Seat may meet; the other nine follow it in Unicode.
_ZERO = {
    "arab": "٠",
    "arabext": "۰",
    "beng": "০",
    "deva": "०",
    "gujr": "૦",
    "guru": "੦",
    "khmr": "០",
    "knda": "೦",
    "laoo": "໐",
    "mlym": "൦",
    "mymr": "၀",
    "orya": "୦",
    "tamldec": "௦",
    "telu": "౦",
    "thai": "๐",
    "tibt": "༠",
}


@lru_cache(maxsize=32)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))


@lru_cache(maxsize=32)
def _digit_table(language: str) -> dict[int, str]:
    zero = _ZERO.get(_locale(language).default_numbering_system)
    if zero is None:
        return {}
    return {ord("0") + i: chr(ord(zero) + i) for i in range(10)}


def current_locale() -> Locale:
    return _locale(translation.get_language() or settings.LANGUAGE_CODE)


def native_digits(text: str) -> str:
    """Latin digits written in the current language's own digits (unchanged where those are Latin)."""
    return text.translate(_digit_table(translation.get_language() or settings.LANGUAGE_CODE))


def format_number(value: int | float | Decimal, places: int | None = None) -> str:
    """2.5 → "2.5", "২.৫", "2,5"; 1234567 → "1,234,567", "১২,৩৪,৫৬৭", "1.234.567".
    With ``places``, exactly that many decimals, rounded half up (as a score is): 72.5 → "73",
    2 → "2.0" with one place."""
    if places is None:
        return native_digits(format_decimal(value, locale=current_locale()))
    locale = current_locale()
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = copy.copy(locale.decimal_formats[None])
    pattern.frac_prec = (places, places)
    return native_digits(pattern.apply(rounded, locale))


def format_money(amount: Decimal, currency: str) -> str:
    """The amount with the currency's minor units and the currency's name in the reader's
    language ("1,250.00 Bangladeshi takas", "১,২৫০.০০ বাংলাদেশী টাকা"): a name, not a symbol
    such as "$", which several currencies share."""
    from seat.core.bounds import CURRENCY_EXPONENT

    locale = current_locale()
    try:
        places = CURRENCY_EXPONENT.get(currency)
        cldr_places = get_currency_precision(currency)
        if places is not None and places > cldr_places and amount != round(amount, cldr_places):
            # Seat takes cents in a currency CLDR writes in whole units (COP, IDR): CLDR's
            # rounding would show 395,349.11 pesos owed as 395,349. Show the cents Seat keeps.
            pattern = copy.copy(locale.decimal_formats[None])
            pattern.frac_prec = (places, places)
            text = format_currency(
                amount,
                currency,
                locale=locale,
                format_type="name",
                format=pattern,
                currency_digits=False,
            )
        else:
            text = format_currency(amount, currency, locale=locale, format_type="name")
    except UnknownCurrencyError:
        text = f"{format_decimal(amount, locale=locale)} {currency}"
    return native_digits(text)


def format_day(value: datetime.date | datetime.datetime, length: str = "long") -> str:
    """A day in full ("30 November 2026" in the reader's order and month names); a moment in
    time is first turned into the local day. ``length="medium"`` is shorter ("30 Nov 2026"),
    for chart axes."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return native_digits(format_date(value, length, locale=current_locale()))


def format_moment(value: datetime.datetime) -> str:
    """A moment as day and time of day in UTC, in the reader's order and digits
    ("1 December 2026, 03:20"); pages that show one say "(UTC)" beside it."""
    locale = current_locale()
    moment = value.astimezone(datetime.UTC) if timezone.is_aware(value) else value
    glue = str(locale.datetime_formats.get("medium", "{1}, {0}"))
    text = glue.replace("{1}", format_date(moment.date(), "long", locale=locale)).replace(
        "{0}", format_time(moment.time(), "short", locale=locale)
    )
    return native_digits(text)
