"""What Seat holds about one person, and who read her private details.

``everything_about`` walks every model with a foreign key to her account or her expert profile
(so a model added later is in her copy without anyone remembering to add it), and nests the
text of her contributions (their answers) and the responses she was sent. The structure is in
README ("Your data, your rights").
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from seat.accounts.models import Membership, Organisation, User
from seat.compensation.enums import UNSETTLED
from seat.compensation.selectors import payments_of_expert, totals_by_currency
from seat.consultations.enums import Attribution
from seat.consultations.models import Contribution
from seat.core.formats import format_day, format_moment, format_number
from seat.core.languages import language_name_translated
from seat.core.models import AuditEvent
from seat.people.diversity import DIMENSION_NAMES, answer_label
from seat.people.enums import ConsentPurpose
from seat.people.models import ExpertProfile
from seat.people.selectors import consent_state

# Rows that are about her account but hold nothing of hers to read: an authenticator's secret,
# the admin's own log, invitations made for staff, drafts (experts never have them).
NOT_HERS_TO_READ = {
    "otp_totp.totpdevice",
    "admin.logentry",
    "accounts.memberinvitation",
    "accounts.formdraft",
}
# Fields that are secrets, keyed digests or blind indexes: useless to her, dangerous in a copy.
SECRET_FIELDS = {"password", "key", "token_digest", "digest", "form_key", "idempotency_key"}
SECRET_SUFFIXES = ("_digest", "_index")
# Related rows named in words rather than by id, because she knows them by name.
NAMED = (Organisation, "consultations.Consultation", "consultations.Project")

# Her copy's labels where a field has no translated name of its own (Django's automatic names,
# such as "created at", and a third-party model's fields), by field name; and the same for the
# titles of models without one. A field that reaches her PDF needs one of the two, or the
# Bengali copy would say "created at" (seat/rights/tests/test_my_data.py checks it).
FIELD_LABELS = {
    "created_at": pgettext_lazy("a field's name in a person's copy of her data", "Made on"),
    "updated_at": pgettext_lazy("a field's name in a person's copy of her data", "Last changed"),
    "organisation": pgettext_lazy("a field's name in a person's copy of her data", "Organisation"),
    "consultation": pgettext_lazy("a field's name in a person's copy of her data", "Consultation"),
    "partner": pgettext_lazy(
        "a field's name in a person's copy of her data", "Partner organisation"
    ),
    "phone": pgettext_lazy("a field's name in a person's copy of her data", "Phone number"),
    "language": pgettext_lazy("a field's name in a person's copy of her data", "Language"),
    "expires_at": pgettext_lazy("a field's name in a person's copy of her data", "Ends"),
    "tries": pgettext_lazy("a field's name in a person's copy of her data", "Codes typed"),
    "sends": pgettext_lazy("a field's name in a person's copy of her data", "Codes sent"),
    "window_start": pgettext_lazy(
        "a field's name in a person's copy of her data", "Codes counted since"
    ),
    "browser": pgettext_lazy("a field's name in a person's copy of her data", "Browser"),
    "system": pgettext_lazy("a field's name in a person's copy of her data", "Device"),
    "last_seen_at": pgettext_lazy("a field's name in a person's copy of her data", "Last seen"),
    "last_used_at": pgettext_lazy("a field's name in a person's copy of her data", "Last used"),
    "name": pgettext_lazy("a field's name in a person's copy of her data", "Name"),
    "confirmed": pgettext_lazy("a field's name in a person's copy of her data", "Confirmed"),
    "throttling_failure_timestamp": pgettext_lazy(
        "a field's name in a person's copy of her data", "Last wrong code"
    ),
    "throttling_failure_count": pgettext_lazy(
        "a field's name in a person's copy of her data", "Wrong codes in a row"
    ),
}
SECTION_TITLES = {
    "sms.smsclaim": pgettext_lazy(
        "a field's name in a person's copy of her data", "Text-message number waiting for its code"
    ),
    "otp_static.staticdevice": pgettext_lazy(
        "a field's name in a person's copy of her data", "Recovery codes"
    ),
}


def _label(f: Any) -> str:
    if isinstance(f.verbose_name, Promise):
        return str(f.verbose_name)
    return str(FIELD_LABELS.get(f.name, f.verbose_name))


def _title(model: type[models.Model], *, plural: bool) -> str:
    own = model._meta.verbose_name_plural if plural else model._meta.verbose_name
    if isinstance(own, Promise) or model._meta.label_lower not in SECTION_TITLES:
        return str(own)
    return str(SECTION_TITLES[model._meta.label_lower])


# The latest reads of her private details shown on her page.
READS_SHOWN = 100


@dataclass(frozen=True)
class RowId:
    """Another row's id in one of hers (the invitation a contribution answered): kept in the
    JSON, which is everything, left out of the copy to read, where an id means nothing."""

    value: Any


@dataclass
class Section:
    """One kind of row about her: ``key`` is the model's label (stable, for programs), ``title``
    its name in her language, ``rows`` each a list of (field, label, value)."""

    key: str
    title: str
    rows: list[list[tuple[str, str, Any]]] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """A value as JSON can hold it."""
    if isinstance(value, RowId):
        return _plain(value.value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | dict | bool | int | float | str) or value is None:
        return value
    return str(value)


def _is_named(model: type[models.Model]) -> bool:
    return any(
        model is named if not isinstance(named, str) else model._meta.label == named
        for named in NAMED
    )


def _row(obj: models.Model) -> list[tuple[str, str, Any]]:
    row = []
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name.endswith(SECRET_SUFFIXES):
            continue
        if f.is_relation:
            # Another person's account (who recorded, who witnessed): not hers to copy.
            if f.related_model is User:
                continue
            related_id = getattr(obj, f.attname)
            if related_id is not None and _is_named(f.related_model):  # type: ignore[arg-type]
                value: Any = str(getattr(obj, f.name))
            else:
                value = RowId(related_id)
        elif f.choices:
            value = getattr(obj, f"get_{f.attname}_display")()
        elif isinstance(f, models.FileField):
            # Whether a file is kept (a receipt of her pay), not where: a path inside the
            # server's folder says nothing to her and points at nothing she can open.
            value = bool(getattr(obj, f.attname))
        else:
            value = getattr(obj, f.attname)
        row.append((f.name, _label(f), value))
    return row


def _rows_pointing_at(target: models.Model) -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every foreign key to ``target``'s model, in a stable order."""
    found = []
    for model in apps.get_models():
        if model._meta.label_lower in NOT_HERS_TO_READ:
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is type(target):
                # Another user's part in a row (recorded by, witnessed by) is not her data;
                # rows owned by her account are deleted with it (CASCADE).
                if isinstance(target, User) and f.remote_field.on_delete is not models.CASCADE:  # type: ignore[union-attr]
                    continue
                found.append((model, f.name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label_lower, pair[1]))


def _contribution_text(contribution: Any) -> list[tuple[str, str, Any]]:
    """Her words, question by question, and the response she was sent, if any."""
    from django.utils.translation import gettext as _

    extra: list[tuple[str, str, Any]] = [
        (
            "answers",
            str(_("Your answers")),
            [
                {"question": a.question.text, "answer": a.text}
                for a in contribution.answers.select_related("question")
            ],
        ),
    ]
    response = getattr(contribution, "response", None)
    if response is not None and response.shared_at is not None:
        extra.append(
            (
                "response",
                str(_("The response you were sent")),
                {
                    "outcome": response.get_outcome_display(),
                    "reason": response.reason,
                    "shared_at": _plain(response.shared_at),
                },
            )
        )
    return extra


def everything_about(*, expert: ExpertProfile, identity: Any) -> list[Section]:
    """Every row Seat holds about her, her identity given decrypted by the caller (who read it
    through ``people.services.identity_read``, so the read is audited)."""
    user = expert.user
    sections = []
    if user is not None:
        sections.append(Section(user._meta.label_lower, _title(User, plural=False), [_row(user)]))
    sections.append(
        Section(expert._meta.label_lower, _title(ExpertProfile, plural=False), [_row(expert)])
    )
    sections.append(
        Section(identity._meta.label_lower, _title(type(identity), plural=False), [_row(identity)])
    )
    targets: list[models.Model] = [expert] + ([user] if user is not None else [])
    for target in targets:
        for model, name in _rows_pointing_at(target):
            if model._meta.label_lower == "people.expertidentity":
                continue
            rows = []
            for obj in model._default_manager.filter(**{name: target}):
                row = _row(obj)
                if model._meta.label_lower == "consultations.contribution":
                    row += _contribution_text(obj)
                rows.append(row)
            if rows:
                sections.append(Section(model._meta.label_lower, _title(model, plural=True), rows))
    return sections


def as_json(sections: list[Section]) -> dict[str, list[dict[str, Any]]]:
    return {
        s.key: [{name: _plain(value) for name, _label, value in row} for row in s.rows]
        for s in sections
    }


# Left out of the copy to read (kept in the JSON, which is everything): ids, which mean nothing
# to a reader, and the account's operator flags, which are never set for her.
NOT_FOR_READING = {"id", "is_staff", "is_superuser"}


def _readable(value: Any) -> Any:
    """A value as a person reads it, in the current language: days and moments in words, numbers
    in her digits; True/False and her words unchanged."""
    if isinstance(value, datetime.datetime):
        return f"{format_moment(value)} (UTC)"
    if isinstance(value, datetime.date):
        return format_day(value)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_number(value)
    return value


def _language_names(value: str) -> str:
    """Language codes as saved ("bn,en") named in her language ("Bengali, English")."""
    return ", ".join(
        language_name_translated(code.strip()) for code in value.split(",") if code.strip()
    )


# Fields whose emptiness says nothing to her: "words deleted on —" would read as a date missing.
SHOWN_ONLY_WHEN_SET = frozenset({"words_deleted_at"})


def _readable_field(section: str, name: str, value: Any) -> Any:
    if name in {"answers", "response"}:
        return value  # her words and the response she was sent, whole
    if section == "people.diversityselfid" and name in DIMENSION_NAMES:
        return answer_label(name, value)  # as she chose it on the form, not its code
    if name.endswith(("language", "languages")) and isinstance(value, str):
        return _language_names(value)
    return _readable(value)


def as_readable(sections: list[Section]) -> list[Section]:
    """The sections for her PDF: what a person reads, without ids, flags or the small records of
    ids an event keeps (``detail``); her answers and the response she was sent stay whole."""
    readable = []
    for section in sections:
        rows = [
            [
                (name, label, _readable_field(section.key, name, value))
                for name, label, value in row
                if name not in NOT_FOR_READING
                and not (name in SHOWN_ONLY_WHEN_SET and value is None)
                and (name in {"answers", "response"} or not isinstance(value, dict | list))
                and not isinstance(value, uuid.UUID | RowId)
            ]
            for row in section.rows
        ]
        # A row of nothing but ids (an advisor payment: which round, which payment line) says
        # nothing to a reader; a title with nothing under it would look as if rows were lost.
        rows = [row for row in rows if row]
        if rows:
            readable.append(Section(section.key, section.title, rows))
    return readable


@dataclass
class Read:
    """One read of her private details by someone else: when, who, for which organisation."""

    at: datetime.datetime
    reader: str
    organisation: str
    role: str
    purpose: str


def reads_of_her_details(*, expert: ExpertProfile, limit: int = READS_SHOWN) -> list[Read]:
    """The latest reads of her identifying data by anyone but herself, from the audit log.

    Seat's own reads to send her a message or a text (purpose ``notification``/``sms``, made as
    her) are hers. A reader is named by display name, organisation and role; the organisation
    is the one recorded with the read, or, for older reads, the reader's organisations that
    paid her (the only reason anyone else may read)."""
    events = list(
        AuditEvent.objects.filter(
            verb__in=("identity.read", "diversity.read"),
            object_type=expert._meta.label_lower,
            object_id=str(expert.pk),
            actor__isnull=False,
        )
        .exclude(actor=expert.user)
        .select_related("actor")[:limit]
    )
    readers = {e.actor_id for e in events if e.actor_id is not None}
    paying = set(expert.payments.values_list("organisation_id", flat=True))  # type: ignore[attr-defined]
    memberships: dict[Any, list[Membership]] = {}
    for m in Membership.objects.filter(user_id__in=readers).select_related("organisation"):
        memberships.setdefault(m.user_id, []).append(m)
    reads = []
    for e in events:
        recorded = e.detail.get("organisation")
        theirs = [
            m
            for m in memberships.get(e.actor_id, [])
            if (str(m.organisation_id) == recorded if recorded else m.organisation_id in paying)
        ]
        reader = e.actor
        reads.append(
            Read(
                at=e.at,
                reader=(reader.display_name or reader.username) if reader else "",
                organisation=", ".join(m.organisation.name for m in theirs),
                role=", ".join(str(m.get_role_display()) for m in theirs),  # type: ignore[attr-defined]
                purpose=e.detail.get("purpose", ""),
            )
        )
    return reads


def kept_after_erasure(contribution: Contribution, consent: dict[str, bool]) -> bool:
    """Her consent still lets organisations keep these words without her: she chose to be quoted
    without any name, and both that consent and taking part stand. Anything else (not to be
    quoted, quoted under her chosen name, which she is taking away, a consent withdrawn) goes."""
    return (
        contribution.attribution == Attribution.ANONYMOUS
        and consent.get(ConsentPurpose.PARTICIPATE, False)
        and consent.get(ConsentPurpose.QUOTE_ANONYMOUSLY, False)
    )


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing her account would do, told before she decides: how much of her input stays
    (without a name) and goes, by the same rule ``account_erase`` follows, and the money still
    owed to her, which her erased payment details could no longer reach."""

    inputs_kept: int
    inputs_deleted: int
    still_owed: dict[str, Decimal]


def erasure_preview(*, expert: ExpertProfile) -> ErasurePreview:
    consent = consent_state(expert=expert)
    contributions = list(Contribution.objects.filter(expert=expert).only("attribution"))
    kept = sum(1 for c in contributions if kept_after_erasure(c, consent))
    unsettled = [p for p in payments_of_expert(expert=expert) if p.status in UNSETTLED]
    return ErasurePreview(
        inputs_kept=kept,
        inputs_deleted=len(contributions) - kept,
        still_owed=totals_by_currency(payments=unsettled),
    )
