"""Sensible limits for money and dates, shared by forms, services and the API.

A typing slip (a payment of 99,999,999.99, a deadline in year 9999 or year 1) must get a clear
message, never be saved. The limits are generous on purpose; docs/PRIVACY.md ("Account safety
and limits") states them.

Money: one amount (a payment line's total, a rate) is at most about USD 10,000 in each currency,
rounded to a plain number (exchange rates of 2025). IDR is held to 99,000,000 (about USD 6,000),
the most the amount columns store (ten digits, two after the point). Amounts use at most the
currency's ISO 4217 minor-unit digits: XOF and VND have none, so 1500.50 XOF is refused.

Dates: from one year before today to two years after it.

Engagement plans reach further, since a project plans its evaluation years ahead and records
the plan of a stage long past: their dates run from five years before today to five after it,
and a stage's budget is at most a hundred times one amount's limit (about USD 1,000,000).

Expected hours: more than 0 and at most 9,999.9, with one digit after the point, the most the
column stores (five digits); a typing slip beyond it gets the same words as zero.

Paying within: a consultation promises payment 1 to 90 days after a person sends her input
(30 unless staff choose otherwise); later than three months is not "paid on time".

An organisation's own defaults (accounts.Organisation): a minimum lead time of 1 to 90 days
between invitations going out and the last day (DESIGN.md: 14 unless the organisation says
otherwise), and a response target of 1 to 90 days after a consultation's last day.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.core.formats import format_day, format_number

# ISO 4217 minor-unit digits, for the currencies Seat offers (compensation.enums.CURRENCIES).
CURRENCY_EXPONENT = {
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "BDT": 2,
    "INR": 2,
    "NPR": 2,
    "IDR": 2,
    "KHR": 2,
    "PHP": 2,
    "THB": 2,
    "VND": 0,
    "MYR": 2,
    "MXN": 2,
    "COP": 2,
    "XOF": 0,
}
MONEY_CAP = {
    "USD": Decimal("10000"),
    "EUR": Decimal("10000"),
    "GBP": Decimal("10000"),
    "BDT": Decimal("1000000"),
    "INR": Decimal("1000000"),
    "NPR": Decimal("1000000"),
    "IDR": Decimal("99000000"),
    "KHR": Decimal("40000000"),
    "PHP": Decimal("500000"),
    "THB": Decimal("350000"),
    # VND is held to 99,000,000 (about USD 3,900), the most the amount columns store.
    "VND": Decimal("99000000"),
    "MYR": Decimal("45000"),
    "MXN": Decimal("200000"),
    "COP": Decimal("40000000"),
    "XOF": Decimal("6000000"),
}
DAYS_BACK = 365
DAYS_AHEAD = 2 * 365
PAY_WITHIN_DAYS_MIN = 1
PAY_WITHIN_DAYS_MAX = 90
PAY_WITHIN_DAYS_DEFAULT = 14
LEAD_DAYS_MIN = 1
LEAD_DAYS_MAX = 90
LEAD_DAYS_DEFAULT = 14
RESPONSE_DAYS_MIN = 1
RESPONSE_DAYS_MAX = 90
RESPONSE_DAYS_DEFAULT = 30
EXPECTED_HOURS_MAX = Decimal("9999.9")
PLAN_YEARS = 5
PLAN_BUDGET_FACTOR = 100


def date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DAYS_BACK), today + datetime.timedelta(days=DAYS_AHEAD)


def date_problem(value: datetime.date | None) -> str | None:
    """Why ``value`` is outside the window, in words for the person who typed it; None if fine."""
    if value is None:
        return None
    earliest, latest = date_window()
    if value < earliest:
        return _("Choose a date after %(date)s (no more than a year ago).") % {
            "date": format_day(earliest)
        }
    if value > latest:
        return _("Choose a date before %(date)s (no more than two years ahead).") % {
            "date": format_day(latest)
        }
    return None


def plan_date_problem(value: datetime.date | None) -> str | None:
    """Why ``value`` is not a date a plan can sensibly hold (a typing slip such as year 1 or
    9999); None if fine."""
    if value is None:
        return None
    today = timezone.localdate()
    earliest = today.replace(year=today.year - PLAN_YEARS, day=1)
    latest = today.replace(year=today.year + PLAN_YEARS, day=1)
    if not earliest <= value <= latest:
        return _("Choose a date between %(earliest)s and %(latest)s.") % {
            "earliest": format_day(earliest),
            "latest": format_day(latest),
        }
    return None


def budget_problem(value: Decimal | None, currency: str) -> str | None:
    """Why ``value`` is not a sensible budget for a stage's survivor input in ``currency``;
    None if fine. Zero is a budget (and the project page shows it as none)."""
    if value is None:
        return budget_missing_message()
    if not value.is_finite():
        return _("Enter an amount in numbers.")
    if value < 0:
        return _("The budget cannot be negative.")
    if currency not in MONEY_CAP:
        return _("Choose a currency from the list.")
    cap = MONEY_CAP[currency] * PLAN_BUDGET_FACTOR
    if value > cap:
        return _("The most Seat accepts here is %(cap)s %(currency)s. Check the amount.") % {
            "cap": number_format(cap, decimal_pos=0, use_l10n=True, force_grouping=True),
            "currency": currency,
        }
    return minor_unit_problem(value, currency)


def budget_missing_message() -> str:
    return _("Enter the budget, or 0 if there is none yet.")


def currency_problem(currency: str) -> str | None:
    """Why ``currency`` is not one Seat offers (ISO 4217, with known minor units and limits)."""
    if currency not in CURRENCY_EXPONENT:
        return _("Choose a currency from the list.")
    return None


def days_problem(days: int | None, *, low: int, high: int) -> str | None:
    """Why ``days`` is outside ``low``..``high``; None if it is inside."""
    if days is None:
        return _("Enter a number of days.")
    if not low <= days <= high:
        return _("Choose between %(min)s and %(max)s days.") % {
            "min": format_number(low),
            "max": format_number(high),
        }
    return None


def money_problem(value: Decimal | None, currency: str) -> str | None:
    """Why ``value`` (a rate, expenses) is not a sensible amount in ``currency``; None if fine."""
    if value is None:
        return None
    if not value.is_finite():
        return _("Enter an amount in numbers.")
    if value < 0:
        return _("This cannot be negative.")
    cap = MONEY_CAP.get(currency)
    if cap is None:
        return _("Choose a currency from the list.")
    if value > cap:
        return _("The most Seat accepts here is %(cap)s %(currency)s. Check the amount.") % {
            "cap": number_format(cap, decimal_pos=0, use_l10n=True, force_grouping=True),
            "currency": currency,
        }
    return minor_unit_problem(value, currency)


def minor_unit_problem(value: Decimal, currency: str) -> str | None:
    """Why ``value`` has more digits after the point than ``currency`` has (ISO 4217)."""
    exponent = CURRENCY_EXPONENT[currency]
    if value != value.quantize(Decimal(1).scaleb(-exponent)):
        if exponent == 0:
            return _("%(currency)s has no smaller unit: enter a whole number.") % {
                "currency": currency
            }
        return ngettext(
            "%(currency)s has at most %(count)d digit after the decimal point.",
            "%(currency)s has at most %(count)d digits after the decimal point.",
            exponent,
        ) % {"currency": currency, "count": exponent}
    return None


def payment_total_problem(total: Decimal, currency: str) -> str | None:
    """Why one payment's total (units x rate + expenses) cannot be recorded; None if fine."""
    cap = MONEY_CAP.get(currency)
    if cap is None:
        return _("Choose a currency from the list.")
    if total <= 0:
        return _("The total to pay must be more than zero.")
    if total > cap:
        return _(
            "The total to pay is more than Seat accepts for one payment (%(cap)s %(currency)s). "
            "Check the amounts."
        ) % {
            "cap": number_format(cap, decimal_pos=0, use_l10n=True, force_grouping=True),
            "currency": currency,
        }
    return None


def expected_hours_problem(hours: Decimal | None) -> str | None:
    """Why ``hours`` is not an effort a consultation can ask for; None if it is (or is not given:
    the field's own message asks for it)."""
    if hours is None:
        return None
    if not hours.is_finite():
        return expected_hours_invalid_message()
    if not 0 < hours <= EXPECTED_HOURS_MAX:
        return _("Write the hours as a number more than 0 and up to %(max)s.") % {
            "max": format_number(EXPECTED_HOURS_MAX)
        }
    if hours != hours.quantize(Decimal("0.1")):
        return _("Round the hours to one digit after the point, for example 1.5.")
    return None


def expected_hours_invalid_message() -> str:
    return _("Write the hours in numbers, for example 1.5.")


def pay_within_problem(days: int | None) -> str | None:
    """Why ``days`` is not a sensible promise of when people are paid; None if it is."""
    if days is None:
        return pay_within_missing_message()
    if not PAY_WITHIN_DAYS_MIN <= days <= PAY_WITHIN_DAYS_MAX:
        return _("Choose between %(min)s and %(max)s days.") % {
            "min": format_number(PAY_WITHIN_DAYS_MIN),
            "max": format_number(PAY_WITHIN_DAYS_MAX),
        }
    return None


def pay_within_missing_message() -> str:
    return _("Say within how many days of sending their input people are paid.")
