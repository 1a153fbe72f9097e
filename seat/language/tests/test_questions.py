"""The story_extraction detector: each kind found and explained, its guards, its rules files
validated on load with messages naming the file and the rule, any text checked without error,
and fast enough to check a whole consultation at every keystroke's save."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seat.language.lexicon import UnknownLanguage
from seat.language.questions import (
    CODE,
    QuestionRulesError,
    builtin_question_rules,
    kind_message,
    load_question_rules,
    question_findings,
    question_languages,
)


@pytest.mark.parametrize(
    ("lang", "question", "kind"),
    [
        ("en", "How old were you when you were first sold?", "recount"),
        ("en", "Could you walk us through how you ended up in that factory?", "recount"),
        ("en", "What went through your mind the night they locked you in?", "relive"),
        ("en", "Would you tell our donors about your years in servitude?", "publicity"),
        ("en", "Would you like to be the face of our campaign?", "publicity"),
        ("en", "Why didn't you run away when you had the chance?", "blame"),
        ("en", "Weren't you suspicious when they took your passport?", "blame"),
        ("bn", "দালাল আপনাকে কোথায় নিয়ে গিয়েছিল?", "recount"),
        ("bn", "যেদিন আপনাকে বিক্রি করা হয়, সেদিন আপনার কেমন লেগেছিল?", "relive"),
        ("bn", "আমাদের ফেসবুক পেজে কি আপনার গল্পটা দিতে পারি?", "publicity"),
        ("bn", "আপনি আগে পালাননি কেন?", "blame"),
        ("hi", "दलाल आपको कहाँ ले गया?", "recount"),
        ("hi", "आपने पुलिस को क्यों नहीं बताया?", "blame"),
        ("es", "¿Cuánto tiempo la tuvieron encerrada?", "recount"),
        ("fr", "Pourquoi n'avez-vous pas appelé la police ?", "blame"),
        ("id", "Bagaimana perasaan Anda ketika dijual?", "relive"),
        # Khmer, written without spaces between words, and with them.
        ("km", "តើគេនាំអ្នកទៅណាបន្ទាប់ពីអ្នកឆ្លងព្រំដែន?", "recount"),
        ("km", "តើ អ្នក មានអារម្មណ៍ យ៉ាងណា ពេល គេ លក់ អ្នក?", "relive"),
        ("km", "តើយើងអាចបង្ហោះរឿងរបស់អ្នកនៅលើហ្វេសប៊ុកបានទេ?", "publicity"),
        ("km", "ហេតុអ្វីបានជាអ្នកមិនរត់គេចនៅពេលដែលមានឱកាស?", "blame"),
        ("tl", "Ilang taon ka nang una kang ibenta?", "recount"),
        ("tl", "Pwede mo bang i-share ang story mo sa aming Facebook page?", "publicity"),
        ("tl", "Ba't di ka nagsumbong sa embassy?", "blame"),
        # Arabic with and without diacritics, with a joined conjunction, and colloquial.
        ("ar", "كم كان عمرك عندما بِيعتِ أول مرة؟", "recount"),
        ("ar", "بِمَاذَا شَعَرْتَ عِنْدَمَا بَاعُوكَ؟", "relive"),
        ("ar", "هل نستطيع أن ننشر قصتك في تقريرنا إلى المانحين؟", "publicity"),
        ("ar", "ولماذا لم تهربي؟", "blame"),
        ("ar", "ليش ما اشتكيت للسفارة؟", "blame"),
    ],
)
def test_each_kind_is_found_with_its_message(lang, question, kind):
    findings = question_findings(question, lang)
    assert [(f.code, f.kind, f.severity) for f in findings] == [(CODE, kind, "blocker")]
    finding = findings[0]
    assert finding.message == kind_message(kind)
    assert question[finding.start : finding.end] == finding.text and finding.text.strip()


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("en", "Which services helped you most after you were rescued?"),
        ("en", "What should the new law on recruitment agencies require?"),
        ("en", "Why do you think some people do not go to the police?"),
        ("en", "How are people usually recruited in your district?"),
        ("en", "You do not have to share your story. What would make the helpline better?"),
        ("en", "What is the hardest part of applying for compensation?"),
        ("en", "Would you speak at our donor event about what the law should include?"),
        ("bn", "ফিরে আসার পর কোন সেবা আপনার কাজে লেগেছিল?"),
        ("bn", "আপনার সাথে কী ঘটেছিল, তা বলার দরকার নেই। হেল্পলাইন কেমন হওয়া উচিত?"),
        ("hi", "आपको क्या लगता है, कुछ लोग पुलिस के पास क्यों नहीं जाते?"),
        ("km", "ហេតុអ្វីបានជាអ្នកគិតថាពលករខ្លះមិនប្តឹងទៅក្រសួងការងារ?"),
        ("km", "តើអ្នករស់រានមានជីវិតត្រូវការសេវាអ្វីខ្លះ?"),
        ("tl", "Bakit sa tingin mo hindi nagre-report ang ilang manggagawa sa DMW?"),
        (
            "tl",
            "Hindi mo kailangang ikuwento ang nangyari sa iyo. Ano ang magpapabuti sa helpline?",
        ),
        ("ar", "لا يلزمك أن تحكي ما حدث لك. ما الذي يحسّن خط المساعدة؟"),
        ("ar", "لماذا تظن أن بعض العمال لا يقدّمون شكوى إلى وزارة العمل؟"),
    ],
)
def test_questions_about_services_policy_others_or_change_pass(lang, question):
    assert question_findings(question, lang) == []


def test_khmer_tagalog_and_arabic_have_rules():
    assert {"km", "tl", "ar"} <= set(question_languages())


def test_arabic_spans_cover_the_diacritics_of_the_original_text():
    question = "لِمَاذَا لَمْ تَهْرُبِي؟"
    [finding] = question_findings(question, "ar")
    assert finding.kind == "blame"
    assert question[finding.start : finding.end] == finding.text == "لِمَاذَا لَمْ تَهْرُبِي"


def test_the_span_is_in_the_original_text_even_when_it_is_not_normalised():
    question = "Cafe\u0301 staff: why didn\u2019t you leave?"
    [finding] = question_findings(question, "en")
    assert finding.kind == "blame"
    assert question[finding.start : finding.end] == finding.text
    assert finding.text.startswith("why didn\u2019t you")


def test_each_sentence_is_judged_on_its_own():
    text = "Tell us about the shelter. Why did you trust the recruiter?"
    [finding] = question_findings(text, "en")
    assert finding.kind == "blame" and finding.start > text.index(".")


def test_auto_finds_the_language_and_an_unknown_language_is_refused():
    assert question_findings("Why did you not leave sooner?", "auto")[0].kind == "blame"
    with pytest.raises(UnknownLanguage):
        question_findings("Why did you not leave sooner?", "xx")


def test_the_messages_say_how_to_fix_it():
    assert kind_message("recount").startswith("Ask what should change")
    assert question_findings("Why did you not leave?", "en")[0].as_dict()["code"] == CODE


@pytest.mark.parametrize("lang", question_languages())
def test_every_shipped_rules_file_loads_and_every_rule_can_fire(lang):
    rules = builtin_question_rules(lang)
    assert rules.lang == lang and rules.rules
    assert {rule.kind for rule in rules.rules} == {"recount", "relive", "publicity", "blame"}


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(body, encoding="utf-8")
    return path


HEAD = 'lang = "en"\nname = "x"\n'
SETS = '[sets]\na = ["alpha"]\nb = ["beta {set:a}"]\n'
RULE = '[[rule]]\nid = "r"\nkind = "recount"\nall = ["a"]\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (HEAD + 'x = "\n', "is not valid TOML: Illegal character '\\n' (at line 3, column 6)."),
        (HEAD + SETS, "there are no [[rule]] tables."),
        (HEAD + RULE, "[sets] must be a table of named lists of patterns."),
        (
            'lang = "EN!"\nname = "x"\n' + SETS + RULE,
            "“lang” must be a language code such as “en”.",
        ),
        (HEAD + "colour = 1\n" + SETS + RULE, "unknown keys: colour."),
        (
            HEAD + '[sets]\nA = ["x"]\n' + RULE,
            "the set name “A” must be lower-case letters, digits and _.",
        ),
        (HEAD + "[sets]\na = []\n" + RULE, "the set “a” must be a list of non-empty patterns."),
        (
            HEAD + '[sets]\na = ["{set:zz}"]\n' + RULE,
            "the pattern {set:zz} in set “a” refers to an unknown set “zz”.",
        ),
        (
            HEAD + '[sets]\na = ["{set:b}"]\nb = ["{set:a}"]\n' + RULE,
            "the sets refer to each other in a circle: a → b → a.",
        ),
        (
            HEAD + '[sets]\na = ["(open"]\n' + RULE,
            "the pattern (open in set “a” is not a valid regular expression "
            "(missing ), unterminated subpattern at position 0).",
        ),
        (HEAD + '[sets]\na = ["x?"]\n' + RULE, "the pattern x? in set “a” matches empty text."),
        (
            HEAD + '[sets]\na = ["(?P<n>x)"]\n' + RULE,
            "the pattern (?P<n>x) in set “a” may not name groups.",
        ),
        (
            HEAD + SETS + RULE.replace("recount", "shame"),
            "rule “r”: “kind” must be one of: blame, publicity, recount, relive.",
        ),
        (HEAD + SETS + RULE.replace('["a"]', '["c"]'), "rule “r”: “all” names an unknown set “c”."),
        (HEAD + SETS + RULE.replace('["a"]', "[]"), "rule “r”: “all” must name at least one set."),
        (HEAD + SETS + RULE + 'unless = "a"\n', "rule “r”: “unless” must be a list of set names."),
        (HEAD + SETS + RULE + RULE, "rule “r”: the id is used twice."),
        (HEAD + SETS + RULE + "any = []\n", "rule “r”: unknown keys: any."),
        (
            HEAD + SETS + '[[rule]]\nid = "Bad id"\n',
            "rule number 1 needs an “id” of lower-case words joined by hyphens.",
        ),
    ],
)
def test_a_malformed_rules_file_is_refused_naming_the_file_and_the_rule(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(QuestionRulesError) as error:
        load_question_rules(path)
    assert str(error.value) == f"{path}: {message}"


def test_a_rules_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('lang = "es"\nname = "Español"\n'.encode("latin-1"))
    with pytest.raises(QuestionRulesError) as error:
        load_question_rules(path)
    assert str(error.value) == f"{path}: is not valid UTF-8."


def test_sets_compose_and_gaps_allow_a_few_words(tmp_path):
    from seat.language.questions import QuestionDetector

    path = write(
        tmp_path,
        HEAD
        + '[sets]\nharm = ["sold", "held"]\nyou_harm = ["you were {w:2} {set:harm}"]\n'
        + 'guard = ["services"]\n'
        + '[[rule]]\nid = "r"\nkind = "recount"\nall = ["you_harm"]\nunless = ["guard"]\n',
    )
    detector = QuestionDetector(load_question_rules(path))
    assert [f.text for f in detector.check("When you were first sold? you were held.")] == [
        "you were first sold",
        "you were held",
    ]
    assert detector.check("you were never ever once sold") == []  # three words is too far
    assert detector.check("Which services were there when you were held?") == []


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=10_000),
    st.sampled_from(["en", *question_languages(), "auto"]),
)
def test_any_text_is_checked_without_error(text, lang):
    for finding in question_findings(text, lang):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.sampled_from(["why did you ", "you were ", "tell us ", "your story ", "sold "]),
        max_size=2000,
    )
)
def test_long_runs_of_matching_words_do_not_blow_up(words):
    text = "".join(words)
    started = time.perf_counter()
    question_findings(text, "en")
    assert time.perf_counter() - started < 2


def test_five_hundred_questions_take_well_under_a_second():
    from seat.language.quality import load_questions

    questions = [(q.text, lang) for lang in question_languages() for q in load_questions(lang)]
    batch = (questions * (500 // len(questions) + 1))[:500]
    for text, lang in batch[:20]:
        question_findings(text, lang)  # compile once, outside the measure
    started = time.perf_counter()
    for text, lang in batch:
        question_findings(text, lang)
    elapsed = time.perf_counter() - started
    print(f"\n500 questions in {elapsed * 1000:.0f} ms")
    assert elapsed < 0.5
