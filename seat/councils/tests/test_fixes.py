"""What a tester found in the councils, each fixed: only a member puts her name to a dissent;
minutes keep their history; earlier wordings are shown; a duplicate is the same words by the
same holders; Tara finds her council on her home page; the report counts only meetings held;
dates agree with the meeting; a revised response must say something new; meetings in order;
the year in the reader's digits."""

from __future__ import annotations

import pytest

from seat.councils import report, selectors, services
from seat.councils.models import Dissent, HostResponse, MinutesRevision, Recommendation
from seat.councils.services import CouncilError
from seat.councils.tests.helpers import (
    Full,
    days,
    make_council,
    make_meeting,
    make_recommendation,
    seat_member,
)
from seat.notifications.models import Notification
from seat.tests.personas import make_expert
from seat.tests.test_page_weight import BUDGET, weight

pytestmark = pytest.mark.django_db


# 1. Only a member puts her name to a dissenting view -----------------------------------------


def test_the_secretariat_cannot_put_a_members_name_to_a_dissent(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    recommendation = make_recommendation(world, council)
    with pytest.raises(CouncilError, match="Only a member puts her name"):
        services.dissent_record(
            actor=world.staff_a, recommendation=recommendation, text="No.", terms=[tara]
        )
    assert Dissent.objects.count() == 0
    said = services.dissent_record(
        actor=world.staff_a, recommendation=recommendation, text="No.", unnamed=True
    )
    assert (said.unnamed, list(said.terms.all())) == (True, [])


def test_a_member_names_only_herself_and_only_in_a_current_term(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    rosa = seat_member(world, council, world.other_expert, start=-300, end=-10)
    recommendation = make_recommendation(world, council)
    with pytest.raises(CouncilError, match="only her own"):
        services.dissent_record(
            actor=world.expert.user, recommendation=recommendation, text="X", terms=[rosa]
        )
    # Rosa's term has ended: she may still say it, without her name.
    with pytest.raises(CouncilError, match="has ended"):
        services.dissent_record(
            actor=world.other_expert.user, recommendation=recommendation, text="Y", terms=[rosa]
        )
    services.dissent_record(
        actor=world.other_expert.user, recommendation=recommendation, text="Y", unnamed=True
    )
    mine = services.dissent_record(
        actor=world.expert.user, recommendation=recommendation, text="X", terms=[tara]
    )
    assert list(mine.terms.all()) == [tara]
    assert Dissent.objects.count() == 2


def test_the_staff_form_has_no_names_to_tick(client, world):
    full = Full(world)
    client.force_login(world.staff_a)
    page = client.get(f"/councils/recommendations/{full.open.pk}/dissent/").content.decode()
    assert "Mira" not in page
    assert 'type="checkbox"' not in page
    assert "one or more members" in page


# 4. A member adds her name to words already recorded ------------------------------------------


def test_the_same_words_by_other_holders_are_not_a_duplicate(world):
    council = make_council(world)
    tara = seat_member(world, council, world.expert)
    mira = make_expert("mira", "Mira")
    mira_term = seat_member(world, council, mira)
    recommendation = make_recommendation(world, council)
    services.dissent_record(
        actor=world.staff_a, recommendation=recommendation, text="Too slow.", unnamed=True
    )
    services.dissent_record(
        actor=world.expert.user, recommendation=recommendation, text="Too slow.", terms=[tara]
    )
    services.dissent_record(
        actor=mira.user, recommendation=recommendation, text="Too slow.", terms=[mira_term]
    )
    with pytest.raises(CouncilError) as refused:
        services.dissent_record(
            actor=world.expert.user, recommendation=recommendation, text="Too slow.", terms=[tara]
        )
    assert str(refused.value) == "This dissenting view is already recorded."
    with pytest.raises(CouncilError, match="already recorded"):
        services.dissent_record(
            actor=world.staff_a, recommendation=recommendation, text="Too slow.", unnamed=True
        )
    assert sorted(
        (d.unnamed, [t.expert.pseudonym for t in d.terms.all()]) for d in Dissent.objects.all()
    ) == [(False, ["Mira"]), (False, ["Tara"]), (True, [])]


# 2. Minutes keep their history ---------------------------------------------------------------


def test_minutes_are_never_emptied_nor_written_before_the_day(world):
    council = make_council(world)
    meeting = make_meeting(world, council, on=-3)
    services.minutes_save(actor=world.staff_a, meeting=meeting, minutes="Agreed.")
    with pytest.raises(CouncilError, match="cannot be left empty"):
        services.minutes_save(actor=world.staff_a, meeting=meeting, minutes="   ")
    planned = make_meeting(world, council, on=5)
    with pytest.raises(CouncilError, match="once the day of the meeting has come"):
        services.minutes_save(actor=world.staff_a, meeting=planned, minutes="Ahead of time.")
    meeting.refresh_from_db()
    planned.refresh_from_db()
    assert (meeting.minutes, planned.minutes) == ("Agreed.", "")


def test_a_correction_keeps_the_earlier_minutes(client, world):
    full = Full(world)
    services.minutes_save(actor=world.staff_a, meeting=full.meeting, minutes="Agreed.")  # same
    assert MinutesRevision.objects.count() == 0
    services.minutes_save(actor=world.staff_a, meeting=full.meeting, minutes="Agreed two points.")
    services.minutes_save(actor=world.staff_a, meeting=full.meeting, minutes="Agreed three.")
    assert list(MinutesRevision.objects.values_list("text", flat=True)) == [
        "Agreed.",
        "Agreed two points.",
    ]
    with pytest.raises(TypeError):
        MinutesRevision.objects.first().delete()
    for user in (world.expert.user, world.viewer_a, world.staff_a):
        client.force_login(user)
        body = client.get(f"/councils/meetings/{full.meeting.pk}/").content.decode()
        assert "Agreed three." in body
        assert "earlier versions kept" in body
        assert "<details>" in body
        assert "Agreed two points." in body


def test_an_empty_minutes_post_is_a_clear_error_and_keeps_them(client, world):
    full = Full(world)
    client.force_login(world.staff_a)
    response = client.post(f"/councils/meetings/{full.meeting.pk}/minutes/", {"minutes": ""})
    assert response.status_code == 400
    assert "cannot be left empty" in response.content.decode()
    full.meeting.refresh_from_db()
    assert full.meeting.minutes == "Agreed."


# 3. Earlier wordings are shown --------------------------------------------------------------


def test_earlier_wordings_on_the_page_in_the_api_and_the_report(client, world):
    from seat.councils.tests.test_api import bearer_of

    full = Full(world)
    services.recommendation_update(
        actor=world.staff_a,
        recommendation=full.open,
        title="Pay members within five days",
        text="Pay within five days.",
    )
    for user in (world.expert.user, world.staff_a):
        client.force_login(user)
        body = client.get(f"/councils/recommendations/{full.open.pk}/").content.decode()
        assert "Earlier wordings, kept as they were" in body
        assert "Pay members within a week" in body
    report_page = client.get(f"/councils/{full.council.pk}/report/{days(-5).year}/")
    assert "Pay members within a week" in report_page.content.decode()
    found = client.get(
        f"/api/v1/councils/{full.council.pk}/recommendations", **bearer_of(world.expert.user)
    ).json()
    shown = next(r for r in found if r["id"] == str(full.open.pk))
    assert shown["earlier_wordings"] == [
        {
            "title": "Pay members within a week",
            "text": "Give survivor-led groups a fixed share of the shelter budget.",
            "replaced_on": days(0).isoformat(),
        }
    ]


# 5. Tara finds her council on her home page --------------------------------------------------


def test_tara_sees_her_councils_right_after_her_input(client, world):
    full = Full(world)
    client.force_login(world.expert.user)
    response = client.get("/me/")
    body = response.content.decode()
    heading = body.index("Advisory councils I sit on")
    assert body.index("What happened to my input") < heading < body.index("What I am owed")
    assert f'href="/councils/{full.council.pk}/"' in body[heading:]
    assert weight(response.content) <= BUDGET
    client.force_login(world.other_expert.user)
    assert "Advisory councils I sit on" not in client.get("/me/").content.decode()


# 6. The report counts only meetings held ------------------------------------------------------


def test_the_report_does_not_count_planned_meetings_as_held(client, world):
    full = Full(world)
    planned = make_meeting(world, full.council, on=1, place="Cusco")
    context = report.report_context(council=full.council, year=planned.held_on.year)
    assert planned not in context["meetings"]
    assert all(m.held_on <= days(0) for m in context["meetings"])
    client.force_login(world.staff_a)
    body = client.get(f"/councils/{full.council.pk}/report/{planned.held_on.year}/")
    assert "Cusco" not in body.content.decode()


# 7. A recommendation's day agrees with its meeting ---------------------------------------------


def test_a_recommendation_is_not_dated_before_its_meeting_nor_agreed_in_the_future(world):
    council = make_council(world)
    held = make_meeting(world, council, on=-10)
    planned = make_meeting(world, council, on=3)
    base = {"actor": world.staff_a, "council": council, "text": "Do it."}
    with pytest.raises(CouncilError, match="before"):
        services.recommendation_submit(**base, title="Early", submitted_on=days(-11), meeting=held)
    with pytest.raises(CouncilError, match="still to come"):
        services.recommendation_submit(**base, title="Ahead", submitted_on=days(0), meeting=planned)
    assert Recommendation.objects.count() == 0
    services.recommendation_submit(**base, title="Fine", submitted_on=days(-10), meeting=held)
    assert Recommendation.objects.count() == 1


def test_the_form_offers_only_meetings_held(client, world):
    council = make_council(world)
    held = make_meeting(world, council, on=-10)
    planned = make_meeting(world, council, on=3)
    client.force_login(world.staff_a)
    page = client.get(f"/councils/{council.pk}/recommendations/new/").content.decode()
    assert str(held.pk) in page
    assert str(planned.pk) not in page


# 8. A revised response says something new ----------------------------------------------------


def test_the_same_response_again_with_another_date_is_refused(world):
    full = Full(world)
    before = Notification.objects.count()
    with pytest.raises(CouncilError, match="same decision and text"):
        services.response_record(
            actor=world.staff_a,
            recommendation=full.answered,
            decision="accepted",
            text="The ministry agrees.",
            responded_on=days(-1),
        )
    assert HostResponse.objects.filter(recommendation=full.answered).count() == 1
    assert Notification.objects.count() == before
    services.response_record(
        actor=world.staff_a,
        recommendation=full.answered,
        decision="partly_accepted",
        text="The ministry agrees.",
        responded_on=days(-1),
    )
    assert HostResponse.objects.filter(recommendation=full.answered).count() == 2


# 9. Meetings in order, newest first, as in the report -----------------------------------------


def test_meetings_are_newest_first_on_the_pages_and_in_the_report(client, world):
    council = make_council(world)
    seat_member(world, council, world.expert)
    for on, place in ((-30, "Arequipa"), (-3, "Cusco"), (-20, "Puno")):
        make_meeting(world, council, on=on, place=place)
    assert [m.place for m in selectors.meetings_of(council=council)] == [
        "Cusco",
        "Puno",
        "Arequipa",
    ]
    for user in (world.staff_a, world.expert.user):
        client.force_login(user)
        body = client.get(f"/councils/{council.pk}/").content.decode()
        assert body.index("Cusco") < body.index("Puno") < body.index("Arequipa")
    in_report = [
        m.place
        for m in report.report_context(council=council, year=days(0).year)["meetings"]
        if m.held_on.year == days(0).year
    ]
    assert in_report == [p for p in ("Cusco", "Puno", "Arequipa") if p in in_report]


# 10. The year in the reader's digits -----------------------------------------------------------


def test_the_report_year_is_in_bengali_digits_without_a_separator(client, world):
    full = Full(world)
    year = days(0).year
    bengali = str(year).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    client.force_login(world.staff_a)
    client.cookies["django_language"] = "bn"
    council_page = client.get(f"/councils/{full.council.pk}/").content.decode()
    assert bengali in council_page
    report_page = client.get(f"/councils/{full.council.pk}/report/{year}/").content.decode()
    title = report_page[report_page.index("<title>") : report_page.index("</title>")]
    assert bengali in title
    assert str(year) not in title


def test_her_council_pay_on_her_home_links_to_the_meeting(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    full = Full(world)
    client.force_login(world.expert.user)
    client.get("/me/")
    with CaptureQueriesContext(connection) as one:
        body = client.get("/me/").content.decode()
    assert f'href="/councils/meetings/{full.meeting.pk}/"' in body
    second = make_meeting(world, full.council, on=-4, place="Cusco")
    services.attendance_record(actor=world.staff_a, meeting=second, present=[full.tara_term])
    with CaptureQueriesContext(connection) as two:
        body = client.get("/me/").content.decode()
    assert f'href="/councils/meetings/{full.meeting.pk}/"' in body
    assert f'href="/councils/meetings/{second.pk}/"' in body
    assert len(two) == len(one)
