"""The checking engine: positions, word boundaries in every script, exceptions, streaming."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest

from seat.language import engine
from seat.language.engine import (
    BinaryInput,
    Checker,
    InvalidUtf8,
    check_text,
    detect_language,
    get_checker,
    read_segments,
    split_text,
)
from seat.language.lexicon import UnknownLanguage, load_lexicon


def spans(text: str, lang: str = "en") -> list[tuple[str, str, int, int, int, int]]:
    return [(f.rule, f.text, f.line, f.column, f.start, f.end) for f in check_text(text, lang)]


def make_checker(tmp_path: Path, body: str, lang: str = "xx") -> Checker:
    path = tmp_path / "test.toml"
    path.write_text(f'lang = "{lang}"\nname = "Test"\n{body}', encoding="utf-8")
    return Checker(load_lexicon(path))


def test_findings_carry_line_column_and_offsets_into_the_whole_input():
    text = "Survivors lead.\nThe prostitutes were\r\nrescued girls, said the report.\rTell us your story."
    assert spans(text) == [
        ("prostitute", "prostitutes", 2, 5, 20, 31),
        ("rescued", "rescued girls", 3, 1, 38, 51),
        ("story-extraction", "Tell us your story", 4, 1, 70, 88),
    ]
    for finding in check_text(text):
        assert text[finding.start : finding.end] == finding.text


def test_every_field_of_a_finding_is_in_its_dictionary():
    (finding,) = check_text("A pimp.")
    assert finding.as_dict() == {
        "line": 1,
        "column": 3,
        "start": 2,
        "end": 6,
        "text": "pimp",
        "rule": "pimp",
        "severity": "warning",
        "suggestions": [
            "trafficker",
            "exploiter",
            "person who profits from sexual exploitation",
        ],
        "reason": "Slang that softens and even glamorises exploitation; name the crime and the person who commits it.",
    }


def test_matching_ignores_case_and_accepts_curly_apostrophes_hyphens_and_any_spacing():
    assert [f.text for f in check_text("PROSTITUTES. Sex  slaves. sex-slave. Ex‑victims.")] == [
        "PROSTITUTES",
        "Sex  slaves",
        "sex-slave",
        "Ex‑victims",
    ]
    assert check_text("Victims’ rights and victims' rights") == []
    assert [f.text for f in check_text("modern\u00a0day slavery")] == ["modern\u00a0day slavery"]


def test_the_longest_term_wins_where_several_start_at_the_same_place():
    assert [(f.rule, f.text) for f in check_text("child prostitutes and prostitutes")] == [
        ("child-prostitute", "child prostitutes"),
        ("prostitute", "prostitutes"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Pimples are common in the dormitory.",
        "Slavery was abolished, but enslaved people's descendants still wait.",
        "Revictimisation and victimisation surveys.",
        "Runaway inflation and a runaway success.",
        "Sexual slavery is a crime against humanity.",
        "Victim compensation, a victim-centred approach and victim-blaming.",
        "The Trafficking Victims Protection Act and the Modern Slavery Act 2015.",
        "Anti-Slavery International and sex workers' rights groups.",
        "The Optional Protocol on the sale of children, child prostitution and child pornography.",
        "The film 12 Years a Slave; the transatlantic slave trade.",
        "Search and rescue operations at sea.",
    ],
)
def test_legal_names_remedies_and_words_that_contain_a_term_are_not_flagged(text):
    assert check_text(text) == []


def test_an_exception_covers_only_the_match_inside_it():
    assert [f.text for f in check_text("Victim compensation was paid to two victims.")] == [
        "victims"
    ]


def test_combining_marks_belong_to_the_word_in_bengali_and_devanagari(tmp_path):
    # Python's \b sees a vowel sign as a word break, so it would find পতিত ("fallen") in পতিতা.
    assert re.search(r"\bপতিত\b", "পতিতা")
    checker = make_checker(
        tmp_path,
        '[[rule]]\nid = "t"\nseverity = "warning"\nterms = ["পতিত", "दास"]\n'
        'suggestions = ["x"]\nreason = "r"\n',
    )
    assert checker.check("পতিতা দাসী दासी दासता") == []
    assert [f.text for f in checker.check("পতিত জমি, दास।")] == ["পতিত", "दास"]


def test_bengali_and_nepali_inflections_are_matched_whole():
    assert [(f.rule, f.text) for f in check_text("পতিতাদেরকে আর পতিতাবৃত্তিতে", "bn")] == [
        ("prostitute", "পতিতাদেরকে"),
        ("prostitution", "পতিতাবৃত্তিতে"),
    ]
    assert [(f.rule, f.text) for f in check_text("वेश्याहरूलाई र बाल वेश्याहरूबारे", "ne")] == [
        ("prostitute", "वेश्याहरूलाई"),
        ("child-prostitute", "बाल वेश्याहरूबारे"),
    ]


def test_text_that_is_not_nfc_is_matched_and_reported_at_its_own_offsets():
    decomposed = unicodedata.normalize("NFD", "Une prostituée, dit-il.")
    (finding,) = check_text(decomposed, "fr")
    assert finding.text == decomposed[4:15] == unicodedata.normalize("NFD", "prostituée")
    assert (finding.start, finding.end, finding.column) == (4, 15, 5)
    # য় written as one code point or as য + nukta is the same letter.
    precomposed = "উদ্ধারকৃত মে\u09dfেরা"
    assert [f.rule for f in check_text(precomposed, "bn")] == ["rescued"]


def test_khmer_terms_are_found_in_running_text_at_cluster_boundaries_only(tmp_path):
    # Khmer has no spaces between words: ស្រីពេស្យា ("prostitute") inside a sentence.
    sentence = "អង្គការនេះជួយស្រីពេស្យានៅភ្នំពេញ។"
    assert [(f.rule, f.text, f.start) for f in check_text(sentence, "km")] == [
        ("prostitute", "ស្រីពេស្យា", 13)
    ]
    checker = make_checker(
        tmp_path,
        '[[rule]]\nid = "t"\nseverity = "warning"\nterms = ["ក", "ស្រី"]\n'
        'suggestions = ["x"]\nreason = "r"\nexceptions = ["ស្រីស្អាត"]\n',
    )
    # Never inside a written cluster: not before a vowel sign, nor before or after a subscript.
    assert checker.check("កា ស្ក ក្រ សេ") == []
    # Between clusters, and across a zero-width space, it is found; a named longer word is not.
    assert [f.text for f in checker.check("ភូមិស្រីនៅ\u200bស្រី ស្រីស្អាត")] == ["ស្រី", "ស្រី"]
    # A longer term of the lexicon wins over the shorter one it contains.
    assert [(f.rule, f.text) for f in check_text("ពេស្យាចារ ពេស្យា", "km")] == [
        ("prostitution", "ពេស្យាចារ"),
        ("prostitute", "ពេស្យា"),
    ]
    assert [f.rule for f in check_text("ស្រីខូចចិត្ត ស្រីខូច", "km")] == ["fallen-women"]


def test_khmer_boundaries_change_nothing_in_other_scripts():
    assert [f.text for f in check_text("ក prostitutes ក", "en")] == ["prostitutes"]
    assert check_text("ពេស្យាprostitutes", "en") == []


def test_arabic_ignores_harakat_and_tatweel_and_reports_the_original_text():
    text = "قالت إنَّ العاهِرَات والعاهـــرة وبالعواهر"
    found = check_text(text, "ar")
    assert [(f.rule, f.text) for f in found] == [
        ("prostitute", "العاهِرَات"),
        ("prostitute", "والعاهـــرة"),
    ]
    for finding in found:
        assert text[finding.start : finding.end] == finding.text


def test_arabic_letters_written_interchangeably_are_one():
    # أ/ا, ة/ه and ى/ي: people write "اطفال" and "عاهره".
    assert [f.rule for f in check_text("دعارة اطفال، عاهره", "ar")] == [
        "child-prostitute",
        "prostitute",
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("مهاجر غير شرعي", "مهاجر غير شرعي"),
        ("المهاجرين غير الشرعيين", "المهاجرين غير الشرعيين"),
        ("وللمهاجرين غير الشرعيين", "وللمهاجرين غير الشرعيين"),
        ("فالعبيد", "فالعبيد"),
        ("بالرقيق", "بالرقيق"),
        ("كان عبدًا", "عبدًا"),
    ],
)
def test_arabic_attached_prefixes_and_the_article_are_part_of_the_match(text, found):
    assert [f.text for f in check_text(text, "ar")] == [found]


@pytest.mark.parametrize(
    "text",
    [
        "قال عبد الله إن المهاجرين غير النظاميين يحتاجون إلى الحماية.",
        "صدر القانون رقم 82 لسنة 2016 بشأن مكافحة الهجرة غير الشرعية وتهريب المهاجرين.",
        "البروتوكول الاختياري بشأن بيع الأطفال واستغلال الأطفال في البغاء وفي المواد الإباحية.",
        "عبدالله وعبد الرحمن ناجيان يقودان المجموعة.",
    ],
)
def test_arabic_names_and_legal_titles_are_not_flagged(text):
    assert check_text(text, "ar") == []


def test_a_very_long_line_is_cut_at_a_space_and_keeps_its_columns(monkeypatch):
    monkeypatch.setattr(engine, "MAX_SEGMENT", 100)
    text = "word " * 50 + "the pimps " + "word " * 50 + "\nslaves"
    findings = check_text(text)
    assert [(f.text, f.line, f.column, f.start) for f in findings] == [
        ("pimps", 1, 255, 254),
        ("slaves", 2, 1, 511),
    ]
    assert all(len(s.text) <= 100 for s in split_text(text))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_reading_a_stream_in_chunks_finds_what_reading_it_whole_finds(chunk):
    text = "Línea uno\r\nlas niñas rescatadas\r\n\rpatrón: “esclavas sexuales”\n"
    stream = io.BytesIO(text.encode())
    checker = get_checker("es")
    streamed = list(checker.check_segments(read_segments(stream, chunk_bytes=chunk)))
    assert streamed == checker.check(text)
    assert [(f.text, f.line, f.column) for f in streamed] == [
        ("niñas rescatadas", 2, 5),
        ("esclavas sexuales", 4, 10),
    ]


def test_binary_and_invalid_utf8_are_reported_with_their_byte_offset():
    with pytest.raises(BinaryInput) as binary:
        list(read_segments(io.BytesIO(b"text\x00more"), chunk_bytes=3))
    assert binary.value.byte_offset == 4
    with pytest.raises(InvalidUtf8) as invalid:
        list(read_segments(io.BytesIO("ñañ".encode() + b"\xff!"), chunk_bytes=2))
    assert invalid.value.byte_offset == 5
    with pytest.raises(InvalidUtf8) as truncated:
        list(read_segments(io.BytesIO("añ".encode()[:-1]), chunk_bytes=2))
    assert truncated.value.byte_offset == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("আপনার গল্প বলুন", "bn"),
        ("अपनी कहानी बताइए, यह हमारे लिए ज़रूरी है।", "hi"),
        ("आफ्नो कथा सुनाउनुहोस्, यो हाम्रो लागि जरुरी छ।", "ne"),
        ("Ceritakan kisah Anda dan apa yang terjadi di desa itu.", "id"),
        ("Cuéntanos tu historia y la de las mujeres del barrio.", "es"),
        ("Racontez votre histoire et celle des femmes du quartier.", "fr"),
        ("Tell us your story and the story of the women in the area.", "en"),
        ("Prostitutas", "en"),
        ("Ikuwento mo sa amin ang iyong karanasan.", "tl"),
        ("សូមប្រាប់រឿងរបស់អ្នក", "km"),
        ("احكِ لنا قصتك", "ar"),
    ],
)
def test_auto_guesses_the_language_from_script_and_common_words(text, expected):
    assert detect_language(text) == expected


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(UnknownLanguage) as error:
        check_text("text", "xx")
    assert (
        str(error.value)
        == "Unknown language “xx”. Choose one of: auto, ar, bn, en, es, fr, hi, id, km, ne, tl."
    )


def test_text_before_a_nul_byte_is_still_checked():
    segments = read_segments(io.BytesIO(b"The pimps.\n\x00rest"), chunk_bytes=4)
    found = []
    with pytest.raises(BinaryInput) as error:
        for finding in get_checker("en").check_segments(segments):
            found.append(finding.text)
    assert (found, error.value.byte_offset) == (["pimps"], 11)


def test_auto_checks_short_text_in_every_language_of_its_script():
    assert engine.guess_languages("Niñas rescatadas") == ("en", "es", "fr", "id", "tl")
    assert engine.guess_languages("Niñas rescatadas", fallback="es")[0] == "es"
    assert engine.guess_languages("बाल वेश्या") == ("hi", "ne")
    assert [(f.rule, f.text) for f in check_text("Niñas rescatadas; prostituées", "auto")] == [
        ("rescued", "Niñas rescatadas"),
        ("prostitute", "prostituées"),
    ]
    # Overlapping findings from two lexicons are reported once.
    assert [f.text for f in check_text("VOCSAT", "auto")] == ["VOCSAT"]
