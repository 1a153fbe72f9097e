"""The council pages: what each person sees, forms that refuse bad input without saving, and
query counts that do not grow with the data."""

from __future__ import annotations

import pytest

from seat.compensation.models import PaymentLine
from seat.councils.models import Attendance, Council, Dissent, HostResponse, Recommendation, Term
from seat.councils.tests.helpers import Full, days, make_meeting, make_recommendation, seat_member
from seat.tests.personas import make_expert

pytestmark = pytest.mark.django_db


def test_staff_start_a_council_and_bad_pay_is_a_form_error(client, world):
    client.force_login(world.staff_a)
    url = f"/councils/host/{world.org_a.pk}/new/"
    bad = client.post(url, {"name": "Council", "mandate": "Advise", "pay_rate": "50"})
    assert bad.status_code == 400
    assert "Say this too, or leave the pay empty." in bad.content.decode()
    assert Council.objects.count() == 0
    good = client.post(
        url,
        {
            "name": "National Council",
            "mandate": "Advise the ministry.",
            "pay_rate": "50",
            "pay_units": "2",
            "pay_unit": "hour",
            "pay_currency": "USD",
        },
    )
    council = Council.objects.get()
    assert good["Location"] == f"/councils/{council.pk}/"
    assert (council.name, council.pay_units, council.pay_unit) == ("National Council", 2, "hour")


def test_the_council_page_shows_members_meetings_and_recommendations(client, world):
    full = Full(world)
    client.force_login(world.viewer_a)
    body = client.get(f"/councils/{full.council.pk}/").content.decode()
    for text in ("Tara", "Mira", "Fund survivor-led shelters", "Pay members within a week"):
        assert text in body
    assert "Tahmina" not in body
    assert "Add a member" not in body  # viewers read only


def test_the_list_shows_each_person_her_councils(client, world):
    full = Full(world)
    from seat.councils.tests.helpers import make_council

    make_council(world, organisation=world.org_b, name="B's council")
    client.force_login(world.staff_a)
    body = client.get("/councils/").content.decode()
    assert full.council.name in body and "B&#x27;s council" not in body
    client.force_login(world.expert.user)
    body = client.get("/councils/").content.decode()
    assert full.council.name in body and "B&#x27;s council" not in body
    client.force_login(world.other_expert.user)
    assert "No councils yet." in client.get("/councils/").content.decode()


def test_attendance_form_lists_members_whose_term_covers_the_day(client, world):
    full = Full(world)
    later = make_expert("lina", "Lina")
    seat_member(world, full.council, later, start=5, end=50)
    meeting = make_meeting(world, full.council, on=-1)
    client.force_login(world.staff_a)
    body = client.get(f"/councils/meetings/{meeting.pk}/").content.decode()
    assert f'value="{full.tara_term.pk}"' in body
    assert "Lina" not in body
    # A term not on the list is refused as a form error; nothing is saved.
    late_term = Term.objects.get(expert=later)
    refused = client.post(
        f"/councils/meetings/{meeting.pk}/attendance/", {"present": [str(late_term.pk)]}
    )
    assert refused.status_code == 400
    assert Attendance.objects.filter(meeting=meeting).count() == 0
    saved = client.post(
        f"/councils/meetings/{meeting.pk}/attendance/", {"present": [str(full.tara_term.pk)]}
    )
    assert saved.status_code == 302
    assert {
        (a.term.expert.pseudonym, a.present) for a in Attendance.objects.filter(meeting=meeting)
    } == {
        ("Tara", True),
        ("Mira", False),
    }
    client.post(
        f"/councils/meetings/{meeting.pk}/attendance/", {"present": [str(full.tara_term.pk)]}
    )
    assert PaymentLine.objects.filter(work="council", work_on=meeting.held_on).count() == 1


def test_a_member_sees_her_own_pay_and_nobody_elses(client, world):
    full = Full(world)
    client.force_login(world.expert.user)
    for url in (f"/councils/{full.council.pk}/", f"/councils/meetings/{full.meeting.pk}/"):
        body = client.get(url).content.decode()
        assert "50.00 US dollars" in body  # the meeting's rate and her own line
        assert body.count("50.00 US dollars") == 2, url
        assert "Save attendance" not in body
    meeting_page = client.get(f"/councils/meetings/{full.meeting.pk}/").content.decode()
    assert "Mira" not in meeting_page
    assert "Your pay: 50.00 US dollars (Owed)." in meeting_page


def test_finance_sees_amounts_and_viewers_do_not(client, world):
    full = Full(world)
    client.force_login(world.finance_a)
    assert "/payments/" in client.get(f"/councils/meetings/{full.meeting.pk}/").content.decode()
    client.force_login(world.viewer_a)
    body = client.get(f"/councils/meetings/{full.meeting.pk}/").content.decode()
    assert "/payments/" not in body and "present" in body


def test_editing_after_a_response_is_a_clear_error(client, world):
    full = Full(world)
    client.force_login(world.staff_a)
    response = client.post(
        f"/councils/recommendations/{full.answered.pk}/edit/", {"title": "New", "text": "New"}
    )
    assert response.status_code == 400
    assert "The host has responded to this recommendation" in response.content.decode()
    assert Recommendation.objects.get(pk=full.answered.pk).title == "Fund survivor-led shelters"


def test_respond_then_implement_then_revise_refused(client, world):
    full = Full(world)
    client.force_login(world.staff_a)
    url = f"/councils/recommendations/{full.open.pk}/"
    bad = client.post(url + "respond/", {"decision": "maybe", "text": "x", "responded_on": "x"})
    assert bad.status_code == 400
    assert HostResponse.objects.filter(recommendation=full.open).count() == 0
    ok = client.post(
        url + "respond/",
        {"decision": "partly_accepted", "text": "Within a month.", "responded_on": days(0)},
    )
    assert ok.status_code == 302
    done = client.post(url + "implemented/", {"on": days(0), "note": "Done"})
    assert done.status_code == 302
    full.open.refresh_from_db()
    assert full.open.status == "implemented"
    assert [e.status for e in full.open.events.all()] == [
        "submitted",
        "partly_accepted",
        "implemented",
    ]
    again = client.post(
        url + "respond/", {"decision": "rejected", "text": "No", "responded_on": days(0)}
    )
    assert again.status_code == 400
    assert "no further response" in again.content.decode()


def test_a_member_adds_her_own_dissent_named_or_not(client, world):
    full = Full(world)
    client.force_login(world.expert.user)
    url = f"/councils/recommendations/{full.open.pk}/dissent/"
    assert client.get(url).status_code == 200
    client.post(url, {"text": "I see it differently.", "named": "yes"})
    client.post(url, {"text": "Quietly, no.", "named": "no"})
    rows = Dissent.objects.filter(recommendation=full.open).order_by("created_at")
    assert [(d.text, d.unnamed, [t.expert.pseudonym for t in d.terms.all()]) for d in rows] == [
        ("I see it differently.", False, ["Tara"]),
        ("Quietly, no.", True, []),
    ]


def test_secretariat_records_a_dissent_without_naming_anyone(client, world):
    full = Full(world)
    client.force_login(world.staff_a)
    url = f"/councils/recommendations/{full.open.pk}/dissent/"
    page = client.get(url).content.decode()
    # No boxes to tick a member's name: only she puts her name to a view.
    assert 'name="terms"' not in page
    assert str(full.tara_term.pk) not in page
    # Terms posted anyway are not used.
    client.post(
        url, {"text": "Both disagree.", "terms": [str(full.tara_term.pk), str(full.mira_term.pk)]}
    )
    dissent = Dissent.objects.get(recommendation=full.open)
    assert (dissent.unnamed, list(dissent.terms.all())) == (True, [])
    shown = client.get(f"/councils/recommendations/{full.open.pk}/").content.decode()
    assert "Members who asked not to be named" in shown


def test_the_report_page_has_the_years_recommendations(client, world):
    full = Full(world)
    client.force_login(world.staff_a)
    year = full.answered.submitted_on.year
    body = client.get(f"/councils/{full.council.pk}/report/{year}/").content.decode()
    assert "Fund survivor-led shelters" in body
    assert "The ministry agrees." in body
    assert "Members who asked not to be named" in body
    assert client.get(f"/councils/{full.council.pk}/report/1999/").status_code == 404


# Queries of (the list, the council page): the same for one item of each kind and several.
# (+1 on the council page: each recommendation's earlier wordings.)
QUERIES = {"staff_a": (10, 16), "expert": (8, 18)}


def _get(client, url, count, django_assert_num_queries):
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["staff_a", "expert"])
def test_query_counts_do_not_grow_with_the_data(client, world, who, django_assert_num_queries):
    from seat.councils import services

    full = Full(world)
    user = world.expert.user if who == "expert" else getattr(world, who)
    client.force_login(user)
    council_url = f"/councils/{full.council.pk}/"
    client.get("/councils/")  # the first request of a session does more (the session itself)
    list_count, council_count = QUERIES[who]
    _get(client, "/councils/", list_count, django_assert_num_queries)
    _get(client, council_url, council_count, django_assert_num_queries)
    for n in range(3):
        extra = make_expert(f"extra{n}", f"Extra {n}")
        term = seat_member(world, full.council, extra)
        meeting = make_meeting(world, full.council, on=-3 - n)
        services.attendance_record(actor=world.staff_a, meeting=meeting, present=[term])
        more = make_recommendation(world, full.council, title=f"More {n}")
        services.dissent_record(actor=extra.user, recommendation=more, text="No", terms=[term])
        services.response_record(
            actor=world.staff_a,
            recommendation=more,
            decision="rejected",
            text="No",
            responded_on=days(0),
        )
    _get(client, "/councils/", list_count, django_assert_num_queries)
    _get(client, council_url, council_count, django_assert_num_queries)


def test_a_member_who_also_advises_the_host_still_reads_her_council(client, world):
    from seat.tests.personas import make_advisor

    full = Full(world)
    make_advisor(world.expert.user, world.org_a)
    client.force_login(world.expert.user)
    assert client.get(f"/councils/{full.council.pk}/").status_code == 200
    assert client.get(f"/councils/{full.council.pk}/edit/").status_code == 403


def test_a_renewed_term_offers_no_second_renewal(client, world):
    from seat.councils import services

    full = Full(world)
    services.term_renew(actor=world.staff_a, term=full.tara_term, ends_on=days(500))
    client.force_login(world.staff_a)
    body = client.get(f"/councils/{full.council.pk}/").content.decode()
    assert f"/councils/terms/{full.tara_term.pk}/renew/" not in body
    assert f"/councils/terms/{full.mira_term.pk}/renew/" in body
    again = client.post(
        f"/councils/terms/{full.tara_term.pk}/renew/", {"role": "member", "ends_on": days(600)}
    )
    assert again.status_code == 400
    assert "This term was already renewed." in again.content.decode()
