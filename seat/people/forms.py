from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from seat.core.once import OnceFormMixin
from seat.core.onetime import code_looks_valid

# A joining step's ticket: the digest of the code she entered, signed, so the form that
# creates her account carries it without the code itself (and without the session, which may
# have been renewed by a first, lost arrival of the same form).
_TICKET_SALT = "seat.people.join"
TICKET_MAX_AGE = 2 * 3600


def ticket_make(digest: str) -> str:
    return signing.TimestampSigner(salt=_TICKET_SALT).sign(digest)


def ticket_read(ticket: str) -> str | None:
    try:
        return signing.TimestampSigner(salt=_TICKET_SALT).unsign(ticket, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return None


class CodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        code = super().clean(value)
        if code and not code_looks_valid(code):
            raise forms.ValidationError(
                _("A code has 15 letters and numbers, like ABCDE-FGHJK-MNPQR. Please check it.")
            )
        return code


class JoinCodeForm(forms.Form):
    code = CodeField(
        label=_("Joining code"),
        help_text=_("Small or capital letters both work. The dashes are not needed."),
    )


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_(
            "At least 8 characters. A few words you will remember work well, like "
            "“green mango rain”. Do not use the same password as anywhere else."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", _("The two passwords are not the same. Please type both again.")
            )
        return cleaned


USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,29}$"


class JoinForm(PasswordPairMixin):
    ticket = forms.CharField(widget=forms.HiddenInput)
    pseudonym = forms.CharField(
        label=_("Your chosen name"),
        max_length=60,
        help_text=_(
            "Organisations will know you by this name. It does not have to be your real name: "
            "a nickname is fine."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    username = forms.RegexField(
        label=_("Username"),
        regex=USERNAME_PATTERN,
        max_length=30,
        help_text=_(
            "You type it with your password to log in. We made one for you; you may keep it "
            "or write another. Use letters, numbers, dots or dashes. Do not use your real name."
        ),
        error_messages={
            "invalid": _("Use 3 to 30 letters (a to z), numbers, dots or dashes, without spaces.")
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    field_order = ["ticket", "pseudonym", "username", "password1", "password2"]

    def clean_pseudonym(self) -> str:
        name = self.cleaned_data["pseudonym"].strip()
        if not name:
            raise forms.ValidationError(_("Please write the name you want to be known by."))
        return name

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class AddOrganisationForm(forms.Form):
    """Step 2 for someone already logged in: the organisation is named, she confirms."""

    ticket = forms.CharField(widget=forms.HiddenInput)


class ResetForm(PasswordPairMixin):
    username = forms.CharField(
        label=_("Your username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    code = CodeField(
        label=_("Reset code"),
        help_text=_("The code the organisation gave you. Small or capital letters both work."),
    )
    field_order = ["username", "code", "password1", "password2"]


class MakeCodeForm(OnceFormMixin):
    """Making a code asks nothing about the person: no name, no note."""


# About her (people.diversity) -----------------------------------------------------------------


def _with_no_answer(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Her choices with "Prefer not to say" first, as the default (no answer)."""
    return [("", _("Prefer not to say")), *choices]


class AboutYouForm(forms.Form):
    """Her optional answers about herself. Every field may stay "Prefer not to say"."""

    gender = forms.ChoiceField(label=_("Your gender"), required=False, widget=forms.RadioSelect)
    gender_words = forms.CharField(
        label=_("Your gender, in your own words"),
        help_text=_("Only if you chose “In my own words”. Only you see these words."),
        required=False,
        max_length=100,
    )
    age_band = forms.ChoiceField(label=_("Your age"), required=False, widget=forms.RadioSelect)
    origin = forms.ChoiceField(label=_("The country you come from"), required=False)
    orientation = forms.ChoiceField(
        label=_("Your sexual orientation"), required=False, widget=forms.RadioSelect
    )
    orientation_words = forms.CharField(
        label=_("Your sexual orientation, in your own words"),
        help_text=_("Only if you chose “In my own words”. Only you see these words."),
        required=False,
        max_length=100,
    )
    disability = forms.ChoiceField(
        label=_("Do you have a disability?"), required=False, widget=forms.RadioSelect
    )
    exploitation = forms.ChoiceField(
        label=_("The form of exploitation you survived"),
        help_text=_("Only a kind, never what happened."),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from seat.core.countries import country_choices
        from seat.people.enums import AgeBand, Disability, Exploitation, Gender, SexualOrientation

        super().__init__(*args, **kwargs)
        for name, choices in (
            ("gender", Gender.choices),
            ("age_band", AgeBand.choices),
            ("origin", country_choices()),
            ("orientation", SexualOrientation.choices),
            ("disability", Disability.choices),
            ("exploitation", Exploitation.choices),
        ):
            self.fields[name].choices = _with_no_answer(list(choices))  # type: ignore[attr-defined]
            if not self.is_bound and name not in self.initial:
                self.initial[name] = ""
