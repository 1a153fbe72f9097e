from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from seat.accounts.models import User
from seat.compensation.models import PaymentLine
from seat.consultations.models import Contribution
from seat.demo.data import demo_load


@pytest.mark.django_db
def test_demo_loads_once():
    assert demo_load() is True
    counts = (User.objects.count(), Contribution.objects.count(), PaymentLine.objects.count())
    assert demo_load() is False
    assert (
        User.objects.count(),
        Contribution.objects.count(),
        PaymentLine.objects.count(),
    ) == counts
    # Four people online, three written down at Amar Kantha's focus group, the collective, and
    # three awaiting a response (two to the shelter rules, one to the open consultation); a
    # line for each of those, one for each of 4 advisors in each of 2 rounds, 3 trainings
    # recorded and 12 imported from a file, 2 meetings (one cancelled) and the ministry's meeting,
    # and the ministry's advisory council: 3, 4 and 5 members present at its three meetings.
    # The ladder (demo/ladder.py): Amar Kantha's lead and the ministry's director; two members
    # at each of four peer-circle consultations, each paid, and Rosa's unpaid comments. Joba's
    # account is for text messages only (Amar Kantha keeps her profile).
    assert counts == (13, 11 + 8 + 1, 11 + 8 + 3 + 12 + 2 + 1 + 3 + 4 + 5 + 8)
    for username in ["demo-admin", "demo-staff", "demo-expert", "demo-facilitator", "demo-finance"]:
        assert User.objects.get(username=username).check_password("seat-demo")


@pytest.mark.django_db
def test_demo_expert_home_shows_all_three_sections_filled(client):
    demo_load()
    client.force_login(User.objects.get(username="demo-expert"))
    body = client.get("/").content.decode()
    assert "What should the pre-departure sessions cover?" in body
    assert "Partly adopted" in body
    assert "1,350.00 Bangladeshi takas" in body


@pytest.mark.django_db
def test_demo_has_input_answered_under_consideration_awaiting_and_overdue():
    from seat.accountability.selectors import responses_awaited
    from seat.accounts.models import Organisation

    demo_load()
    bridgeway = Organisation.objects.get(name__startswith="Bridgeway")
    found = [
        (item.consultation.title, len(item.waiting), len(item.considering), item.overdue)
        for item in responses_awaited(organisations=[bridgeway])
    ]
    assert found == [
        ("Shelter house rules: what should change?", 1, 1, True),
        ("What should the pre-departure sessions cover?", 1, 0, False),
    ]
    answered = Contribution.objects.filter(response__isnull=False)
    assert answered.count() == 9 + 8  # and the peer circles' eight
    assert answered.filter(response__per_question__isnull=False).distinct().count() == 1


@pytest.mark.django_db
def test_demo_refuses_a_non_loopback_address():
    with pytest.raises(CommandError, match="only listens on this computer"):
        call_command("demo", host="0.0.0.0", no_serve=True)  # noqa: S104


@pytest.mark.django_db
def test_demo_serves_with_the_production_server(monkeypatch):
    from seat.core import server
    from seat.core.management.commands import runserver

    def development_server(self, **options):
        raise AssertionError("seat demo started Django's development server")

    started: list[server.Server] = []
    monkeypatch.setattr(runserver.Command, "run", development_server)
    monkeypatch.setattr(server.Server, "run", lambda self: started.append(self))
    call_command("demo", port=8124)
    (seat,) = started
    assert seat.cfg.bind == ["127.0.0.1:8124"]
    assert seat.cfg.worker_class_str == "gthread"


@pytest.mark.django_db
def test_demo_prepares_data_and_prints_accounts(capsys):
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "demo-expert" in out and "seat-demo" in out


@pytest.mark.django_db
def test_demo_shows_the_survivor_side_and_input_given_without_a_name(client):
    """The demo has enough advisors and people who gave input without a name to show both."""
    from seat.assessment.models import AssessmentRound
    from seat.consultations.models import Consultation

    demo_load()
    client.force_login(User.objects.get(username="demo-staff"))
    latest = AssessmentRound.objects.order_by("-created_at").first()
    api = client.get(f"/api/v1/assessment/rounds/{latest.pk}").json()
    assert api["survivor_shown"] is True and api["survivor_respondents"] == 4
    assert api["survivor"] is not None
    closed = Consultation.objects.get(title="Complaints line: opening hours and languages")
    page = client.get(f"/projects/consultations/{closed.pk}/").content.decode()
    assert page.count("Contribution without a name") == 3 and "kept back" not in page


@pytest.mark.django_db
def test_demo_evidence_notes_are_each_in_their_own_words():
    from seat.assessment.models import Rating

    demo_load()
    for perspective in ["staff", "survivor"]:
        for round_id in Rating.objects.values_list("round", flat=True).distinct():
            notes = list(
                Rating.objects.filter(round=round_id, perspective=perspective)
                .exclude(evidence="")
                .values_list("evidence", flat=True)
            )
            assert len(notes) >= 4 and len(set(notes)) == len(notes), perspective


@pytest.mark.django_db
def test_demo_experts_were_brought_in_with_joining_codes(client):
    """Each demo expert works with Bridgeway through a code it made; some work with another
    organisation too, which Bridgeway's pages never show."""
    from seat.people.models import ExpertLink, ExpertProfile

    demo_load()
    links = {
        (link.expert.pseudonym, link.organisation.name.split()[0])
        for link in ExpertLink.objects.select_related("expert", "organisation")
    }
    assert links == {
        *((name, "Bridgeway") for name in ["Tara", "Rosa", "Mitra", "Sokha", "Nadia"]),
        ("Tara", "Amar"),
        ("Mitra", "Amar"),
        ("Nadia", "Amar"),
        # The ministry's advisory council: each member entered its code.
        *((name, "Ministry") for name in ["Tara", "Rosa", "Mitra", "Sokha", "Nadia"]),
        # Members without a phone: the collective keeps their profiles, no code, no login.
        ("Rupa", "Amar"),
        ("Joba", "Amar"),
        ("Hena", "Amar"),
    }
    kept = ExpertLink.objects.filter(join_code__isnull=True)
    assert {link.expert.pseudonym for link in kept} == {"Rupa", "Joba", "Hena"}
    # Joba takes part by text message: an account for that only, nobody logs in to it.
    assert not kept.filter(expert__user__isnull=False, expert__sms_only=False).exists()
    assert [p.pseudonym for p in ExpertProfile.objects.filter(sms_only=True)] == ["Joba"]
    assert ExpertProfile.objects.count() == 8
    client.force_login(User.objects.get(username="demo-staff"))
    page = client.get("/people/").content.decode()
    assert "Rosa" in page and "Ministry" not in page and "Amar Kantha" not in page
    assert "Rupa" not in page
    client.force_login(User.objects.get(username="demo-expert"))
    mine = client.get("/me/organisations/").content.decode()
    # She sits on the ministry's council too, so she works with it.
    assert "Bridgeway" in mine and "Amar Kantha" in mine and "Ministry" in mine


@pytest.mark.django_db
def test_demo_dates_tell_one_story():
    """The closed consultation ran two months ago: everything in it happened in that order, and
    the messages about it say and carry the dates it happened on."""
    from seat.consultations.selectors import contribution_partner
    from seat.notifications.models import Notification

    demo_load()
    for contribution in Contribution.objects.select_related(
        "consultation", "response", "payment", "expert", "capture", "collective"
    ):
        consultation = contribution.consultation
        sent_on = contribution.created_at.date()
        assert consultation.opens_on <= sent_on <= consultation.deadline
        response = getattr(contribution, "response", None)
        if response is None:
            # Awaiting a response (seat/demo/responses.py), or never answered (the ministry's
            # comments, seat/demo/ladder.py): a response would break no order.
            assert consultation.title in {
                "Shelter house rules: what should change?",
                "What should the pre-departure sessions cover?",
                "Guías nacionales de derivación: comentarios",
            }
            continue
        assert contribution.created_at < response.shared_at
        payment = contribution.payment
        assert payment.work_on == sent_on  # the day of the work is the day she sent it
        assert payment.due_on == sent_on + datetime.timedelta(days=consultation.pay_within_days)
        assert payment.paid_on is None or sent_on <= payment.paid_on <= payment.due_on
        if contribution.capture_id is None and contribution.invitation_id is not None:
            # Invited online (written down in person, she took part in the room: no message).
            key = f"invitation.sent:{contribution.invitation_id}"
            invited = Notification.objects.get(key=key)
            assert invited.context["deadline"] == consultation.deadline.isoformat()
            assert invited.created_at.date() == consultation.opens_on
        if contribution.expert is not None and not contribution.expert.kept:
            # Her own account (a member the collective keeps is told by the collective).
            told = Notification.objects.get(key=f"response.recorded:{contribution.pk}")
            assert told.created_at == contribution.response.shared_at
        if contribution_partner(contribution) is not None:
            # Through Amar Kantha: met, paid and passed on, answered and told, in that order.
            told = Notification.objects.get(key=f"partner.response.recorded:{contribution.pk}")
            assert told.created_at == contribution.response.shared_at
            assert contribution.response.shared_at < contribution.response.relayed_at
            assert payment.paid_on < payment.passed_on_at.date() <= payment.due_on
            if contribution.capture is not None:
                assert contribution.capture.held_on == sent_on
    asked = Notification.objects.filter(key__startswith="advisor.asked:")
    assert asked.count() == 4 and not asked.filter(read_at=None).exists()


@pytest.mark.django_db
def test_demo_asks_at_every_stage_one_cleanly_and_one_over_blockers_with_a_reason():
    """Issue 9's "Done when", read from the data: consultations at design, implementation and
    evaluation; one the quality check passes with nothing worse than a note; one opened despite
    blockers by an admin of its organisation, whose reason is kept."""
    from seat.accounts.enums import Role
    from seat.consultations.enums import Stage
    from seat.consultations.models import Consultation, ConsultationCheck
    from seat.consultations.selectors import consultation_check
    from seat.consultations.services import OVERRIDE_REASON_MIN

    demo_load()
    opened = Consultation.objects.exclude(status="draft")
    assert set(opened.values_list("stage", flat=True)) == set(Stage.values)
    clean = [
        c
        for c in opened
        if all(f.severity == "info" for f in consultation_check(consultation=c).findings)
        and c.checks.get().blockers == 0
    ]
    assert clean
    # Bridgeway's script (still open), and the ministry's comments on its final guidelines.
    overrides = ConsultationCheck.objects.exclude(override_reason="").order_by("checked_at")
    assert [o.consultation.status for o in overrides] == ["open", "closed"]
    for override in overrides:
        assert override.blockers > 0 and len(override.override_reason) >= OVERRIDE_REASON_MIN
        organisation = override.consultation.project.organisation
        assert override.override_by.memberships.get(organisation=organisation).role == Role.ADMIN
        assert consultation_check(consultation=override.consultation).has_blockers


@pytest.mark.django_db
def test_demo_plans_show_each_stage_and_flag_a_stage_with_nothing(client):
    """Every stage a demo project neither planned nor asked at is flagged on its page in words,
    and the budgets are added up per currency."""
    from seat.consultations.models import Project
    from seat.consultations.selectors import consultations_for_project, project_engagement

    demo_load()
    client.force_login(User.objects.get(username="demo-staff"))
    states: set[str] = set()
    flagged = 0
    for project in Project.objects.filter(organisation__name__startswith="Bridgeway"):
        engagement = project_engagement(
            project=project, consultations=list(consultations_for_project(project=project))
        )
        page = client.get(f"/projects/{project.pk}/").content.decode()
        for stage in engagement.stages:
            states.add(stage.state)
            flag = f"No survivor input planned or gathered for the {stage.in_sentence} stage."
            assert (flag in page) == (stage.state == "none")
            flagged += stage.state == "none"
        for currency, total in engagement.budget_totals:
            assert f"{total:,.2f}" in page, currency
    assert flagged >= 1
    # Between them, the demo projects show every state a stage can be in.
    assert states == {"none", "planned", "unplanned", "planned_and_asked"}
    # One project plans its evaluation in its funder's dollars: the totals stay apart.
    safe = Project.objects.get(title__startswith="Safe recruitment")
    assert set(safe.engagement_plans.values_list("currency", flat=True)) == {"BDT", "USD"}


@pytest.mark.django_db
def test_demo_amar_kantha_brings_a_consultation_to_members_without_a_phone(client):
    """Issue 10's "Done when", read from demo-facilitator's pages: members without devices with
    consent said aloud, a consultation from Bridgeway accepted, a focus group written down, the
    collective's own contribution, all paid (Bridgeway paid, Amar Kantha passed it on) and
    answered (responses recorded and told, framed in Bengali)."""
    from seat.partners.models import PartnerRequest
    from seat.people.models import ConsentRecord

    demo_load()
    asked = PartnerRequest.objects.get(consultation__title__startswith="Pre-departure sessions in")
    assert (asked.status, asked.partner.name) == ("accepted", "Amar Kantha Survivor Collective")
    for name in ["Rupa", "Joba", "Hena"]:
        said = ConsentRecord.objects.filter(expert__pseudonym=name, channel="verbal")
        assert said.filter(language="bn", purpose="participate", given=True).exists(), name
    # Joba agreed in the room; today both she and Rupa said it again, aloud, to Nasrin.
    assert (
        ConsentRecord.objects.filter(
            expert__pseudonym__in=["Rupa", "Joba"], purpose="quote_anonymously", channel="verbal"
        ).count()
        == 3
    )
    client.force_login(User.objects.get(username="demo-facilitator"))
    page = client.get("/partners/outcomes/").content.decode()
    for name in ["Rupa", "Joba", "Hena"]:
        assert page.count(f"{name} · ") >= 2, name  # her pay line and her response
    assert "Amar Kantha Survivor Collective, collective, for 8 members" in page
    assert "1,200.00 Bangladeshi takas to each member" in page
    assert "9,600.00 Bangladeshi takas" in page
    assert "Nothing is waiting to be passed on." in page and "No responses to tell." in page
    assert page.count("Passed on ") == 4 and page.count("Told on ") == 4
    collective = client.get(f"/partners/requests/{asked.pk}/collective/").content.decode()
    assert "collective, for 8 members" in collective
    # Bridgeway's open consultation, forwarded to Mitra and Nadia (in Seat), Rupa (in person)
    # and Joba (by text message).
    from seat.consultations.models import Invitation

    forwarded = Invitation.objects.filter(
        via__partner=asked.partner, consultation__title__startswith="What should the pre-"
    )
    assert {(i.expert.pseudonym, i.status) for i in forwarded} == {
        ("Mitra", "pending"),
        ("Nadia", "pending"),
        ("Rupa", "accepted"),
        ("Joba", "pending"),
    }
    assert forwarded.get(expert__pseudonym="Rupa").answered_by.username == "demo-facilitator"
    home = client.get("/partners/").content.decode()
    assert "What should the pre-departure sessions cover?" in home
    members = client.get("/partners/members/").content.decode()
    assert all(name in members for name in ["Rupa", "Joba", "Hena"])
    # Bridgeway reads the collective's words under its name, and never who its members are.
    client.force_login(User.objects.get(username="demo-staff"))
    staff_page = client.get(f"/projects/consultations/{asked.consultation_id}/").content.decode()
    assert "Amar Kantha Survivor Collective" in staff_page
    assert "collective, for 8 members" in staff_page


@pytest.mark.django_db
def test_demo_pay_shows_every_state_in_more_than_one_currency(client):
    """Finance and experts see pay owed, overdue, approved, paid and cancelled, for input,
    trainings, meetings and the self-assessment, in takas and dollars, never added together."""
    from seat.compensation.models import PaymentLine

    demo_load()
    lines = PaymentLine.objects.all()
    assert set(lines.values_list("status", flat=True)) == {"owed", "approved", "paid", "cancelled"}
    assert set(lines.values_list("work", flat=True)) == {
        "contribution",
        "training",
        "meeting",
        "assessment",
        "council",
    }
    assert set(lines.values_list("currency", flat=True)) == {"BDT", "USD"}
    assert any(line.is_late for line in lines)
    # A file of trainings came in through the import; ten of its lines were paid in one transfer.
    from seat.trainings.models import TrainingImport

    (imported,) = TrainingImport.objects.all()
    assert (imported.saved, imported.rejected) == (12, 0)
    assert lines.filter(reference="SB-TRN-2611", status="paid").count() == 10
    # The baseline's advisors were paid back then, after the round was completed.
    for line in lines.filter(work="assessment", status="paid"):
        assert line.work_on < line.paid_on <= line.due_on
    client.force_login(User.objects.get(username="demo-finance"))
    queue = client.get("/payments/").content.decode()
    assert "overdue" in queue and "Bangladeshi takas" in queue


@pytest.mark.django_db
def test_demo_outcome_report_reaches_tara_in_bengali_and_is_public(client):
    from seat.accountability.models import OutcomeDelivery, OutcomeReport
    from seat.accounts.models import Organisation
    from seat.demo.outcomes import BENGALI
    from seat.notifications.models import Notification

    demo_load()
    report = OutcomeReport.objects.get(consultation__title__startswith="Complaints line")
    tara = User.objects.get(username="demo-expert")
    delivery = OutcomeDelivery.objects.get(report=report, recipient=tara)
    assert (delivery.language, delivery.fell_back) == ("bn", False)
    assert OutcomeDelivery.objects.filter(report=report).count() == 4
    assert Notification.objects.filter(recipient=tara, event="outcome.report.sent").exists()
    client.force_login(tara)
    assert BENGALI["heard"] in client.get(f"/me/reports/{report.pk}/").content.decode()
    client.logout()
    bridgeway = Organisation.objects.get(publishes_outcomes=True)
    assert bridgeway.name == "Bridgeway Anti-Trafficking Network"
    body = client.get(f"/you-said-we-did/{bridgeway.pk}/").content.decode()
    # Four people took part in the complaints line: their report is theirs alone. Eleven took
    # part in the village sessions (through Amar Kantha): that report is public.
    assert "Complaints line" not in body
    assert "Pre-departure sessions in villages" in body
    villages = OutcomeReport.objects.get(consultation__title__startswith="Pre-departure")
    (to_partner,) = OutcomeDelivery.objects.filter(report=villages)
    assert to_partner.partner is not None and to_partner.language == "bn"
    assert client.get(f"/you-said-we-did/{bridgeway.pk}/{report.pk}/").status_code == 404
    assert client.get(f"/you-said-we-did/{bridgeway.pk}/{villages.pk}/").status_code == 200


@pytest.mark.django_db
def test_demo_organisations_stand_on_three_rungs_for_reasons_the_ladder_names():
    """Issue 13's "Done when": the demo organisations sit on different rungs, and what keeps
    each from the next is named by the ladder's tests."""
    from seat.accounts.models import Organisation
    from seat.insights.ladder import Rung
    from seat.insights.metrics import Period, Scope
    from seat.insights.selectors import report_for

    demo_load()
    places = {}
    for organisation in Organisation.objects.all():
        report = report_for(scope=Scope(organisation), period=Period.last_months(12))
        places[organisation.name.split()[0]] = (
            report.ladder.rung,
            sorted(r.test.key for r in report.ladder.to_move_up),
        )
    assert places == {
        "Amar": (Rung.SURVIVOR_LED, []),
        "Bridgeway": (Rung.CONSULTATIVE, ["no_overrides", "paid_on_time", "pay_parity"]),
        "Ministry": (Rung.TOKENISTIC, ["lead_time", "loop_closure", "paid_share"]),
    }
