from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from seat.core.i18n import library_keys, po_completeness, po_missing

LOCALE = Path(settings.LOCALE_PATHS[0])
# Every language the picker offers but the source language: each catalog must be complete.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_is_complete(code):
    po = LOCALE / code / "LC_MESSAGES" / "django.po"
    assert po_missing(po.read_text(encoding="utf-8")) == []


def test_completeness_counts_fuzzy_and_empty_as_missing():
    text = """msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgid "One"
msgstr "Uno"

#, fuzzy
msgid "Two"
msgstr "Dos"

msgid "Three"
msgstr ""
"""
    assert po_completeness(text) == 33


@pytest.mark.django_db
def test_language_choice_is_remembered_and_pages_change_language(client):
    response = client.post("/i18n/setlang/", {"language": "bn", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bn"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="bn" dir="ltr">' in page
    assert "দ্রুত বের হোন" in page  # "Quick exit"
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert "Salida rápida" in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_picker_shows_each_language_in_its_own_name_with_completeness(client):
    body = client.get("/language/").content.decode()
    for name in ["English", "বাংলা", "Español"]:
        assert name in body
    assert "100% translated" in body


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="GNU gettext is not installed; .ci/run installs it"
)
def test_catalogs_cover_every_string_in_the_code(tmp_path, settings, monkeypatch):
    """makemessages on today's code, into a copy of the catalogs: nothing may be left untranslated."""
    from django.core.management import call_command

    # makemessages writes into any ./locale it finds, so it runs in a copy of the source tree.
    shutil.copytree(LOCALE, tmp_path / "locale")
    shutil.copytree(
        settings.BASE_DIR, tmp_path / "seat", ignore=shutil.ignore_patterns("__pycache__", "tests")
    )
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=TRANSLATED,
        ignore_patterns=["*/tests/*"],
        no_obsolete=True,
        verbosity=0,
    )
    for code in TRANSLATED:
        po = tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"
        assert po_missing(po.read_text(encoding="utf-8")) == [], code


def _errors(page: str) -> list[str]:
    """The text of every error message on a page (field errors and the form's own)."""
    alerts = re.findall(r'<div class="error" role="alert">(.*?)</div>', page, re.S)
    texts = re.findall(r"<p(?: class=\"error\")?>(.*?)</p>", "".join(alerts), re.S)
    return texts + re.findall(r'<p class="error">(.*?)</p>', page, re.S)


LOGIN_ERRORS = {
    "bn": [
        "ব্যবহারকারীর নাম বা পাসওয়ার্ড মেলেনি। আবার লিখুন। ইংরেজি বড় হাতের আর ছোট হাতের অক্ষর আলাদা ধরা হয়।",
        "সবচেয়ে বেশি 40টি অক্ষর লেখা যায় (এখানে আছে 41টি)।",
    ],
    "es": [
        "El nombre de usuario o la contraseña no son correctos. Escríbalos de nuevo; las mayúsculas "
        "y las minúsculas cuentan.",
        "Escriba como máximo 40 caracteres (ahora hay 41).",
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["bn", "es"])
def test_login_and_too_long_errors_are_in_the_page_language(client, world, code):
    """Django's own messages (AuthenticationForm, MaxLengthValidator) are Seat's to translate."""
    client.post("/i18n/setlang/", {"language": code, "next": "/accounts/login/"})
    wrong = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    client.force_login(world.expert.user)
    too_long = client.post("/me/private-details/", {"phone": "1" * 41})
    errors = _errors(wrong.content.decode()) + _errors(too_long.content.decode())
    assert [html.unescape(e) for e in errors] == LOGIN_ERRORS[code]
    english = re.compile(r"\b(Please|enter|correct|password|Ensure|characters?|value)\b")
    assert [e for e in errors if english.search(e)] == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_library_message_people_see_is_in_the_catalog_and_translated(code):
    po = (LOCALE / code / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert po_missing(po, library_keys()) == []


def test_library_strings_module_is_up_to_date():
    """`seat library_strings` regenerates seat/core/library_strings.py after a Django upgrade."""
    from seat.core.library_strings_gen import TARGET, render_library_strings

    assert TARGET.read_text(encoding="utf-8") == render_library_strings()


def test_completeness_counts_library_messages_missing_from_the_catalog():
    text = """msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgid "One"
msgstr "Uno"

msgctxt "payment deadline"
msgid "due by"
msgstr "fecha límite de pago"
"""
    assert po_completeness(text) == 100
    assert po_completeness(text, [("", "This field is required.")]) == 66
    assert po_missing(text, [("payment deadline", "due by"), ("", "due by")]) == ["due by"]


@pytest.mark.django_db
def test_language_page_counts_django_messages(client, settings, tmp_path):
    """A catalog with every Seat string but no Django message must not claim 100 %."""
    from seat.core.i18n import catalog_completeness, po_entries

    po = (LOCALE / "bn" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    library = set(library_keys())
    kept = [
        block
        for block in re.split(r"\n\s*\n", po)
        if not (entries := po_entries(block)) or entries[0].key not in library
    ]
    (tmp_path / "bn" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "bn" / "LC_MESSAGES" / "django.po").write_text("\n\n".join(kept), encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    catalog_completeness.cache_clear()
    try:
        assert catalog_completeness()["bn"] < 100
    finally:
        catalog_completeness.cache_clear()


# --- One word, two meanings -----------------------------------------------------------------


def test_an_actions_deadline_and_a_payments_deadline_are_translated_apart():
    from django.utils import translation

    from seat.assessment.forms import ActionForm
    from seat.assessment.models import ActionItem
    from seat.compensation.models import PaymentLine

    with translation.override("bn"):
        action = str(ActionItem._meta.get_field("due_on").verbose_name)
        payment = str(PaymentLine._meta.get_field("due_on").verbose_name)
        label = str(ActionForm.base_fields["due_on"].label)
    assert (action, label, payment) == ("শেষ তারিখ", "শেষ তারিখ", "টাকা দেওয়ার শেষ তারিখ")
    with translation.override("es"):
        action = str(ActionItem._meta.get_field("due_on").verbose_name)
        payment = str(PaymentLine._meta.get_field("due_on").verbose_name)
    assert (action, payment) == ("fecha límite", "fecha límite de pago")
