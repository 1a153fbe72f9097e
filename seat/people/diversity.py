"""Diversity self-identification: how she describes herself, if she chooses to.

Voluntary (every answer optional; "prefer not to say" is no answer), self-described (gender and
sexual orientation may be given in her own words), encrypted at rest, read back only by her.
Organisations see totals of at least ``DIVERSITY_MIN_CELL`` people (``insights.diversity``),
never a person's answers: no page, export or API shows one.

To count without decrypting, each answer also keeps a *blind index*: an HMAC-SHA256 of the
dimension and category code, keyed by a key derived from ``SECRET_KEY`` for this purpose alone.
The database groups by the digest; ``insights.diversity`` maps digests back to categories by
digesting each known code. Her own words are never indexed or counted: they count as
``self_described``. A copy of the database alone does not hold any category in clear; with few
categories, someone who has the copy and knows how common each answer is could still guess the
commonest, which is why the column is readable only by the application and the totals are
suppressed and rounded. Changing ``SECRET_KEY`` changes every digest: save each answer again
(``diversity_reindex``) after a key change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seat.core.countries import COUNTRY_CODES, country_name
from seat.core.privacy.audit import audit_record
from seat.core.privacy.digest import keyed_digest
from seat.people.enums import (
    SELF_DESCRIBED,
    AgeBand,
    Disability,
    Exploitation,
    Gender,
    SexualOrientation,
)
from seat.people.models import DiversitySelfId, ExpertProfile
from seat.people.rules import is_self

# Her own words: long enough for a phrase, short enough never to become a story.
WORDS_MAX = 100

_PURPOSE = b"seat.people.diversity.blind-index.v1"


@dataclass(frozen=True)
class Dimension:
    """One question: its answer column, its blind index column, the codes it may hold, and,
    where she may answer in her own words, the column for them."""

    name: str
    title: Promise
    codes: tuple[str, ...]
    words: str = ""

    @property
    def index_field(self) -> str:
        return f"{self.name}_index"


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("exploitation", _("Form of exploitation"), tuple(Exploitation.values)),
    Dimension("gender", _("Gender"), tuple(Gender.values), words="gender_words"),
    Dimension("age_band", _("Age"), tuple(AgeBand.values)),
    Dimension("origin", _("National origin"), tuple(sorted(COUNTRY_CODES))),
    Dimension(
        "orientation",
        _("Sexual orientation"),
        tuple(SexualOrientation.values),
        words="orientation_words",
    ),
    Dimension("disability", _("Disability"), tuple(Disability.values)),
)
DIMENSION_NAMES = tuple(d.name for d in DIMENSIONS)


def answer_label(dimension: str, code: str) -> str:
    """Her answer as she chose it on the form, in the active language ("25_34" → "25 to 34",
    "BD" → "Bangladesh"); a code the form does not offer keeps itself."""
    if dimension == "origin":
        return country_name(code) if code else code
    choices = {
        "exploitation": Exploitation,
        "gender": Gender,
        "age_band": AgeBand,
        "orientation": SexualOrientation,
        "disability": Disability,
    }.get(dimension)
    if choices is None or code not in choices.values:
        return code
    return str(choices(code).label)


def blind_index(dimension: str, code: str) -> str:
    """The keyed digest stored for ``code`` in ``dimension`` ("" for no answer); its key has a
    label of its own, so it can never be compared with a joining code's or any other digest."""
    if not code:
        return ""
    return keyed_digest(_PURPOSE, f"{dimension}:{code}")


def digests_of(dimension: Dimension) -> dict[str, str]:
    """Each known code of ``dimension`` by its digest: how totals name what they count."""
    return {blind_index(dimension.name, code): code for code in dimension.codes}


def _clean(answers: Mapping[str, str]) -> dict[str, str]:
    """Every column's new value from her answers: unknown codes refused, words kept only with
    "in my own words" (and trimmed), anything not answered empty."""
    unknown = set(answers) - set(DIMENSION_NAMES) - {d.words for d in DIMENSIONS if d.words}
    if unknown:
        raise ValueError(sorted(unknown))
    values: dict[str, str] = {}
    for dimension in DIMENSIONS:
        code = (answers.get(dimension.name) or "").strip()
        if code and code not in dimension.codes:
            raise ValueError(dimension.name)
        values[dimension.name] = code
        values[dimension.index_field] = blind_index(dimension.name, code)
        if dimension.words:
            words = (answers.get(dimension.words) or "").strip()[:WORDS_MAX]
            values[dimension.words] = words if code == SELF_DESCRIBED else ""
    return values


@transaction.atomic
def diversity_save(
    *, actor: Any, expert: ExpertProfile, answers: Mapping[str, str]
) -> DiversitySelfId:
    """Save her answers (a code per dimension, "" for none; her own words under
    ``gender_words`` and ``orientation_words``). Only she does: no facilitator or member of
    staff answers these for her. The audit row names the questions answered, never an answer."""
    if not is_self(actor, expert):
        raise PermissionDenied
    values = _clean(answers)
    record, _created = DiversitySelfId.objects.get_or_create(profile=expert)
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    answered = sorted(d.name for d in DIMENSIONS if values[d.name])
    audit_record(actor=actor, verb="diversity.update", target=expert, answered=answered)
    return record


@transaction.atomic
def diversity_clear(*, actor: Any, expert: ExpertProfile) -> bool:
    """Delete every answer she gave (the row itself). True when there was something to delete."""
    if not is_self(actor, expert):
        raise PermissionDenied
    deleted, _by_model = DiversitySelfId.objects.filter(profile=expert).delete()
    audit_record(actor=actor, verb="diversity.clear", target=expert)
    return bool(deleted)


@transaction.atomic
def diversity_read(*, actor: Any, expert: ExpertProfile) -> dict[str, str]:
    """Her answers, for her own page: the one way to read them, audited like identity reads.
    Nobody else reads them, whatever their role."""
    if not is_self(actor, expert):
        raise PermissionDenied
    record = DiversitySelfId.objects.filter(profile=expert).first()
    audit_record(actor=actor, verb="diversity.read", target=expert)
    answers = dict.fromkeys(DIMENSION_NAMES, "")
    for dimension in DIMENSIONS:
        if dimension.words:
            answers[dimension.words] = ""
    if record is not None:
        for name in answers:
            answers[name] = getattr(record, name)
    return answers


def diversity_reindex(*, records: Iterable[DiversitySelfId] | None = None) -> int:
    """Recompute every blind index from the encrypted answers (after ``SECRET_KEY`` changes).
    For operators; returns how many rows were written."""
    count = 0
    for record in records if records is not None else DiversitySelfId.objects.all():
        for dimension in DIMENSIONS:
            setattr(
                record,
                dimension.index_field,
                blind_index(dimension.name, getattr(record, dimension.name)),
            )
        record.save()
        count += 1
    return count
