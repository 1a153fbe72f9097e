"""``POST /api/v1/consultations/check``: the quality check (``quality.py``) over HTTP, for anyone
drafting a call for survivors' input, in Seat or elsewhere. Nothing is saved and no login is
needed.

Every caller is judged by the same policy, built from the body's ``country``: the minimum lead
time a new organisation starts with and the sourced fair-pay floors for that country. A signed-in
member's own organisation settings are not used: a person may belong to several organisations,
and an answer that changed with who asks would hide which rule fired. The site's support line is
not counted either, since a draft checked here need not run on this site.

What JSON Schema can say (types, choices, lengths, the shape of an amount) is in the OpenAPI
document and refused by ninja with field-level 422 issues. What it cannot say (the last day after
the invitation and not in the past, dates within Seat's window, an amount within the currency's
cap and minor unit) is refused here in the same shape, so a client reads one kind of answer.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, Literal

from babel import Locale
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import ValidationError
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    JsonValue,
    StrictBool,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from seat.compensation.enums import CURRENCY_CODES
from seat.consultations import quality
from seat.consultations.enums import Influence, MaterialState, PayUnit, Stage
from seat.core.bounds import LEAD_DAYS_DEFAULT, date_problem, money_problem
from seat.core.countries import COUNTRY_CODES

router = Router(tags=["consultations"])

# Looser than what Seat itself stores (limits.py: 12 questions of 300 characters, a purpose of
# 1,500), on purpose: those limits keep the pages a survivor reads Seat's text on within one
# round trip, and this check shows nobody a page and saves nothing; a call for input drafted
# for elsewhere (a survey, a letter) may be longer. These bounds only cap one request's work:
# 100 questions is about 100,000 characters to read, which the check does in well under a
# second. A draft that passes here may still be too long to enter in Seat, which says so.
MAX_QUESTIONS = 100
MAX_QUESTION_CHARS = 1000
MAX_PURPOSE_CHARS = 4000
MAX_LANGUAGES = 20
# Digits, optionally a point and more digits: no sign, exponent or spaces, so "-5" and "1e3"
# are refused by the schema rather than read as something the author did not mean.
AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,4})?$")

# The API's words for each choice, translated explicitly to the check's (the model's) values, so
# renaming either side is a visible change here and in the tests.
STAGES: dict[str, str] = {
    "design": Stage.DESIGN,
    "implementation": Stage.IMPLEMENTATION,
    "evaluation": Stage.EVALUATION,
}
MATERIAL_STATES: dict[str, str] = {
    "concept": MaterialState.CONCEPT,
    "early_draft": MaterialState.EARLY_DRAFT,
    "near_final": MaterialState.NEAR_FINAL,
    "final": MaterialState.FINAL,
}
INFLUENCES: dict[str, str] = {
    "inform": Influence.INFORM,
    "consult": Influence.CONSULT,
    "involve": Influence.INVOLVE,
    "collaborate": Influence.COLLABORATE,
    "empower": Influence.EMPOWER,
}
# "flat": one payment for the whole consultation, which the check reads as one session.
PAY_UNITS: dict[str, str] = {"hour": PayUnit.HOUR, "day": PayUnit.DAY, "flat": PayUnit.SESSION}
# The check names the staff form's fields; the API names its own body's.
FINDING_FIELDS = {
    "deadline": "respond_by",
    "opens_on": "invite_on",
    "pay_rate": "compensation",
    "expenses_covered": "compensation",
    "support_name": "support_contact",
}


@cache
def language_codes() -> tuple[str, ...]:
    """ISO 639 codes CLDR names (two letters, and three where a language has no two)."""
    return tuple(
        sorted(
            str(code)
            for code in Locale.parse("en").languages
            if len(str(code)) in (2, 3) and str(code).isalpha() and str(code).islower()
        )
    )


def _known_language(code: str) -> str:
    if code not in language_codes():
        raise PydanticCustomError(
            "unknown_language",
            _("Unknown language code “{code}”: use an ISO 639 code such as en, bn or es."),
            {"code": code},
        )
    return code


def _known_country(code: str) -> str:
    if code not in COUNTRY_CODES:
        raise PydanticCustomError(
            "unknown_country",
            _("Unknown country code “{code}”: use an ISO 3166 alpha-2 code such as BD or NP."),
            {"code": code},
        )
    return code


def _known_currency(code: str) -> str:
    if code not in CURRENCY_CODES:
        raise PydanticCustomError(
            "unknown_currency",
            _("Seat does not know the currency “{code}”. Use one of: {codes}."),
            {"code": code, "codes": ", ".join(sorted(CURRENCY_CODES))},
        )
    return code


def _amount(value: str) -> str:
    if value.startswith("-"):
        raise PydanticCustomError("negative_amount", _("This cannot be negative."))
    if not AMOUNT.match(value):
        raise PydanticCustomError(
            "not_an_amount", _("Enter the amount as digits, for example “1500” or “12.50”.")
        )
    return value


def _date_text(value: Any) -> Any:
    # pydantic would also read a number as a timestamp; the document promises an ISO date.
    if not isinstance(value, str):
        raise PydanticCustomError(
            "date_type", _("Enter the date as text, YYYY-MM-DD, for example “2026-03-01”.")
        )
    return value


# Codes are documented by their shape, not listed: schemathesis's coverage phase tries every
# value of an enum, and 645 languages in three fields made its run four times longer. A code of
# the right shape that CLDR does not name gets the same field-level 422.
LanguageCode = Annotated[
    str,
    AfterValidator(_known_language),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[a-z]{2,3}$",
            "description": "An ISO 639 language code (two letters, or three where a language "
            "has no two-letter code). A code CLDR does not name gets 422.",
        }
    ),
]
IsoDate = Annotated[datetime.date, BeforeValidator(_date_text)]


class ConsultationPayIn(Schema):
    amount: Annotated[str, AfterValidator(_amount)] = Field(
        description="The pay, as a decimal string (no sign, at most 4 decimals).",
        json_schema_extra={"pattern": AMOUNT.pattern},
        max_length=17,
    )
    currency: Annotated[str, AfterValidator(_known_currency)] = Field(
        description="ISO 4217: one of the currencies Seat offers.",
        json_schema_extra={"enum": list[JsonValue](sorted(CURRENCY_CODES))},
    )
    unit: Literal["hour", "day", "flat"] = Field(
        description="Per hour, per day, or one flat payment for the whole consultation."
    )
    expenses_covered: StrictBool = Field(
        description="Travel, phone data and childcare are paid back."
    )


class ConsultationDraftIn(Schema):
    title: str = Field(max_length=200)
    purpose: str = Field(
        max_length=MAX_PURPOSE_CHARS, description="What it is for and what will change."
    )
    questions: list[Annotated[str, Field(max_length=MAX_QUESTION_CHARS)]] = Field(
        max_length=MAX_QUESTIONS
    )
    stage: Literal["design", "implementation", "evaluation"]
    material_state: Literal["concept", "early_draft", "near_final", "final"] = Field(
        description="How finished the work consulted on is."
    )
    invite_on: IsoDate = Field(description="When the invitations go out (ISO 8601 date).")
    respond_by: IsoDate = Field(
        description="The last day to respond: not in the past, not before invite_on."
    )
    format: Literal["written", "online_meeting", "in_person", "focus_group", "survey", "voice"] = (
        Field(description="How people take part. Accepted; no check reads it yet.")
    )
    languages: list[LanguageCode] = Field(
        max_length=MAX_LANGUAGES, description="The languages the consultation is offered in."
    )
    participant_languages: list[LanguageCode] = Field(
        max_length=MAX_LANGUAGES, description="The languages the people asked read."
    )
    interpretation: StrictBool
    compensation: ConsultationPayIn | None = Field(None, description="null: nothing is paid.")
    expected_hours: Annotated[float, Field(strict=True, gt=0, le=999)] = Field(
        description="Hours of a person's time it takes."
    )
    influence: Literal["inform", "consult", "involve", "collaborate", "empower"]
    support_contact: str | None = Field(
        None, max_length=300, description="Who people can ask for help (null: nobody)."
    )
    country: Annotated[str, AfterValidator(_known_country)] = Field(
        description="ISO 3166 alpha-2: whose fair-pay floor applies. A code that is not an "
        "assigned country gets 422.",
        json_schema_extra={"pattern": "^[A-Z]{2}$"},
    )
    lang: LanguageCode | None = Field(
        None, description="The language of the text (default: the first offered language)."
    )


class ConsultationFindingOut(Schema):
    code: Literal[quality.CODES]  # type: ignore[valid-type]
    severity: Literal["blocker", "warning", "info"]
    message: str
    field: str | None = Field(description="The body field it is about; null: the whole draft.")


class ConsultationCheckOut(Schema):
    score: int = Field(ge=0, le=100)
    findings: list[ConsultationFindingOut]


def _problems(payload: ConsultationDraftIn) -> list[dict[str, Any]]:
    """What the schema cannot say about ``payload``, as ninja's validation issues."""
    issues: list[dict[str, Any]] = []

    def problem(location: tuple[str, ...], message: str, kind: str) -> None:
        issues.append({"loc": ("body", "payload", *location), "msg": message, "type": kind})

    for name in ("invite_on", "respond_by"):
        if message := date_problem(getattr(payload, name)):
            problem((name,), message, "date_out_of_range")
    if any(issue["loc"][-1] == "respond_by" for issue in issues):
        pass
    elif payload.respond_by < timezone.localdate():
        problem(("respond_by",), _("The last day to respond has passed."), "date_in_past")
    elif payload.respond_by < payload.invite_on:
        problem(
            ("respond_by",),
            _("The last day to respond is before the invitations go out."),
            "date_order",
        )
    pay = payload.compensation
    if pay is not None and (message := money_problem(Decimal(pay.amount), pay.currency)):
        problem(("compensation", "amount"), message, "amount_out_of_range")
    return issues


def draft_from(payload: ConsultationDraftIn) -> quality.Draft:
    """The check's ``Draft`` for an API body (after ``_problems`` found none)."""
    pay = payload.compensation
    compensation = None
    if pay is not None:
        compensation = quality.Compensation(
            amount=Decimal(pay.amount),
            currency=pay.currency,
            unit=PAY_UNITS[pay.unit],
            expenses_covered=pay.expenses_covered,
        )
    try:
        hours = Decimal(str(payload.expected_hours))
    except InvalidOperation:  # pragma: no cover - the schema allows only finite numbers
        hours = None
    return quality.Draft(
        title=payload.title,
        purpose=payload.purpose,
        questions=tuple(q for q in (q.strip() for q in payload.questions) if q),
        material_state=MATERIAL_STATES[payload.material_state],
        influence=INFLUENCES[payload.influence],
        opens_on=payload.invite_on,
        deadline=payload.respond_by,
        expected_hours=hours,
        compensation=compensation,
        expenses_covered=pay is not None and pay.expenses_covered,
        languages=tuple(dict.fromkeys(payload.languages)),
        participant_languages=tuple(dict.fromkeys(payload.participant_languages)),
        interpretation=payload.interpretation,
        support_contact=payload.support_contact or "",
        stage=STAGES[payload.stage],
        lang=payload.lang or "",
        # A draft: invitations go out today at the earliest, so its notice counts from today.
        today=timezone.localdate(),
    )


def anonymous_policy(country: str) -> quality.CheckPolicy:
    """The policy a new organisation in ``country`` starts with (see the module's docstring)."""
    return quality.CheckPolicy(min_lead_days=LEAD_DAYS_DEFAULT, country=country)


@router.post(
    "/check",
    auth=None,
    url_name="consultation-check",
    response={200: ConsultationCheckOut},
    summary="Check a draft consultation",
)
def check(request: HttpRequest, payload: ConsultationDraftIn) -> dict[str, Any]:
    """The quality check of a draft consultation, without saving anything and without login.

    ``score`` is 100, less 30 for each blocker code and 10 for each warning code (a code counts
    once; info costs nothing), never below 0. Each finding has a ``code`` (README "Quality
    check"), a ``severity`` (blocker, warning or info), a ``message`` saying how to fix it, in
    the language of ``Accept-Language``, and the body ``field`` it is about.

    Everyone gets the same policy: the minimum lead time a new organisation starts with and the
    fair-pay floors of ``country``; ``format`` is accepted but no check reads it yet.
    """
    if issues := _problems(payload):
        raise ValidationError(issues)
    result = quality.check_consultation(
        draft_from(payload), organisation=anonymous_policy(payload.country)
    )
    return {
        "score": result.score,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "field": FINDING_FIELDS.get(f.field, f.field) or None,
            }
            for f in result.findings
        ],
    }
