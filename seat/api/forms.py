from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seat.core.once import OnceFormMixin


class TokenForm(OnceFormMixin):
    name = forms.CharField(
        label=pgettext_lazy("API token", "Name"),
        max_length=80,
        help_text=_("What the token is for, so you know which one to revoke later."),
    )
