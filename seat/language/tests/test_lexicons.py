"""Lexicons are data reviewed like code: every shipped file is valid and coherent, and a broken
file is refused with a message that names the file and the rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from seat.language.engine import Checker, get_checker
from seat.language.lexicon import (
    LexiconError,
    available_languages,
    builtin_lexicon,
    expand_terms,
    load_lexicon,
)

LANGUAGES = ["ar", "bn", "en", "es", "fr", "hi", "id", "km", "ne", "tl"]
SHARED_RULES = {"prostitute", "child-prostitute", "slave", "illegal-migrant", "rescued"}
SHARED_RULES |= {"former-victim", "story-extraction", "fallen-women", "label-acronym"}


def test_the_shipped_languages():
    assert list(available_languages()) == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_covers_the_terms_that_label_or_stigmatise(lang):
    lexicon = builtin_lexicon(lang)
    assert lexicon.lang == lang
    assert {rule.id for rule in lexicon.rules} >= SHARED_RULES
    for rule in lexicon.rules:
        assert rule.suggestions and rule.reason


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_term_is_found_as_its_own_rule(lang):
    """A term shadowed by a longer term of another rule, or by its own exceptions, is dead data."""
    lexicon = builtin_lexicon(lang)
    checker = get_checker(lang)
    for rule in lexicon.rules:
        for term in expand_terms(rule, lexicon.suffix_sets):
            found = [(f.rule, f.text) for f in checker.check(term)]
            assert found == [(rule.id, term)], (lang, rule.id, term)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_suggestions_pass_their_own_lexicon(lang):
    checker = get_checker(lang)
    for rule in builtin_lexicon(lang).rules:
        for suggestion in rule.suggestions:
            assert checker.check(suggestion) == [], (lang, rule.id, suggestion)


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = 'severity = "warning"\nterms = ["word"]\nsuggestions = ["other"]\nreason = "Why."\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'lang = "en"\nname = "x\n',
            "is not valid TOML: Illegal character '\\n' (at line 2, column 10).",
        ),
        ('lang = "en"\nname = "x"\n', "there are no [[rule]] tables."),
        ('lang = "EN!"\nname = "x"\n', "“lang” must be a language code such as “en”."),
        ('lang = "en"\nname = "x"\ncolour = 1\n', "unknown keys: colour."),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "Bad id"\n' + GOOD_RULE,
            "rule number 1 needs an “id” of lower-case words joined by hyphens.",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\n'
            + GOOD_RULE
            + '[[rule]]\nid = "a"\n'
            + GOOD_RULE,
            "rule “a”: the id is used twice.",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\n'
            + GOOD_RULE
            + '[[rule]]\nid = "b"\n'
            + GOOD_RULE,
            "rule “b”: the term “word” is also in rule “a”.",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\n' + GOOD_RULE.replace("warning", "fatal"),
            "rule “a”: “severity” must be one of: error, warning, suggestion.",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\n' + GOOD_RULE.replace('["other"]', "[]"),
            "rule “a”: “suggestions” must not be empty.",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\npatterns = ["(open"]\n'
            + GOOD_RULE.replace('terms = ["word"]\n', ""),
            "rule “a”: the pattern (open is not a valid regular expression "
            "(missing ), unterminated subpattern at position 0).",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\nsuffixes = "plural"\n' + GOOD_RULE,
            "rule “a”: unknown suffix set “plural”.",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\nterm = ["typo"]\n' + GOOD_RULE,
            "rule “a”: unknown keys: term.",
        ),
        (
            'lang = "en"\nname = "x"\n[[rule]]\nid = "a"\npatterns = ["x?"]\n'
            + GOOD_RULE.replace('terms = ["word"]\n', ""),
            "rule “a”: the pattern x? matches empty text.",
        ),
    ],
)
def test_a_malformed_lexicon_is_refused_naming_the_file_and_the_rule(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(error.value) == f"{path}: {message}"


def test_a_lexicon_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('lang = "es"\nname = "Español"\n'.encode("latin-1"))
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(error.value) == f"{path}: is not valid UTF-8."


def test_suffix_sets_combine_their_slots_and_patterns_may_use_them(tmp_path):
    path = write(
        tmp_path,
        'lang = "xx"\nname = "x"\n[suffixes]\nnoun = [["", "s"], ["", "!"]]\n'
        '[[rule]]\nid = "a"\nsuffixes = "noun"\nseverity = "warning"\nterms = ["cat"]\n'
        'patterns = [\'dog{sfx:noun}\']\nsuggestions = ["pet"]\nreason = "r"\n',
    )
    checker = Checker(load_lexicon(path))
    assert [f.text for f in checker.check("cat cats cats! catss dogs! dog")] == [
        "cat",
        "cats",
        "cats!",
        "dogs!",
        "dog",
    ]


@pytest.mark.parametrize(
    ("lang", "text", "rule"),
    [
        ("en", "prostitutes", "prostitute"),
        ("en", "child sex workers", "child-prostitute"),
        ("en", "a slave", "slave"),
        ("en", "sex slaves", "sex-slave"),
        ("en", "illegal aliens", "illegal-migrant"),
        ("en", "rescued girls", "rescued"),
        ("en", "fallen women", "fallen-women"),
        ("en", "former victims", "former-victim"),
        ("en", "VOCSAT", "label-acronym"),
        ("en", "Tell us your story.", "story-extraction"),
        ("en", "Describe your experience of being trafficked.", "story-extraction"),
        ("en", "Modern-day slavery", "slavery-imagery"),
        ("en", "damaged goods", "damaged"),
        ("en", "hookers", "sex-slur"),
        ("en", "pimps", "pimp"),
        ("en", "runaways", "runaway"),
        ("bn", "পতিতা", "prostitute"),
        ("bn", "বেশ্যা", "sex-slur"),
        ("bn", "দাসী হিসেবে", "slave"),
        ("bn", "অবৈধ অভিবাসী", "illegal-migrant"),
        ("bn", "উদ্ধারকৃত মেয়ে", "rescued"),
        ("bn", "আপনার গল্প বলুন", "story-extraction"),
        ("hi", "वेश्या", "prostitute"),
        ("hi", "रंडी", "sex-slur"),
        ("hi", "गुलाम", "slave"),
        ("hi", "अवैध प्रवासी", "illegal-migrant"),
        ("hi", "अपनी कहानी बताइए", "story-extraction"),
        ("ne", "वेश्या", "prostitute"),
        ("ne", "दासहरू", "slave"),
        ("ne", "अवैध आप्रवासी", "illegal-migrant"),
        ("ne", "आफ्नो कथा सुनाउनुहोस्", "story-extraction"),
        ("id", "pelacur", "prostitute"),
        ("id", "PSK", "prostitute"),
        ("id", "budak", "slave"),
        ("id", "imigran gelap", "illegal-migrant"),
        ("id", "Ceritakan kisah Anda", "story-extraction"),
        ("es", "prostituta", "prostitute"),
        ("es", "esclava", "slave"),
        ("es", "inmigrante ilegal", "illegal-migrant"),
        ("es", "niña prostituta", "child-prostitute"),
        ("es", "las rescatadas", "rescued"),
        ("es", "Cuéntanos tu historia", "story-extraction"),
        ("fr", "prostituée", "prostitute"),
        ("fr", "esclave", "slave"),
        ("fr", "immigré clandestin", "illegal-migrant"),
        ("fr", "enfant prostitué", "child-prostitute"),
        ("fr", "Racontez votre histoire", "story-extraction"),
        ("km", "ស្រីពេស្យា", "prostitute"),
        ("km", "ទាសករ", "slave"),
        ("km", "ពលករខុសច្បាប់", "illegal-migrant"),
        ("km", "ជនរងគ្រោះដែលត្រូវបានជួយសង្គ្រោះ", "rescued"),
        ("km", "អតីតជនរងគ្រោះ", "former-victim"),
        ("km", "សូមប្រាប់រឿងរបស់អ្នក", "story-extraction"),
        ("tl", "puta", "prostitute"),
        ("tl", "pokpok", "sex-slur"),
        ("tl", "mga alipin", "slave"),
        ("tl", "TNT", "illegal-migrant"),
        ("tl", "ilegal na migrante", "illegal-migrant"),
        ("tl", "mga batang nasagip", "rescued"),
        ("tl", "dating biktima", "former-victim"),
        ("tl", "Ikuwento mo ang iyong karanasan", "story-extraction"),
        ("ar", "عاهرة", "prostitute"),
        ("ar", "مومس", "prostitute"),
        ("ar", "العبيد", "slave"),
        ("ar", "الرقيق", "slave"),
        ("ar", "مهاجر غير شرعي", "illegal-migrant"),
        ("ar", "الفتيات اللواتي تم إنقاذهن", "rescued"),
        ("ar", "ضحايا سابقون", "former-victim"),
        ("ar", "احكِ لنا قصتك", "story-extraction"),
    ],
)
def test_the_terms_named_in_the_issue_are_flagged(lang, text, rule):
    assert [f.rule for f in get_checker(lang).check(text)] == [rule]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("bn", "ভুক্তভোগী"),
        ("bn", "ভুক্তভোগীরা"),
        ("bn", "ভুক্তভোগীদের"),
        ("bn", "ভিকটিম"),
        ("bn", "ভিকটিমরা"),
        ("bn", "ভিকটিমদের"),
        ("bn", "পাচারের ভুক্তভোগীরা মঞ্চে থাকবেন।"),
        ("hi", "पीड़ित"),
        ("hi", "पीड़ितों"),
        ("hi", "पीड़िताएं"),
        ("hi", "पीडित"),
        ("ne", "पीडित"),
        ("ne", "पीडितहरू"),
        ("ne", "पीडितहरूलाई"),
        ("ne", "पीड़ित"),
    ],
)
def test_victim_as_a_label_is_a_suggestion_in_bengali_hindi_and_nepali(lang, text):
    """As in English: a suggestion (the person first), not a blocking finding."""
    (finding,) = get_checker(lang).check(text)
    assert (finding.rule, finding.severity) == ("victim-label", "suggestion")
    assert finding.suggestions and finding.reason
    english = next(r for r in builtin_lexicon("en").rules if r.id == "victim-label")
    assert finding.severity == english.severity


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("bn", "সীমান্তে ভুক্তভোগী শনাক্তকরণ এখনও দুর্বল।"),
        ("bn", "ভুক্তভোগীদের ক্ষতিপূরণ পেতে বছরের পর বছর লেগে যায়।"),
        ("bn", "ভিকটিম সাপোর্ট সেন্টারে আইনি পরামর্শ পাওয়া যায়।"),
        ("bn", "ভুক্তভোগী-কেন্দ্রিক সেবা"),
        ("hi", "तस्करी से पीड़ित व्यक्तियों को सहायता का अधिकार है।"),
        ("hi", "राज्य सरकार ने पीड़ितों के लिए नया मुआवज़ा कोष घोषित किया।"),
        ("ne", "बेचबिखनबाट पीडित व्यक्तिलाई सहयोग पाउने अधिकार छ।"),
        ("ne", "प्रदेश सरकारले पीडितका लागि नयाँ क्षतिपूर्ति कोष घोषणा गर्‍यो।"),
    ],
)
def test_victim_as_a_legal_status_or_after_the_person_is_not_flagged(lang, text):
    assert get_checker(lang).check(text) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [("bn", "সাবেক ভুক্তভোগীরা"), ("bn", "উদ্ধারকৃত ভিকটিমরা"), ("hi", "पूर्व पीड़िताएं")],
)
def test_a_longer_label_keeps_its_own_rule(lang, text):
    assert [f.rule for f in get_checker(lang).check(text)] in (["former-victim"], ["rescued"])
