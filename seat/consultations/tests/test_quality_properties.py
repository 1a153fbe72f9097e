"""The consultation quality check, for any draft and any organisation policy (hypothesis): it
never raises, its score is 100 less each code's worst cost (so always 0..100), every finding is
one it documents, fixing what a finding asks never lowers the score, and a consultation with a
blocker is never opened without an admin's reason."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seat.compensation.enums import CURRENCY_CODES
from seat.consultations.enums import ConsultationStatus, Influence, MaterialState, PayUnit
from seat.consultations.quality import (
    CODES,
    SCORE_COST,
    SEVERITIES,
    CheckPolicy,
    Compensation,
    Draft,
    check_consultation,
)

# Text a staff member might write, and text nobody would: phrases the check acts on (a story
# question, stigmatising and labelling words), everyday questions, and any unicode.
PHRASES = [
    "Tell us what happened to you when you were trafficked.",
    "Describe your own experience of being exploited.",
    "The victims and prostitutes were illegal immigrants.",
    "Which warning signs matter most?",
    "Who should run the sessions?",
    "আপনার সাথে কী ঘটেছিল তা বলুন।",
    "",
    "   ",
]
texts = st.one_of(st.sampled_from(PHRASES), st.text(max_size=120))
LANGS = ["", "en", "bn", "fr", "ar", "km", "ne", "zz"]
days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))
language_sets = st.lists(st.sampled_from(LANGS[1:]), unique=True, max_size=4).map(tuple)


@st.composite
def compensations(draw: st.DrawFn) -> Compensation | None:
    if draw(st.booleans()):
        return None
    return Compensation(
        amount=draw(st.decimals(min_value=0, max_value=100_000, places=2)),
        currency=draw(st.sampled_from(sorted(CURRENCY_CODES))),
        unit=draw(st.sampled_from(PayUnit.values)),
        expenses_covered=draw(st.booleans()),
    )


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    return Draft(
        title=draw(texts),
        purpose=draw(texts),
        questions=tuple(draw(st.lists(texts, max_size=4))),
        material_state=draw(st.sampled_from([*MaterialState.values, "unknown"])),
        influence=draw(st.sampled_from([*Influence.values, ""])),
        opens_on=draw(st.none() | days),
        deadline=draw(st.none() | days),
        expected_hours=draw(st.none() | st.decimals(min_value=0, max_value=2_000, places=1)),
        compensation=draw(compensations()),
        expenses_covered=draw(st.booleans()),
        languages=draw(language_sets),
        participant_languages=draw(language_sets),
        interpretation=draw(st.booleans()),
        support_contact=draw(texts),
        content_note=draw(st.none() | texts),
        plain_summary=draw(st.none() | texts),
        lang=draw(st.sampled_from(LANGS)),
        translated=draw(st.none() | language_sets),
        out_of_date=draw(language_sets),
        today=draw(st.none() | days),
    )


@st.composite
def policies(draw: st.DrawFn) -> CheckPolicy:
    rate = draw(st.none() | st.decimals(min_value=0, max_value=10_000, places=2))
    return CheckPolicy(
        min_lead_days=draw(st.integers(0, 90)),
        country=draw(st.sampled_from(["", "BD", "IN", "NP", "ID", "KH", "FR"])),
        consultant_rate=rate,
        consultant_currency=draw(st.sampled_from(["", "USD", "BDT", "KHR"])) if rate else "",
        site_support=draw(st.booleans()),
    )


@settings(max_examples=150, deadline=None)
@given(draft=drafts(), policy=policies())
def test_any_draft_gets_documented_findings_and_a_score_from_0_to_100(draft, policy):
    result = check_consultation(draft, organisation=policy)
    assert 0 <= result.score <= 100
    for finding in result.findings:
        assert finding.code in CODES
        assert finding.severity in SEVERITIES
        assert finding.message.strip()
    worst: dict[str, int] = {}
    for finding in result.findings:
        worst[finding.code] = max(worst.get(finding.code, 0), SCORE_COST[finding.severity])
    assert result.score == max(0, 100 - sum(worst.values()))
    assert result.has_blockers == any(f.severity == "blocker" for f in result.findings)


def _later_deadline(draft: Draft) -> Draft:
    if draft.deadline is None:
        return draft
    return dataclasses.replace(draft, deadline=draft.deadline + datetime.timedelta(days=30))


def _pay_more(draft: Draft) -> Draft:
    pay = draft.compensation or Compensation(Decimal(0), "USD", PayUnit.HOUR, False)
    return dataclasses.replace(
        draft, compensation=dataclasses.replace(pay, amount=pay.amount * 2 + Decimal("1000"))
    )


def _fewer_hours(draft: Draft) -> Draft:
    if not draft.expected_hours:
        return draft
    return dataclasses.replace(draft, expected_hours=draft.expected_hours / 2)


def _drop_last_question(draft: Draft) -> Draft:
    return dataclasses.replace(draft, questions=draft.questions[:-1])


def _offer_what_people_read(draft: Draft) -> Draft:
    languages = tuple(dict.fromkeys(draft.languages + draft.participant_languages))
    return dataclasses.replace(draft, languages=languages)


# Each is what a finding's message asks for; none of them may cost the consultation points.
FIXES: dict[str, Callable[[Draft], Draft]] = {
    "move the last day later": _later_deadline,
    "raise the pay": _pay_more,
    "ask for fewer hours": _fewer_hours,
    "drop a question": _drop_last_question,
    "offer the languages people read": _offer_what_people_read,
    "provide interpretation": lambda d: dataclasses.replace(d, interpretation=True),
    "cover expenses": lambda d: dataclasses.replace(d, expenses_covered=True),
    "name a support contact": lambda d: dataclasses.replace(d, support_contact="Asha, +880 1711"),
    "ask for advice, not only inform": lambda d: dataclasses.replace(d, influence="consult"),
    "ask on an early draft": lambda d: dataclasses.replace(d, material_state="early_draft"),
    "write a content note": lambda d: dataclasses.replace(
        d, content_note=None if d.content_note is None else "Questions about work."
    ),
    "write a plain summary": lambda d: dataclasses.replace(
        d, plain_summary=None if d.plain_summary is None else "We ask about training."
    ),
}


@settings(max_examples=200, deadline=None)
@given(draft=drafts(), policy=policies(), fix=st.sampled_from(sorted(FIXES)))
def test_doing_what_a_finding_asks_never_lowers_the_score(draft, policy, fix):
    before = check_consultation(draft, organisation=policy)
    after = check_consultation(FIXES[fix](draft), organisation=policy)
    assert after.score >= before.score, (fix, before.findings, after.findings)
    assert len(after.blockers) <= len(before.blockers), fix


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lead_days=st.integers(1, 40),
    pay_rate=st.sampled_from([Decimal(0), Decimal("25.00")]),
    questions=st.lists(st.sampled_from(PHRASES[:5]), min_size=1, max_size=3),
)
def test_a_consultation_with_a_blocker_is_never_opened_by_staff(
    world, lead_days, pay_rate, questions
):
    from seat.consultations.selectors import consultation_check
    from seat.consultations.services import QualityBlocked, consultation_publish
    from seat.tests.personas import make_consultation

    today = timezone.localdate()
    consultation = make_consultation(
        world.staff_a,
        world.project,
        publish=False,
        languages="en",
        deadline=today + datetime.timedelta(days=lead_days),
        pay_rate=pay_rate,
        questions=questions,
    )
    blocked = consultation_check(consultation=consultation).has_blockers
    if blocked:
        with pytest.raises(QualityBlocked):
            consultation_publish(actor=world.staff_a, consultation=consultation)
    else:
        consultation_publish(actor=world.staff_a, consultation=consultation)
    consultation.refresh_from_db()
    expected = ConsultationStatus.DRAFT if blocked else ConsultationStatus.OPEN
    assert consultation.status == expected
    assert consultation.checks.exists() is not blocked
