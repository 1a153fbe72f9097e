from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seat.accountability.enums import Outcome
from seat.accountability.models import QUESTION_REASON_MAX_CHARS, Response
from seat.accountability.services import QuestionAnswer
from seat.consultations.models import Question

# "ok" tells the person nothing: a reason is at least a few words.
REASON_MIN_CHARS = 10


class ResponseForm(forms.ModelForm):
    """What became of a contribution, and optionally of her answer to each question."""

    # No blank choice: every contribution gets a real outcome.
    outcome = forms.ChoiceField(
        label=gettext_lazy("What became of the input"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Response
        fields = ["outcome", "reason"]
        labels = {"reason": gettext_lazy("Why, in plain words")}
        widgets = {"outcome": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, questions: Sequence[Question] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        given = (
            {item.question_id: item for item in self.instance.per_question.all()}
            if self.instance.pk
            else {}
        )
        for question in self.questions:
            before = given.get(question.pk)
            self.fields[f"q{question.position}-outcome"] = forms.ChoiceField(
                label=_("The answer to “%(question)s”: a response of its own?")
                % {"question": question.text},
                choices=[("", _("No: the response above covers it")), *Outcome.choices],
                required=False,
                initial=before.outcome if before else "",
            )
            self.fields[f"q{question.position}-reason"] = forms.CharField(
                label=_("Why, for this answer"),
                required=False,
                max_length=QUESTION_REASON_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=before.reason if before else "",
            )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < REASON_MIN_CHARS:
            raise forms.ValidationError(
                _("Say why in a sentence or two: this is what the person reads.")
            )
        return self.cleaned_data["reason"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            outcome = cleaned.get(f"q{question.position}-outcome")
            reason = (cleaned.get(f"q{question.position}-reason") or "").strip()
            if outcome and not reason:
                self.add_error(
                    f"q{question.position}-reason",
                    _("Say why, in plain words: the person reads this beside the answer."),
                )
            elif reason and not outcome:
                self.add_error(
                    f"q{question.position}-outcome",
                    _("Choose what became of this answer, or clear the reason below."),
                )
        return cleaned

    def per_question(self) -> list[QuestionAnswer]:
        return [
            QuestionAnswer(
                question=question,
                outcome=self.cleaned_data[f"q{question.position}-outcome"],
                reason=self.cleaned_data[f"q{question.position}-reason"].strip(),
            )
            for question in self.questions
            if self.cleaned_data.get(f"q{question.position}-outcome")
        ]
