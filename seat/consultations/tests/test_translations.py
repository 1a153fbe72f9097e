"""A consultation in each language it offers: staff write the translations, readers get the text
in their language when it translates the text as it is now, and the original with a notice
otherwise; the quality check says which offered languages have no text."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from seat.consultations.models import Change, ConsultationTranslation
from seat.consultations.selectors import consultation_check
from seat.consultations.services import LoopError
from seat.consultations.tests.test_correction_views import edit_form
from seat.consultations.translations import (
    CURRENT,
    MISSING,
    ORIGINAL,
    OUT_OF_DATE,
    consultation_text,
    translation_save,
    translation_statuses,
)
from seat.tests.personas import make_consultation, make_expert, make_invitation

BENGALI = {
    "title": "সেশনগুলোতে কী থাকা উচিত?",
    "purpose": "আপনার মতামতেই বিষয়গুলো ঠিক হবে।",
    "content_note": "",
    "questions": ["কোন সতর্ক-সংকেতগুলো সবচেয়ে জরুরি?", "কারা সেশনগুলো চালাবেন?"],
}


def _bengali(world, consultation):
    return translation_save(
        actor=world.staff_a, consultation=consultation, language="bn", **BENGALI
    )


@pytest.mark.django_db
def test_a_reader_gets_the_text_in_her_language_while_it_translates_the_text_as_it_is(
    client, world
):
    consultation = world.consultation  # written in English, offered in English and Bengali
    _bengali(world, consultation)
    text = consultation_text(consultation=consultation, language="bn")
    assert text.translated and text.title == BENGALI["title"]
    assert [q.text for q in text.questions] == BENGALI["questions"]
    english = consultation_text(consultation=consultation, language="en-gb")
    assert english.translated and english.title == consultation.title
    # Not offered in Spanish: the original, and not claimed to be hers.
    spanish = consultation_text(consultation=consultation, language="es")
    assert not spanish.translated and spanish.title == consultation.title
    assert spanish.offered == ("English", "বাংলা")
    # The original changes: the Bengali text translates something else now, so it is not shown.
    client.force_login(world.staff_a)
    changed = edit_form(consultation, title="What should the evening sessions cover?")
    assert (
        client.post(f"/projects/consultations/{consultation.pk}/edit/", changed).status_code == 302
    )
    consultation.refresh_from_db()
    stale = consultation_text(consultation=consultation, language="bn")
    assert not stale.translated and stale.title == "What should the evening sessions cover?"
    statuses = {s.language: s.status for s in translation_statuses(consultation=consultation)}
    assert statuses == {"en": ORIGINAL, "bn": OUT_OF_DATE}


@pytest.mark.django_db
def test_what_stops_a_translation(world):
    consultation = world.consultation
    cases = [
        ("es", BENGALI, "not offered in this language"),
        ("en", BENGALI, "the language the consultation is written in"),
        ("bn", {**BENGALI, "questions": ["একটি প্রশ্ন"]}, "Write 2 questions"),
    ]
    for language, values, message in cases:
        with pytest.raises(LoopError, match=message):
            translation_save(
                actor=world.staff_a, consultation=consultation, language=language, **values
            )
    # Nothing saved: the Bengali text is still the one staff wrote before.
    (kept,) = ConsultationTranslation.objects.filter(consultation=consultation)
    assert kept.title.startswith("[bn] ")


@pytest.mark.django_db
def test_saving_twice_keeps_one_translation_and_the_history_names_only_the_language(world):
    _bengali(world, world.consultation)
    _bengali(world, world.consultation)
    assert ConsultationTranslation.objects.filter(consultation=world.consultation).count() == 1
    changes = Change.objects.filter(consultation=world.consultation, fields__has_key="translation")
    assert changes.count() == 2
    assert BENGALI["title"] not in str(list(changes.values_list("fields", flat=True)))


@pytest.mark.django_db
def test_the_check_says_which_offered_languages_have_no_text(world):
    draft = make_consultation(
        world.staff_a, world.project, publish=False, languages="en,bn,es", interpretation=False
    )
    ConsultationTranslation.objects.filter(consultation=draft, language="es").delete()
    findings = [(f.code, f.severity) for f in consultation_check(consultation=draft).findings]
    assert ("no_interpretation", "warning") in findings
    message = next(f.message for f in consultation_check(consultation=draft).findings)
    assert "Español" in message and "বাংলা" not in message
    # With an interpreter to read it to people, it is a fact to know, not a warning.
    draft.interpretation = True
    draft.save(update_fields=["interpretation"])
    findings = [(f.code, f.severity) for f in consultation_check(consultation=draft).findings]
    assert findings == [("no_interpretation", "info")]
    statuses = {s.language: s.status for s in translation_statuses(consultation=draft)}
    assert statuses == {"en": ORIGINAL, "bn": CURRENT, "es": MISSING}


@pytest.mark.django_db
def test_staff_write_a_translation_on_its_page_once_however_often_it_arrives(client, world):
    consultation = make_consultation(world.staff_a, world.project, languages="en,es")
    ConsultationTranslation.objects.filter(consultation=consultation).delete()
    client.force_login(world.staff_a)
    detail = client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    assert "not written yet" in detail
    url = f"/projects/consultations/{consultation.pk}/translations/es/"
    page = client.get(url).content.decode()
    assert "Original: What should the sessions cover?" in page and 'lang="es"' in page
    data = {
        "title": "¿Qué deben cubrir las sesiones?",
        "purpose": "Su consejo decide los temas.",
        "questions": "¿Qué señales de alerta importan más?",
        "form_key": str(uuid.uuid4()),
    }
    short = client.post(url, data)
    assert short.status_code == 400 and "Write 2 questions" in short.content.decode()
    data["questions"] += "\n¿Quién debe dirigir las sesiones?"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert ConsultationTranslation.objects.get(consultation=consultation).language == "es"
    assert (
        "translated" in client.get(f"/projects/consultations/{consultation.pk}/").content.decode()
    )
    # The language it is written in has no translation page, nor has a language not offered.
    for other in ("en", "bn", "xx"):
        assert (
            client.get(
                f"/projects/consultations/{consultation.pk}/translations/{other}/"
            ).status_code
            == 404
        )
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert not ConsultationTranslation.objects.filter(consultation=consultation).exists()


@pytest.mark.django_db
def test_an_expert_reading_bengali_reads_the_invitation_and_questions_in_bengali(client, world):
    consultation = make_consultation(world.staff_a, world.project, title="Evening sessions")
    _bengali(world, consultation)
    rosa = make_expert("mina", "Mina")
    invitation = make_invitation(world.staff_a, consultation, rosa)
    client.force_login(rosa.user)
    with translation.override("bn"):
        page = client.get(f"/me/invitations/{invitation.pk}/", HTTP_ACCEPT_LANGUAGE="bn")
    body = page.content.decode()
    assert BENGALI["title"] in body and BENGALI["questions"][0] in body
    assert "Evening sessions" not in body
    # What is not translated is marked as English, for a screen reader's voice.
    assert '<span lang="en" dir="ltr">Keep your tickets' in body
    assert '<p><span lang="en" dir="ltr">Asha, our survivor-support worker</span></p>' in body
    # In Spanish, which it is not offered in: the original, and the languages it is offered in.
    client.cookies["django_language"] = "es"
    body = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    assert "Evening sessions" in body and 'id="text-language"' in body


@pytest.mark.django_db
def test_the_answer_form_asks_the_questions_in_her_language(client, world):
    consultation = make_consultation(world.staff_a, world.project)
    _bengali(world, consultation)
    rosa = make_expert("mina", "Mina")
    invitation = make_invitation(world.staff_a, consultation, rosa, accept=True)
    client.force_login(rosa.user)
    client.cookies["django_language"] = "bn"
    body = client.get(f"/me/invitations/{invitation.pk}/contribute/").content.decode()
    assert BENGALI["questions"][1] in body


def test_a_check_that_knows_no_translations_says_nothing_of_them():
    from seat.consultations.tests.test_quality import GOOD, codes, with_

    # The API checks one text: Draft.translated is None, and no finding is about translations.
    assert GOOD.translated is None and len(GOOD.languages) > 1
    assert codes(GOOD) == []
    assert codes(with_(translated=GOOD.languages[:1])) == [("no_interpretation", "warning")]


@pytest.mark.django_db
def test_the_check_says_out_of_date_not_missing_for_a_translation_of_an_older_text(client, world):
    consultation = world.consultation  # offered in English and Bengali, Bengali written
    consultation.interpretation = False
    consultation.save(update_fields=["interpretation"])
    client.force_login(world.staff_a)
    changed = edit_form(consultation, title="What should the evening sessions cover?")
    assert (
        client.post(f"/projects/consultations/{consultation.pk}/edit/", changed).status_code == 302
    )
    consultation.refresh_from_db()
    messages = [
        f.message
        for f in consultation_check(consultation=consultation).findings
        if f.code == "no_interpretation"
    ]
    assert len(messages) == 1
    assert "বাংলা is out of date" in messages[0] and "not written in it yet" not in messages[0]


@pytest.mark.django_db
def test_the_languages_list_says_who_wrote_each_translation_and_when(client, world):
    _bengali(world, world.consultation)
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{world.consultation.pk}/").content.decode()
    assert f"translated (by {world.staff_a} on " in page


@pytest.mark.django_db
def test_the_plain_summary_is_translated_and_a_translation_without_one_stays_current(world):
    from seat.consultations.translations import source_digest

    consultation = make_consultation(world.staff_a, world.project, plain_summary="")
    before = source_digest(consultation=consultation)
    consultation.plain_summary = "We ask what the training should teach."
    consultation.save()
    # Adding a summary changes what a translation translates; a text with none hashes as before,
    # so translations made before summaries existed were not all made out of date.
    assert source_digest(consultation=consultation) != before
    consultation.plain_summary = ""
    consultation.save()
    assert source_digest(consultation=consultation) == before
    consultation.plain_summary = "We ask what the training should teach."
    consultation.save()
    translation_save(
        actor=world.staff_a,
        consultation=consultation,
        language="bn",
        **{**BENGALI, "plain_summary": "আমরা জানতে চাই প্রশিক্ষণে কী শেখানো উচিত।"},
    )
    text = consultation_text(consultation=consultation, language="bn")
    assert text.translated and text.plain_summary == "আমরা জানতে চাই প্রশিক্ষণে কী শেখানো উচিত।"


@pytest.mark.django_db
def test_the_translation_form_asks_for_the_summary_only_when_the_original_has_one(client, world):
    client.force_login(world.staff_a)
    page = f"/projects/consultations/{world.consultation.pk}/translations/bn/"
    assert 'name="plain_summary"' in client.get(page).content.decode()
    world.consultation.plain_summary = ""
    world.consultation.save()
    assert 'name="plain_summary"' not in client.get(page).content.decode()
