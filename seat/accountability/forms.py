from django import forms

from seat.accountability.models import Response


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["outcome", "reason"]
        widgets = {"outcome": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}
