"""The capture form: an in-person session, for the participants chosen on the page before.

Validation and normalisation only; ``captures.capture_record`` decides and stores. The form
carries a random idempotency key and a signed token binding it to the request, the person who
opened the form and the participants it was made for (``capture_token``): a copy sent again
lands once, and a changed key, token or list of participants is refused whole.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.consultations.enums import Attribution
from seat.consultations.forms import AnswerField
from seat.consultations.models import Question
from seat.core.formats import format_number
from seat.core.languages import PARTICIPANT_LANGUAGES
from seat.partners.captures import MAX_PARTICIPANTS, PLACE_MAX_CHARS, ParticipantInput
from seat.partners.enums import SessionKind
from seat.partners.models import PartnerRequest
from seat.people.enums import ConsentPurpose
from seat.people.models import ExpertProfile

_FORM_SALT = "seat.partners.capture"
# A form may wait days on a device without a connection; the session key that unlocks its
# stored copy ends sooner, at logout.
TOKEN_MAX_AGE = 14 * 24 * 3600

SAID = [
    ("", pgettext_lazy("consent asked in a session", "Not asked in this session")),
    ("yes", pgettext_lazy("consent asked in a session", "Said yes")),
    ("no", pgettext_lazy("consent asked in a session", "Said no")),
]


def _signer(request: PartnerRequest, user: Any) -> signing.TimestampSigner:
    # The request and the person are in the salt: a token is good for them only.
    return signing.TimestampSigner(salt=f"{_FORM_SALT}:{request.pk}:{user.pk}")


def _signed_value(key: Any, participants: list[Any]) -> str:
    return f"{key}:{','.join(sorted(str(p) for p in participants))}"


def capture_token(
    *, request: PartnerRequest, user: Any, key: uuid.UUID, participants: list[Any]
) -> str:
    """Signs the form's key and who it was made for, so neither can be changed in the page."""
    return _signer(request, user).sign(_signed_value(key, participants))


def capture_token_fits(
    token: str, *, request: PartnerRequest, user: Any, key: Any, participants: list[Any]
) -> bool:
    """Whether ``token`` was made by this site for this request, this person, this key and
    these participants (ids, in any order)."""
    try:
        signed = _signer(request, user).unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return signed == _signed_value(key, participants)


class ChooseParticipantsForm(forms.Form):
    """Who took part, chosen first: the form for them follows (a page for everyone a collective
    keeps would be too heavy for a phone on a slow link)."""

    participant = forms.MultipleChoiceField(
        label=_("Who took part?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one participant.")},
    )

    def __init__(self, *args: Any, members: list[ExpertProfile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        field = self.fields["participant"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(pk, m.pseudonym) for pk, m in self.members.items()]

    def clean_participant(self) -> list[ExpertProfile]:
        chosen = self.cleaned_data["participant"]
        if len(chosen) > MAX_PARTICIPANTS:
            raise forms.ValidationError(
                _("Choose at most %(max)s people; write a bigger session down in two parts.")
                % {"max": MAX_PARTICIPANTS}
            )
        return [self.members[pk] for pk in chosen]


@dataclass
class ParticipantFields:
    """One participant's part of the form, for the template."""

    index: int
    expert: ExpertProfile
    language: forms.BoundField
    # Each purpose's field, and whether her record said yes before this session.
    consents: list[tuple[forms.BoundField, bool]]
    attribution: forms.BoundField
    answers: list[forms.BoundField]


class CaptureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    held_on = forms.DateField(
        label=_("Day of the session"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(
        label=pgettext_lazy("in-person session", "Place"),
        max_length=PLACE_MAX_CHARS,
        widget=forms.TextInput(attrs={"aria-describedby": "place-help"}),
        help_text=_(
            "The district or town only, never an address or a village: it says where members live."
        ),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        participants: list[ExpertProfile],
        questions: list[Question],
        ledgers: dict[Any, dict[str, bool]],
        **kwargs: Any,
    ) -> None:
        # Each control sits inside its label, without an id: a page for a dozen people stays
        # light (every id would be the name again, and again in its label's "for").
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)
        self.participants = participants
        self.questions = questions
        self.ledgers = ledgers
        languages = [("", _("Choose a language")), *PARTICIPANT_LANGUAGES]
        for i, expert in enumerate(participants):
            p = f"p{i}"
            self.fields[f"{p}_language"] = forms.ChoiceField(
                label=_("Consent wording read aloud in"),
                choices=languages,
                required=False,
                initial=(expert.language_codes or [""])[0],
            )
            for purpose, label in ConsentPurpose.choices:
                self.fields[f"{p}_consent_{purpose}"] = forms.ChoiceField(
                    label=label, choices=SAID, required=False
                )
            self.fields[f"{p}_attribution"] = forms.ChoiceField(
                label=_("How her words may be quoted"),
                choices=Attribution.choices,
                initial=Attribution.NOT_QUOTED,
            )
            for number, question in enumerate(questions, start=1):
                # The questions are written out once, above the participants; each answer box
                # names its question by number and points screen readers to the whole text (a page with every question again for each person would
                # not fit a slow connection's first round trip).
                self.fields[f"{p}_q{question.position}"] = AnswerField(
                    label=_("Question %(number)s") % {"number": format_number(number)},
                    help_text="",
                    widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": f"q{number}"}),
                )

    def groups(self) -> list[ParticipantFields]:
        return [
            ParticipantFields(
                index=i,
                expert=expert,
                language=self[f"p{i}_language"],
                consents=[
                    (
                        self[f"p{i}_consent_{purpose}"],
                        self.ledgers.get(expert.pk, {}).get(purpose, False),
                    )
                    for purpose in ConsentPurpose.values
                ],
                attribution=self[f"p{i}_attribution"],
                answers=[self[f"p{i}_q{q.position}"] for q in self.questions],
            )
            for i, expert in enumerate(self.participants)
        ]

    def clean_held_on(self) -> datetime.date:
        held_on: datetime.date = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The session cannot be in the future. Check the date."))
        return held_on

    def participant_inputs(self) -> list[ParticipantInput]:
        data = self.cleaned_data
        parts = []
        for i, expert in enumerate(self.participants):
            p = f"p{i}"
            said = {
                purpose: data.get(f"{p}_consent_{purpose}") == "yes"
                for purpose in ConsentPurpose.values
                if data.get(f"{p}_consent_{purpose}")
            }
            parts.append(
                ParticipantInput(
                    expert_id=expert.pk,
                    attribution=data[f"{p}_attribution"],
                    consents=said,
                    language=data.get(f"{p}_language") or "",
                    answers={
                        str(q.pk): data.get(f"{p}_q{q.position}") or "" for q in self.questions
                    },
                )
            )
        return parts
