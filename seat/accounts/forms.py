from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import User
from seat.accounts.rules import ASSIGNABLE_ROLES, INVITABLE_ROLES
from seat.accounts.services import SETTINGS_LABELS
from seat.core.bounds import (
    CURRENCY_EXPONENT,
    LEAD_DAYS_MAX,
    LEAD_DAYS_MIN,
    PAY_WITHIN_DAYS_MAX,
    PAY_WITHIN_DAYS_MIN,
    RESPONSE_DAYS_MAX,
    RESPONSE_DAYS_MIN,
)
from seat.core.countries import country_choices
from seat.core.formats import current_locale, format_number
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


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes, instead of the authenticator's code."""

    recovery_code = forms.CharField(
        label=_("Or one of your recovery codes"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


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


class PasswordChangeForm(PasswordChoiceForm):
    """The password she has now, then a new one twice: Seat's own words in every language
    (Django's form has strings its catalogs do not translate into all of Seat's)."""

    old_password = forms.CharField(
        label=_("Your password now"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "password1", "password2"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["password1"].label = _("New password")

    def clean_old_password(self) -> str:
        value: str = self.cleaned_data["old_password"]
        if self.user is None or not self.user.check_password(value):
            raise ValidationError(_("That is not your password now. Type it again."))
        return value


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
    username = forms.CharField(
        label=_("Their Seat username, if they already have an account (optional)"),
        required=False,
        max_length=150,
        help_text=_(
            "Exactly as they spell it. If there is an account with this username, its owner "
            "also finds the invitation in their messages on Seat and can accept it there. Seat "
            "does not say whether such an account exists."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices(ASSIGNABLE_ROLES))


def _currency_choices() -> list[tuple[str, str]]:
    locale = current_locale()
    return [(code, f"{code} · {locale.currencies.get(code, code)}") for code in CURRENCY_EXPONENT]


def _days_field(label: Any, help_text: Any, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"}),
        error_messages={
            # Plural by the limit: "Choose 1 day or more." (resolved when Django fills it in).
            "min_value": ngettext_lazy(
                "Choose %(limit_value)s day or more.",
                "Choose %(limit_value)s days or more.",
                "limit_value",
            ),
            "max_value": ngettext_lazy(
                "Choose %(limit_value)s day or fewer.",
                "Choose %(limit_value)s days or fewer.",
                "limit_value",
            ),
            "invalid": _("Enter a whole number of days."),
            "required": _("Enter a number of days."),
        },
    )


class OrganisationSettingsForm(forms.Form):
    """The organisation's settings; the service checks them again and saves them."""

    name = forms.CharField(label=SETTINGS_LABELS["name"], max_length=200)
    kind = forms.ChoiceField(label=SETTINGS_LABELS["kind"], choices=OrganisationKind.choices)
    country = forms.ChoiceField(
        label=SETTINGS_LABELS["country"],
        required=False,
        help_text=_(
            "Where the organisation works. The quality check compares each consultation's pay "
            "with the fair-pay floor for this country."
        ),
    )
    default_currency = forms.ChoiceField(
        label=SETTINGS_LABELS["default_currency"],
        help_text=_("A new consultation's pay starts in this currency."),
    )
    languages = forms.MultipleChoiceField(
        label=SETTINGS_LABELS["languages"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A new consultation offers these languages to begin with, and the joining page of "
            "an expert you invite offers them first."
        ),
        error_messages={"required": _("Choose at least one language.")},
    )
    min_lead_days = _days_field(
        SETTINGS_LABELS["min_lead_days"],
        _(
            "How many days people get at least between the invitation and the last day to take "
            "part. A new consultation's last day starts this many days after invitations go out."
        ),
        LEAD_DAYS_MIN,
        LEAD_DAYS_MAX,
    )
    response_days = _days_field(
        SETTINGS_LABELS["response_days"],
        _(
            "Each contribution gets a response within this many days after the consultation's "
            "last day. Staff see the date; experts are told it."
        ),
        RESPONSE_DAYS_MIN,
        RESPONSE_DAYS_MAX,
    )
    pay_within_days = _days_field(
        SETTINGS_LABELS["pay_within_days"],
        _(
            "What a new consultation promises: people are paid within this many days of sending "
            "their input. Each consultation can change it."
        ),
        PAY_WITHIN_DAYS_MIN,
        PAY_WITHIN_DAYS_MAX,
    )

    fair_rate_floor = forms.DecimalField(
        label=SETTINGS_LABELS["fair_rate_floor"],
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "The least an hour of a survivor's advice should be paid in your country, in the "
            "currency below. Leave it empty to use Seat's default for the country: three times "
            "its legal minimum wage for an hour, from a public source. The quality check warns "
            "below it and says the amount."
        ),
    )
    fair_rate_floor_currency = forms.ChoiceField(
        label=SETTINGS_LABELS["fair_rate_floor_currency"], required=False
    )
    consultant_rate = forms.DecimalField(
        label=SETTINGS_LABELS["consultant_rate"],
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "What you pay other consultants an hour. The quality check warns when a "
            "consultation pays survivors less (pay parity). Optional."
        ),
    )
    consultant_rate_currency = forms.ChoiceField(
        label=SETTINGS_LABELS["consultant_rate_currency"], required=False
    )
    publishes_outcomes = forms.BooleanField(
        label=SETTINGS_LABELS["publishes_outcomes"],
        required=False,
        help_text=_(
            "A public page shows, for each consultation you sent a report on, how many "
            "contributions there were and what became of them (counts below 5 are hidden), "
            "and your reports. Never anyone's words or name."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: names are in the reader's language.
        self.fields["country"].choices = [("", _("Not chosen")), *country_choices()]  # type: ignore[attr-defined]
        self.fields["default_currency"].choices = _currency_choices()  # type: ignore[attr-defined]
        for name in ("fair_rate_floor_currency", "consultant_rate_currency"):
            self.fields[name].choices = [("", _("Not chosen")), *_currency_choices()]  # type: ignore[attr-defined]
        self.fields["languages"].choices = [  # type: ignore[attr-defined]
            (code, name) for code, name in settings.LANGUAGES
        ]


class LoginForm(AuthenticationForm):
    """Django's login form without its autofocus on the username box: the focus would start
    after "Skip to main content" and "Quick exit", so a survivor pressing Tab could not reach
    quick exit (only Shift+Tab, which few know)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
