"""Her answers about herself: optional, encrypted, hers alone to read, change and delete."""

from __future__ import annotations

import gzip

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from seat.core.models import AuditEvent
from seat.core.privacy.crypto import decrypt
from seat.people.diversity import blind_index, diversity_clear, diversity_read, diversity_save
from seat.people.models import DiversitySelfId
from seat.tests.personas import verify_second_factor

ANSWERS = {
    "exploitation": "labour",
    "gender": "self_described",
    "gender_words": "Hijra, in my words",
    "age_band": "25_34",
    "origin": "NP",
    "orientation": "bisexual",
    "disability": "yes",
}

pytestmark = pytest.mark.django_db


def raw_row(expert) -> dict[str, str]:
    table = DiversitySelfId._meta.db_table
    key = type(expert)._meta.pk.get_db_prep_value(expert.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE profile_id = %s", [key])  # noqa: S608
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_answers_are_not_in_clear_in_the_database(world):
    diversity_save(actor=world.expert.user, expert=world.expert, answers=ANSWERS)
    row = raw_row(world.expert)
    stored = " ".join(str(v) for v in row.values())
    for value in ("labour", "self_described", "Hijra", "25_34", "bisexual"):
        assert value not in stored
    # Each answer column holds a Fernet token (short codes such as "NP" could turn up inside
    # one by chance, so each column is compared whole).
    for column in ANSWERS:
        assert row[column].startswith("gAAAAA") and row[column] != ANSWERS[column]
        assert decrypt(row[column]) == ANSWERS[column]
    assert row["gender_index"] == blind_index("gender", "self_described")
    assert len(row["origin_index"]) == 64
    # The same code in two questions never gives the same digest.
    assert blind_index("disability", "yes") != blind_index("exploitation", "yes")


def test_she_reads_back_her_answers_and_each_read_is_audited(world):
    diversity_save(actor=world.expert.user, expert=world.expert, answers=ANSWERS)
    answers = diversity_read(actor=world.expert.user, expert=world.expert)
    assert answers == {**ANSWERS, "orientation_words": ""}
    verbs = list(
        AuditEvent.objects.filter(object_id=str(world.expert.pk))
        .order_by("pk")
        .values_list("verb", "detail")
    )
    assert verbs[-2:] == [
        (
            "diversity.update",
            {
                "answered": [
                    "age_band",
                    "disability",
                    "exploitation",
                    "gender",
                    "orientation",
                    "origin",
                ]
            },
        ),
        ("diversity.read", {}),
    ]


def test_her_own_words_are_kept_only_with_in_my_own_words(world):
    answers = {**ANSWERS, "gender": "woman", "orientation_words": "not asked for"}
    diversity_save(actor=world.expert.user, expert=world.expert, answers=answers)
    record = DiversitySelfId.objects.get(profile=world.expert)
    assert (record.gender, record.gender_words, record.orientation_words) == ("woman", "", "")


def test_prefer_not_to_say_is_no_answer(world):
    diversity_save(actor=world.expert.user, expert=world.expert, answers={"gender": ""})
    record = DiversitySelfId.objects.get(profile=world.expert)
    assert (record.gender, record.gender_index, record.exploitation_index) == ("", "", "")


def test_unknown_codes_are_refused(world):
    with pytest.raises(ValueError):
        diversity_save(actor=world.expert.user, expert=world.expert, answers={"gender": "x"})
    with pytest.raises(ValueError):
        diversity_save(actor=world.expert.user, expert=world.expert, answers={"story": "x"})
    assert not DiversitySelfId.objects.exists()


@pytest.mark.parametrize("who", ["staff_a", "admin_a", "finance_a", "staff_b"])
def test_nobody_else_saves_reads_or_clears_her_answers(world, who):
    diversity_save(actor=world.expert.user, expert=world.expert, answers=ANSWERS)
    actor = getattr(world, who)
    for call in (
        lambda: diversity_save(actor=actor, expert=world.expert, answers={}),
        lambda: diversity_read(actor=actor, expert=world.expert),
        lambda: diversity_clear(actor=actor, expert=world.expert),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(PermissionDenied):
        diversity_read(actor=world.other_expert.user, expert=world.expert)
    assert DiversitySelfId.objects.get(profile=world.expert).origin == "NP"


def test_the_facilitator_of_her_collective_does_not_answer_for_her(world, partners):
    with pytest.raises(PermissionDenied):
        diversity_save(actor=partners.facilitator, expert=partners.member, answers=ANSWERS)
    with pytest.raises(PermissionDenied):
        diversity_save(actor=partners.facilitator, expert=partners.device_less, answers=ANSWERS)


def test_she_deletes_her_answers(world):
    diversity_save(actor=world.expert.user, expert=world.expert, answers=ANSWERS)
    assert diversity_clear(actor=world.expert.user, expert=world.expert) is True
    assert not DiversitySelfId.objects.exists()
    assert diversity_read(actor=world.expert.user, expert=world.expert)["gender"] == ""


# Her page ------------------------------------------------------------------------------------


def test_her_page_says_who_sees_what_and_defaults_to_prefer_not_to_say(client, world):
    client.force_login(world.expert.user)
    response = client.get("/me/about-you/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Organisations see only totals of at least 5 people, never your answers." in body
    assert "For groups of fewer than 10 people they see nothing at all." in body
    # Every radio group starts on "Prefer not to say", in a fieldset with a legend.
    for name in ("gender", "age_band", "orientation", "disability", "exploitation"):
        assert (
            f'name="{name}" value="" id="id_{name}_0" checked'
            in body.replace('value="" required', 'value=""')
            or f'type="radio" name="{name}" value="" id="id_{name}_0" checked' in body
        )
    assert body.count("<fieldset") == 5 and body.count("<legend>") == 5
    # The content note comes before the question on exploitation.
    assert body.index("Content note") < body.index("The form of exploitation you survived")
    assert response["Cache-Control"] == "no-store"
    assert len(gzip.compress(response.content, 9, mtime=0)) <= 14_600


def test_she_saves_changes_and_deletes_through_her_page(client, world):
    client.force_login(world.expert.user)
    response = client.post("/me/about-you/", {"gender": "woman", "origin": "BD"})
    assert response.status_code == 302
    assert response["Location"] == "/me/about-you/"
    record = DiversitySelfId.objects.get(profile=world.expert)
    assert (record.gender, record.origin, record.disability) == ("woman", "BD", "")
    body = client.get("/me/about-you/").content.decode()
    assert 'value="woman" id="id_gender_1" checked' in body
    assert '<option value="BD" selected>' in body
    response = client.post("/me/about-you/delete/")
    assert response.status_code == 302
    assert not DiversitySelfId.objects.exists()


def test_a_made_up_answer_is_refused_on_her_page(client, world):
    client.force_login(world.expert.user)
    response = client.post("/me/about-you/", {"gender": "story"})
    assert response.status_code == 200
    assert not DiversitySelfId.objects.exists()


@pytest.mark.parametrize("who", ["staff_a", "admin_a", "staff_b"])
def test_staff_find_no_page_of_her_answers(client, world, who):
    diversity_save(actor=world.expert.user, expert=world.expert, answers=ANSWERS)
    if who == "admin_a":
        verify_second_factor(client, world.admin_a)
    else:
        client.force_login(getattr(world, who))
    assert client.get("/me/about-you/").status_code == 404
    assert client.post("/me/about-you/delete/").status_code == 404
    assert DiversitySelfId.objects.filter(profile=world.expert).exists()
    # Her organisation's pages about her never show her answers.
    for url in ("/people/",):
        body = client.get(url).content.decode()
        assert "Hijra" not in body and "Nepal" not in body


def test_her_details_page_links_here(client, world):
    client.force_login(world.expert.user)
    body = client.get("/me/private-details/").content.decode()
    assert 'href="/me/about-you/"' in body


def test_her_answers_have_no_admin_page(client):
    from seat.accounts.models import User

    root = User.objects.create_superuser(username="root", password=None)
    verify_second_factor(client, root)
    assert client.get("/admin/people/diversityselfid/").status_code == 404


def test_the_api_has_no_route_to_her_answers(client):
    document = client.get("/api/v1/openapi.json").json()
    assert [path for path in document["paths"] if "divers" in path or "about" in path] == []
