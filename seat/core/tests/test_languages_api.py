"""GET /api/v1/languages: the ten interface languages, named in themselves, with direction and
completeness read from the catalogs."""

from __future__ import annotations

import pytest

from seat.core.i18n import catalog_completeness


@pytest.fixture(autouse=True)
def fresh_completeness():
    catalog_completeness.cache_clear()
    yield
    catalog_completeness.cache_clear()


def test_it_lists_the_ten_languages_without_a_login(client):
    response = client.get("/api/v1/languages")
    assert response.status_code == 200
    body = response.json()
    assert [row["code"] for row in body] == [
        "en", "bn", "hi", "ne", "id", "km", "tl", "es", "fr", "ar"
    ]  # fmt: skip
    assert set(body[0]) == {"code", "name", "direction", "completeness", "offered"}
    by_code = {row["code"]: row for row in body}
    assert by_code["bn"]["name"] == "বাংলা"
    assert by_code["ar"]["direction"] == "rtl"
    assert {row["direction"] for row in body if row["code"] != "ar"} == {"ltr"}
    assert by_code["en"] == {
        "code": "en", "name": "English", "direction": "ltr", "completeness": 100, "offered": True
    }  # fmt: skip


def test_completeness_comes_from_the_catalogs(client, settings, tmp_path):
    """A catalog with one string of two translated is 50 (library messages it lacks would count
    as untranslated too, so none are required here); a language with no catalog is 0."""
    from seat.core import i18n

    po = tmp_path / "fr" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Yes"\nmsgstr "Oui"\n\nmsgid "No"\nmsgstr ""\n',
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [tmp_path]
    settings.LANGUAGES = [("en", "English")]
    original = i18n.library_keys
    i18n.library_keys = lambda: []  # type: ignore[assignment]
    try:
        catalog_completeness.cache_clear()
        by_code = {row["code"]: row for row in client.get("/api/v1/languages").json()}
    finally:
        i18n.library_keys = original  # type: ignore[assignment]
    assert by_code["fr"]["completeness"] == 50
    assert by_code["fr"]["offered"] is False
    assert by_code["km"]["completeness"] == 0


def test_every_offered_language_is_complete(client, settings):
    body = client.get("/api/v1/languages").json()
    offered = [row for row in body if row["offered"]]
    assert {row["code"] for row in offered} == {code for code, _name in settings.LANGUAGES}
    assert [row["code"] for row in offered if row["completeness"] < 100] == []
