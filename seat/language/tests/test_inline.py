"""The inline check on the consultation form: findings next to the field, never blocking, and
shown on the saved draft without JavaScript."""

from __future__ import annotations

import re

import pytest

from seat.consultations.forms import ConsultationForm
from seat.consultations.models import Consultation
from seat.consultations.tests.test_views import consultation_form
from seat.tests.personas import make_consultation

FLAGGED = {
    "title": "Rescued girls advise the shelter",
    "purpose": "We want survivors to shape the rules.",
    "questions": "Which rule would you change first?\nPlease tell us your story.\n",
}


def findings_html(body: str, field: str) -> str:
    match = re.search(
        rf'<div class="terminology" id="id_{field}_terminology"[^>]*>(.*?)</div>', body, re.S
    )
    assert match, field
    return match.group(1)


@pytest.mark.django_db
def test_the_form_reports_findings_per_field_and_stays_valid():
    form = ConsultationForm(data=consultation_form(**FLAGGED))
    assert form.is_valid(), form.errors
    assert {
        name: [(f.rule, f.text, f.line) for f in found]
        for name, found in form.terminology_findings.items()
    } == {
        "title": [("rescued", "Rescued girls", 1)],
        "questions": [("story-extraction", "tell us your story", 2)],
    }


def test_checked_fields_point_the_live_script_at_their_findings_area():
    form = ConsultationForm()
    widget = str(form["purpose"])
    assert 'data-terminology-target="id_purpose_terminology"' in widget
    assert 'data-terminology-lang="auto"' in widget
    # Its help (the limit) first, then the findings.
    assert 'aria-describedby="id_purpose_helptext id_purpose_terminology"' in widget
    assert 'aria-describedby="id_questions_helptext id_questions_terminology"' in str(
        form["questions"]
    )
    assert "data-terminology" not in str(form["support_name"])


def test_the_language_of_each_field_is_guessed_and_short_text_is_checked_in_every_candidate():
    form = ConsultationForm(
        data=consultation_form(
            title="Niñas rescatadas",
            purpose="Nous voulons entendre les femmes sur les règles du foyer, pas leur histoire.",
            questions="Racontez votre histoire et celle de vos voisines.",
        )
    )
    assert {
        name: [(f.rule, f.text) for f in found] for name, found in form.terminology_findings.items()
    } == {
        "title": [("rescued", "Niñas rescatadas")],
        "questions": [("story-extraction", "Racontez votre histoire")],
    }


@pytest.mark.django_db
def test_a_rerendered_form_shows_findings_under_the_field(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/projects/{world.project.pk}/consultations/new/",
        consultation_form(**FLAGGED, deadline="2000-01-01"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    title = findings_html(body, "title")
    assert (
        "“Rescued girls”" in title
        and "Try: “women who were supported”, “girls who were identified and assisted”, “survivors”"
        in title
    )
    assert "“tell us your story”" in findings_html(body, "questions")
    assert findings_html(body, "purpose").strip() == ""
    assert "/static/seat/terminology.js" in body


@pytest.mark.django_db
def test_flagged_text_is_saved_and_the_draft_lists_what_to_reconsider(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/projects/{world.project.pk}/consultations/new/", consultation_form(**FLAGGED)
    )
    consultation = Consultation.objects.get(title=FLAGGED["title"])
    assert response["Location"] == f"/projects/consultations/{consultation.pk}/"
    body = client.get(response["Location"]).content.decode()
    start = body.index('<section class="note terminology-panel"')
    panel = body[start : body.index("</section>", start)]
    assert re.findall(r"<h3>(.*?)</h3>", panel) == ["Title", "Questions"]
    assert re.findall(r"<strong>(.*?)</strong>", panel) == [
        "“Rescued girls”",
        "“tell us your story”",
    ]
    assert "Line 2" in panel
    assert "Try: “What do you recommend we change?”, “What should" in panel


@pytest.mark.django_db
def test_the_panel_is_only_for_people_who_can_change_a_draft(client, world):
    draft = make_consultation(
        world.staff_a, world.project, publish=False, title="Sex slaves in supply chains"
    )
    client.force_login(world.viewer_a)
    assert (
        "terminology-panel"
        not in client.get(f"/projects/consultations/{draft.pk}/").content.decode()
    )
    client.force_login(world.staff_a)
    assert (
        "terminology-panel" in client.get(f"/projects/consultations/{draft.pk}/").content.decode()
    )
    # A clean draft, and an open consultation, show no panel.
    clean = make_consultation(world.staff_a, world.project, publish=False)
    assert (
        "terminology-panel"
        not in client.get(f"/projects/consultations/{clean.pk}/").content.decode()
    )
    assert (
        "terminology-panel"
        not in client.get(f"/projects/consultations/{world.consultation.pk}/").content.decode()
    )


@pytest.mark.django_db
def test_forms_without_checked_fields_load_no_script(client, world):
    client.force_login(world.staff_a)
    body = client.get("/projects/new/").content.decode()
    assert "terminology" not in body
