from django import forms
from django.utils.translation import gettext_lazy as _

from seat.accountability.enums import Outcome
from seat.accountability.models import Response


class ResponseForm(forms.ModelForm):
    # No blank choice: every contribution gets a real outcome.
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Response
        fields = ["outcome", "reason"]
        widgets = {"outcome": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}
