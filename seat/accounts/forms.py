from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seat.accounts.enums import Role
from seat.accounts.models import User
from seat.accounts.rules import ASSIGNABLE_ROLES, INVITABLE_ROLES
from seat.core.formats import format_number
from seat.core.once import OnceFormMixin
from seat.core.onetime import CODE_LENGTH


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows, without spaces.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class CodeForm(forms.Form):
    """A joining or password code typed by hand, as it was read out or copied."""

    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "%(count)s letters and digits. Capitals, spaces and dashes do not matter."
        ) % {"count": format_number(CODE_LENGTH)}


class PasswordChoiceForm(forms.Form):
    """A new password, typed twice and held to Django's password validators (Argon2 stores it)."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # The rules as the validators in force state them, in the reader's language.
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def account_for_checks(self) -> User:
        """The account the password is for, so that a password like the username is refused."""
        return self.user or User(username=self.cleaned_data.get("username", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same. Type them again."))
        elif first:
            try:
                password_validation.validate_password(first, self.account_for_checks())
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class NewAccountForm(PasswordChoiceForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "You log in with it. Letters, digits and @ . + - _ only, without spaces. Others in "
            "your organisation see it."
        ),
        validators=[
            UnicodeUsernameValidator(
                message=_("Use only letters, digits and @ . + - _ in a username, without spaces.")
            )
        ],
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    field_order = ["username", "password1", "password2"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is taken. Choose another."))
        return username


def _role_choices(roles: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(role, Role(role).label) for role in roles]


class MemberInviteForm(OnceFormMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=_role_choices(INVITABLE_ROLES), widget=forms.RadioSelect
    )
    email = forms.EmailField(
        label=_("Their e-mail address (optional)"),
        required=False,
        help_text=_(
            "Seat sends the link there and does not keep the address. Without one, copy the "
            "link and give it to them yourself."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices(ASSIGNABLE_ROLES))
