"""Text read aloud (seat.core.speech): which languages can be spoken, the words as read, and the
recordings made once and kept by the digest of what shapes them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from seat.core import speech
from seat.core.languages import UI_LANGUAGES

needs_speech = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("opusenc")),
    reason="espeak-ng and opus-tools are not installed (.ci/run installs them)",
)

pytestmark = pytest.mark.usefixtures("audio_dir")


def test_long_digit_runs_are_read_digit_by_digit_and_lines_become_one():
    assert speech.spoken_form("Call +880 1711 000000\nany day") == (
        "Call +8 8 0 1 7 1 1 0 0 0 0 0 0 any day"
    )
    # As pages write them: isolated for right-to-left text, with no-break spaces, in Bengali digits.
    assert speech.spoken_form("Call \u2066+880\xa09612-000111\u2069.") == (
        "Call +8 8 0 9 6 1 2 0 0 0 1 1 1."
    )
    assert speech.spoken_form("+৮৮০ ৯৬১২ ০০০১১১") == "+৮ ৮ ০ ৯ ৬ ১ ২ ০ ০ ০ ১ ১ ১"
    # Short numbers (an amount, a date) stay whole.
    assert speech.spoken_form("BDT 1,500 by 12 March 2027") == "BDT 1,500 by 12 March 2027"


def test_the_key_changes_with_the_words_and_the_voice_not_with_the_line_breaks():
    key = speech.recording_key("Why they ask.\nTo change the rules.", "en")
    assert key == speech.recording_key("Why they ask. To change the rules.", "en")
    assert key != speech.recording_key("Why they ask. To change the law.", "en")
    assert key != speech.recording_key("Why they ask.\nTo change the rules.", "fr")


@needs_speech
def test_every_voice_seat_names_is_one_espeak_has():
    listed = subprocess.run(
        ["espeak-ng", "--voices"], capture_output=True, text=True, check=True
    ).stdout.split()
    for language, voice in speech.VOICES.items():
        assert voice in listed, (language, voice)


@needs_speech
def test_the_languages_without_a_voice_are_not_offered():
    spoken = {code for code, _name, _dir in UI_LANGUAGES if speech.can_speak(code)}
    assert spoken == {"en", "bn", "hi", "ne", "id", "es", "fr", "ar"}
    assert not speech.can_speak("km") and not speech.can_speak("tl")
    with pytest.raises(speech.SpeechUnavailable):
        speech.recording("សួស្តី", "km")


@needs_speech
def test_a_recording_is_small_opus_made_once_and_kept(audio_dir):
    words = "আমরা জানতে চাই কীভাবে গ্রামের মানুষ সহজে সাহায্য পেতে পারেন। আপনি টাকা পাবেন।"
    path = speech.recording(words, "bn")
    data = path.read_bytes()
    assert data[:4] == b"OggS" and b"OpusHead" in data[:64]
    # A few seconds of speech at 12 kbit/s: a few kilobytes, not a megabyte of WAV.
    assert 2_000 < len(data) < 40_000
    assert path.parent.parent == audio_dir
    assert path.name == f"{speech.recording_key(words, 'bn')}.opus"
    made = path.stat().st_mtime_ns
    assert speech.recording(words, "bn") == path and path.stat().st_mtime_ns == made
    assert not list(audio_dir.rglob("*.part"))


@needs_speech
def test_empty_or_overlong_words_are_not_read(audio_dir):
    for words in ("", "   ", "a" * (speech.MAX_CHARS + 1)):
        with pytest.raises(speech.SpeechUnavailable):
            speech.recording(words, "en")
    assert not audio_dir.exists() or not list(audio_dir.rglob("*"))


def test_without_the_programs_nothing_is_offered(monkeypatch):
    monkeypatch.setattr(speech, "_programs", lambda: None)
    assert not speech.can_speak("en")
    with pytest.raises(speech.SpeechUnavailable):
        speech.recording("Hello", "en")


@needs_speech
def test_a_failing_synthesiser_is_unavailable_not_an_error(monkeypatch, audio_dir):
    monkeypatch.setattr(speech, "_programs", lambda: ("/bin/false", "/bin/false"))
    with pytest.raises(speech.SpeechUnavailable):
        speech.recording("Hello", "en")
    assert not list(audio_dir.rglob("*.part"))
