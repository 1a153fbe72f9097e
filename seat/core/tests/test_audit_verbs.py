"""Every verb Seat can write to the audit log has a phrase its admins read
(seat/core/privacy/audit_verbs.py), found by reading the code itself, so a verb added later
without one fails here."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise

from seat.assessment.enums import AdvisorRequestStatus
from seat.compensation.enums import PaymentStep
from seat.consultations.enums import InvitationStatus
from seat.core.privacy.audit_verbs import VERB_LABELS, verb_label
from seat.partners.enums import PartnerRequestStatus

SEAT = Path(settings.BASE_DIR)

# The right-hand side of anything that holds or passes a verb: ``verb="x.y"``,
# ``verb="x.y" if created else "x.z"``, ``verb = "x.y"``, ``ERASE_VERB = "x.y"``,
# ``verb__in=("x.y", ...)``; a parenthesised value may span lines.
_VERB_VALUE = re.compile(
    r"(?i)\b\w*verb(?:__in)?\s*=(?!=)\s*(?P<value>\([^()]*\)|[^\n]*)", re.MULTILINE
)
_LITERAL = re.compile(r"""(?<![\w])["']([a-z_]+(?:\.[a-z_]+)+)["']""")
_F_STRING = re.compile(r"""(?<![\w])f["']([^"']*)["']""")

# Verbs built while the code runs, each from a status or step that names what happened.
DYNAMIC = {
    "invitation.{invitation.status}": [f"invitation.{s}" for s in InvitationStatus.values],
    "assessment.advisor.{request.status}": [
        f"assessment.advisor.{s}" for s in AdvisorRequestStatus.values
    ],
    "payment.{step}": [f"payment.{s}" for s in PaymentStep.values],
    "partner_request.{request.status}": [
        f"partner_request.{s}" for s in PartnerRequestStatus.values
    ],
}


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(SEAT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def verbs_in_the_code() -> tuple[dict[str, str], set[str]]:
    """(literal verb → where it is, the f-string templates that make verbs) in Seat's code."""
    literals: dict[str, str] = {}
    templates: set[str] = set()
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for match in _VERB_VALUE.finditer(text):
            value = match.group("value")
            where = f"{path.relative_to(SEAT)}:{text.count(chr(10), 0, match.start()) + 1}"
            for verb in _LITERAL.findall(value):
                literals.setdefault(verb, where)
            templates.update(_F_STRING.findall(value))
    return literals, templates


def test_the_scan_finds_the_verbs_it_should():
    literals, templates = verbs_in_the_code()
    assert len(literals) > 80
    # One of each way a verb is written: a keyword, either side of a condition, a constant,
    # a local variable, a tuple assignment, a filter.
    for verb in (
        "membership.role_change",
        "council.minutes_saved",
        "council.minutes_corrected",
        "account.erase",
        "keys.rotate",
        "outcome_report.translate",
        "outcome_report.translation_update",
        "identity.read",
    ):
        assert verb in literals, verb
    assert templates


def test_every_verb_written_in_the_code_has_a_phrase():
    literals, _templates = verbs_in_the_code()
    missing = {verb: where for verb, where in literals.items() if verb not in VERB_LABELS}
    assert missing == {}


def test_every_verb_made_from_a_status_or_step_has_a_phrase():
    _literals, templates = verbs_in_the_code()
    # A new f-string verb must be added to DYNAMIC (and its values labelled) to pass.
    assert templates == set(DYNAMIC)
    missing = [verb for verbs in DYNAMIC.values() for verb in verbs if verb not in VERB_LABELS]
    assert missing == []


def test_every_phrase_is_translatable_and_not_empty():
    for verb, label in VERB_LABELS.items():
        assert isinstance(label, Promise), verb
        assert str(label).strip(), verb


def test_a_phrase_is_said_in_words_not_as_the_code():
    assert verb_label("membership.role_change") == "Changed someone's role"
    assert verb_label("identity.read") == "Read a survivor's private details"
    assert verb_label("outcome_report.send") == "Sent an outcome report"


def test_an_unknown_verb_is_shown_as_its_code():
    assert verb_label("test.not_a_verb") == "test.not_a_verb"
    assert verb_label("") == ""


def test_no_phrase_says_victim_or_holds_a_code():
    for verb, label in VERB_LABELS.items():
        text = str(label)
        assert "victim" not in text.casefold(), verb
        assert "." not in text and "_" not in text, verb
