"""How long a consultation's text may be, so that every page a survivor reads it on fits the
first network round trip (14,600 bytes gzip, seat/tests/test_page_weight.py).

The text is shown whole on her invitation page (title, purpose, content note, questions, and a
cancellation message if there is one) and again on the page where she answers (title, content
note, each question as the label of its answer field; not counted are her own answers, sent
back to her with a message when one is too long). The limits leave room for a real
consultation, a purpose of three short paragraphs and a dozen questions of a sentence or two,
and were measured with every text field of the consultation at its longest at once, offered in
every language with an interpreter (seat/tests/test_page_weight.py, ``fullest_pages``):

======================================  ==========  =========  ==========
fullest page, bytes gzip (HTML+CSS+JS)  invitation  answering  cancelled
======================================  ==========  =========  ==========
Bengali sentences (the project's own    9,719       10,628     9,860
corpora and catalog, none repeated)
English sentences                       8,330       9,525      8,404
random Bengali letters (pathological)   12,883      13,174     13,490
======================================  ==========  =========  ==========

At the old limits (purpose 4,000, content note 1,000, 20 questions of 1,000) Bengali sentences
made 18,602 and 19,467 bytes. Real text leaves about 4,000 bytes for the pages to grow; random
letters leave about 1,100. Random characters from a large script (CJK: about two bytes each after
gzip, estimated, not measured) would not fit: nobody writes that, and the page still works, in two round trips.

These are the limits of what Seat stores and shows; the open check API (api.py) only reads a
draft, possibly for use elsewhere, and keeps looser bounds that only cap one request's work.
Text saved before these limits stays whole (nothing is cut); it must be shortened only when it
is changed.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from seat.core.formats import format_number

TITLE_MAX_CHARS = 200
PURPOSE_MAX_CHARS = 1500
CONTENT_NOTE_MAX_CHARS = 500
# A few short sentences: read first, and heard, by people who read little.
PLAIN_SUMMARY_MAX_CHARS = 400
QUESTION_MAX_CHARS = 300
MAX_QUESTIONS = 12


def too_long_message(length: int, limit: int) -> str:
    over = length - limit
    return ngettext(
        "This is %(length)s characters long; the most is %(limit)s. Please make it %(over)s "
        "character shorter.",
        "This is %(length)s characters long; the most is %(limit)s. Please make it %(over)s "
        "characters shorter.",
        over,
    ) % {
        "length": format_number(length),
        "limit": format_number(limit),
        "over": format_number(over),
    }


def questions_problem(
    questions: list[str], *, before: list[str] | None = None, count: bool = True
) -> str | None:
    """What is wrong with the number or length of these questions, in words for staff; None
    if nothing. ``before``: the questions as saved, which are not checked again (nor is their
    number, if there were more than the limit allows). ``count``: whether to check how many
    there are (a translation has as many as its original)."""
    before = before or []
    saved = {text.strip() for text in before}
    if count and len(questions) > max(MAX_QUESTIONS, len(before)):
        return ngettext(
            "You can ask at most %(limit)s questions; there are %(count)s. Please leave out "
            "%(over)s.",
            "You can ask at most %(limit)s questions; there are %(count)s. Please leave out "
            "%(over)s.",
            len(questions) - MAX_QUESTIONS,
        ) % {
            "limit": format_number(MAX_QUESTIONS),
            "count": format_number(len(questions)),
            "over": format_number(len(questions) - MAX_QUESTIONS),
        }
    for number, question in enumerate(questions, start=1):
        if len(question) > QUESTION_MAX_CHARS and question.strip() not in saved:
            over = len(question) - QUESTION_MAX_CHARS
            return ngettext(
                "Question %(number)s is %(length)s characters long; the most is %(limit)s. "
                "Please make it %(over)s character shorter.",
                "Question %(number)s is %(length)s characters long; the most is %(limit)s. "
                "Please make it %(over)s characters shorter.",
                over,
            ) % {
                "number": format_number(number),
                "length": format_number(len(question)),
                "limit": format_number(QUESTION_MAX_CHARS),
                "over": format_number(over),
            }
    return None


LIMITS = {
    "title": TITLE_MAX_CHARS,
    "purpose": PURPOSE_MAX_CHARS,
    "content_note": CONTENT_NOTE_MAX_CHARS,
    "plain_summary": PLAIN_SUMMARY_MAX_CHARS,
}


def text_problems(
    *,
    values: dict[str, str],
    questions: list[str] | None = None,
    before: dict[str, str] | None = None,
    before_questions: list[str] | None = None,
    count_questions: bool = True,
) -> dict[str, str]:
    """Each text field over its limit, by field name, in words for staff. ``before`` and
    ``before_questions``: what was saved. Text left as it was is not checked again (it may
    predate these limits), so a correction of, say, the last day never fails on a purpose
    nobody touched; nothing saved is ever cut."""
    before = before or {}
    problems = {
        name: too_long_message(len(values[name]), limit)
        for name, limit in LIMITS.items()
        if name in values and len(values[name]) > limit and values[name] != before.get(name)
    }
    if questions is not None and (
        problem := questions_problem(questions, before=before_questions, count=count_questions)
    ):
        problems["questions"] = problem
    return problems
