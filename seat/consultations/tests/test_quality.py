"""The quality check, as a pure function: each code fires on the bad case and stays quiet on the
hard good case next to it."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from seat.consultations.quality import (
    BLOCKER,
    CODES,
    INFO,
    WARNING,
    CheckPolicy,
    Compensation,
    Draft,
    Floor,
    check_consultation,
    fair_rate_floors,
    floor_arithmetic_problems,
    hourly_pay,
    question_language,
    score,
    story_questions,
)

DAY = datetime.date(2026, 12, 1)

GOOD = Draft(
    title="Safer recruitment agencies",
    purpose="We are changing how we license recruitment agencies and want your advice.",
    questions=("Which services helped you most after you came back?",),
    material_state="early_draft",
    influence="involve",
    opens_on=DAY,
    deadline=DAY + datetime.timedelta(days=21),
    expected_hours=Decimal("2"),
    compensation=Compensation(
        amount=Decimal("30.00"), currency="USD", unit="hour", expenses_covered=True
    ),
    expenses_covered=True,
    languages=("en", "bn"),
    participant_languages=("bn",),
    interpretation=False,
    support_contact="Asha +880 1711 000000",
)
US = CheckPolicy(min_lead_days=14, country="US")


def codes(draft: Draft, policy: CheckPolicy = US) -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in check_consultation(draft, organisation=policy).findings]


def with_(**changes: object) -> Draft:
    return dataclasses.replace(GOOD, **changes)  # type: ignore[arg-type]


def test_a_good_consultation_has_no_findings_and_scores_100() -> None:
    result = check_consultation(GOOD, organisation=US)
    assert result.findings == ()
    assert result.score == 100


def test_short_lead_time_is_a_blocker_below_the_organisations_minimum() -> None:
    assert codes(with_(deadline=DAY + datetime.timedelta(days=5))) == [("short_lead_time", BLOCKER)]
    # Exactly the minimum is enough; a lower organisation minimum lets five days pass.
    assert codes(with_(deadline=DAY + datetime.timedelta(days=14))) == []
    assert codes(with_(deadline=DAY + datetime.timedelta(days=5)), CheckPolicy(5, "US")) == []


def test_late_stage_warns_on_near_final_and_final_material_only() -> None:
    assert codes(with_(material_state="near_final")) == [("late_stage", WARNING)]
    assert codes(with_(material_state="final")) == [("late_stage", WARNING)]
    assert codes(with_(material_state="concept")) == []


def test_unpaid_blocks_no_pay_and_zero_pay() -> None:
    assert codes(with_(compensation=None)) == [("unpaid", BLOCKER)]
    zero = Compensation(Decimal("0"), "USD", "hour", True)
    assert codes(with_(compensation=zero)) == [("unpaid", BLOCKER)]
    # A small but real payment is not "unpaid" (the floor speaks to it).
    low = Compensation(Decimal("0.01"), "USD", "hour", True)
    assert codes(with_(compensation=low)) == [("below_fair_rate", WARNING)]


def test_below_fair_rate_against_the_country_floor_in_its_currency() -> None:
    floor = fair_rate_floors()[("US", "USD")].per_hour
    assert floor == Decimal("22")
    just = Compensation(floor, "USD", "hour", True)
    under = Compensation(floor - Decimal("0.01"), "USD", "hour", True)
    assert codes(with_(compensation=just)) == []
    assert codes(with_(compensation=under)) == [("below_fair_rate", WARNING)]


def test_a_day_rate_is_compared_per_hour_of_the_expected_time() -> None:
    day = Compensation(Decimal("100"), "USD", "day", True)
    assert hourly_pay(day, Decimal("4")) == Decimal("25")
    assert codes(with_(compensation=day, expected_hours=Decimal("4"))) == []
    # The same day's pay for ten hours of work is under the floor.
    long_day = with_(
        compensation=day, expected_hours=Decimal("10"), deadline=DAY + datetime.timedelta(days=30)
    )
    assert codes(long_day) == [("below_fair_rate", WARNING)]


def test_a_rate_in_another_currency_is_never_compared_only_noted() -> None:
    # 1,000 BDT an hour is far above the BD floor, but the floor is in BDT and this is in USD.
    bd = CheckPolicy(14, "BD")
    usd = Compensation(Decimal("1"), "USD", "hour", True)
    result = check_consultation(with_(compensation=usd), organisation=bd)
    assert [(f.code, f.severity) for f in result.findings] == [("below_fair_rate", INFO)]
    assert "BDT" in result.findings[0].message and "USD" in result.findings[0].message
    bdt = Compensation(Decimal("181"), "BDT", "hour", True)
    assert codes(with_(compensation=bdt), bd) == []
    assert codes(with_(compensation=dataclasses.replace(bdt, amount=Decimal("180.99"))), bd) == [
        ("below_fair_rate", WARNING)
    ]


def test_cambodia_has_a_floor_in_dollars_and_in_riel() -> None:
    kh = CheckPolicy(14, "KH")
    assert codes(with_(compensation=Compensation(Decimal("4"), "USD", "hour", True)), kh) == []
    assert codes(with_(compensation=Compensation(Decimal("3.99"), "USD", "hour", True)), kh) == [
        ("below_fair_rate", WARNING)
    ]
    assert codes(with_(compensation=Compensation(Decimal("12419"), "KHR", "hour", True)), kh) == []
    assert codes(with_(compensation=Compensation(Decimal("12000"), "KHR", "hour", True)), kh) == [
        ("below_fair_rate", WARNING)
    ]


def test_an_organisations_own_floor_replaces_the_default() -> None:
    own = Floor("US", "USD", Decimal("40"), "Set by us")
    policy = CheckPolicy(14, "US", floor_override=own)
    assert codes(GOOD, policy) == [("below_fair_rate", WARNING)]  # 30 < 40
    assert codes(GOOD, CheckPolicy(14, "US")) == []  # 30 ≥ 22


def test_no_floor_for_a_country_without_one_and_no_country() -> None:
    cheap = with_(compensation=Compensation(Decimal("1"), "USD", "hour", True))
    assert codes(cheap, CheckPolicy(14, "FR")) == []
    assert codes(cheap, CheckPolicy(14, "")) == []


def test_pay_parity_with_the_organisations_rate_for_other_consultants() -> None:
    parity = CheckPolicy(14, "US", consultant_rate=Decimal("30.01"), consultant_currency="USD")
    assert codes(GOOD, parity) == [("below_fair_rate", WARNING)]
    equal = dataclasses.replace(parity, consultant_rate=Decimal("30.00"))
    assert codes(GOOD, equal) == []
    other = dataclasses.replace(parity, consultant_currency="GBP")
    assert codes(GOOD, other) == [("below_fair_rate", INFO)]


def test_expenses_not_covered_warns() -> None:
    assert codes(with_(expenses_covered=False)) == [("expenses_not_covered", WARNING)]


def test_no_interpretation_when_a_participant_language_is_not_offered() -> None:
    english_only = with_(languages=("en",))
    assert codes(english_only) == [("no_interpretation", WARNING)]
    assert "বাংলা" in check_consultation(english_only, organisation=US).findings[0].message
    # Interpretation covers it; offering the language covers it.
    assert codes(with_(languages=("en",), interpretation=True)) == []
    assert codes(with_(languages=("bn",))) == []


def test_story_extraction_blocks_each_question_that_asks_for_the_story() -> None:
    draft = with_(
        questions=(
            "Which services helped you most after you came back?",
            "Please describe the abuse you suffered.",
            "Why did you not leave sooner?",
        )
    )
    result = check_consultation(draft, organisation=US)
    assert [(f.code, f.severity, f.field) for f in result.findings] == [
        ("story_extraction", BLOCKER, "questions"),
        ("story_extraction", BLOCKER, "questions"),
    ]
    assert result.findings[0].message.startswith("Question 2:")
    assert result.findings[1].message.startswith("Question 3:")


def test_story_questions_gives_the_number_of_each_question_the_check_fires_on() -> None:
    draft = with_(
        questions=(
            "Which services helped you most after you came back?",
            "Please describe the abuse you suffered.",
        )
    )
    found = story_questions(draft)
    assert list(found) == [2]
    assert found[2].message.startswith("Question 2:")
    assert story_questions(GOOD) == {}


def test_story_extraction_asks_for_a_content_note_when_there_is_a_form_to_write_one() -> None:
    story = ("Please describe the abuse you suffered.",)
    # The API has no content note: nothing asks for one.
    assert codes(with_(questions=story)) == [("story_extraction", BLOCKER)]
    without_note = check_consultation(with_(questions=story, content_note=" "), organisation=US)
    assert [(f.code, f.severity, f.field) for f in without_note.findings] == [
        ("story_extraction", BLOCKER, "questions"),
        ("story_extraction", WARNING, "content_note"),
    ]
    # The code is counted once, by its worst severity.
    assert without_note.score == 70
    with_note = with_(questions=story, content_note="Question 1 is about abuse.")
    assert codes(with_note) == [("story_extraction", BLOCKER)]
    # Without story questions, no note is needed.
    assert codes(with_(content_note="")) == []


def test_story_extraction_reads_questions_in_the_first_covered_offered_language() -> None:
    assert question_language(with_(languages=("km", "es", "en"))) == "es"
    assert question_language(with_(languages=("bn", "es"))) == "bn"
    assert question_language(with_(languages=("km", "tl"))) == "en"
    assert question_language(with_(lang="fr", languages=("en",))) == "fr"
    spanish = with_(
        languages=("es",),
        participant_languages=("es",),
        questions=(
            "Cuéntenos cómo la captaron y qué le prometieron.",
            "¿Qué servicios le ayudaron más?",
        ),
    )
    assert codes(spanish) == [("story_extraction", BLOCKER)]


def test_stigmatising_language_in_title_purpose_content_note_and_questions() -> None:
    draft = with_(
        title="Consultation with prostitutes",
        purpose="We want to hear from victims.",
        content_note="The questions mention victims of abuse.",
        questions=("What would make shelters better for illegal immigrants?",),
    )
    found = check_consultation(draft, organisation=US).findings
    assert [(f.code, f.field) for f in found] == [
        ("stigmatising_language", "title"),
        ("stigmatising_language", "purpose"),
        ("stigmatising_language", "content_note"),
        ("stigmatising_language", "questions"),
    ]
    assert found[0].severity == WARNING
    assert "Write “" in found[0].message


def test_inform_only_warns_and_consult_does_not() -> None:
    assert codes(with_(influence="inform")) == [("inform_only", WARNING)]
    assert codes(with_(influence="consult")) == []


@override_settings(SEAT_SUPPORT_NAME="", SEAT_SUPPORT_PHONE="", SEAT_SUPPORT_HOURS="")
def test_no_support_only_when_neither_the_consultation_nor_the_site_has_a_contact() -> None:
    assert codes(with_(support_contact="")) == [("no_support", WARNING)]
    site = dataclasses.replace(US, site_support=True)
    assert codes(with_(support_contact=""), site) == []


def test_effort_exceeds_time_at_two_hours_a_day() -> None:
    # 21 days allow 42 hours; 43 do not.
    assert codes(with_(expected_hours=Decimal("42"))) == []
    assert codes(with_(expected_hours=Decimal("43"))) == [("effort_exceeds_time", WARNING)]


def test_score_counts_each_code_once_by_its_worst_severity() -> None:
    poor = with_(
        compensation=None,
        deadline=DAY + datetime.timedelta(days=5),
        material_state="final",
        influence="inform",
    )
    result = check_consultation(poor, organisation=US)
    assert {f.code for f in result.findings} == {
        "unpaid",
        "short_lead_time",
        "late_stage",
        "inform_only",
    }
    assert result.score == 100 - 30 - 30 - 10 - 10
    assert result.has_blockers
    assert score([]) == 100


def test_the_worst_draft_scores_zero_and_every_code_can_fire() -> None:
    worst = Draft(
        title="Victims",
        purpose="",
        questions=("Tell us about the abuse you suffered.",),
        material_state="final",
        influence="inform",
        opens_on=DAY,
        deadline=DAY + datetime.timedelta(days=1),
        expected_hours=Decimal("10"),
        compensation=Compensation(Decimal("1"), "USD", "hour", False),
        expenses_covered=False,
        languages=("en",),
        participant_languages=("bn",),
        interpretation=False,
        plain_summary="",
    )
    result = check_consultation(worst, organisation=US)
    # "unpaid" needs no pay at all, "story_unchecked" questions in a language the detector
    # cannot read: each fires in its own test.
    assert {f.code for f in result.findings} == set(CODES) - {"unpaid", "story_unchecked"}
    assert result.score == 0
    assert {f.code for f in check_consultation(with_(compensation=None)).findings} >= {"unpaid"}


def test_every_floor_is_its_own_arithmetic_and_every_source_country_has_one() -> None:
    assert floor_arithmetic_problems() == []
    countries = {country for country, _currency in fair_rate_floors()}
    assert countries >= {"BD", "IN", "NP", "ID", "KH", "PH", "TH", "VN", "MY", "US", "GB"}
    for floor in fair_rate_floors().values():
        assert floor.source and floor.year


@pytest.mark.parametrize("severity", [BLOCKER, WARNING, INFO])
def test_findings_serialise_for_the_api(severity: str) -> None:
    result = check_consultation(with_(compensation=None), organisation=US)
    assert result.as_dict()["findings"][0].keys() == {"code", "severity", "message", "field"}


def test_questions_in_a_language_the_detector_cannot_read_are_named_not_passed(monkeypatch):
    from seat.language import questions as detector

    readable = tuple(code for code in detector.question_languages() if code != "bn")
    monkeypatch.setattr(detector, "question_languages", lambda: readable)
    found = check_consultation(with_(lang="bn", languages=("bn",)), organisation=US)
    assert [(f.code, f.severity) for f in found.findings if f.code.startswith("story")] == [
        ("story_unchecked", "info")
    ]
    assert found.score == 100
