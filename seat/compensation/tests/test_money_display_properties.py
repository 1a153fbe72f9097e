"""Money as people read it, for any amount Seat accepts in any currency it offers and in every
language of the site (hypothesis, no database): the figure shown has exactly the amount's digits,
so no minor unit is rounded away or added, whatever the grouping, separators or native digits."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from babel.numbers import get_currency_precision
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from seat.compensation.enums import CURRENCY_CODES
from seat.core.bounds import CURRENCY_EXPONENT, MONEY_CAP
from seat.core.formats import format_money

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
# Seat takes cents in these where CLDR (Babel) writes whole units only (COP, IDR).
CLDR_DISAGREES = sorted(
    c for c in CURRENCY_CODES if CURRENCY_EXPONENT[c] != get_currency_precision(c)
)
AGREE = sorted(set(CURRENCY_CODES) - set(CLDR_DISAGREES))


def digits_shown(text: str) -> str:
    """The digits of ``text`` in order, in any script, as Latin digits."""
    return "".join(
        str(unicodedata.digit(c)) for c in text if unicodedata.digit(c, None) is not None
    )


@st.composite
def amounts(draw: st.DrawFn, currencies: list[str]) -> tuple[Decimal, str]:
    currency = draw(st.sampled_from(currencies))
    places = CURRENCY_EXPONENT[currency]
    amount = draw(
        st.decimals(min_value=0, max_value=MONEY_CAP[currency], places=places, allow_nan=False)
    )
    return amount.quantize(Decimal(1).scaleb(-places)), currency


def assert_shown_exactly(amount: Decimal, currency: str, lang: str) -> None:
    with translation.override(lang):
        text = format_money(amount, currency)
    # A whole amount is written as CLDR writes the currency (1,000 rupiahs); cents never vanish.
    cldr_places = get_currency_precision(currency)
    if amount == round(amount, cldr_places):
        amount = amount.quantize(Decimal(1).scaleb(-cldr_places))
    expected = str(amount).replace(".", "").lstrip("0") or "0"
    assert (digits_shown(text).lstrip("0") or "0") == expected, (lang, amount, text)


@settings(max_examples=300, deadline=None)
@given(case=amounts(AGREE), lang=st.sampled_from(LANGUAGES))
def test_every_amount_is_shown_with_exactly_its_digits_in_every_language(case, lang):
    assert_shown_exactly(*case, lang)


@settings(max_examples=50, deadline=None)
@given(case=amounts(CLDR_DISAGREES), lang=st.sampled_from(LANGUAGES))
def test_cents_seat_accepts_in_cop_and_idr_are_shown_not_rounded_away(case, lang):
    assert_shown_exactly(*case, lang)
