"""The consultation quality check (DESIGN.md's guardrails): pure, so the staff form, publishing,
corrections and the public API (issue 9 item 6) all ask the same question the same way.

``check_consultation(draft, organisation=...)`` reads a plain ``Draft`` (no model, no database)
and the organisation's ``CheckPolicy`` (its minimum lead time, fair-rate floor, its own rate for
other consultants, whether the site has a support line), and returns a ``CheckResult``: findings
``{code, severity, message, field}`` and a score. Messages are plain and say how to fix it.

Severities (README "Quality check" lists them with their defaults):

- **blocker** — stops publishing unless an organisation admin records a reason:
  ``unpaid`` (asking for expertise without pay is the tokenism survivors name first),
  ``story_extraction`` (a question asking someone to retell their trafficking or blaming them
  does harm by being read, whatever the answer), ``short_lead_time`` (people with jobs, children
  and no internet at home cannot answer in days; too short a time also makes the invitation a
  formality).
- **warning** — shown everywhere, never stops: ``late_stage``, ``below_fair_rate``,
  ``expenses_not_covered``, ``no_interpretation``, ``stigmatising_language`` (the checker's
  errors and warnings), ``inform_only``, ``no_support``, ``effort_exceeds_time``. Each can have a
  good reason (a final text shared for information, a floor figure that is out of date, a
  language nobody invited reads), so a person decides.
- **info** — a fact to know: a pay rate in another currency than the floor or the
  organisation's own rate (Seat never converts money, so it cannot say whether the pay is
  fair), and the terminology checker's milder suggestions.

Score: 100, less 30 for each code with a blocker, less 10 for each code with a warning, never
below 0. A code counts once however often it fires (five stigmatising words are one problem to
fix, not five), and info findings cost nothing.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import asdict, dataclass, field
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.core.formats import format_number

if TYPE_CHECKING:
    from seat.accounts.models import Organisation

BLOCKER, WARNING, INFO = "blocker", "warning", "info"
SEVERITIES = (BLOCKER, WARNING, INFO)
CODES = (
    "short_lead_time",
    "late_stage",
    "unpaid",
    "below_fair_rate",
    "expenses_not_covered",
    "no_interpretation",
    "story_extraction",
    "story_unchecked",
    "plain_language",
    "stigmatising_language",
    "inform_only",
    "no_support",
    "effort_exceeds_time",
)
SCORE_COST = {BLOCKER: 30, WARNING: 10, INFO: 0}
# How many hours a day people can reasonably give a consultation between the invitation and the
# last day: survivors consulted work, care for others and often travel to a phone or a meeting.
# Two hours a day leaves room for all of it; eight hours of reading and writing asked within
# three days does not.
REASONABLE_HOURS_PER_DAY = Decimal(2)
LATE_MATERIAL = ("near_final", "final")
FAIR_RATES_FILE = Path(__file__).resolve().parent / "data" / "fair_rates.toml"


@dataclass(frozen=True)
class Compensation:
    amount: Decimal
    currency: str  # ISO 4217
    unit: str  # hour | day | session (the API's "flat" is a session)
    expenses_covered: bool


@dataclass(frozen=True)
class Draft:
    """What the check reads about a consultation, as plain values.

    ``compensation`` is None when nothing is paid. ``participant_languages`` are the languages
    of the people invited, or of the organisation when nobody is invited yet. ``support_contact``
    is the consultation's own contact (empty: none).
    """

    title: str
    purpose: str
    questions: tuple[str, ...]
    material_state: str
    influence: str
    opens_on: datetime.date | None
    deadline: datetime.date | None
    expected_hours: Decimal | None
    compensation: Compensation | None
    expenses_covered: bool
    languages: tuple[str, ...]
    participant_languages: tuple[str, ...]
    interpretation: bool
    support_contact: str = ""
    stage: str = ""
    # What people read before the questions (Consultation.content_note); None when the caller
    # has no such field (the public API), so no finding asks for one.
    content_note: str | None = None
    # The consultation in everyday words (Consultation.plain_summary); None when the caller has
    # no such field (the public API), so no finding asks for one.
    plain_summary: str | None = None
    lang: str = ""  # the language of the text, when the author says; else guessed
    # The offered languages its text is written in now (the original's and each current
    # translation); None when unknown (the API checks one text, with no translations).
    translated: tuple[str, ...] | None = None
    # Offered languages whose translation exists but translates an older text.
    out_of_date: tuple[str, ...] = ()
    # For a draft not yet open: today. Invitations cannot go out on a day already past, so its
    # notice counts from today when "invitations go out on" is earlier (else a past date would
    # hide five days' notice). None for an open consultation: its notice was given when it was.
    today: datetime.date | None = None


@dataclass(frozen=True)
class Floor:
    country: str
    currency: str
    per_hour: Decimal
    source: str
    year: int | None = None


@dataclass(frozen=True)
class CheckPolicy:
    """An organisation's settings, as the check reads them (``policy_for``)."""

    min_lead_days: int = 14
    country: str = ""
    floor_override: Floor | None = None
    consultant_rate: Decimal | None = None  # per hour
    consultant_currency: str = ""
    site_support: bool = False


@dataclass(frozen=True)
class CheckFinding:
    code: str
    severity: str
    message: str
    field: str  # the form field to show it beside ("" for the whole consultation)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[CheckFinding, ...]
    score: int
    floor: Floor | None = field(default=None, compare=False)

    @property
    def blockers(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.severity == BLOCKER]

    @property
    def has_blockers(self) -> bool:
        return any(f.severity == BLOCKER for f in self.findings)

    def by_field(self) -> dict[str, list[CheckFinding]]:
        grouped: dict[str, list[CheckFinding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.field, []).append(finding)
        return grouped

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "findings": [f.as_dict() for f in self.findings]}


# --- Fair-rate floors -----------------------------------------------------------------------------


@cache
def fair_rate_floors() -> dict[tuple[str, str], Floor]:
    """The sourced defaults of ``data/fair_rates.toml``, by (country, currency)."""
    data = tomllib.loads(FAIR_RATES_FILE.read_text(encoding="utf-8"))
    floors = {}
    for row in data["floor"]:
        floor = Floor(
            country=row["country"],
            currency=row["currency"],
            per_hour=Decimal(row["floor"]),
            source=row["source"],
            year=int(row["year"]),
        )
        floors[(floor.country, floor.currency)] = floor
    return floors


def floor_arithmetic_problems() -> list[str]:
    """Lines of the floors file whose ``floor`` is not its own arithmetic (for the test)."""
    data = tomllib.loads(FAIR_RATES_FILE.read_text(encoding="utf-8"))
    problems = []
    for row in data["floor"]:
        hourly = Decimal(row["minimum_wage"]) / Decimal(row["hours_per_period"])
        expected = (hourly * Decimal(row["multiple"])).to_integral_value(rounding=ROUND_CEILING)
        if Decimal(row["floor"]) != expected:
            problems.append(f"{row['country']} {row['currency']}: {row['floor']} != {expected}")
    return problems


def floors_for(country: str, policy: CheckPolicy) -> list[Floor]:
    """The floors that apply in ``country``: the organisation's own for its currency first, then
    the defaults for the country's other currencies."""
    floors = [f for (c, _cur), f in fair_rate_floors().items() if c == country]
    own = policy.floor_override
    if own is not None and own.country == country:
        floors = [own, *(f for f in floors if f.currency != own.currency)]
    return floors


def policy_for(organisation: Organisation) -> CheckPolicy:
    """The check's view of an organisation's settings (no query: all on the row)."""
    from seat.core.support import site_support

    override = None
    if organisation.fair_rate_floor is not None and organisation.fair_rate_floor_currency:
        override = Floor(
            country=organisation.country,
            currency=organisation.fair_rate_floor_currency,
            per_hour=organisation.fair_rate_floor,
            source=_("Set by %(organisation)s") % {"organisation": organisation.name},
        )
    return CheckPolicy(
        min_lead_days=organisation.min_lead_days,
        country=organisation.country,
        floor_override=override,
        consultant_rate=organisation.consultant_rate,
        consultant_currency=organisation.consultant_rate_currency,
        site_support=site_support() is not None,
    )


def hourly_pay(compensation: Compensation, expected_hours: Decimal | None) -> Decimal | None:
    """What an hour of the expected time is paid: the rate for an hourly rate, else the day's
    or session's pay over its expected hours (the rule payment lines use: one day or session
    for the expected time). None when the hours are unknown."""
    if compensation.unit == "hour":
        return compensation.amount
    if not expected_hours or expected_hours <= 0:
        return None
    return compensation.amount / expected_hours


def _money(amount: Decimal, currency: str) -> str:
    return f"{format_number(amount.quantize(Decimal('0.01')).normalize())} {currency}"


# --- The check ------------------------------------------------------------------------------------


def check_consultation(
    draft: Draft, *, organisation: Organisation | CheckPolicy | None = None
) -> CheckResult:
    """Every finding of the quality check for ``draft``, in the order of DESIGN.md's table."""
    if organisation is None:
        policy = CheckPolicy()
    elif isinstance(organisation, CheckPolicy):
        policy = organisation
    else:
        policy = policy_for(organisation)
    findings: list[CheckFinding] = []
    findings += _lead_time(draft, policy)
    findings += _late_stage(draft)
    findings += _pay(draft, policy)
    findings += _expenses(draft)
    findings += _interpretation(draft)
    findings += _story_extraction(draft)
    findings += _plain_language(draft)
    findings += _stigmatising(draft)
    findings += _influence(draft)
    findings += _support(draft, policy)
    findings += _effort(draft)
    return CheckResult(findings=tuple(findings), score=score(findings))


def score(findings: list[CheckFinding] | tuple[CheckFinding, ...]) -> int:
    worst: dict[str, int] = {}
    for finding in findings:
        cost = SCORE_COST[finding.severity]
        worst[finding.code] = max(worst.get(finding.code, 0), cost)
    return max(0, 100 - sum(worst.values()))


def _days(draft: Draft) -> int | None:
    if draft.opens_on is None or draft.deadline is None:
        return None
    start = max(draft.opens_on, draft.today) if draft.today else draft.opens_on
    return (draft.deadline - start).days


def _lead_time(draft: Draft, policy: CheckPolicy) -> list[CheckFinding]:
    days = _days(draft)
    if days is None or days >= policy.min_lead_days:
        return []
    message = ngettext(
        "People get %(days)s day between the invitation and the last day; give them at least "
        "%(min)s. Move the last day later, or send the invitations sooner.",
        "People get %(days)s days between the invitation and the last day; give them at least "
        "%(min)s. Move the last day later, or send the invitations sooner.",
        max(days, 0),
    ) % {"days": format_number(max(days, 0)), "min": format_number(policy.min_lead_days)}
    return [CheckFinding("short_lead_time", BLOCKER, message, "deadline")]


def _late_stage(draft: Draft) -> list[CheckFinding]:
    if draft.material_state not in LATE_MATERIAL:
        return []
    message = _(
        "The work is nearly final, so people's input can change little. Ask earlier, on an idea "
        "or an early draft, or say plainly what can still change."
    )
    return [CheckFinding("late_stage", WARNING, message, "material_state")]


def _pay(draft: Draft, policy: CheckPolicy) -> list[CheckFinding]:
    pay = draft.compensation
    if pay is None or pay.amount <= 0:
        message = _(
            "Nothing is paid. Survivors give expert advice: pay for their time, as you pay other "
            "consultants. Enter a pay rate."
        )
        return [CheckFinding("unpaid", BLOCKER, message, "pay_rate")]
    hourly = hourly_pay(pay, draft.expected_hours)
    if hourly is None:
        return []
    findings = []
    if floors := floors_for(policy.country, policy):
        findings += _against_floor(hourly, pay, floors)
    if policy.consultant_rate is not None and policy.consultant_currency:
        if pay.currency != policy.consultant_currency:
            message = _(
                "Your organisation's rate for other consultants is in %(theirs)s and this pay is "
                "in %(ours)s, so Seat cannot compare them. Check by hand that survivors are paid "
                "at least as much."
            ) % {"theirs": policy.consultant_currency, "ours": pay.currency}
            findings.append(CheckFinding("below_fair_rate", INFO, message, "pay_rate"))
        elif hourly < policy.consultant_rate:
            message = _(
                "This pays %(pay)s an hour; your organisation pays other consultants %(rate)s "
                "an hour. Pay survivors at least as much as other experts."
            ) % {
                "pay": _money(hourly, pay.currency),
                "rate": _money(policy.consultant_rate, pay.currency),
            }
            findings.append(CheckFinding("below_fair_rate", WARNING, message, "pay_rate"))
    return findings


def _against_floor(hourly: Decimal, pay: Compensation, floors: list[Floor]) -> list[CheckFinding]:
    same = [f for f in floors if f.currency == pay.currency]
    if not same:
        first = floors[0]
        message = _(
            "The fair-pay floor for this country is in %(floor)s and this pay is in %(ours)s, "
            "so Seat cannot compare them. Check by hand that it is at least %(amount)s an hour."
        ) % {
            "floor": first.currency,
            "ours": pay.currency,
            "amount": _money(first.per_hour, first.currency),
        }
        return [CheckFinding("below_fair_rate", INFO, message, "pay_rate")]
    floor = same[0]
    if hourly >= floor.per_hour:
        return []
    message = _(
        "This pays %(pay)s an hour, below the fair-pay floor of %(floor)s an hour for this "
        "country. Raise the rate."
    ) % {"pay": _money(hourly, pay.currency), "floor": _money(floor.per_hour, floor.currency)}
    return [CheckFinding("below_fair_rate", WARNING, message, "pay_rate")]


def _expenses(draft: Draft) -> list[CheckFinding]:
    if draft.expenses_covered:
        return []
    message = _(
        "Costs are not covered. Pay back travel, phone data and childcare, so that nobody is "
        "worse off for taking part."
    )
    return [CheckFinding("expenses_not_covered", WARNING, message, "expenses_covered")]


def _interpretation(draft: Draft) -> list[CheckFinding]:
    from seat.consultations.enums import LANGUAGE_NAMES

    findings = []
    missing = [code for code in draft.participant_languages if code not in draft.languages]
    if missing and not draft.interpretation:
        names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in missing)
        message = _(
            "Some people read %(languages)s, which this consultation does not offer. Offer those "
            "languages, or provide interpretation."
        ) % {"languages": names}
        findings.append(CheckFinding("no_interpretation", WARNING, message, "languages"))
    if draft.translated is not None:
        # Offered in a language is a promise to the people who read it: without the text in it,
        # they read a language they may not, unless an interpreter reads it to them.
        untranslated = [code for code in draft.languages if code not in draft.translated]
        stale = [code for code in untranslated if code in draft.out_of_date]
        missing = [code for code in untranslated if code not in draft.out_of_date]
        severity = INFO if draft.interpretation else WARNING
        if missing:
            names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in missing)
            message = _(
                "It is offered in %(languages)s, but its text is not written in it yet. Add the "
                "translation from the consultation's page, so people read it in their language."
            ) % {"languages": names}
            findings.append(CheckFinding("no_interpretation", severity, message, "languages"))
        if stale:
            names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in stale)
            message = _(
                "The text in %(languages)s is out of date: the original changed after it was "
                "translated, so people who read it get the original until you bring it up to date "
                "from the consultation's page."
            ) % {"languages": names}
            findings.append(CheckFinding("no_interpretation", severity, message, "languages"))
    return findings


def question_language(draft: Draft) -> str:
    """The language the questions are read in: the author's, else the first offered language
    the story detector covers, else English."""
    from seat.language.questions import question_languages

    covered = question_languages()
    if draft.lang in covered:
        return draft.lang
    return next((code for code in draft.languages if code in covered), "en")


def story_questions(draft: Draft) -> dict[int, CheckFinding]:
    """The ``story_extraction`` check question by question: the number (from 1) of each
    question it fires on, with its finding. The invitation marks these questions and promises
    "nobody will ask you to tell what happened to you" only when there are none."""
    from seat.language.questions import question_findings

    lang = question_language(draft)
    found_by_number = {}
    for number, text in enumerate(draft.questions, start=1):
        found = question_findings(text, lang)
        if found:
            message = _("Question %(number)s: %(fix)s") % {
                "number": format_number(number),
                "fix": found[0].message,
            }
            found_by_number[number] = CheckFinding(
                "story_extraction", BLOCKER, message, "questions"
            )
    return found_by_number


def _story_extraction(draft: Draft) -> list[CheckFinding]:
    from seat.consultations.enums import LANGUAGE_NAMES
    from seat.language.questions import question_languages

    findings = list(story_questions(draft).values())
    if draft.lang and draft.lang not in question_languages() and draft.questions:
        # Read with another language's rules, such questions would pass unread: say so, and the
        # invitation does not promise that nobody will ask for a story (promises.py).
        message = _(
            "Seat cannot yet check questions written in %(language)s for questions about what "
            "happened to people. Read them again yourself: the invitation will not promise "
            "that nobody asks for their story."
        ) % {"language": LANGUAGE_NAMES.get(draft.lang, draft.lang)}
        findings.append(CheckFinding("story_unchecked", INFO, message, "questions"))
    if findings and draft.content_note is not None and not draft.content_note.strip():
        # Published anyway, people would open such questions unwarned. The blocker already
        # costs this code its points, so the warning costs nothing more.
        message = _(
            "Some questions touch on what happened to people and there is no content note. If "
            "they stay, write a content note saying what they touch on, so people know before "
            "they read them."
        )
        findings.append(CheckFinding("story_extraction", WARNING, message, "content_note"))
    return findings


def _plain_language(draft: Draft) -> list[CheckFinding]:
    if draft.plain_summary is None or draft.plain_summary.strip():
        return []
    message = _(
        "Add a plain-language summary: people who read little read it first, and can listen to it."
    )
    return [CheckFinding("plain_language", INFO, message, "plain_summary")]


def _stigmatising(draft: Draft) -> list[CheckFinding]:
    from seat.language.engine import checker_for
    from seat.language.lexicon import available_languages

    lang = draft.lang if draft.lang in available_languages() else "auto"
    findings = []
    texts = [("title", draft.title), ("purpose", draft.purpose)]
    texts += [("plain_summary", draft.plain_summary or "")]
    texts += [("content_note", draft.content_note or "")]
    texts += [("questions", text) for text in draft.questions]
    for name, text in texts:
        if not text.strip():
            continue
        for term in checker_for(lang, text).check(text):
            suggestion = term.suggestions[0] if term.suggestions else ""
            if suggestion:
                message = _("“%(term)s”: %(reason)s Write “%(suggestion)s” instead.") % {
                    "term": term.text,
                    "reason": term.reason,
                    "suggestion": suggestion,
                }
            else:
                message = _("“%(term)s”: %(reason)s") % {"term": term.text, "reason": term.reason}
            severity = INFO if term.severity == "suggestion" else WARNING
            findings.append(CheckFinding("stigmatising_language", severity, message, name))
    return findings


def _influence(draft: Draft) -> list[CheckFinding]:
    if draft.influence != "inform":
        return []
    message = _(
        "People are only told about a decision; their input cannot change it. Ask for their "
        "advice (consult) or more, and tell them afterwards what their input changed."
    )
    return [CheckFinding("inform_only", WARNING, message, "influence")]


def _support(draft: Draft, policy: CheckPolicy) -> list[CheckFinding]:
    if draft.support_contact.strip() or policy.site_support:
        return []
    message = _(
        "Nobody is named to call for help, and this site has no support line. Give a name or "
        "role and a phone number that someone answers."
    )
    return [CheckFinding("no_support", WARNING, message, "support_name")]


def _effort(draft: Draft) -> list[CheckFinding]:
    days = _days(draft)
    hours = draft.expected_hours
    if days is None or hours is None:
        return []
    allowed = max(days, 1) * REASONABLE_HOURS_PER_DAY
    if hours <= allowed:
        return []
    message = ngettext(
        "%(hours)s hours of work in %(days)s day is too much to ask: allow about one day for "
        "every %(per_day)s hours. Ask less, or give more time.",
        "%(hours)s hours of work in %(days)s days is too much to ask: allow about one day for "
        "every %(per_day)s hours. Ask less, or give more time.",
        max(days, 1),
    ) % {
        "hours": format_number(hours.normalize()),
        "days": format_number(max(days, 1)),
        "per_day": format_number(REASONABLE_HOURS_PER_DAY),
    }
    return [CheckFinding("effort_exceeds_time", WARNING, message, "expected_hours")]
