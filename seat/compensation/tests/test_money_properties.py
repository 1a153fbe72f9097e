"""Money arithmetic, for any units, rate and expenses in any currency Seat offers: a line's
amount is its fee plus its expenses exactly, always Decimal, in the currency's minor units; and
totals keep each currency apart. Property-based (hypothesis): no database needed."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from seat.compensation.enums import CURRENCY_CODES, EXPENSE_FIELDS
from seat.compensation.models import PaymentLine
from seat.compensation.selectors import totals_by_currency
from seat.compensation.services import amounts_problem
from seat.core.bounds import CURRENCY_EXPONENT, MONEY_CAP, minor_unit_problem

CURRENCIES = sorted(CURRENCY_CODES)


def amounts(currency: str, high: Decimal) -> st.SearchStrategy[Decimal]:
    """Amounts from 0 to ``high`` with the currency's minor-unit digits."""
    places = CURRENCY_EXPONENT[currency]
    return st.decimals(min_value=0, max_value=high, places=places, allow_nan=False)


@st.composite
def lines(draw: st.DrawFn, currency: str | None = None) -> PaymentLine:
    currency = currency or draw(st.sampled_from(CURRENCIES))
    cap = MONEY_CAP[currency]
    units = draw(st.decimals(min_value="0.01", max_value="9999.99", places=2))
    rate = draw(amounts(currency, cap))
    expenses = {name: draw(amounts(currency, cap / 4)) for name in EXPENSE_FIELDS.values()}
    return PaymentLine(units=units, unit="hour", rate=rate, currency=currency, **expenses)


def expenses_of(line: PaymentLine) -> dict[str, Decimal]:
    return {name: getattr(line, name) for name in EXPENSE_FIELDS.values()}


@settings(max_examples=400, deadline=None)
@given(lines())
def test_amount_is_fee_plus_expenses_exactly_and_never_float(line):
    for value in (line.fee, line.expenses, line.amount):
        assert isinstance(value, Decimal)
    assert line.amount == line.fee + line.expenses
    assert line.expenses == sum(expenses_of(line).values(), Decimal(0))
    assert line.fee == (line.units * line.rate).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


@settings(max_examples=400, deadline=None)
@given(lines())
def test_a_line_seat_accepts_is_in_the_currencys_minor_units(line):
    problem = amounts_problem(
        units=line.units, rate=line.rate, expenses=expenses_of(line), currency=line.currency
    )
    if problem is None:
        assert minor_unit_problem(line.amount, line.currency) is None
        assert minor_unit_problem(line.fee, line.currency) is None
        assert Decimal(0) < line.amount <= MONEY_CAP[line.currency]
    elif CURRENCY_EXPONENT[line.currency] == 0 and line.amount <= MONEY_CAP[line.currency]:
        # Refused in a currency without cents only when the total would need them (or is 0).
        assert line.amount == 0 or minor_unit_problem(line.amount, line.currency) is not None


@settings(max_examples=200, deadline=None)
@given(st.lists(lines(), max_size=12))
def test_totals_never_mix_currencies(many):
    totals = totals_by_currency(payments=many)
    expected: dict[str, Decimal] = defaultdict(lambda: Decimal(0))
    for line in many:
        expected[line.currency] += line.amount
    assert totals == dict(expected)
    assert list(totals) == sorted(totals)
    assert all(isinstance(total, Decimal) for total in totals.values())
