"""Her copy of everything Seat holds about her (JSON and PDF), and who read her private details."""

from __future__ import annotations

import json

import pytest

from seat.core.languages import language_name_translated
from seat.core.models import AuditEvent
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people import services as people_services
from seat.rights.selectors import reads_of_her_details


def download(client, world, url: str):
    client.force_login(world.expert.user)
    return client.get(url)


@pytest.mark.django_db
def test_the_json_file_holds_her_account_profile_private_details_words_and_links(client, world):
    notify(
        event=Event.PAYMENT_PAID,
        recipients=[world.expert.user],
        key="payment.paid:1",
        url="/me/",
        context={"organisation": "Organisation A", "amount": "80.00", "currency": "USD"},
    )
    response = download(client, world, "/me/my-data/seat-data.json")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="seat-data.json"'
    assert response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    data = body["data"]
    assert body["format"] == "seat-data/1"
    assert data["accounts.user"][0]["username"] == "expert"
    assert "password" not in data["accounts.user"][0]
    assert data["people.expertprofile"][0]["pseudonym"] == "Tara"
    assert data["people.expertidentity"][0]["legal_name"] == "Tahmina Secret Name"
    assert data["people.expertidentity"][0]["phone"] == "+880 1711 999 111"
    (contribution,) = data["consultations.contribution"]
    assert contribution["id"] == str(world.contribution.pk)
    assert [a["answer"] for a in contribution["answers"]] == [
        "Explain the fees agents may legally charge."
    ]
    assert [link["organisation"] for link in data["people.expertlink"]] == ["Organisation A"]
    assert {c["purpose"] for c in data["people.consentrecord"]} >= {
        "Take part and have my input used"
    }
    assert sorted(n["event"] for n in data["notifications.notification"]) == [
        "New invitation",
        "Payment made",
    ]
    assert [i["consultation"] for i in data["consultations.invitation"]] == [
        "What should the sessions cover?"
    ]
    # Nothing of anyone else, and no secret.
    text = response.content.decode()
    assert "B's private input" not in text
    assert "Rosa" not in text
    assert "code_digest" not in text


@pytest.mark.django_db
def test_each_download_is_audited_with_the_read_of_her_own_details(client, world):
    download(client, world, "/me/my-data/seat-data.json")

    verbs = list(
        AuditEvent.objects.filter(object_id=str(world.expert.pk))
        .order_by("id")
        .values_list("verb", "detail")
    )
    assert verbs[-2:] == [("identity.read", {}), ("my_data.download", {"format": "json"})]


@pytest.mark.django_db
def test_the_pdf_is_in_her_language(client, world):
    pytest.importorskip("weasyprint")
    world.expert.user.language = "fr"
    world.expert.user.save()
    response = download(client, world, "/me/my-data/seat-data.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="seat-data.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="my_data.download", detail={"format": "pdf"}).count() == 1


@pytest.mark.django_db
def test_her_page_lists_who_read_her_details_but_not_her_own_reads(client, world):
    from seat.compensation.tests.lines import make_line
    from seat.people.rules import PAYMENT_PURPOSE

    world.finance_a.display_name = "Farida Finance"
    world.finance_a.save()
    make_line(world, status="approved")
    people_services.identity_read(
        actor=world.finance_a, expert=world.expert, purpose=PAYMENT_PURPOSE
    )
    people_services.identity_read(actor=world.expert.user, expert=world.expert)

    (read,) = reads_of_her_details(expert=world.expert)
    assert (read.reader, read.organisation, read.role, read.purpose) == (
        "Farida Finance",
        "Organisation A",
        "Finance",
        "payment",
    )
    page = download(client, world, "/me/my-data/").content.decode()
    assert "Farida Finance (Finance)" in page
    assert "Organisation A" in page


@pytest.mark.django_db
def test_another_expert_never_sees_her_reads(client, world):
    from seat.compensation.tests.lines import make_line
    from seat.people.rules import PAYMENT_PURPOSE

    make_line(world, status="approved")
    people_services.identity_read(
        actor=world.finance_a, expert=world.expert, purpose=PAYMENT_PURPOSE
    )
    assert reads_of_her_details(expert=world.other_expert) == []
    client.force_login(world.other_expert.user)
    page = client.get("/me/my-data/").content.decode()
    assert "Organisation A" not in page


@pytest.mark.django_db
def test_a_read_from_a_payment_page_names_the_organisation_it_was_for(client, world):
    from seat.accounts.enums import Role
    from seat.accounts.models import Membership
    from seat.compensation.tests.lines import make_line
    from seat.tests.personas import make_link, make_member

    # Finance of A is also finance of B, which owes her too: the read names A, whose line it was.
    Membership.objects.create(user=world.finance_a, organisation=world.org_b, role=Role.FINANCE)
    make_link(world.staff_b, world.expert, world.org_b)
    admin_b = make_member("admin-b", world.org_b, Role.ADMIN)
    make_line(world, organisation=world.org_b, status="approved", approver=admin_b)
    owed = make_line(world)
    client.force_login(world.finance_a)
    assert client.get(f"/payments/{owed.pk}/").status_code == 200

    (read,) = reads_of_her_details(expert=world.expert)
    assert (read.organisation, read.role) == ("Organisation A", "Finance")


def many_reads(world, count: int) -> None:
    from seat.compensation.tests.lines import make_line
    from seat.people.rules import PAYMENT_PURPOSE

    make_line(world, status="approved")
    for _n in range(count):
        people_services.identity_read(
            actor=world.finance_a, expert=world.expert, purpose=PAYMENT_PURPOSE
        )


@pytest.mark.django_db
def test_her_page_with_the_most_reads_fits_the_budget(client, world):
    import gzip

    many_reads(world, 150)
    body = download(client, world, "/me/my-data/").content

    assert body.decode().count("<tr><td>") == 100
    assert len(gzip.compress(body)) <= 14_600


@pytest.mark.django_db
def test_her_page_s_queries_do_not_grow_with_the_reads(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many_reads(world, 1)
    client.force_login(world.expert.user)
    client.get("/me/my-data/")  # the session's first page writes what later pages do not
    with CaptureQueriesContext(connection) as one:
        client.get("/me/my-data/")
    many_reads(world, 5)
    with django_assert_num_queries(len(one)):
        client.get("/me/my-data/")


@pytest.mark.django_db
def test_the_pdf_speaks_the_language_she_chose_whatever_the_browser_asks(
    client, world, monkeypatch
):
    weasyprint = pytest.importorskip("weasyprint")
    made: list[str] = []

    class Capture:
        def __init__(self, string: str) -> None:
            made.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7\n"

    monkeypatch.setattr(weasyprint, "HTML", Capture)
    world.expert.user.language = "fr"
    world.expert.user.save()
    client.force_login(world.expert.user)
    client.get("/me/my-data/seat-data.pdf", HTTP_ACCEPT_LANGUAGE="en")

    (html,) = made
    assert '<html lang="fr"' in html
    assert "Nom choisi" in html and "Tara" in html
    assert "Tahmina Secret Name" in html
    assert "Explain the fees agents may legally charge." in html


@pytest.mark.django_db
def test_the_copy_to_read_has_days_in_words_and_no_ids_or_operator_flags(world):
    """The PDF is for a person: moments in her language, no ids, no is_superuser; the JSON
    keeps everything."""
    import datetime
    import uuid

    from django.utils import translation

    from seat.rights.selectors import as_json, as_readable, everything_about

    identity = people_services.identity_read(actor=world.expert.user, expert=world.expert)
    sections = everything_about(expert=world.expert, identity=identity)
    with translation.override("bn"):
        readable = as_readable(sections)
    values = [v for s in readable for row in s.rows for _n, _l, v in row]
    names = {n for s in readable for row in s.rows for n, _l, _v in row}
    assert not names & {"id", "is_staff", "is_superuser"}
    assert not [v for v in values if isinstance(v, datetime.date | uuid.UUID)]
    joined = " ".join(str(v) for v in values)
    assert "(UTC)" in joined
    assert any(digit in joined for digit in "০১২৩৪৫৬৭৮৯")  # her language's digits
    account = as_json(sections)["accounts.user"][0]
    assert "is_superuser" in account and isinstance(account["date_joined"], str)


def _shown_fields():
    """Every field of every kind of row about her that her PDF can show: not a secret, not
    another person's account, not an id, and not a link to an unnamed row (its id is left out)."""
    from seat.accounts.models import User
    from seat.people.models import ExpertIdentity, ExpertProfile
    from seat.rights import selectors

    kinds = [User, ExpertProfile, ExpertIdentity]
    for target in (ExpertProfile(), User()):
        kinds += [model for model, _name in selectors._rows_pointing_at(target)]
    for model in dict.fromkeys(kinds):
        for f in model._meta.concrete_fields:
            if f.name in selectors.SECRET_FIELDS or f.name.endswith(selectors.SECRET_SUFFIXES):
                continue
            if f.name in selectors.NOT_FOR_READING:
                continue
            if f.is_relation and (
                f.related_model is User or not selectors._is_named(f.related_model)
            ):
                continue  # another person's account, or an id: left out of the copy to read
            yield model, f


def test_every_field_her_pdf_can_show_has_a_name_in_her_language():
    """A model added later with Django's automatic field names ("created at") would print
    English in a Bengali copy: each field her PDF can show has a translated name, its own or
    one from FIELD_LABELS, and each kind of row a translated title."""
    from django.utils.functional import Promise

    from seat.rights.selectors import FIELD_LABELS, SECTION_TITLES

    untranslated = [
        f"{model._meta.label}.{f.name}"
        for model, f in _shown_fields()
        if not isinstance(f.verbose_name, Promise) and f.name not in FIELD_LABELS
    ]
    assert untranslated == []
    titles = {model for model, _f in _shown_fields()}
    untitled = [
        model._meta.label
        for model in titles
        if not isinstance(model._meta.verbose_name_plural, Promise)
        and model._meta.label_lower not in SECTION_TITLES
    ]
    assert untitled == []


@pytest.mark.django_db
def test_her_copy_in_bengali_has_no_english_label_or_title(world):
    from django.utils import translation

    from seat.rights.selectors import as_readable, everything_about

    identity = people_services.identity_read(actor=world.expert.user, expert=world.expert)
    with translation.override("bn"):
        readable = as_readable(everything_about(expert=world.expert, identity=identity))
    shown = [s.title for s in readable] + [
        label for s in readable for row in s.rows for _name, label, _value in row
    ]
    english = [text for text in shown if any("a" <= c.lower() <= "z" for c in text)]
    assert len(readable) >= 5
    assert english == [], english


def test_the_copy_to_read_has_no_row_or_title_with_nothing_in_it():
    """A row of nothing but ids (an advisor payment) leaves no empty block and no bare title:
    the JSON keeps it."""
    import uuid

    from seat.rights.selectors import RowId, Section, as_json, as_readable

    sections = [
        Section("assessment.advisorpayment", "Advisor payments", [[("round", "Round", RowId(1))]]),
        Section("people.expertprofile", "Profile", [[("id", "id", uuid.uuid4()), ("x", "X", 2)]]),
    ]
    readable = as_readable(sections)
    assert [s.key for s in readable] == ["people.expertprofile"]
    assert readable[0].rows == [[("x", "X", "2")]]
    assert as_json(sections)["assessment.advisorpayment"] == [{"round": 1}]


def test_the_copy_to_read_names_her_languages_not_their_codes(world):
    from django.utils import translation

    from seat.rights.selectors import as_readable, everything_about

    identity = people_services.identity_read(actor=world.expert.user, expert=world.expert)
    with translation.override("bn"):
        readable = as_readable(everything_about(expert=world.expert, identity=identity))
        named = language_name_translated("bn")
    profile = next(s for s in readable if s.key == "people.expertprofile")
    languages = {name: value for name, _label, value in profile.rows[0]}["languages"]
    assert "bn" not in languages.split(", ") and named in languages


def test_the_copy_to_read_gives_her_answers_about_herself_as_she_chose_them(world):
    from django.utils import translation

    from seat.people.diversity import diversity_save
    from seat.rights.selectors import as_readable, everything_about

    diversity_save(
        actor=world.expert.user,
        expert=world.expert,
        answers={"gender": "woman", "age_band": "25_34", "origin": "BD"},
    )
    identity = people_services.identity_read(actor=world.expert.user, expert=world.expert)
    with translation.override("en"):
        readable = as_readable(everything_about(expert=world.expert, identity=identity))
    about = next(s for s in readable if s.key == "people.diversityselfid")
    values = {name: value for name, _label, value in about.rows[0]}
    assert (values["gender"], values["age_band"], values["origin"]) == (
        "Woman",
        "25 to 34",
        "Bangladesh",
    )
    # A date that has not happened is left out, not shown as a missing one.
    contributions = next(s for s in readable if s.key == "consultations.contribution")
    assert all(name != "words_deleted_at" for row in contributions.rows for name, _l, _v in row)


@pytest.mark.django_db
def test_her_copy_says_a_receipt_is_kept_not_where_it_lies(client, world):
    from django.core.files.base import ContentFile

    line = world.contribution.payment
    line.receipt.save("slip.pdf", ContentFile(b"%PDF-1.4 receipt"), save=True)
    stored = line.receipt.name
    body = download(client, world, "/me/my-data/seat-data.json").content.decode()
    lines = json.loads(body)["data"]["compensation.paymentline"]
    assert [row["receipt"] for row in lines] == [True]
    assert stored not in body and stored.rsplit("/", 1)[-1] not in body
