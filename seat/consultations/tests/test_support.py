"""Item 15 of issue 7: a support contact a survivor can use, on every page that talks about
support: who to ask for, a number to tap and call, and when it is answered."""

from __future__ import annotations

import pytest

from seat.consultations.models import Consultation
from seat.consultations.services import LoopError
from seat.consultations.tests.test_views import consultation_form
from seat.tests.personas import make_consultation, make_invitation

CALL = '<a href="tel:+8801711000000">Call \u2066+880\u00a01711\u00a0000000\u2069</a>'


def survivor_pages(world) -> dict[str, str]:
    """The pages where she reads about support: invitation, contribute, her contribution."""
    accepted = make_invitation(world.staff_a, world.consultation, world.other_expert, accept=True)
    return {
        f"/me/invitations/{world.invitation.pk}/": world.expert.user,
        f"/me/invitations/{accepted.pk}/contribute/": world.other_expert.user,
        f"/me/input/{world.contribution.pk}/": world.expert.user,
    }


@pytest.mark.django_db
def test_survivor_pages_show_a_tap_to_call_link_with_who_to_ask_for_and_the_hours(client, world):
    for url, user in survivor_pages(world).items():
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "<p>Asha, our survivor-support worker</p>" in body, url
        assert CALL in body, url
        assert "When to call: Mon–Fri 9:00–17:00 Dhaka time" in body, url


@pytest.mark.django_db
def test_the_number_is_written_in_the_readers_digits_and_dialled_in_latin_ones(client, world):
    user = world.expert.user
    user.language = "bn"
    user.save()
    client.force_login(user)
    body = client.get(f"/me/invitations/{world.invitation.pk}/").content.decode()
    assert 'href="tel:+8801711000000"' in body
    assert "\u2066+৮৮০\u00a0১৭১১\u00a0০০০০০০\u2069" in body


@pytest.mark.django_db
def test_the_site_contact_from_settings_stands_in_when_a_consultation_names_none(
    client, world, settings
):
    settings.SEAT_SUPPORT_NAME = "Seat help desk"
    settings.SEAT_SUPPORT_PHONE = "+880 9612 000222"
    settings.SEAT_SUPPORT_HOURS = "Every day 8:00–22:00"
    Consultation.objects.filter(pk=world.consultation.pk).update(
        support_name="", support_phone="", support_hours=""
    )
    for url, user in survivor_pages(world).items():
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "<p>Seat help desk</p>" in body, url
        assert (
            '<a href="tel:+8809612000222">Call \u2066+880\u00a09612\u00a0000222\u2069</a>' in body
        ), url
        assert "When to call: Every day 8:00–22:00" in body, url
        assert "Asha" not in body


@pytest.mark.django_db
def test_with_no_contact_anywhere_the_page_says_so_instead_of_inventing_one(
    client, world, settings
):
    settings.SEAT_SUPPORT_NAME = settings.SEAT_SUPPORT_PHONE = settings.SEAT_SUPPORT_HOURS = ""
    Consultation.objects.filter(pk=world.consultation.pk).update(
        support_name="", support_phone="", support_hours=""
    )
    for url, user in survivor_pages(world).items():
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "No support phone line has been set up." in body, url
        assert "tel:" not in body, url


@pytest.mark.django_db
def test_staff_give_the_contact_in_parts_and_the_number_is_stored_tidied(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/projects/{world.project.pk}/consultations/new/",
        consultation_form(
            support_name="Asha, our survivor-support worker",
            support_phone="00880 1711-000000",
            support_hours="Mon–Fri 9:00–17:00 Dhaka time",
        ),
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(title="Opening hours of the help line")
    assert (
        consultation.support_name,
        consultation.support_phone,
        consultation.support_hours,
    ) == ("Asha, our survivor-support worker", "+880 1711 000000", "Mon–Fri 9:00–17:00 Dhaka time")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"support_phone": "01711 000000", "support_hours": "Mon–Fri"},
            "Write the number with its country code, starting with +, for example "
            "+880 1711 000000.",
        ),
        (
            {"support_phone": "+880 1711 000000 ext. 2", "support_hours": "Mon–Fri"},
            "Use only digits, spaces and dashes after the +.",
        ),
        (
            {"support_phone": "+880 17", "support_hours": "Mon–Fri"},
            "A phone number with its country code has 7 to 15 digits; this one has 5 digits.",
        ),
        (
            {"support_phone": "+880 1711 000000"},
            "Say when the phone is answered, so nobody calls when no one is there.",
        ),
        ({"support_hours": "Mon–Fri"}, "Give the phone number these hours are for."),
    ],
)
@pytest.mark.django_db
def test_a_number_that_cannot_be_dialled_is_refused_with_a_clear_message(
    client, world, fields, message
):
    client.force_login(world.staff_a)
    before = Consultation.objects.count()
    response = client.post(
        f"/projects/{world.project.pk}/consultations/new/",
        consultation_form(support_name="Asha", **fields),
    )
    assert response.status_code == 200
    # An example number in the message is kept left to right (<bdi>) for right-to-left pages.
    shown = message.replace("+880 1711 000000", '<bdi dir="ltr">+880 1711 000000</bdi>')
    assert f'<p class="error">{shown}</p>' in response.content.decode()
    assert Consultation.objects.count() == before


@pytest.mark.django_db
def test_the_service_refuses_an_undiallable_number_too(world):
    before = Consultation.objects.count()
    with pytest.raises(LoopError, match="country code"):
        make_consultation(
            world.staff_a, world.project, support_phone="0800 000 000", support_hours="Mon"
        )
    assert Consultation.objects.count() == before
