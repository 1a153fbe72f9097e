from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import (
    DecimalValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from seat.accounts.models import Organisation
from seat.compensation.enums import CURRENCIES
from seat.consultations.enums import (
    LANGUAGE_NAMES,
    PARTICIPANT_LANGUAGES,
    Attribution,
    ConsultationStatus,
)
from seat.consultations.limits import (
    LIMITS,
    MAX_QUESTIONS,
    QUESTION_MAX_CHARS,
    TITLE_MAX_CHARS,
    text_problems,
)
from seat.consultations.models import (
    ANSWER_MAX_CHARS,
    CANCEL_MESSAGE_MAX_CHARS,
    CONSULTATION_EDITABLE_FIELDS,
    ENGAGEMENT_PLAN_FIELDS,
    Consultation,
    EngagementPlan,
    Invitation,
    Project,
)
from seat.consultations.offer import offer_problems
from seat.consultations.quality import CheckFinding, CheckResult
from seat.consultations.services import OVERRIDE_REASON_MAX
from seat.core.bounds import (
    PAY_WITHIN_DAYS_MAX,
    PAY_WITHIN_DAYS_MIN,
    budget_missing_message,
    date_problem,
    expected_hours_invalid_message,
    expected_hours_problem,
    money_problem,
    pay_within_missing_message,
)
from seat.core.formats import format_number
from seat.core.once import OnceFormMixin
from seat.core.phone import PhoneInput, phone_normalise, phone_problem
from seat.core.support import support_problem
from seat.language.forms import TerminologyBoundField, TerminologyCheckedFormMixin
from seat.people.models import ExpertProfile

# The stock "Select a valid choice. zz is not one of the available choices." names a code the
# manager never saw: each list says what to choose instead.
CHOICE_MESSAGES = {
    "currency": _("Choose a currency from the list."),
    "languages": _("Choose languages from the list."),
    "text_language": _("Choose a language from the list."),
    "stage": _("Choose a stage from the list."),
    "method": _("Choose a method from the list."),
}
OTHER_CHOICE_MESSAGE = _("Choose one of the options shown.")


def plain_choice_messages(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = CHOICE_MESSAGES.get(name, OTHER_CHOICE_MESSAGE)


def drop_size_validators(field: forms.Field) -> None:
    """Leave a number's size to ``seat.core.bounds``, which says the limit in words ("The most
    Seat accepts here is 10,000 USD"), instead of Django's "no more than 10 digits in total" or
    "greater than or equal to 0". The bounds are within what the column stores."""
    field.validators = [
        v
        for v in field.validators
        if not isinstance(v, DecimalValidator | MinValueValidator | MaxValueValidator)
    ]


def _questions_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class TextLimitsMixin:
    """The consultation's text fields, limited so every page she reads it on stays light
    (limits.py): the limit is said in the help text and checked in ``clean``, with a message
    saying how much to cut. Never the ``maxlength`` attribute: a browser would cut a pasted
    text short without a word."""

    fields: dict[str, forms.Field]

    def limit_text_fields(self) -> None:
        for name, limit in LIMITS.items():
            if (field := self.fields.get(name)) is None:
                continue
            field.max_length = None  # type: ignore[attr-defined]
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)
            limit_text = _("Up to %(limit)s characters.") % {"limit": format_number(limit)}
            field.help_text = (
                format_lazy("{} {}", field.help_text, limit_text) if field.help_text else limit_text
            )
        if (questions := self.fields.get("questions")) is not None:
            limit_text = _("Up to %(count)s questions, each up to %(limit)s characters.") % {
                "count": format_number(MAX_QUESTIONS),
                "limit": format_number(QUESTION_MAX_CHARS),
            }
            questions.help_text = (
                format_lazy("{} {}", questions.help_text, limit_text)
                if questions.help_text
                else limit_text
            )

    def text_limit_problems(
        self, data: dict[str, Any], *, count_questions: bool = True
    ) -> dict[str, str]:
        """What is too long in ``data``; text shown as it was saved (the form's initial values)
        is not checked again: it may be older than the limits."""
        initial: dict[str, Any] = getattr(self, "initial", {})
        questions = data.get("questions")
        return text_problems(
            values={name: data[name] for name in LIMITS if isinstance(data.get(name), str)},
            questions=questions if isinstance(questions, list) else None,
            before={name: str(initial.get(name) or "") for name in LIMITS},
            before_questions=_questions_lines(str(initial.get("questions") or "")),
            count_questions=count_questions,
        )


class ProjectForm(OnceFormMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    class Meta:
        model = Project
        fields = ["organisation", "title", "summary", "stage"]

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]
        field.initial = organisations[0].pk if organisations else None
        field.empty_label = None  # type: ignore[attr-defined]


class EngagementPlanForm(OnceFormMixin, forms.ModelForm):
    """A project's plan for survivor input at one stage. Validation only: the service
    (plans.py) checks the same rules again under a lock, and says when the stage already has a
    plan."""

    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=CURRENCIES,
        error_messages={"invalid_choice": _("Choose a currency from the list.")},
    )

    class Meta:
        model = EngagementPlan
        fields = list(ENGAGEMENT_PLAN_FIELDS)
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "budget": forms.NumberInput(attrs={"min": "0", "step": "any"}),
        }
        labels = {
            "stage": _("Stage"),
            "method": _("How survivors give input"),
            "starts_on": _("Planned start"),
            "ends_on": _("Planned end"),
            "budget": _("Budget for survivor input at this stage"),
            "lead": _("Who leads"),
            "survivor_led": _("Survivors or a survivor-led organisation lead it"),
        }
        help_texts = {
            "budget": _("Pay, costs and interpretation for the people taking part. 0 if none yet."),
            "lead": _(
                "A role or a partner organisation, for example “our programme officer” or "
                "“Amar Kantha Survivor Collective”. Not a survivor's name or contact details."
            ),
        }
        error_messages = {
            "budget": {"invalid": _("Enter an amount in numbers.")},
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        if self.instance._state.adding and not self.initial.get("currency"):
            self.initial["currency"] = project.organisation.default_currency
        plain_choice_messages(self)
        # plan_problems says the budget's limit in the plan's currency.
        drop_size_validators(self.fields["budget"])
        self.fields["budget"].error_messages["required"] = budget_missing_message()

    def clean(self) -> dict[str, Any]:
        from seat.consultations.plans import plan_problems

        data = super().clean() or {}
        if any(name not in data for name in ENGAGEMENT_PLAN_FIELDS if name != "survivor_led"):
            return data  # each missing field's own error says what to fill in
        fields = {name: data.get(name) for name in ENGAGEMENT_PLAN_FIELDS}
        plan = None if self.instance._state.adding else self.instance
        for name, message in plan_problems(project=self.project, fields=fields, plan=plan).items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data

    def _post_clean(self) -> None:
        """The service writes the plan: the form never fills in or validates the model."""


# The most the pay rate column stores (ten digits, two after the point).
RATE_MAX = Decimal("99999999.99")


class QualityCheckedBoundField(TerminologyBoundField):
    @property
    def quality_findings(self) -> list[CheckFinding]:
        """The quality check's findings for this field, when the view ran the check."""
        result: CheckResult | None = getattr(self.form, "quality_check", None)
        return result.by_field().get(self.name, []) if result else []


class ConsultationForm(
    OnceFormMixin, TerminologyCheckedFormMixin, TextLimitsMixin, forms.ModelForm
):
    # What survivors and the public will read: checked for labelling and stigmatising terms.
    terminology_fields = ("title", "purpose", "plain_summary", "content_note", "questions")
    bound_field_class = QualityCheckedBoundField
    # Set by the view after it runs the quality check on what was typed (quality.py).
    quality_check: CheckResult | None = None

    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=PARTICIPANT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES)
    questions = forms.CharField(
        label=_("Questions, one per line"),
        help_text=_("Ask for expertise and ideas. Never ask people to tell what happened to them."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Consultation
        fields = list(CONSULTATION_EDITABLE_FIELDS)
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "plain_summary": forms.Textarea(attrs={"rows": 3}),
            "content_note": forms.Textarea(attrs={"rows": 2}),
            "support_phone": PhoneInput(own=False),
            "expenses_how": forms.Textarea(attrs={"rows": 2}),
            "pay_within_days": forms.NumberInput(
                attrs={"min": PAY_WITHIN_DAYS_MIN, "max": PAY_WITHIN_DAYS_MAX}
            ),
        }
        labels = {
            "pay_within_days": _("People are paid within how many days of sending their input"),
            "pay_method": _("How people are paid"),
            "expenses_how": _("How people get their costs paid back"),
            "support_name": _("Who survivors can ask for help"),
            "support_phone": _("Their phone number"),
            "support_hours": _("When the phone is answered"),
        }
        help_texts = {
            "text_language": _(
                "The language you write the title, purpose, content note and questions in. Add "
                "the text in each other language offered from the consultation's page."
            ),
            "plain_summary": _(
                "Two or three short sentences in everyday words: what you ask and why. People "
                "who read little read it first and can listen to it. Seat adds the pay, the dates "
                "and who reads their words from this form, so leave those out."
            ),
            "content_note": _(
                "Write one when the subject or a question touches on abuse, exploitation, "
                "violence or loss, so people know before they open the questions and can choose. "
                "Say plainly what it touches on, for example: “The questions mention forced "
                "work and debt.” Leave it empty when nothing is distressing."
            ),
            "pay_within_days": _(
                "Survivors read it before they accept, and each payment is due this many days "
                "after the input was sent."
            ),
            "expenses_how": _(
                "Needed when costs are covered. For example: “Keep your tickets and receipts; "
                "we pay them back in cash on the day.”"
            ),
            "support_name": _(
                "A name or role a survivor can ask for, for example “Asha, our survivor-support "
                "worker”. Leave the three support fields empty to show the site's support contact."
            ),
            "support_phone": _(
                "With the country code, starting with +, for example +880 1711 000000. "
                "Survivors tap it to call."
            ),
            "support_hours": _(
                "Days, hours and time zone, for example “Mon–Fri 9:00–17:00 Dhaka time”."
            ),
        }

    def clean_support_phone(self) -> str:
        text = self.cleaned_data.get("support_phone", "")
        if problem := phone_problem(text):
            raise forms.ValidationError(problem, code="phone")
        return phone_normalise(text)

    def clean_questions(self) -> list[str]:
        lines = _questions_lines(self.cleaned_data["questions"])
        if not lines:
            raise forms.ValidationError(_("Write at least one question."))
        return lines

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out, the text is taken to be in the first language offered.
        self.fields["text_language"].required = False
        self.limit_text_fields()
        plain_choice_messages(self)
        # clean() says each number's limits in words, the same at both ends (seat.core.bounds).
        for name in ("pay_rate", "expected_hours", "pay_within_days"):
            drop_size_validators(self.fields[name])
        self.fields["pay_rate"].error_messages["invalid"] = _("Write the rate in numbers.")
        self.fields["expected_hours"].error_messages["invalid"] = expected_hours_invalid_message()
        self.fields["pay_within_days"].error_messages.update(
            invalid=_("Enter a number of days."), required=pay_within_missing_message()
        )

    def clean_languages(self) -> str:
        return ",".join(self.cleaned_data["languages"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in self.text_limit_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", _("The last day must come after invitations go out."))
        elif deadline and deadline < timezone.localdate():
            self.add_error("deadline", _("The last day cannot be in the past."))
        for name in ("opens_on", "deadline"):
            if name not in self.errors and (problem := date_problem(data.get(name))):
                self.add_error(name, problem)
        rate, unit = data.get("pay_rate"), data.get("pay_unit")
        if rate is not None and rate < 0:
            self.add_error("pay_rate", _("Pay cannot be negative."))
        elif "currency" in self.errors:
            # The currency's own message asks for one; until then only the column's size holds.
            if rate is not None and (rate > RATE_MAX or rate != round(rate, 2)):
                self.add_error(
                    "pay_rate",
                    _("Write the rate as a number up to %(max)s.")
                    % {"max": format_number(RATE_MAX, places=2)},
                )
        elif problem := money_problem(rate, data.get("currency", "")):
            self.add_error("pay_rate", problem)
        if rate and not unit:
            self.add_error(
                "pay_unit", _("Say whether the rate is per hour, per day or per session.")
            )
        written_in, offered = data.get("text_language"), data.get("languages")
        if not written_in and offered:
            written_in = data["text_language"] = offered.split(",")[0]
        if written_in and offered is not None and written_in not in offered.split(","):
            self.add_error("text_language", _("Offer the language the consultation is written in."))
        if problem := expected_hours_problem(data.get("expected_hours")):
            self.add_error("expected_hours", problem)
        for field, message in offer_problems(
            pay_rate=data.get("pay_rate"),
            pay_within_days=data.get("pay_within_days"),
            pay_method=data.get("pay_method", ""),
            expenses_covered=bool(data.get("expenses_covered")),
            expenses_how=data.get("expenses_how", ""),
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        if support := support_problem(
            phone=data.get("support_phone", ""), hours=data.get("support_hours", "")
        ):
            field, message = support
            if field not in self.errors:
                self.add_error(field, message)
        return data


class ProjectEditForm(OnceFormMixin, forms.ModelForm):
    """A project's title, summary and stage; the organisation it belongs to never changes."""

    class Meta:
        model = Project
        fields = ["title", "summary", "stage"]


class ConsultationEditForm(ConsultationForm):
    """The new-consultation form, filled with what was saved. On an open consultation the day
    invitations went out is shown but cannot change, and neither can the questions once
    someone has answered them (``corrections.correction_problems`` says why)."""

    def __init__(
        self, *args: Any, consultation: Consultation, questions_locked: bool, **kwargs: Any
    ) -> None:
        initial = {name: getattr(consultation, name) for name in self.Meta.fields}
        initial["languages"] = consultation.language_codes
        initial["questions"] = "\n".join(q.text for q in consultation.questions.all())
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        if consultation.status == ConsultationStatus.OPEN:
            self.fields["opens_on"].disabled = True
            self.fields["opens_on"].help_text = _(
                "Invitations went out when the consultation opened, so this day stays as it was."
            )
        if questions_locked:
            self.fields["questions"].disabled = True
            self.fields["questions"].help_text = _(
                "Someone has already answered these questions, so they cannot change: their "
                "answers would no longer match."
            )


class CancelForm(OnceFormMixin, TerminologyCheckedFormMixin, forms.Form):
    # Survivors read it: checked for labelling and stigmatising terms like every such text.
    terminology_fields = ("message",)

    message = forms.CharField(
        label=_("Your message to the people invited"),
        max_length=CANCEL_MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message to the people invited.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].help_text = _(
            "Say why it stops and what happens next. Everyone invited who has not said no reads "
            "it on their page and in their messages. Up to %(limit)s characters."
        ) % {"limit": format_number(CANCEL_MESSAGE_MAX_CHARS)}


class PublishForm(forms.Form):
    """Opening a draft. ``override_reason`` is for an organisation admin opening it despite the
    quality check's blockers (services.consultation_publish checks who and how long)."""

    override_reason = forms.CharField(
        label=_("Why should it open despite the problems?"),
        required=False,
        max_length=OVERRIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only an admin of the organisation can do this. The reason is kept with the "
            "consultation, shown on its page and counted."
        ),
    )


class DeleteForm(OnceFormMixin, forms.Form):
    """Nothing to fill in: the page says what goes, and the button confirms it."""


class TranslationForm(OnceFormMixin, TerminologyCheckedFormMixin, TextLimitsMixin, forms.Form):
    """A consultation's text in one more language; each field shows the original beside it."""

    # Survivors read these in their language: checked in that language, like the original.
    terminology_fields: tuple[str, ...] = (
        "title",
        "purpose",
        "plain_summary",
        "content_note",
        "questions",
    )

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_CHARS)
    purpose = forms.CharField(
        label=_("What it is for and what will change"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plain_summary = forms.CharField(
        label=_("Plain-language summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    content_note = forms.CharField(
        label=_("Content note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    questions = forms.CharField(
        label=_("Questions, one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, language: str, original: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from seat.language.lexicon import available_languages

        self.terminology_lang = language if language in available_languages() else "auto"
        for name, field in self.fields.items():
            if name in original:
                # The original under each field, as its help: translators work line by line.
                field.help_text = _("Original: %(text)s") % {"text": original[name]}
            if name != "form_key":
                field.widget.attrs["lang"] = language
        for optional in ("plain_summary", "content_note"):
            if not original.get(optional):
                # Nothing to translate: no field, and nothing for the terminology check to read.
                del self.fields[optional]
                self.terminology_fields = tuple(
                    name for name in self.terminology_fields if name != optional
                )
        self.limit_text_fields()

    def clean_questions(self) -> list[str]:
        return _questions_lines(self.cleaned_data["questions"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # As many questions as the original has (translation_problems): only their length here.
        for field, message in self.text_limit_problems(data, count_questions=False).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class InviteForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts to invite"),
        queryset=ExpertProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person to invite.")},
    )

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["experts"]
        field.queryset = experts  # type: ignore[attr-defined]
        field.label_from_instance = _expert_label  # type: ignore[attr-defined]


def _expert_label(expert: ExpertProfile) -> str:
    languages = ", ".join(LANGUAGE_NAMES.get(code, code) for code in expert.language_codes)
    return " · ".join(part for part in [expert.pseudonym, languages, expert.expertise] if part)


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Yes, I will take part")), ("decline", _("No, not this time"))],
        widget=forms.RadioSelect,
    )
    agree = forms.BooleanField(
        label=_("I agree that my input is used for this consultation. I can change my mind later."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "accept" and not data.get("agree"):
            self.add_error("agree", _("To take part, tick the box to agree. Or choose “No”."))
        return data


def answer_too_long_message(length: int) -> str:
    over = length - ANSWER_MAX_CHARS
    return ngettext(
        "This answer is %(length)s characters long; the most is %(limit)s. "
        "Please make it %(over)s character shorter. Nothing has been sent yet, "
        "and what you wrote is still here.",
        "This answer is %(length)s characters long; the most is %(limit)s. "
        "Please make it %(over)s characters shorter. Nothing has been sent yet, "
        "and what you wrote is still here.",
        over,
    ) % {
        "length": format_number(length),
        "limit": format_number(ANSWER_MAX_CHARS),
        "over": format_number(over),
    }


class AnswerField(forms.CharField):
    """A free-text answer: the limit is said before typing and checked here, never cut.

    No ``max_length``: Django would render it as the ``maxlength`` attribute, and browsers then
    drop the end of a pasted answer without a word.
    """

    def __init__(self, **kwargs: Any) -> None:
        limit = format_number(ANSWER_MAX_CHARS)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Up to %(limit)s characters (letters, spaces and signs), about two pages.")
            % {"limit": limit},
        )
        kwargs.setdefault(
            "widget",
            forms.Textarea(
                attrs={
                    "rows": 6,
                    # Her answer runs the way she writes it (English on an Arabic page too).
                    "dir": "auto",
                    # For the optional counter (limit.js); the server decides.
                    "data-limit": ANSWER_MAX_CHARS,
                    "data-left": _("%(count)s characters left"),
                    "data-over": _("%(count)s characters too many"),
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        # A browser sends each line break as two characters; count it as the one she typed.
        return str(super().to_python(value)).replace("\r\n", "\n")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > ANSWER_MAX_CHARS:
            raise forms.ValidationError(answer_too_long_message(len(value)), code="too_long")


class ContributionForm(forms.Form):
    # Every question may be left empty (AnswerField), but input needs this many answers.
    MIN_ANSWERS = 1

    attribution = forms.ChoiceField(
        label=_("May we quote your words?"),
        choices=Attribution.choices,
        initial=Attribution.NOT_QUOTED,
        widget=forms.RadioSelect,
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        invitation: Invitation,
        question_texts: dict[Any, str] | None = None,
        question_language: str = "",
        **kwargs: Any,
    ) -> None:
        """``question_texts``: each question's text in the reader's language, by question id
        (translations.consultation_text); the original's otherwise. ``question_language``: the
        language they are written in, for each label's ``lang`` and ``dir`` (``_form.html``)."""
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.question_fields = []
        texts = question_texts or {}
        for question in invitation.consultation.questions.all():
            name = f"q_{question.pk}"
            self.fields[name] = AnswerField(label=texts.get(question.pk, question.text))
            self.fields[name].text_language = question_language  # type: ignore[attr-defined]
            self.question_fields.append((name, str(question.pk)))
        # Questions first, then the quoting choice.
        self.order_fields([name for name, _pk in self.question_fields] + ["attribution"])
        # Words without her name are read only as a group (contributions_for_staff): she is told
        # before she chooses, from the same rule, so "they will read it" is never a false promise.
        self.fields["attribution"].help_text = _(
            "Only the last choice shows your chosen name. With the other two, %(org)s reads your "
            "words only after the consultation closes, together with other input given without "
            "a name, and only if at least %(min)s people give input without a name. Until then "
            "your words are kept back, unread."
        ) % {
            "org": invitation.consultation.project.organisation.name,
            "min": format_number(settings.SEAT_MIN_GROUP_SIZE),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(name in self.errors for name, _pk in self.question_fields):
            return data  # the field's own error says what is wrong
        answered = sum(1 for name, _pk in self.question_fields if (data.get(name) or "").strip())
        if answered < self.MIN_ANSWERS:
            raise forms.ValidationError(
                _("Answer at least one question. You may skip any of the others.")
            )
        return data

    def answers(self) -> dict[str, str]:
        return {pk: self.cleaned_data.get(name, "") for name, pk in self.question_fields}


def new_consultation_initial(*, project: Project) -> dict[str, Any]:
    """A new consultation starts from its organisation's settings: currency, days to pay, the
    languages it works in, and a last day its minimum lead time after invitations go out today."""
    organisation = project.organisation
    today = timezone.localdate()
    offered = dict(PARTICIPANT_LANGUAGES)
    return {
        "stage": project.stage,
        "currency": organisation.default_currency,
        "pay_within_days": organisation.pay_within_days,
        "languages": [code for code in organisation.language_codes if code in offered],
        "text_language": next(
            (code for code in organisation.language_codes if code in offered), "en"
        ),
        "opens_on": today,
        "deadline": today + datetime.timedelta(days=organisation.min_lead_days),
    }


def lead_time_hint(organisation: Organisation) -> str:
    return ngettext(
        "%(organisation)s gives people at least %(days)s day between the invitation and the "
        "last day.",
        "%(organisation)s gives people at least %(days)s days between the invitation and the "
        "last day.",
        organisation.min_lead_days,
    ) % {"organisation": organisation.name, "days": format_number(organisation.min_lead_days)}
