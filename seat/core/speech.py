"""Text read aloud, for people who read little (issue 14 item 3).

Seat speaks with espeak-ng, a small open speech synthesiser that runs on the server, and keeps
the result as Opus (opus-tools' ``opusenc``) at a speech bitrate: about 1.5 KB a second of
speech, so a minute's listening costs about as much as one light page does on a 2G link.

A recording is made the first time someone asks for it and kept in ``settings.SEAT_AUDIO_DIR``
under the digest of everything that shapes it (engine settings, voice, text): the same words are
never synthesised twice, and changed words never get an old recording. The text is a
consultation's and the sentences Seat builds from its settings; it never holds a person's name
or contact, so the files hold nothing identifying.

Where a language has no voice (Khmer and Tagalog in espeak-ng 1.51), or the programs are not
installed, ``can_speak`` says no and the pages offer no recording rather than a wrong one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings

# The espeak-ng voice for each language Seat serves that it can speak; a language missing here
# is not read aloud.
VOICES = {
    "en": "en-gb",
    "bn": "bn",
    "hi": "hi",
    "ne": "ne",
    "id": "id",
    "es": "es",
    "fr": "fr-fr",
    "ar": "ar",
}
# Slower than espeak's default 175 words a minute: easier to follow for a first-time listener.
WORDS_PER_MINUTE = 145
# Opus at 12 kbit/s mono is clear for synthetic speech and keeps files small.
BITRATE_KBPS = 12
# Part of every recording's key: change it when a setting above changes the sound.
ENGINE = ["espeak-ng", "opus", WORDS_PER_MINUTE, BITRATE_KBPS, 1]
# What one recording may read, in characters: a consultation's longest text (its purpose, or
# its content note and twelve questions) fits; anything longer is a mistake, not a reading.
MAX_CHARS = 6000
TIMEOUT_SECONDS = 60


class SpeechUnavailable(Exception):
    """The words cannot be read aloud: no voice for the language, the programs are missing or
    failed. Pages offer no recording then; a request for one gets a clear answer, not a 500."""


@cache
def _programs() -> tuple[str, str] | None:
    espeak, opusenc = shutil.which("espeak-ng"), shutil.which("opusenc")
    return (espeak, opusenc) if espeak and opusenc else None


def can_speak(language: str) -> bool:
    """Whether Seat can read text in ``language`` (a code such as ``bn``) aloud."""
    return (language or "").split("-")[0] in VOICES and _programs() is not None


def spoken_form(text: str) -> str:
    """``text`` as the synthesiser should read it: one line, and long digit runs (a phone
    number) read digit by digit rather than as one huge number."""
    # Direction marks and isolates (around a phone number in a right-to-left page) are silent.
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    text = re.sub(r"\d[\d\s-]{5,}\d", lambda m: " ".join(re.sub(r"\D", "", m.group(0))), text)
    return " ".join(text.split())


def recording_key(text: str, language: str) -> str:
    """The digest a recording of ``text`` in ``language`` is kept under; it changes whenever
    the words, the voice or the engine's settings do (so it serves as the file's ETag)."""
    voice = VOICES.get((language or "").split("-")[0], "")
    material = json.dumps([ENGINE, voice, spoken_form(text)], ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


def recording(text: str, language: str) -> Path:
    """The Opus file of ``text`` read aloud in ``language``, made now unless already kept.
    Raises SpeechUnavailable when it cannot be made."""
    code = (language or "").split("-")[0]
    programs = _programs()
    if code not in VOICES or programs is None:
        raise SpeechUnavailable(code)
    words = spoken_form(text)
    if not words or len(words) > MAX_CHARS:
        raise SpeechUnavailable(code)
    key = recording_key(text, code)
    path = Path(settings.SEAT_AUDIO_DIR) / key[:2] / f"{key}.opus"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    espeak, opusenc = programs
    # Made beside its final place, then renamed: a reader never gets half a file, and two
    # requests making the same recording at once both end with a whole one.
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(handle)
    # The programs and their arguments are fixed; the words go in on stdin, never as arguments.
    try:
        speech = subprocess.run(  # noqa: S603
            [espeak, "-v", VOICES[code], "-s", str(WORDS_PER_MINUTE), "--stdin", "--stdout"],
            input=words.encode(),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
        subprocess.run(  # noqa: S603
            [opusenc, "--quiet", "--bitrate", str(BITRATE_KBPS), "--downmix-mono", "-", partial],
            input=speech.stdout,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
        os.replace(partial, path)
    except (OSError, subprocess.SubprocessError) as error:
        raise SpeechUnavailable(code) from error
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return path
