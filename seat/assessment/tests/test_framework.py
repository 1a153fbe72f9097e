from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from seat.assessment.framework import (
    CURRENT_FRAMEWORK_FILE,
    FrameworkError,
    framework_parse,
    framework_read,
)

VALID = {
    "version": "test.1",
    "title": "Test framework",
    "sources": [{"id": "tip-checklist", "title": "TIP checklist"}],
    "domains": [
        {
            "id": "gov",
            "title": "Governance",
            "indicators": [
                {
                    "id": "gov.paid",
                    "text": "Paid roles",
                    "levels": ["a", "b", "c", "d"],
                    "sources": ["tip-checklist"],
                }
            ],
        }
    ],
}


def broken(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


def test_the_shipped_framework_is_valid_and_complete():
    spec = framework_read(CURRENT_FRAMEWORK_FILE)
    assert 8 <= len(spec.domains) <= 10
    assert spec.indicator_count >= 40
    assert all(len(i.levels) == 4 for d in spec.domains for i in d.indicators)


def test_the_shipped_framework_covers_every_tip_checklist_item():
    spec = framework_read(CURRENT_FRAMEWORK_FILE)
    covered = {t for d in spec.domains for i in d.indicators for t in i.tip}
    # The checklist in seeds/001, numbered in its own order (the file's header repeats this):
    # 1 assess / 1a gaps and opportunities; 2 paid roles / 2a staff / 2b consultants / 2c trainers;
    # 3 diverse input / 3a sex and labour trafficking / 3b age, gender, race, national origin,
    # sexual orientation, disability; 4 every stage / 4a design / 4b implementation / 4c evaluation.
    checklist = {"1", "1a", "2", "2a", "2b", "2c", "3", "3a", "3b", "4", "4a", "4b", "4c"}
    assert checklist - covered == set()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["domains"][0]["indicators"].append(dict(d["domains"][0]["indicators"][0])),
            "duplicate id",
        ),
        (
            lambda d: d["domains"][0]["indicators"][0].update(levels=["a", "b", "c"]),
            "exactly 4 levels",
        ),
        (lambda d: d["domains"][0]["indicators"][0].update(sources=["nowhere"]), "unknown source"),
        (lambda d: d["domains"][0]["indicators"][0].update(sources=[]), "at least one source"),
        (
            lambda d: d["domains"][0]["indicators"][0].update(id="other.paid"),
            "must look like 'gov.",
        ),
        (lambda d: d["domains"][0]["indicators"][0].update(text=""), "'text' must be non-empty"),
        (lambda d: d.update(domains=[]), "at least one [[domains]]"),
        (lambda d: d["domains"].append(dict(d["domains"][0])), "duplicate id"),
        (lambda d: d.pop("version"), "'version' must be non-empty"),
    ],
)
def test_invalid_frameworks_are_refused_with_a_clear_message(change, message):
    with pytest.raises(FrameworkError, match=re.escape(message)):
        framework_parse(broken(change))


def test_valid_minimal_framework_parses():
    spec = framework_parse(VALID)
    assert (spec.version, spec.indicator_count) == ("test.1", 1)


def test_not_toml_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("version = [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError, match="not valid TOML"):
        framework_read(bad)


@pytest.mark.django_db
def test_command_checks_and_refuses_a_broken_file_without_saving(tmp_path: Path):
    from seat.assessment.models import Framework

    before = Framework.objects.count()
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'version = "x.1"\ntitle = "T"\n[[sources]]\nid = "s"\ntitle = "S"\n'
        '[[domains]]\nid = "d"\ntitle = "D"\n[[domains.indicators]]\nid = "d.i"\ntext = "I"\n'
        'levels = ["1", "2", "3"]\nsources = ["s"]\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="exactly 4 levels"):
        call_command("load_framework", str(bad))
    assert Framework.objects.count() == before


@pytest.mark.django_db
def test_the_shipped_framework_is_loaded_by_migration_and_loading_again_changes_nothing(capsys):
    from seat.assessment.models import Framework, Indicator

    spec = framework_read(CURRENT_FRAMEWORK_FILE)
    assert Framework.objects.filter(version=spec.version).exists()
    assert (
        Indicator.objects.filter(domain__framework__version=spec.version).count()
        == spec.indicator_count
    )
    call_command("load_framework")
    assert "Already loaded" in capsys.readouterr().out
    assert Framework.objects.count() == 1


def test_translation_is_checked_against_the_framework():
    from seat.assessment.framework import translation_parse

    spec = framework_parse(VALID)
    good = {
        "lang": "bn",
        "version": "test.1",
        "domains": {"gov": {"title": "নেতৃত্ব"}},
        "indicators": {"gov.paid": {"text": "বেতনসহ পদ", "levels": ["১", "২", "৩", "৪"]}},
    }
    lang, translation = translation_parse(spec, good)
    assert lang == "bn"
    assert translation["indicators"]["gov.paid"]["levels"] == ["১", "২", "৩", "৪"]
    for change, message in [
        (lambda d: d.update(version="other"), "not 'test.1'"),
        (
            lambda d: d["indicators"].update({"gov.unknown": d["indicators"]["gov.paid"]}),
            "unknown indicator",
        ),
        (lambda d: d["indicators"]["gov.paid"].update(levels=["১"]), "exactly 4 levels"),
        (lambda d: d["domains"].update({"nope": {"title": "x"}}), "unknown domain"),
    ]:
        bad = copy.deepcopy(good)
        change(bad)
        with pytest.raises(FrameworkError, match=re.escape(message)):
            translation_parse(spec, bad)


@pytest.mark.django_db
def test_answer_page_and_api_use_the_readers_language_where_translated(client, world):
    from seat.assessment.models import Indicator
    from seat.assessment.services import round_open

    assessment_round = round_open(actor=world.staff_a, organisation=world.org_a, title="R")
    domain = assessment_round.framework.domains.order_by("position").first()
    indicator = domain.indicators.order_by("position").first()
    Indicator.objects.filter(pk=indicator.pk).update(
        translations={"bn": {"text": "বেতনসহ নেতৃত্বের পদ", "levels": ["এক", "দুই", "তিন", "চার"]}}
    )
    client.force_login(world.staff_a)
    client.post("/i18n/setlang/", {"language": "bn", "next": "/"})
    page = client.get(
        f"/assessment/rounds/{assessment_round.pk}/answer/{domain.key}/"
    ).content.decode()
    assert "বেতনসহ নেতৃত্বের পদ" in page and "চার" in page
    api = client.get("/api/v1/assessment/framework?lang=bn").json()
    assert api["domains"][0]["indicators"][0]["text"] == "বেতনসহ নেতৃত্বের পদ"
    english = client.get("/api/v1/assessment/framework").json()
    assert english["domains"][0]["indicators"][0]["text"] == indicator.text


@pytest.mark.parametrize(
    "lang", [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
)
def test_the_shipped_framework_is_fully_translated(lang):
    spec = framework_read(CURRENT_FRAMEWORK_FILE)
    translation = spec.translations[lang]
    assert set(translation["domains"]) == {d.id for d in spec.domains}
    assert set(translation["indicators"]) == {i.id for d in spec.domains for i in d.indicators}
