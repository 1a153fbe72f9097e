"""Right-to-left pages (Arabic) with left-to-right content in them (issue 14).

Phone numbers are typed and read left to right whatever the page's direction; example numbers in
help text are isolated so their + stays in front; text an organisation wrote in another language
carries its own ``dir``.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from seat.accounts.models import User

ARABIC_EXAMPLE = '<bdi dir="ltr">+880 1711 000000</bdi>'


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name"):
            self.inputs[str(found["name"])] = found


def inputs(body: str) -> dict[str, dict[str, str | None]]:
    parser = _Inputs()
    parser.feed(body)
    return parser.inputs


def in_arabic(client, user: User, url: str) -> str:  # type: ignore[no-untyped-def]
    user.language = "ar"
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    return body


OWN_NUMBER = {
    "type": "tel",
    "dir": "ltr",
    "inputmode": "tel",
    "autocomplete": "tel",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/me/private-details/", "phone"),
        ("/me/text-messages/", "phone"),
        ("/me/notifications/", "phone"),
    ],
)
def test_her_own_number_is_typed_left_to_right_on_an_arabic_page(client, world, url, name):
    body = in_arabic(client, world.expert.user, url)
    found = inputs(body)[name]
    assert {key: found.get(key) for key in OWN_NUMBER} == OWN_NUMBER


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/me/text-messages/", "/me/notifications/"])
def test_the_example_number_in_help_text_is_isolated_left_to_right(client, world, url):
    body = in_arabic(client, world.expert.user, url)
    assert body.count(ARABIC_EXAMPLE) == 1


@pytest.mark.django_db
def test_a_support_line_is_typed_left_to_right_but_never_filled_in_from_hers(client, world):
    body = in_arabic(
        client, world.staff_a, f"/projects/{world.consultation.project.pk}/consultations/new/"
    )
    found = inputs(body)["support_phone"]
    assert {key: found.get(key) for key in OWN_NUMBER} == {**OWN_NUMBER, "autocomplete": "off"}
    assert body.count(ARABIC_EXAMPLE) == 1


@pytest.mark.django_db
def test_an_error_that_gives_an_example_number_isolates_it(client, world):
    in_arabic(client, world.expert.user, "/me/text-messages/")
    response = client.post("/me/text-messages/", {"phone": "01711 000000", "language": "ar"})
    body = response.content.decode()
    assert response.status_code == 200
    # The help text's example and the error's.
    assert body.count(ARABIC_EXAMPLE) == 2


def test_phones_ltr_escapes_the_text_and_isolates_each_number():
    from seat.core.templatetags.seat_forms import phones_ltr

    assert phones_ltr("<b>Call +44 20 7946 0000</b> or +৮৮০ ১৭১১, not 3+4 or bًـ+.") == (
        '&lt;b&gt;Call <bdi dir="ltr">+44 20 7946 0000</bdi>&lt;/b&gt; or '
        '<bdi dir="ltr">+৮৮০ ১৭১১</bdi>, not 3+4 or bًـ+.'
    )


@pytest.mark.parametrize(
    ("code", "direction"),
    [
        ("ar", "rtl"),
        ("en", "ltr"),
        ("bn", "ltr"),
        ("tl", "ltr"),
        ("zz", "ltr"),
        ("", "ltr"),
        (None, "ltr"),
    ],
)
def test_text_dir_is_the_languages_direction_and_ltr_when_unknown(code, direction):
    from seat.core.templatetags.seat_format import text_dir

    assert text_dir(code) == direction


def test_isolate_keeps_a_name_in_its_own_direction_and_escapes_it():
    from seat.core.templatetags.seat_format import isolate

    assert isolate("Dhaka <Freedom> Network") == "<bdi>Dhaka &lt;Freedom&gt; Network</bdi>"
    assert isolate("") == ""


@pytest.mark.django_db
def test_english_text_on_an_arabic_page_is_laid_out_left_to_right(client, world):
    assert world.consultation.text_language == "en"
    body = in_arabic(client, world.expert.user, f"/me/invitations/{world.invitation.pk}/")
    assert f'<h1 lang="en" dir="ltr">{world.consultation.title}</h1>' in body
    assert '<ol lang="en" dir="ltr">' in body
    # The organisation's name keeps its direction inside an Arabic sentence, and the sentence
    # itself (its msgid) is unchanged.
    assert f"<dd><bdi>{world.org_a.name}</bdi> (" in body


@pytest.mark.django_db
def test_an_organisation_name_inside_a_translated_sentence_is_isolated(client, world):
    body = in_arabic(client, world.expert.user, f"/me/input/{world.contribution.pk}/")
    assert f"<bdi>{world.org_a.name}</bdi>" in body
    assert "&lt;bdi&gt;" not in body


@pytest.mark.django_db
def test_the_language_a_text_is_written_in_is_named_in_the_readers_language(client, world):
    from seat.consultations.models import Consultation

    Consultation.objects.filter(pk=world.consultation.pk).update(text_language="bn")
    client.force_login(world.expert.user)
    body = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    # Not "বাংলা", which a reader of English cannot read; the languages offered keep their own
    # names, so each reader finds hers.
    assert "This is written in Bengali; it is not yet written in your language." in body
    assert "Offered in: English, বাংলা." in body


def test_language_names_translated_fall_back_to_the_code():
    from django.utils import translation

    from seat.core.languages import (
        LANGUAGE_NAMES,
        LANGUAGE_NAMES_TRANSLATED,
        language_name_translated,
    )

    assert LANGUAGE_NAMES_TRANSLATED.keys() == LANGUAGE_NAMES.keys()
    with translation.override("en"):
        assert language_name_translated("ar") == "Arabic"
        assert language_name_translated("zz") == "zz"


@pytest.mark.django_db
def test_english_questions_on_an_arabic_page_keep_their_direction_and_answers_follow_hers(
    client, world
):
    from seat.tests.personas import make_consultation, make_invitation

    consultation = make_consultation(world.staff_a, world.consultation.project)
    accepted = make_invitation(world.staff_a, consultation, world.expert, accept=True)
    body = in_arabic(client, world.expert.user, f"/me/invitations/{accepted.pk}/contribute/")
    question = consultation.questions.first()
    assert f'<label for="id_q_{question.pk}" lang="en" dir="ltr">' in body
    assert 'dir="auto"' in body
