"""The quality check on staff pages, without JavaScript: findings at the top of the consultation
page and beside their fields, blockers stop opening, an admin may open over them with a reason."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from seat.consultations.models import Consultation, ConsultationCheck
from seat.consultations.selectors import check_overrides_count
from seat.consultations.tests.test_views import consultation_form
from seat.core.models import AuditEvent
from seat.tests.personas import make_consultation, verify_second_factor

REASON = "The funder pays everyone directly, outside Seat, for this round."


def poor_draft(world, **overrides) -> Consultation:
    fields = {
        "title": "Survivor stories",
        "pay_rate": None,
        "deadline": timezone.localdate() + datetime.timedelta(days=5),
        "questions": ["Please describe the abuse you suffered."],
    }
    fields.update(overrides)
    return make_consultation(world.staff_a, world.project, publish=False, **fields)


def detail(client, consultation) -> str:
    return client.get(f"/projects/consultations/{consultation.pk}/").content.decode()


@pytest.mark.django_db
def test_a_draft_page_lists_the_findings_at_the_top_with_how_to_fix_each(client, world):
    draft = poor_draft(world)
    client.force_login(world.staff_a)
    body = detail(client, draft)
    top = body.split('id="quality-check"')[1].split("</section>")[0]
    assert "Quality check: 10 of 100" in top
    assert "Nothing is paid." in top
    assert "People get 5 days between the invitation and the last day" in top
    assert "Question 1: Ask what should change" in top
    assert f'/projects/consultations/{draft.pk}/edit/#id_pay_rate">Fix it</a>' in top
    # Staff cannot open it, and are told who can.
    assert 'id="blocked"' in body
    assert "Open for input" not in body and 'name="override_reason"' not in body


@pytest.mark.django_db
def test_a_clean_draft_says_no_problems_and_offers_to_open(client, world):
    draft = make_consultation(world.staff_a, world.project, publish=False)
    client.force_login(world.staff_a)
    body = detail(client, draft)
    assert "Quality check: 100 of 100" in body and "No problems found." in body
    assert "Open for input" in body


@pytest.mark.django_db
def test_the_edit_page_shows_each_finding_beside_its_field(client, world):
    draft = poor_draft(world)
    client.force_login(world.staff_a)
    body = client.get(f"/projects/consultations/{draft.pk}/edit/").content.decode()
    beside_pay = body.split('id="id_pay_rate_check"')[1].split("</ul>")[0]
    assert "Nothing is paid." in beside_pay
    beside_deadline = body.split('id="id_deadline_check"')[1].split("</ul>")[0]
    assert "give them at least 14" in beside_deadline
    assert "Question 1:" in body.split('id="id_questions_check"')[1].split("</ul>")[0]


@pytest.mark.django_db
def test_check_without_saving_shows_the_findings_and_saves_nothing(client, world):
    client.force_login(world.staff_a)
    data = consultation_form(pay_rate="", pay_unit="", pay_method="", check="1", title="Not saved")
    response = client.post(f"/projects/{world.project.pk}/consultations/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing is paid." in body.split('id="id_pay_rate_check"')[1].split("</ul>")[0]
    assert not Consultation.objects.filter(title="Not saved").exists()


@pytest.mark.django_db
def test_the_forms_summary_links_each_finding_to_its_field(client, world):
    """As the consultation page's findings do, without JavaScript: the link lands on the field's
    input, or on the first choice of a group of checkboxes (which has no id of its own)."""
    client.force_login(world.staff_a)
    data = consultation_form(
        pay_rate="", pay_unit="", pay_method="", languages=["bn"], text_language="bn", check="1"
    )
    body = client.post(f"/projects/{world.project.pk}/consultations/new/", data).content.decode()
    top = body.split('id="quality-check"')[1].split("</section>")[0]
    links = re.findall(r'<a href="([^"]*)">Fix it</a>', top)
    assert links == ["#id_pay_rate", "#id_languages_0"]
    assert 'id="id_pay_rate"' in body and 'id="id_languages_0"' in body


@pytest.mark.django_db
def test_saving_a_poor_draft_is_allowed_and_its_page_shows_the_findings(client, world):
    client.force_login(world.staff_a)
    data = consultation_form(pay_rate="", pay_unit="", pay_method="", title="Poor but saved")
    response = client.post(f"/projects/{world.project.pk}/consultations/new/", data)
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Nothing is paid." in body


@pytest.mark.django_db
def test_blockers_stop_staff_from_opening_and_nothing_is_stored(client, world):
    draft = poor_draft(world)
    client.force_login(world.staff_a)
    response = client.post(f"/projects/consultations/{draft.pk}/publish/", follow=True)
    assert "The quality check found 3 problems that stop this consultation" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not ConsultationCheck.objects.filter(consultation=draft).exists()


@pytest.mark.django_db
def test_staff_cannot_give_a_reason_to_open_over_blockers(client, world):
    draft = poor_draft(world)
    client.force_login(world.staff_a)
    response = client.post(
        f"/projects/consultations/{draft.pk}/publish/", {"override_reason": REASON}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.django_db
def test_another_organisation_cannot_see_or_open_it(client, world):
    draft = poor_draft(world)
    client.force_login(world.staff_b)
    assert client.get(f"/projects/consultations/{draft.pk}/").status_code == 404
    response = client.post(
        f"/projects/consultations/{draft.pk}/publish/", {"override_reason": REASON}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_admin_opens_over_blockers_with_a_reason_kept_shown_audited_and_counted(client, world):
    draft = poor_draft(world)
    verify_second_factor(client, world.admin_a)
    assert 'name="override_reason"' in detail(client, draft)
    short = client.post(
        f"/projects/consultations/{draft.pk}/publish/", {"override_reason": "Because."}, follow=True
    )
    assert "in at least 20 characters" in short.content.decode()
    assert Consultation.objects.get(pk=draft.pk).status == "draft"

    client.post(f"/projects/consultations/{draft.pk}/publish/", {"override_reason": REASON})
    draft.refresh_from_db()
    assert draft.status == "open"
    (check,) = ConsultationCheck.objects.filter(consultation=draft)
    assert (check.trigger, check.score, check.blockers) == ("publish", 10, 3)
    assert check.override_reason == REASON and check.override_by == world.admin_a
    assert sorted({f["code"] for f in check.findings}) == [
        "short_lead_time",
        "story_extraction",
        "unpaid",
    ]
    assert check.checked_fields["questions"] == ["Please describe the abuse you suffered."]
    assert "support_phone" not in check.checked_fields
    assert (
        AuditEvent.objects.filter(
            verb="consultation.check_override", object_id=str(draft.pk)
        ).count()
        == 1
    )
    assert check_overrides_count(organisation=world.org_a) == 1
    assert check_overrides_count(organisation=world.org_b) == 0
    projects = client.get("/projects/").content.decode()
    assert "Organisation A: 1 consultation opened despite the quality check." in projects
    body = detail(client, draft)
    assert "Opened despite the quality check by admin-a" in body and REASON in body
    assert "Kept with the version people read: 10 of 100" in body


@pytest.mark.django_db
def test_a_clean_publish_stores_its_check_without_a_reason(client, world):
    draft = make_consultation(world.staff_a, world.project, publish=False)
    client.force_login(world.staff_a)
    client.post(f"/projects/consultations/{draft.pk}/publish/")
    (check,) = ConsultationCheck.objects.filter(consultation=draft)
    assert (check.trigger, check.score, check.findings, check.override_reason) == (
        "publish",
        100,
        [],
        "",
    )
    assert check_overrides_count(organisation=world.org_a) == 0


@pytest.mark.django_db
def test_correcting_an_open_consultation_runs_the_check_again_and_keeps_it(client, world):
    from seat.consultations.tests.test_correction_views import edit_form

    consultation = make_consultation(world.staff_a, world.project)
    client.force_login(world.staff_a)
    data = edit_form(consultation, material_state="final")
    response = client.post(f"/projects/consultations/{consultation.pk}/edit/", data)
    assert response.status_code == 302
    latest = ConsultationCheck.objects.filter(consultation=consultation).first()
    assert latest is not None and latest.trigger == "correction" and latest.score == 90
    assert [f["code"] for f in latest.findings] == ["late_stage"]


@pytest.mark.django_db
def test_the_consultation_page_keeps_its_query_count_with_findings_and_invitees(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seat.tests.personas import make_expert, make_invitation

    draft = poor_draft(world)
    client.force_login(world.staff_a)
    detail(client, draft)
    with CaptureQueriesContext(connection) as one:
        detail(client, draft)
    for n in range(3):
        make_invitation(world.staff_a, draft, make_expert(f"inv-{n}", f"Invited {n}"))
    with CaptureQueriesContext(connection) as several:
        detail(client, draft)
    assert len(several) == len(one)
    assert len(one) <= 30, "\n".join(q["sql"] for q in one)


@pytest.mark.django_db
def test_the_live_check_answers_json_for_what_was_typed_and_saves_nothing(client, world):
    client.force_login(world.staff_a)
    data = consultation_form(pay_rate="", pay_unit="", pay_method="", title="Typed only")
    response = client.post(f"/projects/{world.project.pk}/consultations/check/", data)
    assert response.status_code == 200
    result = response.json()
    # Offered in Bengali too, and a new text has no translation yet: said, at the languages.
    assert [(f["code"], f["severity"], f["field"]) for f in result["findings"]] == [
        ("unpaid", "blocker", "pay_rate"),
        ("no_interpretation", "warning", "languages"),
    ]
    assert "বাংলা" in result["findings"][1]["message"]
    assert result["score"] == 60
    assert not Consultation.objects.filter(title="Typed only").exists()


@pytest.mark.django_db
def test_the_live_check_of_an_edit_reads_the_invited_peoples_languages(client, world):
    from seat.consultations.tests.test_correction_views import edit_form

    consultation = world.consultation  # Tara, invited, reads en and bn
    client.force_login(world.staff_a)
    data = edit_form(consultation, languages=["en"], interpretation="")
    response = client.post(f"/projects/consultations/{consultation.pk}/check/", data)
    codes = [f["code"] for f in response.json()["findings"]]
    assert codes == ["no_interpretation"]
    assert client.get(f"/projects/consultations/{consultation.pk}/check/").status_code == 405


@pytest.mark.django_db
def test_a_past_invitation_day_does_not_hide_short_notice(client, world):
    """Invitations cannot go out on a day already past: a draft's notice counts from today."""
    today = timezone.localdate()
    client.force_login(world.staff_a)
    data = consultation_form(
        opens_on=(today - datetime.timedelta(days=30)).isoformat(),
        deadline=(today + datetime.timedelta(days=5)).isoformat(),
    )
    response = client.post(f"/projects/{world.project.pk}/consultations/check/", data)
    codes = [(f["code"], f["severity"]) for f in response.json()["findings"]]
    assert ("short_lead_time", "blocker") in codes
    message = next(
        f["message"] for f in response.json()["findings"] if f["code"] == "short_lead_time"
    )
    assert "People get 5 days" in message


@pytest.mark.django_db
def test_a_languages_finding_links_to_the_first_language_box(client, world):
    """The languages list is checkboxes: its own id names nothing on the edit page."""
    draft = make_consultation(
        world.staff_a, world.project, publish=False, languages="en,bn", interpretation=False
    )
    draft.translations.all().delete()  # offered in Bengali, not written in it: a finding
    client.force_login(world.staff_a)
    page = client.get(f"/projects/consultations/{draft.pk}/").content.decode()
    assert f'/projects/consultations/{draft.pk}/edit/#id_languages_0">Fix it</a>' in page
    edit = client.get(f"/projects/consultations/{draft.pk}/edit/").content.decode()
    assert 'id="id_languages_0"' in edit
