from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from seat.core.i18n import po_completeness, po_missing

LOCALE = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("code", ["bn", "es"])
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
        locale=["bn", "es"],
        ignore_patterns=["*/tests/*"],
        no_obsolete=True,
        verbosity=0,
    )
    for code in ["bn", "es"]:
        po = tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"
        assert po_missing(po.read_text(encoding="utf-8")) == [], code
