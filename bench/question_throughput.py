"""How fast the story_extraction detector checks questions: every corpus question of every
language, repeated to 500 and to 5,000, after the rules are compiled once.

    uv run python bench/question_throughput.py
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")

import django

django.setup()

from seat.language.quality import load_questions  # noqa: E402
from seat.language.questions import get_detector, question_findings, question_languages  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    for lang in question_languages():
        get_detector(lang)
    print(
        f"rules of {len(question_languages())} languages compiled in {time.perf_counter() - started:.3f} s"
    )
    questions = [(q.text, lang) for lang in question_languages() for q in load_questions(lang)]
    for count in (500, 5000):
        batch = (questions * (count // len(questions) + 1))[:count]
        started = time.perf_counter()
        flagged = sum(bool(question_findings(text, lang)) for text, lang in batch)
        elapsed = time.perf_counter() - started
        print(f"{count} questions ({flagged} flagged) in {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
