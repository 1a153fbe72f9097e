"""Outcome reports: written and translated by staff, delivered once to each person who took
part (or to the partner her input came through), in her language or the original with a
notice, read on her page; and the opt-in public "you said, we did" page."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from seat.accountability import report_selectors as selectors
from seat.accountability.enums import Outcome
from seat.accountability.models import REPORT_PART_MAX_CHARS, OutcomeDelivery, OutcomeReport
from seat.accountability.reports import (
    ReportRefused,
    report_create,
    report_send,
    report_translation_save,
    report_update,
)
from seat.accountability.services import response_record
from seat.consultations.enums import Attribution
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.partners.captures import ParticipantInput, capture_record
from seat.partners.collective import collective_contribution_submit
from seat.partners.enums import SessionKind
from seat.people.enums import ConsentPurpose
from seat.tests.personas import (
    make_contribution,
    make_expert,
    make_invitation,
    make_org,
    verify_second_factor,
)

PARTS = {
    "heard": "Most people asked for evening sessions and women trainers.",
    "changed": "Sessions now run in the evening, led by two women trainers.",
    "unchanged": "We could not pay for childcare yet: the funder said no this year.",
    "next_steps": "We will ask again in March and tell you the answer.",
}
PARTS_BN = {
    "heard": "বেশিরভাগ মানুষ সন্ধ্যার সেশন আর নারী প্রশিক্ষক চেয়েছেন।",
    "changed": "সেশনগুলো এখন সন্ধ্যায় হয়, দুজন নারী প্রশিক্ষক চালান।",
    "unchanged": "শিশু-যত্নের খরচ এখনো দিতে পারিনি: দাতা এ বছর না বলেছে।",
    "next_steps": "মার্চে আবার চাইব এবং উত্তর আপনাদের জানাব।",
}


def make_report(world, language="en", **overrides):
    return report_create(
        actor=world.staff_a,
        consultation=world.consultation,
        language=language,
        **{**PARTS, **overrides},
    )


def deliveries(report):
    return list(OutcomeDelivery.objects.filter(report=report).order_by("sent_at", "pk"))


def collective_input(partners, members_count=3):
    first = partners.request.consultation.questions.first()
    return collective_contribution_submit(
        actor=partners.facilitator,
        request=partners.request,
        members_count=members_count,
        answers={str(first.pk): "Meet in the ward office."},
        attribution=Attribution.PSEUDONYM,
        idempotency_key=uuid.uuid4(),
    )


def captured_input(partners, expert):
    first = partners.request.consultation.questions.first()
    result = capture_record(
        actor=partners.facilitator,
        request=partners.request,
        idempotency_key=uuid.uuid4(),
        kind=SessionKind.FOCUS_GROUP,
        held_on=timezone.localdate(),
        place="Jessore",
        participants=[
            ParticipantInput(
                expert_id=expert.pk,
                attribution=Attribution.NOT_QUOTED,
                answers={str(first.pk): "Near the bus stand."},
                consents={ConsentPurpose.PARTICIPATE: True},
                language="bn",
            )
        ],
    )
    return result.capture.contributions.get()


# Writing -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_is_written_in_the_consultations_language_by_default(client, world):
    client.force_login(world.staff_a)
    page = client.get(f"/input/reports/consultations/{world.consultation.pk}/new/")
    assert page.status_code == 200
    assert re.search(r'<option value="en"[^>]*selected', page.content.decode())
    response = client.post(
        f"/input/reports/consultations/{world.consultation.pk}/new/", {"language": "en", **PARTS}
    )
    report = OutcomeReport.objects.get()
    assert response["Location"] == f"/input/reports/{report.pk}/"
    assert (report.language, report.heard, report.sent_at) == ("en", PARTS["heard"], None)


@pytest.mark.django_db
def test_an_empty_report_is_refused_and_nothing_saved(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/input/reports/consultations/{world.consultation.pk}/new/",
        {"language": "en", **PARTS, "unchanged": "   "},
    )
    assert response.status_code == 400
    assert "Write this part: the people who took part read all four." in response.content.decode()
    assert OutcomeReport.objects.count() == 0
    with pytest.raises(ReportRefused) as refused:
        make_report(world, heard="", changed="")
    assert set(refused.value.problems) == {"heard", "changed"}


@pytest.mark.django_db
def test_a_part_over_the_limit_is_refused_with_its_length(world):
    with pytest.raises(ReportRefused) as refused:
        make_report(world, heard="a" * (REPORT_PART_MAX_CHARS + 1))
    assert refused.value.problems == {
        "heard": "Keep this part to 1000 characters or fewer (it has 1001)."
    }


@pytest.mark.django_db
def test_unsupported_language_is_refused_with_a_clear_error(client, world):
    report = make_report(world)
    with pytest.raises(ReportRefused) as refused:
        report_translation_save(actor=world.staff_a, report=report, language="de", **PARTS)
    problem = refused.value.problems["language"]
    assert problem.startswith(
        "Seat cannot show a report in this language. Choose one of: English, বাংলা, हिन्दी,"
    )
    assert problem.endswith("Français, العربية.")
    client.force_login(world.staff_a)
    response = client.post(f"/input/reports/{report.pk}/translation/", {"language": "de", **PARTS})
    assert response.status_code == 400
    assert "Seat cannot show a report in this language." in response.content.decode()
    assert report.translations.count() == 0
    with pytest.raises(ReportRefused):
        report_translation_save(actor=world.staff_a, report=report, language="en", **PARTS)


@pytest.mark.django_db
def test_a_report_for_another_organisations_consultation_is_not_found(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/input/reports/consultations/{world.consultation_b.pk}/new/", {"language": "en", **PARTS}
    )
    assert response.status_code == 404
    assert OutcomeReport.objects.count() == 0


@pytest.mark.django_db
def test_a_sent_report_cannot_be_edited_but_a_new_language_may_be_added(client, world):
    report = make_report(world)
    report_translation_save(actor=world.staff_a, report=report, language="es", **PARTS)
    report_send(actor=world.staff_a, report=report)
    with pytest.raises(ReportRefused):
        report_update(actor=world.staff_a, report=report, language="en", **PARTS)
    with pytest.raises(ReportRefused):
        report_translation_save(actor=world.staff_a, report=report, language="es", **PARTS)
    report_translation_save(actor=world.staff_a, report=report, language="bn", **PARTS_BN)
    client.force_login(world.staff_a)
    response = client.post(
        f"/input/reports/{report.pk}/", {"language": "en", **PARTS, "heard": "x"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.heard == PARTS["heard"]


# Sending -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_delivered_to_each_contributor_exactly_once(client, world):
    report = make_report(world)
    first = report_send(actor=world.staff_a, report=report)
    assert (first.people, first.partners, first.already_everyone) == (1, 0, False)
    (delivery,) = deliveries(report)
    assert delivery.recipient == world.expert.user
    assert list(delivery.contributions.all()) == [world.contribution]
    notes = Notification.objects.filter(event=Event.OUTCOME_REPORT_SENT)
    assert [(n.recipient, n.url) for n in notes] == [
        (world.expert.user, f"/me/reports/{report.pk}/")
    ]
    client.force_login(world.expert.user)
    inbox = client.get("/me/inbox/").content.decode()
    assert "Organisation A tells you what came of “What should the sessions cover?”" in inbox
    # Again, and again through the page: nothing more, and staff are told so.
    second = report_send(actor=world.staff_a, report=report)
    assert second.already_everyone and second.total == 1
    client.force_login(world.staff_a)
    page = client.post(f"/input/reports/{report.pk}/send/", follow=True)
    assert "Already sent to everyone who took part. Nobody got it twice." in page.content.decode()
    assert len(deliveries(report)) == 1
    assert Notification.objects.filter(event=Event.OUTCOME_REPORT_SENT).count() == 1


@pytest.mark.django_db
def test_a_stale_copy_of_the_report_sends_nothing_twice(world):
    report = make_report(world)
    stale = OutcomeReport.objects.get(pk=report.pk)
    report_send(actor=world.staff_a, report=report)
    again = report_send(actor=world.staff_a, report=stale)
    assert again.already_everyone
    assert len(deliveries(report)) == 1
    # The database refuses a second row for the same person, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeDelivery.objects.create(
            report=report,
            recipient=world.expert.user,
            language="en",
            wanted_language="en",
            sent_at=timezone.now(),
        )


@pytest.mark.django_db
def test_a_new_contributor_after_the_first_send_gets_it_on_the_second(world):
    report = make_report(world)
    report_send(actor=world.staff_a, report=report)
    mira = make_expert("mira", "Mira")
    make_contribution(make_invitation(world.staff_a, world.consultation, mira, accept=True))
    second = report_send(actor=world.staff_a, report=report)
    assert [d.recipient for d in second.new_deliveries] == [mira.user]
    assert [d.recipient for d in deliveries(report)] == [world.expert.user, mira.user]
    recipients = Notification.objects.filter(event=Event.OUTCOME_REPORT_SENT).values_list(
        "recipient__username", flat=True
    )
    assert sorted(recipients) == ["expert", "mira"]
    assert report_send(actor=world.staff_a, report=report).already_everyone


@pytest.mark.django_db
def test_sending_with_no_contributors_says_nobody(client, world):
    from seat.tests.personas import make_consultation

    empty = make_consultation(world.staff_a, world.project, title="Nobody came")
    report = report_create(actor=world.staff_a, consultation=empty, language="en", **PARTS)
    client.force_login(world.staff_a)
    page = client.post(f"/input/reports/{report.pk}/send/", follow=True)
    assert "Nobody has given input to this consultation yet: nothing was sent." in (
        page.content.decode()
    )
    report.refresh_from_db()
    assert report.sent_at is None


@pytest.mark.django_db
def test_collective_and_captured_input_goes_to_the_partner_once(world, partners):
    collective_input(partners)
    captured_input(partners, partners.device_less)
    report = make_report(world)
    result = report_send(actor=world.staff_a, report=report)
    assert (result.people, result.partners) == (1, 1)
    by_partner = OutcomeDelivery.objects.get(report=report, partner=partners.collective)
    assert by_partner.contributions.count() == 2
    assert list(
        Notification.objects.filter(event=Event.PARTNER_OUTCOME_REPORT_SENT).values_list(
            "recipient__username", "key"
        )
    ) == [("facilitator-c", f"partner.outcome.report:{report.pk}:{partners.collective.pk}")]
    # Nadia, written down at a later session: she has her own account, so she hears directly;
    # the partner has the report already and gets no second message.
    captured_input(partners, partners.member)
    again = report_send(actor=world.staff_a, report=report)
    assert [d.recipient for d in again.new_deliveries] == [partners.member.user]
    assert again.joined == 1
    assert by_partner.contributions.count() == 3
    assert Notification.objects.filter(event=Event.PARTNER_OUTCOME_REPORT_SENT).count() == 1


# Language ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_translated_report_reaches_her_in_her_language(client, world):
    world.expert.user.language = "bn"
    world.expert.user.save()
    report = make_report(world)
    report_translation_save(actor=world.staff_a, report=report, language="bn", **PARTS_BN)
    report_send(actor=world.staff_a, report=report)
    (delivery,) = deliveries(report)
    assert (delivery.language, delivery.wanted_language, delivery.fell_back) == ("bn", "bn", False)
    client.force_login(world.expert.user)
    body = client.get(f"/me/reports/{report.pk}/").content.decode()
    assert PARTS_BN["heard"] in body and PARTS["heard"] not in body
    assert "not yet translated" not in body
    # Its headings are in the language of its text too.
    assert "<h2>আমরা যা শুনেছি</h2>" in body


@pytest.mark.django_db
def test_untranslated_report_comes_in_the_original_with_a_notice_in_her_language(client, world):
    world.expert.user.language = ""
    world.expert.user.save()
    world.expert.languages = "es,en"
    world.expert.save()
    report = make_report(world, language="en")
    report_send(actor=world.staff_a, report=report)
    (delivery,) = deliveries(report)
    # Her profile's first language is Spanish: English is in her list, so she gets that.
    assert (delivery.language, delivery.fell_back) == ("en", False)
    world.expert.languages = "es"
    world.expert.save()
    second = make_report(world, language="en")
    report_send(actor=world.staff_a, report=second)
    (delivery,) = deliveries(second)
    assert (delivery.language, delivery.wanted_language, delivery.fell_back) == ("en", "es", True)
    client.force_login(world.expert.user)
    body = client.get(f"/me/reports/{second.pk}/").content.decode()
    assert '<p class="note" lang="es" dir="ltr">' in body
    assert "Este informe aún no está traducido a su idioma." in body
    assert PARTS["heard"] in body
    # A Spanish translation added after sending: her page shows it from then on.
    report_translation_save(
        actor=world.staff_a,
        report=second,
        language="es",
        **{k: f"[es] {v}" for k, v in PARTS.items()},
    )
    body = client.get(f"/me/reports/{second.pk}/").content.decode()
    assert f"[es] {PARTS['heard']}" in body and 'class="note" lang="es"' not in body


@pytest.mark.django_db
def test_site_default_when_she_chose_no_language(world):
    world.expert.user.language = ""
    world.expert.user.save()
    world.expert.languages = ""
    world.expert.save()
    report = make_report(world, language="bn", **PARTS_BN)
    report_send(actor=world.staff_a, report=report)
    (delivery,) = deliveries(report)
    assert (delivery.language, delivery.wanted_language, delivery.fell_back) == ("bn", "en", True)


# Reading -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reading_records_the_first_read_and_staff_see_counts(client, world):
    report = make_report(world)
    report_send(actor=world.staff_a, report=report)
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{world.consultation.pk}/")
    assert "sent to 1, opened by 0" in page.content.decode()
    client.force_login(world.expert.user)
    assert client.get(f"/me/reports/{report.pk}/").status_code == 200
    (delivery,) = deliveries(report)
    first_read = delivery.read_at
    assert first_read is not None and delivery.read_by == world.expert.user
    client.get(f"/me/reports/{report.pk}/")
    delivery.refresh_from_db()
    assert delivery.read_at == first_read
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{world.consultation.pk}/")
    assert "sent to 1, opened by 1" in page.content.decode()


@pytest.mark.django_db
def test_the_partners_facilitator_reads_it_for_members(client, world, partners):
    collective_input(partners)
    report = make_report(world)
    report_send(actor=world.staff_a, report=report)
    client.force_login(partners.facilitator)
    body = client.get(f"/me/reports/{report.pk}/").content.decode()
    assert "Please read it to them, in their language." in body
    client.force_login(partners.other_facilitator)
    assert client.get(f"/me/reports/{report.pk}/").status_code == 404


@pytest.mark.django_db
def test_selectors_for_the_my_input_page(world):
    report = make_report(world)
    assert selectors.outcome_reports_for_expert(world.expert.user) == []
    report_send(actor=world.staff_a, report=report)
    (item,) = selectors.outcome_reports_for_expert(world.expert.user)
    assert (item.report, item.text.heard, item.url, item.read) == (
        report,
        PARTS["heard"],
        f"/me/reports/{report.pk}/",
        False,
    )
    found = selectors.outcome_report_for_contribution(world.contribution, world.expert.user)
    assert found is not None and found.report == report
    assert (
        selectors.outcome_report_for_contribution(world.contribution, world.other_expert.user)
        is None
    )
    assert (
        selectors.outcome_report_for_contribution(world.contribution_b, world.expert.user) is None
    )


@pytest.mark.django_db
def test_query_counts_are_pinned(client, world, partners, django_assert_num_queries):
    collective_input(partners)
    for _n in range(3):
        report = make_report(world)
        report_send(actor=world.staff_a, report=report)
    with django_assert_num_queries(2):
        items = selectors.outcome_reports_for_expert(world.expert.user)
    assert len(items) == 3
    with django_assert_num_queries(2):
        assert len(selectors.outcome_reports_for_reader(user=partners.facilitator)) == 3
    with django_assert_num_queries(1):
        assert len(selectors.reports_for_consultation(consultation=world.consultation)) == 3
    five_more_contributions(world)
    world.org_a.publishes_outcomes = True
    world.org_a.save()
    with django_assert_num_queries(3):
        assert len(selectors.public_outcomes(organisation=world.org_a)) == 1


# PDF -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pdf_in_the_chosen_language(client, world, tmp_path):
    report = make_report(world)
    report_translation_save(actor=world.staff_a, report=report, language="bn", **PARTS_BN)
    report_send(actor=world.staff_a, report=report)
    client.force_login(world.expert.user)
    response = client.get(f"/me/reports/{report.pk}/report.pdf?lang=bn")
    if response.status_code == 503:
        pytest.skip("WeasyPrint's system libraries are missing")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="report-bn.pdf"'
    if shutil.which("pdftotext"):
        path = tmp_path / "report.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        # Shaped Bengali does not always extract letter for letter; these words do.
        assert "দাতা" in text and re.search("[০-৯]", text)
    client.force_login(world.other_expert.user)
    assert client.get(f"/me/reports/{report.pk}/report.pdf").status_code == 404


# Public page ---------------------------------------------------------------------------------


def five_more_contributions(world, outcome=Outcome.ADOPTED, count=5):
    people = []
    for n in range(count):
        person = make_expert(f"p{n}{uuid.uuid4().hex[:4]}", f"P{n}")
        contribution = make_contribution(
            make_invitation(world.staff_a, world.consultation, person, accept=True),
            text=f"Secret words of person {n}",
        )
        response_record(actor=world.staff_a, contribution=contribution, outcome=outcome, reason="r")
        people.append(person)
    return people


@pytest.mark.django_db
def test_public_page_is_404_until_the_organisation_opts_in(client, world):
    five_more_contributions(world)
    report = make_report(world)
    report_send(actor=world.staff_a, report=report)
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/").status_code == 404
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/{report.pk}/").status_code == 404
    verify_second_factor(client, world.admin_a)
    form = client.get(f"/organisation/{world.org_a.pk}/settings/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["publishes_outcomes"] = "on"
    response = client.post(f"/organisation/{world.org_a.pk}/settings/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    world.org_a.refresh_from_db()
    assert world.org_a.publishes_outcomes is True
    client.logout()
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/").status_code == 200
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/{report.pk}/").status_code == 200
    # Another organisation's report under A's address: not found.
    other = report_create(
        actor=world.staff_b, consultation=world.consultation_b, language="en", **PARTS
    )
    report_send(actor=world.staff_b, report=other)
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_public_page_shows_counts_with_small_ones_suppressed_and_no_words(client, world):
    world.org_a.publishes_outcomes = True
    world.org_a.save()
    unsent = make_report(world, heard="Not sent yet, never public.")
    five_more_contributions(world)
    report = make_report(world)
    report_send(actor=world.staff_a, report=report)
    body = client.get(f"/you-said-we-did/{world.org_a.pk}/").content.decode()
    # 6 contributions: 5 adopted, 1 not answered; the other outcomes 0: all small ones hidden.
    assert "Contributions: 6" in body
    assert "Adopted: 5" in body
    assert "Not answered yet: fewer than 5" in body
    assert "Not adopted: fewer than 5" in body
    assert "Secret words" not in body and "Tara" not in body and "Explain the fees" not in body
    body = client.get(f"/you-said-we-did/{world.org_a.pk}/{report.pk}/").content.decode()
    assert PARTS["heard"] in body and "Tara" not in body
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/{unsent.pk}/").status_code == 404


@pytest.mark.django_db
def test_public_counts_leave_out_input_whose_consent_was_withdrawn(client, world):
    from seat.people.services import consent_withdraw

    world.org_a.publishes_outcomes = True
    world.org_a.save()
    people = five_more_contributions(world)
    report_send(actor=world.staff_a, report=make_report(world))
    consent_withdraw(actor=people[0].user, expert=people[0], purpose=ConsentPurpose.PARTICIPATE)
    body = client.get(f"/you-said-we-did/{world.org_a.pk}/").content.decode()
    assert "Contributions: 5" in body
    assert "Adopted: fewer than 5" in body


@pytest.mark.django_db
def test_a_report_on_fewer_than_five_people_s_input_is_never_public(client, world):
    world.org_a.publishes_outcomes = True
    world.org_a.save()
    response_record(
        actor=world.staff_a, contribution=world.contribution, outcome=Outcome.ADOPTED, reason="r"
    )
    report = make_report(world)
    client.force_login(world.staff_a)
    page = client.get(f"/input/reports/{report.pk}/").content.decode()
    assert "Fewer than 5 people took part: this report is only for them" in page
    report_send(actor=world.staff_a, report=report)
    client.logout()
    body = client.get(f"/you-said-we-did/{world.org_a.pk}/").content.decode()
    assert PARTS["heard"] not in body and world.consultation.title not in body
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/{report.pk}/").status_code == 404
    # With five people more, the same report is public, and staff were told it would be.
    five_more_contributions(world, count=4)
    assert client.get(f"/you-said-we-did/{world.org_a.pk}/{report.pk}/").status_code == 200
    client.force_login(world.staff_a)
    page = client.get(f"/input/reports/{report.pk}/").content.decode()
    assert "This report and its translations are public" in page


@pytest.mark.django_db
def test_staff_are_told_before_sending_that_the_report_will_be_public(client, world):
    world.org_a.publishes_outcomes = True
    world.org_a.save()
    five_more_contributions(world)
    report = make_report(world)
    client.force_login(world.staff_a)
    page = client.get(f"/input/reports/{report.pk}/").content.decode()
    assert "once sent, this report and its translations are public there" in page
    world.org_a.publishes_outcomes = False
    world.org_a.save()
    page = client.get(f"/input/reports/{report.pk}/").content.decode()
    assert 'id="public-note"' not in page


def test_one_small_count_takes_the_next_smallest_with_it():
    counts = selectors.suppressed([("a", 9), ("b", 3), ("c", 6), ("d", 7)])
    assert [(c.label, c.value) for c in counts] == [("a", 9), ("b", None), ("c", None), ("d", 7)]


@pytest.mark.django_db
def test_public_report_in_the_readers_language(client, world):
    world.org_a.publishes_outcomes = True
    world.org_a.save()
    five_more_contributions(world)
    report = make_report(world)
    report_translation_save(actor=world.staff_a, report=report, language="bn", **PARTS_BN)
    report_send(actor=world.staff_a, report=report)
    body = client.get(f"/you-said-we-did/{world.org_a.pk}/{report.pk}/?lang=bn").content.decode()
    assert PARTS_BN["heard"] in body
    body = client.get(
        f"/you-said-we-did/{world.org_a.pk}/{report.pk}/", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert PARTS["heard"] in body and 'class="note" lang="es"' in body


# Page weights --------------------------------------------------------------------------------


def page_weight(body: bytes) -> int:
    from seat.tests.test_page_weight import weight

    return weight(body)


@pytest.mark.django_db
def test_reader_and_public_pages_fit_the_budget(client, world):
    # Every part at its longest, in Bengali sentences (not repeated words, which gzip away).
    sentences = [
        "বেশিরভাগ মানুষ সন্ধ্যার সেশন আর নারী প্রশিক্ষক চেয়েছেন।",
        "সেশনগুলো এখন সন্ধ্যায় হয়, দুজন নারী প্রশিক্ষক চালান।",
        "শিশু-যত্নের খরচ এখনো দিতে পারিনি: দাতা এ বছর না বলেছে।",
        "মার্চে আবার চাইব এবং উত্তর আপনাদের জানাব।",
        "গ্রামের মেয়েরা বলেছেন বাসস্ট্যান্ডের কাছে মিলিত হওয়া নিরাপদ।",
        "দালালের ফি সম্পর্কে স্পষ্ট তথ্য চাই, বলেছেন অনেকে।",
    ]
    longest = {}
    for index, name in enumerate(PARTS):
        text = " ".join(sentences[(index + n) % len(sentences)] + f" {n}" for n in range(60))
        longest[name] = text[:REPORT_PART_MAX_CHARS]
    world.org_a.publishes_outcomes = True
    world.org_a.save()
    five_more_contributions(world)
    world.expert.user.language = "bn"
    world.expert.user.save()
    report = make_report(world, language="bn", **longest)
    report_translation_save(actor=world.staff_a, report=report, language="en", **PARTS)
    report_send(actor=world.staff_a, report=report)
    client.force_login(world.expert.user)
    for url in [f"/me/reports/{report.pk}/", "/me/reports/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert page_weight(response.content) <= 14_600, url
    client.logout()
    for url in [
        f"/you-said-we-did/{world.org_a.pk}/",
        f"/you-said-we-did/{world.org_a.pk}/{report.pk}/?lang=bn",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert page_weight(response.content) <= 14_600, url
    # No script is needed: the pages have no forms and no inline script.
    assert b"<script>" not in response.content
    assert len(gzip.compress(response.content)) > 0


SENDERS = 8


@pytest.mark.django_db(transaction=True)
def test_sending_at_once_from_several_requests_delivers_once(world, partners):
    """Eight staff requests press "Send" at the same moment (a double tap, two colleagues):
    one delivery per recipient and one message each. The report row is locked while sending
    (PostgreSQL waits); SQLite's test database refuses a second writer at once, and that
    sender tries again, as a person would. Run it on PostgreSQL too: DATABASE_URL=postgresql://…"""
    import random
    import threading
    import time

    from django.db import OperationalError

    collective_input(partners)
    report = make_report(world)
    start = threading.Barrier(SENDERS)
    results: list[int] = []
    lock = threading.Lock()

    def send() -> None:
        start.wait()
        try:
            while True:
                try:
                    result = report_send(actor=world.staff_a, report=report)
                    break
                except OperationalError:
                    connection.close()
                    time.sleep(random.uniform(0.01, 0.1))
            with lock:
                results.append(len(result.new_deliveries))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0] * (SENDERS - 1) + [2]
    assert OutcomeDelivery.objects.filter(report=report).count() == 2
    assert (
        Notification.objects.filter(
            event__in=[Event.OUTCOME_REPORT_SENT, Event.PARTNER_OUTCOME_REPORT_SENT]
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_public_list_at_its_longest_fits_the_budget(client, world):
    """Twenty consultations (the most the page lists), each titled at the longest a title may
    be, in Bengali, each with a sent report."""
    from seat.consultations.limits import TITLE_MAX_CHARS
    from seat.consultations.models import Contribution
    from seat.tests.personas import make_consultation

    world.org_a.publishes_outcomes = True
    world.org_a.save()
    # Five collectives give input to each: enough for a consultation to be listed.
    collectives = [make_org(f"Collective {n}", kind="collective") for n in range(5)]
    words = PARTS_BN["heard"] + " " + PARTS_BN["changed"] + " " + PARTS_BN["unchanged"]
    for n in range(selectors.PUBLIC_LIST_LENGTH + 2):
        consultation = make_consultation(
            world.staff_a,
            world.project,
            title=f"{n} {words[n * 7 :]}"[:TITLE_MAX_CHARS],
            languages="bn",
            text_language="bn",
        )
        report = report_create(
            actor=world.staff_a, consultation=consultation, language="bn", **PARTS_BN
        )
        OutcomeReport.objects.filter(pk=report.pk).update(sent_at=timezone.now())
        Contribution.objects.bulk_create(
            Contribution(
                consultation=consultation,
                collective=collective,
                members_count=3,
                channel="collective",
                attribution="pseudonym",
                idempotency_key=uuid.uuid4(),
            )
            for collective in collectives
        )
    response = client.get(f"/you-said-we-did/{world.org_a.pk}/")
    assert response.content.decode().count("<section") == selectors.PUBLIC_LIST_LENGTH
    assert page_weight(response.content) <= 14_600


@pytest.mark.django_db
def test_her_report_says_who_else_reads_it(client, world):
    report = make_report(world)
    report_send(actor=world.staff_a, report=report)
    client.force_login(world.expert.user)
    body = client.get(f"/me/reports/{report.pk}/").content.decode()
    assert "Written for everyone who took part, and only for them. It names nobody." in body
    world.org_a.publishes_outcomes = True
    world.org_a.save()
    five_more_contributions(world)
    body = client.get(f"/me/reports/{report.pk}/").content.decode()
    assert "also shows it on its public page, where anyone can read it." in body


@pytest.mark.django_db
def test_staff_read_a_translation_back_and_correct_it_before_sending(client, world):
    report = make_report(world)
    report_translation_save(actor=world.staff_a, report=report, language="bn", **PARTS_BN)
    client.force_login(world.staff_a)
    body = client.get(f"/input/reports/{report.pk}/?lang=bn").content.decode()
    assert f"<p>{PARTS_BN['heard']}</p>" in body and f"<p>{PARTS['heard']}</p>" not in body
    assert "shown to check it" in body
    # The translation form holds the translation, to correct it.
    assert f"{PARTS_BN['changed']}</textarea>" in body
    body = client.get(f"/input/reports/{report.pk}/").content.decode()
    assert f"<p>{PARTS['heard']}</p>" in body
    assert f"{PARTS_BN['changed']}</textarea>" not in body
