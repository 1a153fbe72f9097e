from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    """She ticks a box that says what happens; nothing is erased without it."""

    sure = forms.BooleanField(
        label=_("I understand: my account and my private details will be erased for good."),
        required=True,
    )
