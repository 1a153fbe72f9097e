"""Which other libraries' messages a person can see on Seat's pages.

Django and the libraries ship their own catalogs, but Bengali ones are incomplete (the login error
and "Ensure this value has at most …" were English on Bengali pages) and their wording is not
Seat's plain language. So every message listed here is copied into `seat/core/library_strings.py`
(run `uv run seat library_strings` after adding a source or upgrading Django), `makemessages`
puts it in Seat's catalogs, and Seat's translation wins (LOCALE_PATHS comes first). Catalog
completeness and `test_catalog_is_complete` then count these messages too.

Each entry is (module, class or "" for the whole module, why a person sees it). Not listed on
purpose: the Django admin (operators only, in English), django-ninja and pydantic (the API answers
programs in JSON), django-axes (Seat renders its own lockout page), django-otp (Seat's own forms).
"""

from __future__ import annotations

LIBRARY_SOURCES: list[tuple[str, str, str]] = [
    ("django.forms.fields", "", "every form field's errors: required, too long, not a number…"),
    ("django.core.validators", "", "length, range, e-mail and decimal errors"),
    ("django.forms.forms", "", "the label suffix and hidden-field errors"),
    ("django.forms.models", "", "choices from the database and duplicate-data errors"),
    ("django.contrib.auth.forms", "AuthenticationForm", "the login form's errors"),
    ("django.utils.dates", "", "month and weekday names in dates (the date filter)"),
    (
        "django.contrib.auth.password_validation",
        "",
        "the password rules and their errors, when a new colleague or admin chooses a password",
    ),
]
